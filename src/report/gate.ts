import { groupValue } from '../metrics/aggregate.ts'
import type { Rate } from '../metrics/rate.ts'
import type { GateCheck, GroupRow, SuiteReport } from './schema.ts'

/** Limits for one group of samples (or for all of them). Rates are fractions: 0.15 is 15%. */
export interface Thresholds {
  /**
   * Highest false-positive rate allowed: legitimate requests blocked.
   * @example 0.1
   */
  maxFalsePositiveRate?: number
  /**
   * Highest false-negative rate allowed: malicious requests allowed.
   * @example 0.15
   */
  maxFalseNegativeRate?: number
  /**
   * Highest number of regressions (baseline right, candidate wrong).
   * @example 25
   */
  maxRegressions?: number
  /**
   * Highest number of samples the candidate gave no decision for.
   * @default 0 for the total
   */
  maxErrors?: number
  /**
   * Fewest samples the group must have for its rates to mean anything.
   * @example 40
   */
  minSamples?: number
  /**
   * Compare rates at their point estimate, or at the upper bound of their
   * 95% Wilson interval (stricter: small groups need a margin).
   * @default the gate's basis
   */
  basis?: 'point' | 'upper'
}

/** The gate of a suite: what a run must meet for the exit code to be 0. */
export interface GateOptions {
  /**
   * How rates are compared unless a threshold says otherwise.
   * @default 'point'
   */
  basis?: 'point' | 'upper'
  /**
   * The field whose groups `each` and `groups` apply to.
   * @default 'category'
   */
  by?: string
  /** Limits on all samples of the suite. @example { maxErrors: 0, maxRegressions: 25 } */
  total?: Thresholds
  /** Limits on every group. @example { maxFalseNegativeRate: 0.15 } */
  each?: Thresholds
  /** Limits on named groups, replacing `each` for them. @example { jailbreak: { maxFalseNegativeRate: 0.1 } } */
  groups?: Record<string, Thresholds>
}

/** Whether the gate limits anything beyond the built-in checks (valid data, completeness, errors). */
export function hasThresholds(gate: GateOptions): boolean {
  const limits = [gate.total, gate.each, ...Object.values(gate.groups ?? {})]
  return limits.some(
    (t) =>
      t !== undefined &&
      (t.maxFalsePositiveRate !== undefined ||
        t.maxFalseNegativeRate !== undefined ||
        t.maxRegressions !== undefined ||
        t.minSamples !== undefined),
  )
}

/**
 * Checks a whole suite's report against its gate. Invalid data, samples that
 * never ran and errors fail it whatever the thresholds say: a run with them
 * never passes silently.
 */
export function evaluateGate(suite: SuiteReport, gate: GateOptions): GateCheck[] {
  const basis = gate.basis ?? 'point'
  const checks = [validData(suite), complete(suite)]
  const total = { maxErrors: 0, ...gate.total }
  const totalRow = suite.groups[0]?.total
  if (totalRow) {
    const scope = { suite: suite.suite, group: 'total', row: totalRow, basis }
    checks.push(...thresholdChecks(scope, total, suite.comparison.total.regressed))
  }

  const by = gate.by ?? 'category'
  const table = suite.groups.find((g) => g.by === by)
  const named = gate.groups ?? {}
  const regressed = regressionsBy(suite, by)
  for (const row of table?.rows ?? []) {
    const limits = named[row.group] ?? gate.each
    if (limits === undefined) continue
    const scope = { suite: suite.suite, group: row.group, row, basis }
    checks.push(...thresholdChecks(scope, limits, regressed.get(row.group) ?? 0))
  }
  for (const name of Object.keys(named)) {
    if (table?.rows.some((row) => row.group === name) === true) continue
    checks.push({
      suite: suite.suite,
      check: 'group_present',
      group: name,
      passed: false,
      actual: 0,
      threshold: 1,
      detail: `no sample has ${by} "${name}"; the gate names it`,
    })
  }
  return checks
}

/** Regressions per group of the field `by`, counted from the verdicts. */
function regressionsBy(suite: SuiteReport, by: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const verdict of suite.verdicts) {
    if (verdict.change !== 'regressed') continue
    const group = groupValue(verdict, by)
    counts.set(group, (counts.get(group) ?? 0) + 1)
  }
  return counts
}

function validData(suite: SuiteReport): GateCheck {
  const bad = suite.invalid.length + suite.unjudged.length
  return {
    suite: suite.suite,
    check: 'valid_data',
    group: 'total',
    passed: bad === 0,
    actual: bad,
    threshold: 0,
    detail:
      bad === 0
        ? 'every line is valid and judged'
        : `${bad} lines or tests without a verdict (invalid data or a client that did not start)`,
  }
}

function complete(suite: SuiteReport): GateCheck {
  const { missing, expected } = suite.samples
  return {
    suite: suite.suite,
    check: 'complete',
    group: 'total',
    passed: missing === 0,
    actual: missing,
    threshold: 0,
    detail:
      missing === 0
        ? `none of the ${expected} samples is missing from the run`
        : `${missing} of ${expected} samples never ran (a test file failed to load?)`,
  }
}

/** The group a threshold check applies to, and how its rates are compared. */
interface Scope {
  suite: string
  group: string
  row: GroupRow
  basis: 'point' | 'upper'
}

function thresholdChecks(
  scope: Scope,
  limits: Thresholds,
  regressions: number,
): GateCheck[] {
  const at = { ...scope, basis: limits.basis ?? scope.basis }
  const { row } = at
  const checks: GateCheck[] = []
  if (limits.minSamples !== undefined) {
    checks.push(
      countCheck(at, 'min_samples', 'samples', row.samples, { min: limits.minSamples }),
    )
  }
  if (limits.maxFalsePositiveRate !== undefined) {
    checks.push(rateCheck(at, 'max_fpr', 'FPR', row.fpr, limits.maxFalsePositiveRate))
  }
  if (limits.maxFalseNegativeRate !== undefined) {
    checks.push(rateCheck(at, 'max_fnr', 'FNR', row.fnr, limits.maxFalseNegativeRate))
  }
  if (limits.maxRegressions !== undefined) {
    checks.push(
      countCheck(at, 'max_regressions', 'regressions', regressions, {
        max: limits.maxRegressions,
      }),
    )
  }
  if (limits.maxErrors !== undefined) {
    checks.push(
      countCheck(at, 'max_errors', 'errors', row.errors, { max: limits.maxErrors }),
    )
  }
  return checks
}

function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun.replace(/s$/, '') : noun}`
}

/** A count against a limit: at most `limit` (max_*) or at least `limit` (min_*). */
function countCheck(
  scope: Scope,
  check: string,
  noun: string,
  actual: number,
  limit: { max: number } | { min: number },
): GateCheck {
  const isMax = 'max' in limit
  const threshold = isMax ? limit.max : limit.min
  const passed = isMax ? actual <= threshold : actual >= threshold
  const sign = isMax ? (passed ? '≤' : '>') : passed ? '≥' : '<'
  const miss = passed
    ? ''
    : isMax
      ? `: ${actual - threshold} too many`
      : `: ${threshold - actual} short`
  const detail = `${countOf(actual, noun)} ${sign} ${threshold}${miss}`
  return {
    suite: scope.suite,
    check,
    group: scope.group,
    passed,
    actual,
    threshold,
    detail,
  }
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}

function rateCheck(
  scope: Scope,
  check: string,
  label: string,
  measured: Rate,
  max: number,
): GateCheck {
  const base = { suite: scope.suite, check, group: scope.group, threshold: max }
  if (measured.value === null || measured.ci === null) {
    return {
      ...base,
      passed: true,
      actual: null,
      detail: `${label} n/a (no samples to measure it on)`,
    }
  }
  const actual = scope.basis === 'upper' ? measured.ci.high : measured.value
  const passed = actual <= max
  const what =
    scope.basis === 'upper'
      ? `${label} upper 95% bound ${pct(actual)}`
      : `${label} ${pct(actual)}`
  const over = passed ? '' : `: over by ${((actual - max) * 100).toFixed(1)} points`
  const detail = `${what} (${measured.k} of ${measured.n}) ${passed ? '≤' : '>'} ${pct(max)}${over}`
  return { ...base, passed, actual, detail }
}
