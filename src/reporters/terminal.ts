import { confusionRates } from '../metrics/confusion.ts'
import type { Aggregate, GroupStats } from '../metrics/aggregate.ts'
import type { Colors } from './colors.ts'
import { plural, rateWithInterval } from './format.ts'
import type { SuiteRun } from './run.ts'
import { renderTable, type Column } from './table.ts'

/** What the terminal report shows of one suite. */
export interface SuiteView {
  run: SuiteRun
  groups: Aggregate
  /** This process saw only part of the run (a shard): figures are partial. */
  partial: boolean
}

/** The end-of-run report of one suite, for a terminal at most 100 columns wide. */
export function renderSuite(view: SuiteView, colors: Colors): string {
  const { run } = view
  const lines = ['', headline(view, colors), '']
  lines.push(
    ...groupTable(view.groups).map((line, index) =>
      index === 0 ? colors.dim(line) : line,
    ),
  )
  const notes = notesOf(view, colors)
  if (notes.length > 0) lines.push('', ...notes)
  if (run.verdicts.length === 0 && run.unjudged.length === 0) {
    lines.push('', colors.yellow(' no sample of this suite ran'))
  }
  return lines.join('\n')
}

function headline(view: SuiteView, colors: Colors): string {
  const { run } = view
  const samples = plural(run.verdicts.length, 'sample')
  const client = run.summary?.client ?? 'unknown'
  const parts = [
    colors.bold(`abgate · ${run.suite}`),
    samples,
    `candidate: ${client}`,
    'baseline: old_model_decision',
  ]
  if (view.partial) parts.push(colors.yellow('partial: one shard of the run'))
  return ` ${parts.join(' · ')}`
}

const GROUP_COLUMNS = (by: string): Column[] => [
  { header: by, align: 'left' },
  { header: 'n', align: 'right' },
  { header: 'TP', align: 'right' },
  { header: 'FP', align: 'right' },
  { header: 'TN', align: 'right' },
  { header: 'FN', align: 'right' },
  { header: 'err', align: 'right' },
  { header: 'FPR (95% CI)', align: 'left' },
  { header: 'FNR (95% CI)', align: 'left' },
]

/** Samples, outcomes, errors and rates per group, and a total row. */
export function groupTable(aggregate: Aggregate): string[] {
  const row = (stats: GroupStats, name: string): string[] => {
    const c = stats.confusion
    const rates = confusionRates(c)
    return [
      name,
      String(c.samples),
      String(c.tp),
      String(c.fp),
      String(c.tn),
      String(c.fn),
      String(c.errors),
      rateWithInterval(rates.fpr),
      rateWithInterval(rates.fnr),
    ]
  }
  const rows = aggregate.groups.map((g) => row(g, g.group))
  rows.push(row(aggregate.total, 'total'))
  return renderTable(GROUP_COLUMNS(aggregate.by), rows).map((line) => ` ${line}`)
}

function notesOf(view: SuiteView, colors: Colors): string[] {
  const { run } = view
  const notes: string[] = []
  const expected = run.summary?.samples
  if (!view.partial && expected !== undefined && run.verdicts.length < expected) {
    const missing = expected - run.verdicts.length
    notes.push(
      colors.yellow(
        ` ⚠ ${plural(missing, 'sample')} of ${expected} have no verdict (filtered, skipped or failed)`,
      ),
    )
  }
  for (const item of run.unjudged.slice(0, 5)) {
    notes.push(colors.red(` ✗ ${item.file} > ${item.name}: ${item.message}`))
  }
  if (run.unjudged.length > 5)
    notes.push(colors.red(` ✗ ... and ${run.unjudged.length - 5} more without a verdict`))
  const feedback = run.summary?.feedback
  if (feedback) {
    notes.push(
      ` feedback: ${plural(feedback.records, 'record')} in ${feedback.file}; ${feedback.joined} joined, ` +
        `${plural(feedback.conflicts, 'conflict')} with labels, ${feedback.unmatched.length} matching no sample`,
    )
    for (const item of feedback.unmatched.slice(0, 5)) {
      const what = item.id ?? item.text ?? ''
      notes.push(
        colors.yellow(
          ` ⚠ ${feedback.file}:${item.line} matches no sample ${what}`.trimEnd(),
        ),
      )
    }
  }
  if (run.summary?.metadata?.synthetic === true)
    notes.push(colors.dim(' data: synthetic (metadata.json)'))
  return notes
}
