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
  const checks: GateCheck[] = [validData(suite), complete(suite)]
  const basis = gate.basis ?? 'point'
  const total = { maxErrors: 0, ...gate.total }
  checks.push(
    ...thresholdChecks(
      suite,
      suite.groups[0]?.total,
      'total',
      total,
      basis,
      suite.comparison.total.regressed,
    ),
  )

  const by = gate.by ?? 'category'
  const table = suite.groups.find((g) => g.by === by)
  const named = gate.groups ?? {}
  const regressed = regressionsBy(suite, by)
  for (const row of table?.rows ?? []) {
    const limits = named[row.group] ?? gate.each
    if (limits === undefined) continue
    const regressions = regressed.get(row.group) ?? 0
    checks.push(...thresholdChecks(suite, row, row.group, limits, basis, regressions))
  }
  for (const name of Object.keys(named)) {
    if (table?.rows.some((row) => row.group === name) === true) continue
    checks.push(
      check(
        suite,
        'group_present',
        name,
        false,
        0,
        1,
        `no sample has ${by} "${name}"; the gate names it`,
      ),
    )
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

function check(
  suite: SuiteReport,
  name: string,
  group: string,
  passed: boolean,
  actual: number | null,
  threshold: number,
  detail: string,
): GateCheck {
  return { suite: suite.suite, check: name, group, passed, actual, threshold, detail }
}

function validData(suite: SuiteReport): GateCheck {
  const bad = suite.invalid.length + suite.unjudged.length
  return check(
    suite,
    'valid_data',
    'total',
    bad === 0,
    bad,
    0,
    bad === 0
      ? 'every line is valid and judged'
      : `${bad} lines or tests without a verdict (invalid data or a client that did not start)`,
  )
}

function complete(suite: SuiteReport): GateCheck {
  const { missing, expected } = suite.samples
  const detail =
    missing === 0
      ? `none of the ${expected} samples is missing from the run`
      : `${missing} of ${expected} samples never ran (a test file failed to load?)`
  return check(suite, 'complete', 'total', missing === 0, missing, 0, detail)
}

function thresholdChecks(
  suite: SuiteReport,
  row: GroupRow | undefined,
  group: string,
  limits: Thresholds,
  gateBasis: 'point' | 'upper',
  regressions: number | undefined,
): GateCheck[] {
  if (row === undefined) return []
  const basis = limits.basis ?? gateBasis
  const checks: GateCheck[] = []
  if (limits.minSamples !== undefined) {
    const ok = row.samples >= limits.minSamples
    checks.push(
      check(
        suite,
        'min_samples',
        group,
        ok,
        row.samples,
        limits.minSamples,
        `${countOf(row.samples, 'samples')} ${ok ? '≥' : '<'} ${limits.minSamples}${ok ? '' : `: ${limits.minSamples - row.samples} short`}`,
      ),
    )
  }
  if (limits.maxFalsePositiveRate !== undefined) {
    checks.push(
      rateCheck(
        suite,
        'max_fpr',
        group,
        'FPR',
        row.fpr,
        limits.maxFalsePositiveRate,
        basis,
      ),
    )
  }
  if (limits.maxFalseNegativeRate !== undefined) {
    checks.push(
      rateCheck(
        suite,
        'max_fnr',
        group,
        'FNR',
        row.fnr,
        limits.maxFalseNegativeRate,
        basis,
      ),
    )
  }
  if (limits.maxRegressions !== undefined && regressions !== undefined) {
    checks.push(
      countCheck(
        suite,
        'max_regressions',
        group,
        'regressions',
        regressions,
        limits.maxRegressions,
      ),
    )
  }
  if (limits.maxErrors !== undefined) {
    checks.push(
      countCheck(suite, 'max_errors', group, 'errors', row.errors, limits.maxErrors),
    )
  }
  return checks
}

function countOf(count: number, noun: string): string {
  return `${count} ${count === 1 ? noun.replace(/s$/, '') : noun}`
}

function countCheck(
  suite: SuiteReport,
  name: string,
  group: string,
  noun: string,
  actual: number,
  max: number,
): GateCheck {
  const ok = actual <= max
  return check(
    suite,
    name,
    group,
    ok,
    actual,
    max,
    `${countOf(actual, noun)} ${ok ? '≤' : '>'} ${max}${ok ? '' : `: ${actual - max} too many`}`,
  )
}

function pct(value: number): string {
  return `${(value * 100).toFixed(1)}%`
}

function rateCheck(
  suite: SuiteReport,
  name: string,
  group: string,
  label: string,
  measured: Rate,
  max: number,
  basis: 'point' | 'upper',
): GateCheck {
  if (measured.value === null || measured.ci === null) {
    return check(
      suite,
      name,
      group,
      true,
      null,
      max,
      `${label} n/a (no samples to measure it on)`,
    )
  }
  const actual = basis === 'upper' ? measured.ci.high : measured.value
  const ok = actual <= max
  const what =
    basis === 'upper'
      ? `${label} upper 95% bound ${pct(actual)}`
      : `${label} ${pct(actual)}`
  const over = ok ? '' : `: over by ${((actual - max) * 100).toFixed(1)} points`
  return check(
    suite,
    name,
    group,
    ok,
    actual,
    max,
    `${what} (${measured.k} of ${measured.n}) ${ok ? '≤' : '>'} ${pct(max)}${over}`,
  )
}
