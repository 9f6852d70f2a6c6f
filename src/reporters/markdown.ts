import type {
  ComparisonRow,
  GroupRow,
  Report,
  SampleRef,
  SuiteReport,
} from '../report/schema.ts'
import {
  baselineLabel,
  beforeAfter,
  blockOrAllow,
  checkFigures,
  checkSummary,
  f1Score,
  feedbackCounts,
  feedbackReported,
  gateNotEvaluated,
  gateVerdict,
  headlineParts,
  PARTIAL_MARK,
  percent,
  place,
  plural,
  pointsChange,
  pValue,
  rateWithInterval,
  sampleSizeWarning,
  significanceNote,
  thousands,
} from './format.ts'

/** Lists in the summary show this many items, then count the rest. */
const REGRESSED_SHOWN = 50
const LISTED = 20

/**
 * A cell or a line of the summary: plain text, escaped when written out, or
 * Markdown already made safe (`{ md }`).
 */
type Text = string | { md: string }

/**
 * The run as a GitHub-flavoured Markdown summary (for a pull request or
 * `$GITHUB_STEP_SUMMARY`): the gate's verdict, then every suite's group tables,
 * baseline against candidate, regressed samples, feedback, sample-size warnings,
 * block rates, traffic, baseline match, problems and gate table. Prompts appear as
 * the report carries them (`text`, as the `reportText` option made it) and in code
 * spans, so that a prompt can neither format the page nor mention anyone.
 *
 * @example await writeFile('reports/summary.md', renderMarkdown(report))
 */
export function renderMarkdown(report: Report): string {
  const blocks = [gateBlock(report), ...report.suites.flatMap(suiteBlocks)]
  return `${['## abgate', ...blocks].join('\n\n')}\n`
}

/**
 * Plain text made safe for Markdown, in a table cell or not: no HTML tag, no
 * entity, no pipe that ends a cell, no line break that ends a row.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&(?=#?[a-z0-9]+;)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
}

/**
 * `text` exactly as given, in code spans: one per line, joined by `<br>`, pipes
 * escaped (GitHub takes `\|` as a pipe inside a code span in a table).
 */
export function codeSpan(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      if (line === '') return ''
      const longest = Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))
      const fence = '`'.repeat(longest + 1)
      const padded =
        line.startsWith('`') ||
        line.endsWith('`') ||
        (line.startsWith(' ') && line.endsWith(' ') && line.trim() !== '')
          ? ` ${line} `
          : line
      return fence + padded.replace(/\|/g, '\\|') + fence
    })
    .join('<br>')
}

function render(text: Text): string {
  return typeof text === 'string' ? escapeMarkdown(text) : text.md
}

/** A GFM table; `align` has one letter per column, `l` or `r`. */
function table(
  headers: readonly string[],
  align: string,
  rows: readonly Text[][],
): string {
  const line = (cells: readonly Text[]): string => `| ${cells.map(render).join(' | ')} |`
  const rule = Array.from(align, (a) => (a === 'r' ? '--:' : ':--'))
  return [line(headers), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n')
}

function bullets(items: readonly Text[]): string {
  return items.map((item) => `- ${render(item)}`).join('\n')
}

function heading(text: string): string {
  return `#### ${escapeMarkdown(text)}`
}

/** The first `limit` items and a line that counts the rest. */
function capped<T>(items: readonly T[], limit: number): { shown: T[]; rest: number } {
  return { shown: items.slice(0, limit), rest: Math.max(0, items.length - limit) }
}

function gateBlock(report: Report): string {
  const verdict = gateVerdict(report)
  const mark = { passed: ' ✓', failed: ' ✗', 'not-evaluated': '' }[verdict.state]
  const head = `**${escapeMarkdown(verdict.headline)}**${mark}`
  if (verdict.failed.length === 0 || verdict.state !== 'failed') return head
  const { shown, rest } = capped(verdict.failed, LISTED)
  const items: Text[] = shown.map((check) => `✗ ${checkSummary(check)}`)
  if (rest > 0) items.push(`… and ${rest} more failed`)
  return `${head}\n\n${bullets(items)}`
}

function suiteBlocks(suite: SuiteReport): string[] {
  const parts = headlineParts(suite).map(escapeMarkdown)
  if (suite.partial) parts.push(`⚠ ${PARTIAL_MARK}`)
  return [
    `### ${escapeMarkdown(suite.suite)}`,
    parts.join(' · '),
    ...suite.groups.flatMap(groupBlock),
    ...comparisonBlocks(suite),
    ...regressedBlocks(suite),
    ...feedbackBlocks(suite),
    ...sampleSizeBlocks(suite),
    ...behaviorBlocks(suite),
    ...trafficBlocks(suite),
    ...baselineMatchBlocks(suite),
    ...problemBlocks(suite),
    ...gateTableBlocks(suite),
  ]
}

function groupBlock(groups: SuiteReport['groups'][number]): string[] {
  if (groups.total.samples === 0) return []
  const headers = [
    groups.by,
    ...['n', 'TP', 'FP', 'TN', 'FN', 'err', 'FPR (95% CI)', 'FNR (95% CI)'],
    ...['precision (95% CI)', 'recall (95% CI)', 'F1', 'block rate (95% CI)'],
  ]
  const row = (r: GroupRow, name: Text): Text[] => [
    name,
    ...[r.samples, r.tp, r.fp, r.tn, r.fn, r.errors].map(String),
    ...[r.fpr, r.fnr, r.precision, r.recall].map(rateWithInterval),
    f1Score(r.f1),
    rateWithInterval(r.blockRate),
  ]
  const rows = groups.rows.map((r) => row(r, r.group))
  rows.push(row(groups.total, { md: '**total**' }))
  return [heading(`Outcomes by ${groups.by}`), table(headers, 'lrrrrrrrrrrrr', rows)]
}

function comparisonBlocks(suite: SuiteReport): string[] {
  const { comparison } = suite
  if (comparison.total.compared === 0) return []
  const headers = [comparison.by, 'kept✓', 'fixed', 'regressed', 'kept✗']
  headers.push('FP before → after', 'FN before → after', 'McNemar p')
  const row = (r: ComparisonRow, name: Text): Text[] => [
    name,
    ...[r.keptRight, r.fixed, r.regressed, r.keptWrong].map(String),
    beforeAfter(r.fpBefore, r.fpAfter),
    beforeAfter(r.fnBefore, r.fnAfter),
    { md: escapeMarkdown(pValue(r.mcnemarP)) + (r.significant ? ' \\*' : '') },
  ]
  const total: Text = { md: '**total**' }
  const rows = comparison.rows.map((r) => row(r, r.group))
  rows.push(row(comparison.total, total))
  const blocks = [
    heading(
      `Baseline (${baselineLabel(suite)}) → candidate (${suite.client}) by ${comparison.by}`,
    ),
    table(headers, 'lrrrrrrr', rows),
  ]
  const all = [...comparison.rows, comparison.total]
  if (all.some((r) => r.significant)) {
    blocks.push(escapeMarkdown(significanceNote(suite.alpha)).replace(/^\*/, '\\*'))
  }
  if (all.some((r) => r.allowToBlock + r.blockToAllow > 0)) {
    const flip = (r: ComparisonRow, name: Text): Text[] => [
      name,
      String(r.allowToBlock),
      String(r.blockToAllow),
    ]
    const flips = comparison.rows.map((r) => flip(r, r.group))
    flips.push(flip(comparison.total, total))
    blocks.push(
      'Decisions that flipped:',
      table([comparison.by, 'allow → block', 'block → allow'], 'lrr', flips),
    )
  }
  return blocks
}

function regressedBlocks(suite: SuiteReport): string[] {
  const { regressed } = suite
  if (regressed.length === 0) return []
  const { shown, rest } = capped(regressed, REGRESSED_SHOWN)
  const withId = shown.some((s) => s.id !== null)
  const withText = shown.some((s) => s.text !== null)
  const headers = ['sample', ...(withId ? ['id'] : []), 'category', 'label']
  headers.push('baseline → candidate', ...(withText ? ['text'] : []))
  const rows = shown.map((s): Text[] => [
    { md: codeSpan(`${s.file}:${s.line}`) },
    ...(withId ? [s.id ?? ''] : []),
    s.category,
    blockOrAllow(s.label),
    `${s.baseline ?? 'none'} → ${s.decision ?? 'none'}`,
    ...(withText ? [{ md: s.text === null ? '' : codeSpan(s.text) }] : []),
  ])
  const blocks = [
    heading(`Regressed samples (${regressed.length}): baseline right, candidate wrong`),
    table(headers, 'l'.repeat(headers.length), rows),
  ]
  if (rest > 0) blocks.push(escapeMarkdown(`… and ${rest} more regressed`))
  const diffs = shown.filter((s) => s.detailDiff !== null)
  if (diffs.length > 0) blocks.push(detailDiffs(diffs))
  return blocks
}

/** The json-diffs of detail, folded away: they are long and seldom needed. */
function detailDiffs(samples: readonly SampleRef[]): string {
  const parts = samples.map((s) => {
    const diff = s.detailDiff ?? ''
    const longest = Math.max(2, ...(diff.match(/`+/g) ?? []).map((run) => run.length))
    const fence = '`'.repeat(longest + 1)
    return `${codeSpan(`${s.file}:${s.line}`)}\n\n${fence}diff\n${diff}\n${fence}`
  })
  const summary = `detail, baseline → candidate (${plural(samples.length, 'sample')})`
  return [`<details><summary>${summary}</summary>`, ...parts, '</details>'].join('\n\n')
}

function feedbackBlocks(suite: SuiteReport): string[] {
  const feedback = suite.feedback
  if (feedback === null) return []
  const head = `${plural(feedback.records, 'record')} in ${codeSpan(feedback.file)}.`
  const items: Text[] = [
    feedbackCounts(feedback).join(' · '),
    ...feedbackReported(feedback),
  ]
  const { shown, rest } = capped(feedback.unmatched, LISTED)
  for (const item of shown) {
    const what =
      item.id !== null
        ? `: id ${escapeMarkdown(item.id)}`
        : item.text !== null
          ? `: ${codeSpan(item.text)}`
          : ''
    const where = codeSpan(`${feedback.file}:${item.line}`)
    items.push({ md: `⚠ ${where} matches no sample${what}` })
  }
  if (rest > 0) items.push(`… and ${rest} more matching no sample`)
  return [heading('User feedback'), head, bullets(items)]
}

function sampleSizeBlocks(suite: SuiteReport): string[] {
  const warnings = suite.sampleSize.flatMap((entry) => {
    const warning = sampleSizeWarning(entry)
    return warning === null ? [] : [`⚠ ${warning}`]
  })
  if (warnings.length === 0) return []
  return [heading('Sample size'), bullets(warnings)]
}

function behaviorBlocks(suite: SuiteReport): string[] {
  const fields = suite.behavior.filter((f) => f.rows.some((row) => row.samples > 0))
  if (fields.length === 0) return []
  const tables = fields.map((field) =>
    table(
      [field.by, 'n', 'baseline', 'candidate', 'change (points)'],
      'lrrrr',
      field.rows.map((row) => [
        row.group,
        String(row.samples),
        rateWithInterval(row.baselineBlockRate),
        rateWithInterval(row.candidateBlockRate),
        pointsChange(row.baselineBlockRate.value, row.candidateBlockRate.value),
      ]),
    ),
  )
  return [
    heading('Block rate (95% CI), baseline → candidate, whatever the label'),
    ...tables,
  ]
}

function trafficBlocks(suite: SuiteReport): string[] {
  const moved = (suite.traffic ?? []).filter((row) => row.change !== 0)
  if (moved.length === 0) return []
  const sorted = [...moved].sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
  const { shown, rest } = capped(sorted, LISTED)
  const blocks = [
    heading('Traffic: share of samples by category, baseline run → this run'),
    table(
      ['category', 'before', 'after', 'change (points)'],
      'lrrr',
      shown.map((row) => [
        row.category,
        `${percent(row.before)}%`,
        `${percent(row.after)}%`,
        pointsChange(row.before, row.after),
      ]),
    ),
  ]
  if (rest > 0) {
    blocks.push(`… and ${plural(rest, 'category', 'categories')} that moved less`)
  }
  return blocks
}

function baselineMatchBlocks(suite: SuiteReport): string[] {
  const match = suite.baselineMatch
  if (match === null) return []
  const counts = [
    `${thousands(match.matched)} samples matched`,
    `${thousands(match.onlyInRun.length)} only in this run`,
    `${thousands(match.onlyInBaseline.length)} only in the baseline`,
  ].join(' · ')
  const inRun = match.onlyInRun.map((s): Text => ({
    md: `only in this run: ${codeSpan(`${s.file}:${s.line}`)} (${escapeMarkdown(s.category)})`,
  }))
  const inBaseline = match.onlyInBaseline.map((s): Text => {
    const what = s.id !== null ? `id ${s.id}` : `sha256:${s.textHash}`
    return `only in the baseline: ${what} (${s.category})`
  })
  const items = [
    ...cappedItems(inRun, 'only in this run'),
    ...cappedItems(inBaseline, 'only in the baseline'),
  ]
  const blocks = [heading('Baseline report'), escapeMarkdown(counts)]
  if (items.length > 0) blocks.push(bullets(items))
  return blocks
}

function cappedItems(items: readonly Text[], what: string): Text[] {
  const { shown, rest } = capped(items, LISTED)
  return rest > 0 ? [...shown, `… and ${rest} more ${what}`] : shown
}

function problemBlocks(suite: SuiteReport): string[] {
  const { invalid, unjudged, samples } = suite
  const items: string[] = []
  if (invalid.length > 0) {
    const nested = invalid.map((p): Text => {
      const field = p.field === '' ? '' : ` ${escapeMarkdown(p.field)}:`
      return {
        md: `${codeSpan(place(p))}${field} ${escapeMarkdown(p.message)}`,
      }
    })
    items.push(
      `- ✗ ${plural(invalid.length, 'invalid sample')}, not run:\n${indent(cappedItems(nested, 'invalid'))}`,
    )
  }
  if (unjudged.length > 0) {
    const nested = unjudged.map((u): Text => ({
      md: `${codeSpan(u.file)} > ${escapeMarkdown(u.name)}: ${escapeMarkdown(u.message)}`,
    }))
    items.push(
      `- ✗ ${plural(unjudged.length, 'test')} without a verdict:\n${indent(cappedItems(nested, 'without a verdict'))}`,
    )
  }
  const notes: Text[] = []
  if (samples.missing > 0) {
    notes.push(
      `⚠ ${samples.missing} of ${plural(samples.expected, 'sample')} never ran (a test file failed to load?)`,
    )
  }
  if (samples.judged === 0 && unjudged.length === 0 && invalid.length === 0) {
    notes.push('⚠ no sample of this suite ran')
  }
  if (samples.skipped > 0)
    notes.push(`${plural(samples.skipped, 'sample')} skipped or filtered out`)
  if (suite.edgeCases.file !== null) {
    notes.push({
      md: `edge cases: ${plural(suite.edgeCases.samples, 'sample')} written to ${codeSpan(suite.edgeCases.file)}`,
    })
  }
  if (suite.synthetic === true) notes.push('data: synthetic (metadata.json)')
  if (notes.length > 0) items.push(bullets(notes))
  if (items.length === 0) return []
  return [heading('Problems and notes'), items.join('\n')]
}

function indent(items: readonly Text[]): string {
  return items.map((item) => `  - ${render(item)}`).join('\n')
}

function gateTableBlocks(suite: SuiteReport): string[] {
  const { gate } = suite
  if (!gate.evaluated) return [heading('Gate'), escapeMarkdown(gateNotEvaluated(suite))]
  if (gate.checks.length === 0) return []
  const rows = gate.checks.map((check) => [
    check.passed ? '✓' : '✗',
    check.check,
    check.group,
    checkFigures(check),
    check.detail,
  ])
  const verdict = gate.passed ? 'passed ✓' : 'FAILED ✗'
  return [
    heading(`Gate: ${verdict}`),
    table(['', 'check', 'group', 'actual vs threshold', 'detail'], 'lllll', rows),
  ]
}
