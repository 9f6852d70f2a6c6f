import type {
  ComparisonRow,
  GroupRow,
  Report,
  SampleRef,
  SuiteReport,
} from '../report/schema.ts'
import type { Colors } from './colors.ts'
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
  place,
  percent,
  plural,
  pointsChange,
  pValue,
  rateWithInterval,
  sampleSizeWarning,
  significanceNote,
  thousands,
} from './format.ts'
import { clip, oneLine, renderTable, renderTables, visibleLength, wrap } from './table.ts'
import type { Column } from './table.ts'

/** Every line of the terminal report fits this many columns. */
export const TERMINAL_WIDTH = 100

/** Each line starts with one space; the rest has this many columns. */
const WIDTH = TERMINAL_WIDTH - 1

/** Lists show this many items, then count the rest. */
const REGRESSED_SHOWN = 20
const FAILED_SHOWN = 10
const LISTED = 5
const DIFF_LINES = 12
const TRAFFIC_ROWS = 5
/** Group names longer than this are cut in tables. */
const GROUP_WIDTH = 24

type Lines = string[]

/**
 * One suite's end-of-run report for a terminal: headline, group tables,
 * baseline against candidate, regressed samples, feedback, sample-size warnings,
 * block rates, traffic, baseline match, problems and the suite's gate. A section
 * with nothing to show is left out. Every line fits {@link TERMINAL_WIDTH}
 * columns; styles come only from `colors` (plain text when color is off). Starts
 * with an empty line, to stand apart from what Vitest printed before.
 *
 * @example logger.log(renderTerminal(report.suites[0], createColors(false)))
 */
export function renderTerminal(suite: SuiteReport, colors: Colors): string {
  const sections: Lines[] = [
    headline(suite, colors),
    ...suite.groups.flatMap((table) => groupTables(table, colors)),
    ...comparisonTables(suite, colors),
    regressedSection(suite, colors),
    feedbackSection(suite, colors),
    sampleSizeSection(suite, colors),
    ...behaviorTables(suite, colors),
    trafficSection(suite, colors),
    baselineMatchSection(suite, colors),
    problemsSection(suite, colors),
    gateSection(suite, colors),
  ]
  return joinSections(sections)
}

/**
 * The gate's verdict over every suite of the report: passed, failed with the
 * checks that failed (the first ten), or not evaluated and why. Starts with an
 * empty line.
 *
 * @example "gate FAILED: 1 of 12 checks in 2 suites ✗" then "  ✗ production_ab: max_fnr jailbreak 16% > 15%"
 */
export function renderGateSummary(report: Report, colors: Colors): string {
  const verdict = gateVerdict(report)
  if (verdict.state === 'not-evaluated') {
    return joinSections([wrap(verdict.headline, WIDTH).map((l) => colors.yellow(l))])
  }
  if (verdict.state === 'passed') {
    return joinSections([[colors.green(`${verdict.headline} ✓`)]])
  }
  const shown = verdict.failed.slice(0, FAILED_SHOWN)
  const lines = [
    colors.bold(colors.red(`${verdict.headline} ✗`)),
    ...shown.map(
      (check) => `  ${colors.red('✗')} ${clip(checkSummary(check), WIDTH - 4)}`,
    ),
  ]
  const rest = verdict.failed.length - shown.length
  if (rest > 0) lines.push(`  … and ${rest} more failed`)
  return joinSections([lines])
}

/** Sections apart by an empty line, every line after one space; empty sections left out. */
function joinSections(sections: readonly Lines[]): string {
  const lines = ['']
  for (const section of sections) {
    if (section.length === 0) continue
    if (lines.length > 1) lines.push('')
    lines.push(...section.map((line) => (line === '' ? '' : ` ${line}`)))
  }
  return lines.join('\n')
}

function headline(suite: SuiteReport, colors: Colors): Lines {
  const fit = (text: string): string => clip(oneLine(text), WIDTH - 2)
  const parts = [
    colors.bold(fit(`abgate · ${suite.suite}`)),
    ...headlineParts(suite).map(fit),
  ]
  if (suite.partial) parts.push(colors.yellow(PARTIAL_MARK))
  return joinWrapped(parts, ' · ')
}

/** Parts joined by `separator`, on as few lines of `width` as they fit. */
function joinWrapped(parts: readonly string[], separator: string, width = WIDTH): Lines {
  const lines: Lines = []
  let line = ''
  for (const part of parts) {
    const next = line === '' ? part : line + separator + part
    if (line !== '' && visibleLength(next) > width) {
      lines.push(line)
      line = `  ${part}`
    } else {
      line = next
    }
  }
  lines.push(line)
  return lines
}

/**
 * An item of a list, indented by two and wrapped with a hanging indent of four; at
 * most `maxLines` lines, the last cut when there is more.
 */
function item(text: string, maxLines = 3): Lines {
  const lines = wrap(text, WIDTH - 4)
  const shown = lines.slice(0, maxLines)
  if (lines.length > maxLines) {
    const last = shown.length - 1
    shown[last] = clip(`${shown[last] ?? ''} ${lines[maxLines] ?? ''}`, WIDTH - 4)
  }
  return shown.map((line, index) => (index === 0 ? `  ${line}` : `    ${line}`))
}

/** A table's header line dimmed. */
function styled(table: Lines, colors: Colors): Lines {
  return table.map((line, index) => (index === 0 ? colors.dim(line) : line))
}

function groupName(group: string): string {
  return clip(oneLine(group), GROUP_WIDTH)
}

const left = (header: string): Column => ({ header, align: 'left' })
const right = (header: string): Column => ({ header, align: 'right' })

/** The counts and the two error rates first; precision, recall, F1, block rate second. */
function groupTables(table: SuiteReport['groups'][number], colors: Colors): Lines[] {
  if (table.total.samples === 0) return []
  const columns = [
    left(table.by),
    ...['n', 'TP', 'FP', 'TN', 'FN', 'err'].map(right),
    ...['FPR (95% CI)', 'FNR (95% CI)', 'precision (95% CI)', 'recall (95% CI)'].map(
      left,
    ),
    right('F1'),
    left('block rate (95% CI)'),
  ]
  const rows = [...table.rows, { ...table.total, group: 'total' }].map(groupCells)
  return renderTables(columns, rows, WIDTH, [9]).map((lines) => styled(lines, colors))
}

function groupCells(row: GroupRow): string[] {
  return [
    groupName(row.group),
    ...[row.samples, row.tp, row.fp, row.tn, row.fn, row.errors].map(String),
    rateWithInterval(row.fpr),
    rateWithInterval(row.fnr),
    rateWithInterval(row.precision),
    rateWithInterval(row.recall),
    f1Score(row.f1),
    rateWithInterval(row.blockRate),
  ]
}

/** Changes, FP and FN before and after, McNemar's p; then the decisions that flipped. */
function comparisonTables(suite: SuiteReport, colors: Colors): Lines[] {
  const { comparison } = suite
  if (comparison.total.compared === 0) return []
  const rows = [...comparison.rows, { ...comparison.total, group: 'total' }]
  const caption = colors.bold(
    clip(
      `baseline (${oneLine(baselineLabel(suite))}) → candidate (${oneLine(suite.client)})`,
      WIDTH,
    ),
  )
  const columns = [
    left(comparison.by),
    ...['kept✓', 'fixed', 'regressed', 'kept✗', 'FP before → after'].map(right),
    ...['FN before → after', 'McNemar p'].map(right),
    left(''),
  ]
  const tables = renderTables(
    columns,
    rows.map((row) => comparisonCells(row, colors)),
    WIDTH,
  ).map((lines) => styled(lines, colors))
  const first = [caption, ...(tables[0] ?? [])]
  if (rows.some((row) => row.significant)) {
    tables.push([significanceNote(suite.alpha)])
  }
  return [first, ...tables.slice(1), flipTable(comparison.by, rows, colors)]
}

function comparisonCells(row: ComparisonRow, colors: Colors): string[] {
  const change = (before: number, after: number): string => {
    const text = beforeAfter(before, after)
    if (after > before) return colors.red(text)
    return after < before ? colors.green(text) : text
  }
  return [
    groupName(row.group),
    String(row.keptRight),
    row.fixed > 0 ? colors.green(String(row.fixed)) : '0',
    row.regressed > 0 ? colors.red(String(row.regressed)) : '0',
    String(row.keptWrong),
    change(row.fpBefore, row.fpAfter),
    change(row.fnBefore, row.fnAfter),
    pValue(row.mcnemarP),
    row.significant ? colors.bold('*') : '',
  ]
}

/** Decisions that changed from baseline to candidate, whatever the label. */
function flipTable(by: string, rows: readonly ComparisonRow[], colors: Colors): Lines {
  if (rows.every((row) => row.allowToBlock + row.blockToAllow === 0)) return []
  const table = renderTable(
    [left(by), right('allow → block'), right('block → allow')],
    rows.map((row) => [
      groupName(row.group),
      String(row.allowToBlock),
      String(row.blockToAllow),
    ]),
  )
  return [colors.bold('decisions that flipped'), ...styled(table, colors)]
}

function regressedSection(suite: SuiteReport, colors: Colors): Lines {
  const { regressed } = suite
  if (regressed.length === 0) return []
  const lines = [
    colors.bold(
      `regressed: ${colors.red(plural(regressed.length, 'sample'))} the baseline got right and the candidate gets wrong`,
    ),
  ]
  for (const sample of regressed.slice(0, REGRESSED_SHOWN)) {
    lines.push(...regressedSample(sample, colors))
  }
  const rest = regressed.length - REGRESSED_SHOWN
  if (rest > 0) lines.push(`… and ${rest} more regressed`)
  return lines
}

function regressedSample(sample: SampleRef, colors: Colors): Lines {
  const decisions = `baseline ${sample.baseline ?? 'none'} → candidate ${sample.decision ?? 'none'}`
  const facts = [
    groupName(sample.category),
    `label ${blockOrAllow(sample.label)}`,
    decisions,
  ]
  if (sample.id !== null) facts.push(`id ${oneLine(sample.id)}`)
  const lines = [
    `${colors.red('✗')} ${clip(`${sample.file}:${sample.line}`, WIDTH - 2, 'start')}`,
    ...joinWrapped(facts, ' · ', WIDTH - 2).map((line) => `  ${clip(line, WIDTH - 2)}`),
  ]
  if (sample.text !== null) {
    lines.push(`  ${clip(`"${oneLine(sample.text)}"`, WIDTH - 2)}`)
  }
  if (sample.detailDiff !== null) lines.push(...detailDiff(sample.detailDiff, colors))
  return lines
}

/** The json-diff of the two decisions' detail, indented, removals red and additions green. */
function detailDiff(diff: string, colors: Colors): Lines {
  const lines = diff.split(/\r?\n/)
  const shown = lines.slice(0, DIFF_LINES).map((line) => {
    const text = `    ${clip(oneLineKeepIndent(line), WIDTH - 4)}`
    if (line.startsWith('-')) return colors.red(text)
    return line.startsWith('+') ? colors.green(text) : text
  })
  const rest = lines.length - shown.length
  if (rest > 0) shown.push(`    … ${plural(rest, 'more line')}`)
  return [colors.dim('  detail, baseline → candidate:'), ...shown]
}

/** A line of a diff made safe to print, its leading spaces kept. */
function oneLineKeepIndent(line: string): string {
  const indent = /^[-+ ]?\s*/.exec(line)?.[0] ?? ''
  return indent.replace(/\t/g, '  ') + oneLine(line.slice(indent.length))
}

function feedbackSection(suite: SuiteReport, colors: Colors): Lines {
  const feedback = suite.feedback
  if (feedback === null) return []
  const file = clip(oneLine(feedback.file), WIDTH - 2, 'start')
  const head = joinWrapped(
    [colors.bold(`feedback: ${plural(feedback.records, 'record')}`), `in ${file}`],
    ' ',
  )
  const lines = [
    ...head,
    ...joinWrapped(feedbackCounts(feedback), ' · ', WIDTH - 2).map((line) => `  ${line}`),
    ...feedbackReported(feedback).map((line) => `  ${line}`),
  ]
  lines.push(...unmatchedFeedback(feedback, colors))
  return lines
}

function unmatchedFeedback(
  feedback: NonNullable<SuiteReport['feedback']>,
  colors: Colors,
): Lines {
  const lines = feedback.unmatched.slice(0, LISTED).flatMap((entry) => {
    const what =
      entry.id !== null
        ? `: id ${oneLine(entry.id)}`
        : entry.text !== null
          ? `: "${oneLine(entry.text)}"`
          : ''
    const where = `${feedback.file}:${entry.line}`
    return item(`⚠ ${where} matches no sample${what}`).map((line) => colors.yellow(line))
  })
  const rest = feedback.unmatched.length - LISTED
  if (rest > 0) lines.push(colors.yellow(`  … and ${rest} more matching no sample`))
  return lines
}

function sampleSizeSection(suite: SuiteReport, colors: Colors): Lines {
  return suite.sampleSize.flatMap((entry) => {
    const warning = sampleSizeWarning({
      ...entry,
      modelVersion: groupName(entry.modelVersion),
    })
    return warning === null ? [] : [colors.yellow(`⚠ ${warning}`)]
  })
}

/** Block rates of baseline and candidate per group of each field, whatever the labels. */
function behaviorTables(suite: SuiteReport, colors: Colors): Lines[] {
  const tables = suite.behavior
    .filter((field) => field.rows.some((row) => row.samples > 0))
    .map((field) => {
      const table = renderTable(
        [
          left(field.by),
          right('n'),
          left('baseline'),
          left('candidate'),
          right('change (points)'),
        ],
        field.rows.map((row) => [
          groupName(row.group),
          String(row.samples),
          rateWithInterval(row.baselineBlockRate),
          rateWithInterval(row.candidateBlockRate),
          pointsChange(row.baselineBlockRate.value, row.candidateBlockRate.value),
        ]),
      )
      return styled(table, colors)
    })
  const [first, ...rest] = tables
  if (first === undefined) return []
  const caption = colors.bold(
    'block rate (95% CI), baseline → candidate, whatever the label',
  )
  return [[caption, ...first], ...rest]
}

function trafficSection(suite: SuiteReport, colors: Colors): Lines {
  const moved = (suite.traffic ?? []).filter((row) => row.change !== 0)
  if (moved.length === 0) return []
  const largest = [...moved]
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, TRAFFIC_ROWS)
  const table = renderTable(
    [left('category'), right('before'), right('after'), right('change (points)')],
    largest.map((row) => [
      groupName(row.category),
      `${percent(row.before)}%`,
      `${percent(row.after)}%`,
      pointsChange(row.before, row.after),
    ]),
  )
  const lines = [
    colors.bold('traffic: share of samples by category, baseline run → this run'),
    ...styled(table, colors),
  ]
  const rest = moved.length - largest.length
  if (rest > 0) {
    lines.push(`… and ${plural(rest, 'category', 'categories')} that moved less`)
  }
  return lines
}

function baselineMatchSection(suite: SuiteReport, colors: Colors): Lines {
  const match = suite.baselineMatch
  if (match === null) return []
  const lines = joinWrapped(
    [
      colors.bold(`baseline report: ${thousands(match.matched)} samples matched`),
      `${thousands(match.onlyInRun.length)} only in this run`,
      `${thousands(match.onlyInBaseline.length)} only in the baseline`,
    ],
    ' · ',
  )
  const inRun = match.onlyInRun.map(
    (sample) =>
      `only in this run: ${sample.file}:${sample.line} (${oneLine(sample.category)})`,
  )
  const inBaseline = match.onlyInBaseline.map((sample) => {
    const what = sample.id !== null ? `id ${sample.id}` : `sha256:${sample.textHash}`
    return `only in the baseline: ${oneLine(what)} (${oneLine(sample.category)})`
  })
  lines.push(
    ...listed(inRun, 'only in this run'),
    ...listed(inBaseline, 'only in the baseline'),
  )
  return lines.map((line, index) => (index === 0 ? line : colors.dim(line)))
}

/** The first few items, indented and wrapped to fit, and how many more there are. */
function listed(items: readonly string[], what: string): Lines {
  const lines = items.slice(0, LISTED).flatMap((text) => item(text))
  const rest = items.length - LISTED
  if (rest > 0) lines.push(`  … and ${rest} more ${what}`)
  return lines
}

function problemsSection(suite: SuiteReport, colors: Colors): Lines {
  const lines: Lines = []
  const { invalid, unjudged, samples } = suite
  if (invalid.length > 0) {
    lines.push(colors.red(`✗ ${plural(invalid.length, 'invalid sample')}, not run:`))
    const items = invalid.map((p) => {
      const field = p.field === '' ? '' : ` ${p.field}:`
      return `${place(p)}${field} ${oneLine(p.message)}`
    })
    lines.push(...listed(items, 'invalid'))
  }
  if (unjudged.length > 0) {
    lines.push(colors.red(`✗ ${plural(unjudged.length, 'test')} without a verdict:`))
    const items = unjudged.map(
      (u) => `${u.file} > ${oneLine(u.name)}: ${oneLine(u.message)}`,
    )
    lines.push(...listed(items, 'without a verdict'))
  }
  if (samples.missing > 0) {
    lines.push(
      colors.yellow(
        `⚠ ${samples.missing} of ${plural(samples.expected, 'sample')} never ran (a test file failed to load?)`,
      ),
    )
  }
  if (samples.judged === 0 && unjudged.length === 0 && invalid.length === 0) {
    lines.push(colors.yellow('⚠ no sample of this suite ran'))
  }
  if (samples.skipped > 0) {
    lines.push(colors.dim(`${plural(samples.skipped, 'sample')} skipped or filtered out`))
  }
  if (suite.edgeCases.file !== null) {
    const file = clip(suite.edgeCases.file, WIDTH - 40, 'start')
    lines.push(
      `edge cases: ${plural(suite.edgeCases.samples, 'sample')} written to ${file}`,
    )
  }
  if (suite.synthetic === true) lines.push(colors.dim('data: synthetic (metadata.json)'))
  return lines
}

/** One line per check: ✓ or ✗, group, actual against threshold, and its detail. */
function gateSection(suite: SuiteReport, colors: Colors): Lines {
  const { gate } = suite
  if (!gate.evaluated)
    return wrap(gateNotEvaluated(suite), WIDTH).map((l) => colors.yellow(l))
  if (gate.checks.length === 0) return []

  const table = renderTable(
    [left('gate'), left('group'), left('actual vs threshold')],
    gate.checks.map((check) => [
      `${check.passed ? '✓' : '✗'} ${check.check}`,
      groupName(check.group),
      checkFigures(check),
    ]),
  )
  const width = Math.max(...table.map(visibleLength))
  const detailWidth = WIDTH - width - 2
  return table.flatMap((line, index) => {
    const check = gate.checks[index - 1]
    const padded = line + ' '.repeat(width - visibleLength(line))
    if (check === undefined) return [colors.dim(`${padded}  detail`)]
    const style = check.passed ? colors.green : colors.red
    const mark = style(padded.slice(0, 1)) + padded.slice(1)
    const detail = oneLine(check.detail)
    if (detailWidth < 20) {
      return [mark.trimEnd(), ...wrap(detail, WIDTH - 4).map((d) => `    ${d}`)]
    }
    const [first = '', ...more] = wrap(detail, detailWidth)
    const indent = ' '.repeat(width + 2)
    return [`${mark}  ${first}`, ...more.map((d) => indent + d)]
  })
}
