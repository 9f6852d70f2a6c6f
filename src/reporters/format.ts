import type { Rate } from '../metrics/rate.ts'
import { SMALL_DEPLOYMENT } from '../report/build.ts'
import type { GateCheck, Report, SuiteReport } from '../report/schema.ts'

/*
 * Numbers and phrases shared by the terminal report and the Markdown summary,
 * so that both say the same thing in the same words.
 */

/**
 * A non-negative number with two significant digits: 33.3 → "33", 3.04 → "3.0",
 * 0.0604 → "0.060". Rounded first, so 9.96 reads "10", not "10.0".
 */
export function twoDigits(value: number): string {
  const rounded = Number(Math.abs(value).toPrecision(2))
  const sign = value < 0 && rounded !== 0 ? '-' : ''
  if (rounded === 0) return '0'
  if (rounded >= 10) return sign + rounded.toFixed(0)
  if (rounded >= 1) return sign + rounded.toFixed(1)
  return sign + rounded.toPrecision(2)
}

/**
 * A fraction as a percentage with two significant digits: 0.0304 → "3.0", 0.333 →
 * "33", 0.00061 → "0.061". Above 99% the decimals show how far from 100% it is:
 * 0.998 → "99.8", 0.99976 → "99.98". Never "0" or "100" unless it is exactly
 * that: below 0.01% it reads "<0.01", above 99.99% ">99.99".
 */
export function percent(value: number): string {
  const p = value * 100
  if (p === 0 || p === 100) return String(p)
  if (p < 0.01) return '<0.01'
  if (p > 99.99) return '>99.99'
  if (p <= 99) return twoDigits(p)
  return p.toFixed(100 - p >= 0.1 ? 1 : 2)
}

/** A rate with its 95% Wilson interval, e.g. "3.0% (1.6–5.5)"; "n/a" with no samples. */
export function rateWithInterval(rate: Rate): string {
  if (rate.value === null || rate.ci === null) return 'n/a'
  return `${percent(rate.value)}% (${percent(rate.ci.low)}–${percent(rate.ci.high)})`
}

/** F1 as a fraction with two decimals, "0.67"; "n/a" when it has no denominator. */
export function f1Score(f1: number | null): string {
  return f1 === null ? 'n/a' : f1.toFixed(2)
}

/** A p-value with three significant digits, "<0.001" below that; "n/a" for none. */
export function pValue(p: number | null): string {
  if (p === null) return 'n/a'
  return p < 0.001 ? '<0.001' : p.toPrecision(3)
}

/** A count's change with its sign: "+3", "-6", "±0". */
export function signed(delta: number): string {
  if (delta === 0) return '±0'
  return delta > 0 ? `+${delta}` : String(delta)
}

/** Two counts and their difference: "15 → 9 (-6)". */
export function beforeAfter(before: number, after: number): string {
  return `${before} → ${after} (${signed(after - before)})`
}

/**
 * The difference of two fractions in percentage points with its sign, "+13", "-2.5",
 * "±0"; "n/a" when either is missing.
 */
export function pointsChange(before: number | null, after: number | null): string {
  if (before === null || after === null) return 'n/a'
  const delta = (after - before) * 100
  if (Number(Math.abs(delta).toPrecision(2)) === 0) return '±0'
  return delta > 0 ? `+${twoDigits(delta)}` : twoDigits(delta)
}

/** "1 sample", "2 samples". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`
}

/** "file:line" of a problem, or the file alone when the problem is with all of it (line 0). */
export function place(problem: { file: string; line: number }): string {
  return problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file
}

/** 1000 → "1,000": counts in sentences (tables keep plain digits). */
export function thousands(count: number): string {
  return count.toLocaleString('en-US')
}

/** A label or decision as a word: true → "block". */
export function blockOrAllow(blocked: boolean): 'block' | 'allow' {
  return blocked ? 'block' : 'allow'
}

/** The parts of a suite's headline, after its name: samples, candidate, baseline. */
export function headlineParts(suite: SuiteReport): string[] {
  const { judged, expected } = suite.samples
  const samples =
    judged === expected || suite.partial
      ? plural(judged, 'sample')
      : `${judged} of ${plural(expected, 'sample')}`
  return [samples, `candidate: ${suite.client}`, `baseline: ${baselineLabel(suite)}`]
}

/** What the baseline is: "old_model_decision", or "report <file>". */
export function baselineLabel(suite: SuiteReport): string {
  return suite.baseline.kind === 'recorded'
    ? 'old_model_decision'
    : `report ${suite.baseline.file ?? '(file unknown)'}`
}

/** What the partial mark of a headline says. */
export const PARTIAL_MARK = 'partial: this report covers part of the run'

/**
 * The warning for a deployment with fewer samples than the design asks for, or
 * null when it has enough. `halfWidth` is the widest a 95% interval over all its
 * samples can be (at a rate of 50%); a rate over a part of them is wider still.
 */
export function sampleSizeWarning(
  entry: SuiteReport['sampleSize'][number],
): string | null {
  if (entry.samples >= SMALL_DEPLOYMENT) return null
  const head = `${entry.modelVersion} has ${plural(entry.samples, 'sample')} (fewer than ${SMALL_DEPLOYMENT})`
  if (entry.halfWidth === null) return `${head}: it has no rate at all`
  return `${head}: 95% intervals of its rates reach ±${twoDigits(entry.halfWidth * 100)} points`
}

type Feedback = NonNullable<SuiteReport['feedback']>

/**
 * The feedback join in a few counts, and which label wins where they disagree:
 * "3 joined", "1 conflict with labels (labels win)", ...
 */
export function feedbackCounts(feedback: Feedback): string[] {
  const wins = feedback.labelWins ? 'labels win' : 'feedback wins'
  const counts = [
    `${feedback.joined} joined`,
    `${plural(feedback.conflicts, 'conflict', 'conflicts')} with labels (${wins})`,
  ]
  if (feedback.superseded > 0)
    counts.push(`${feedback.superseded} superseded by later ones`)
  counts.push(`${feedback.unmatched.length} matching no sample`)
  if (feedback.perThousand !== null) {
    counts.push(`${twoDigits(feedback.perThousand)} user reports per 1,000 samples`)
  }
  return counts
}

/** How many of the decisions users reported as wrong the candidate now gets right. */
export function feedbackReported(feedback: Feedback): string[] {
  const kinds = [
    ['false positive', 'allows', feedback.reportedFalsePositives],
    ['false negative', 'blocks', feedback.reportedFalseNegatives],
  ] as const
  return kinds.flatMap(([kind, verb, { reported, candidateRight }]) =>
    reported === 0
      ? []
      : [
          `users reported ${plural(reported, kind)}: the candidate now ${verb} ${candidateRight} of ${reported}`,
        ],
  )
}

/** What the mark `*` of the old-vs-new table means. */
export function significanceNote(alpha: number): string {
  return `* significant at α = ${alpha}: McNemar's exact test of fixed against regressed`
}

const RATE_CHECK = /fpr|fnr|rate/

/** The actual value of a check in its unit: a percentage for rate checks, else a count. */
function checkValue(check: GateCheck, value: number | null): string {
  if (value === null) return 'n/a'
  return RATE_CHECK.test(check.check) ? `${percent(value)}%` : String(value)
}

/** Checks whose actual value must reach the threshold rather than stay under it. */
const AT_LEAST = /^min_|^group_present$/

/**
 * A check's actual value against its threshold, with the comparison that holds:
 * "7.1% ≤ 15%" when passed, "16% > 15%" when failed.
 */
export function checkFigures(check: GateCheck): string {
  const actual = checkValue(check, check.actual)
  const threshold = checkValue(check, check.threshold)
  if (check.actual === null) return `${actual} (threshold ${threshold})`
  const atLeast = AT_LEAST.test(check.check)
  let sign: string
  if (check.passed) sign = atLeast ? '≥' : '≤'
  else if (check.actual === check.threshold) sign = 'vs'
  else sign = check.actual > check.threshold ? '>' : '<'
  return `${actual} ${sign} ${threshold}`
}

/** "production_ab: max_fnr jailbreak 16% > 15%": a failed check in a sentence. */
export function checkSummary(check: GateCheck): string {
  return `${check.suite}: ${check.check} ${check.group} ${checkFigures(check)}`
}

/** Why a suite's gate was not evaluated. */
export function gateNotEvaluated(suite: SuiteReport): string {
  return suite.partial
    ? 'gate not evaluated: this report covers part of the run; the gate needs all of it'
    : 'gate not evaluated'
}

/** The verdict of the gate over every suite, in words, and the checks that failed. */
export interface GateVerdict {
  state: 'passed' | 'failed' | 'not-evaluated'
  headline: string
  failed: GateCheck[]
}

/** The gate's verdict over all suites of a report. */
export function gateVerdict(report: Report): GateVerdict {
  const checks = report.suites.flatMap((suite) => suite.gate.checks)
  const failed = checks.filter((check) => !check.passed)
  const where = `${plural(checks.length, 'check')} in ${plural(report.suites.length, 'suite')}`

  if (!report.gate.evaluated) {
    const { shard } = report
    const headline =
      shard !== null
        ? `gate not evaluated (shard ${shard.index}/${shard.count}): merge the shards' reports to gate`
        : report.suites.some((suite) => suite.partial)
          ? 'gate not evaluated: part of the samples ran (a filter or skipped tests); run them all to gate'
          : 'gate not evaluated'
    return { state: 'not-evaluated', headline, failed: [] }
  }
  if (report.gate.passed)
    return { state: 'passed', headline: `gate passed: ${where}`, failed }
  const count = failed.length > 0 ? `${failed.length} of ${where}` : where
  return { state: 'failed', headline: `gate FAILED: ${count}`, failed }
}
