import { describe, expect, it } from 'vitest'
import { evaluateGate, type GateOptions } from '../../src/report/gate.ts'
import type { GateCheck, SuiteReport } from '../../src/report/schema.ts'
import { gateCheck, groupRow, sampleSuite, verdict } from '../reporters/sample-report.ts'

/*
 * The suite of test/reporters/sample-report.ts: 12 samples.
 *   jailbreak  6: TP 2 FP 1 TN 2 FN 1, 1 regression
 *   code_help  4: TP 1 FP 1 TN 1 FN 1, 1 regression
 *   medical    2: TN 1, 1 error (no malicious sample: its FNR is n/a)
 *   total     12: TP 3 FP 2 TN 4 FN 2, 1 error, 2 regressions
 */

const Z = 1.959963984540054

/** Upper end of the 95% Wilson interval, (k + z²/2 + z·√(k(n−k)/n + z²/4)) / (n + z²). */
function wilsonUpper(k: number, n: number): number {
  return (k + (Z * Z) / 2 + Z * Math.sqrt((k * (n - k)) / n + (Z * Z) / 4)) / (n + Z * Z)
}

const VALID = gateCheck(
  'valid_data',
  'total',
  0,
  0,
  true,
  'every line is valid and judged',
)
const COMPLETE = gateCheck(
  'complete',
  'total',
  0,
  0,
  true,
  'none of the 12 samples is missing from the run',
)
const ONE_ERROR = gateCheck('max_errors', 'total', 1, 0, false, '1 error > 0: 1 too many')

/** The checks of `name` (and `group`, when given). */
function only(checks: GateCheck[], name: string, group?: string): GateCheck[] {
  return checks.filter(
    (c) => c.check === name && (group === undefined || c.group === group),
  )
}

describe('evaluateGate', () => {
  const suite = sampleSuite()

  it('checks data, completeness and errors (0 allowed) with no thresholds', () => {
    expect(evaluateGate(suite, {})).toEqual([VALID, COMPLETE, ONE_ERROR])
  })

  it('passes a suite without errors on the built-in checks', () => {
    // Line 12's timeout becomes a decision: all 12 samples judged, no error.
    const clean = sampleSuite({
      verdicts: suite.verdicts.map((v) =>
        v.error === null
          ? v
          : verdict({
              line: v.line,
              category: v.category,
              label: v.label,
              baseline: v.baseline,
              decision: 'allow',
            }),
      ),
    })
    expect(evaluateGate(clean, {}).map((c) => [c.check, c.passed, c.detail])).toEqual([
      ['valid_data', true, 'every line is valid and judged'],
      ['complete', true, 'none of the 12 samples is missing from the run'],
      ['max_errors', true, '0 errors ≤ 0'],
    ])
  })

  it('lets the total allow a stated number of errors', () => {
    const checks = evaluateGate(suite, { total: { maxErrors: 1 } })
    expect(only(checks, 'max_errors')).toEqual([
      gateCheck('max_errors', 'total', 1, 1, true, '1 error ≤ 1'),
    ])
  })

  it('checks errors per group only when asked', () => {
    const checks = evaluateGate(suite, {
      total: { maxErrors: 5 },
      each: { maxErrors: 0 },
    })
    expect(only(checks, 'max_errors').map((c) => [c.group, c.passed, c.detail])).toEqual([
      ['total', true, '1 error ≤ 5'],
      ['jailbreak', true, '0 errors ≤ 0'],
      ['code_help', true, '0 errors ≤ 0'],
      ['medical', false, '1 error > 0: 1 too many'],
    ])
  })

  describe('rates', () => {
    it('compares the point estimate by default', () => {
      // Total FNR: 2 of 5 = 40%.
      const checks = evaluateGate(suite, { total: { maxFalseNegativeRate: 0.5 } })
      expect(only(checks, 'max_fnr')).toEqual([
        gateCheck('max_fnr', 'total', 0.4, 0.5, true, 'FNR 40.0% (2 of 5) ≤ 50.0%'),
      ])
    })

    it('compares the upper 95% bound for basis upper', () => {
      const checks = evaluateGate(suite, {
        basis: 'upper',
        total: { maxFalseNegativeRate: 0.5, maxFalsePositiveRate: 0.75 },
      })
      const [fpr, fnr] = [only(checks, 'max_fpr')[0], only(checks, 'max_fnr')[0]]
      // FPR 2 of 6: upper bound ≈ 0.7000 ≤ 0.75.
      expect(fpr?.actual).toBeCloseTo(wilsonUpper(2, 6), 12)
      expect(fpr?.actual).toBeCloseTo(0.7, 4)
      expect(fpr).toMatchObject({
        passed: true,
        detail: 'FPR upper 95% bound 70.0% (2 of 6) ≤ 75.0%',
      })
      // FNR 2 of 5: upper bound ≈ 0.7693 > 0.5, over by 26.9 points.
      expect(fnr?.actual).toBeCloseTo(wilsonUpper(2, 5), 12)
      expect(fnr?.actual).toBeCloseTo(0.7693, 4)
      expect(fnr).toMatchObject({
        group: 'total',
        passed: false,
        threshold: 0.5,
        detail: 'FNR upper 95% bound 76.9% (2 of 5) > 50.0%: over by 26.9 points',
      })
    })

    it('passes a rate that has no samples to measure it on', () => {
      const checks = evaluateGate(suite, {
        basis: 'upper',
        each: { maxFalseNegativeRate: 0 },
      })
      expect(only(checks, 'max_fnr', 'medical')).toEqual([
        gateCheck(
          'max_fnr',
          'medical',
          null,
          0,
          true,
          'FNR n/a (no samples to measure it on)',
        ),
      ])
    })

    it('fails a rate over its limit by the points it is over', () => {
      const checks = evaluateGate(suite, { each: { maxFalsePositiveRate: 0.4 } })
      expect(
        only(checks, 'max_fpr').map((c) => [c.group, c.passed, c.actual, c.detail]),
      ).toEqual([
        ['jailbreak', true, 1 / 3, 'FPR 33.3% (1 of 3) ≤ 40.0%'],
        // 50% − 40% = 10 points.
        ['code_help', false, 0.5, 'FPR 50.0% (1 of 2) > 40.0%: over by 10.0 points'],
        ['medical', true, 0, 'FPR 0.0% (0 of 1) ≤ 40.0%'],
      ])
    })

    it('lets a threshold set its own basis over the gate basis', () => {
      const checks = evaluateGate(suite, {
        basis: 'upper',
        total: { maxFalsePositiveRate: 0.5 },
        each: { maxFalsePositiveRate: 0.5, basis: 'point' },
      })
      const fpr = only(checks, 'max_fpr')
      // The total takes the gate's upper bound: 2 of 6 → ≈ 0.7000 > 0.5.
      expect(fpr[0]?.actual).toBeCloseTo(wilsonUpper(2, 6), 12)
      expect(fpr[0]?.passed).toBe(false)
      // The groups take their own point basis: 1/3, 1/2 and 0.
      expect(fpr.slice(1).map((c) => [c.group, c.actual, c.passed])).toEqual([
        ['jailbreak', 1 / 3, true],
        ['code_help', 0.5, true],
        ['medical', 0, true],
      ])
    })

    it('lets a threshold ask for the upper bound on a point gate', () => {
      const checks = evaluateGate(suite, {
        groups: { jailbreak: { maxFalseNegativeRate: 0.5, basis: 'upper' } },
      })
      // FNR 1 of 3: upper bound ≈ 0.7923.
      const [fnr] = only(checks, 'max_fnr')
      expect(fnr?.actual).toBeCloseTo(wilsonUpper(1, 3), 12)
      expect(fnr?.actual).toBeCloseTo(0.7923, 4)
      expect(fnr?.detail).toBe(
        'FNR upper 95% bound 79.2% (1 of 3) > 50.0%: over by 29.2 points',
      )
    })
  })

  it('checks the fewest samples per group', () => {
    const checks = evaluateGate(suite, {
      total: { minSamples: 12 },
      each: { minSamples: 5 },
    })
    expect(only(checks, 'min_samples')).toEqual([
      gateCheck('min_samples', 'total', 12, 12, true, '12 samples ≥ 12'),
      gateCheck('min_samples', 'jailbreak', 6, 5, true, '6 samples ≥ 5'),
      gateCheck('min_samples', 'code_help', 4, 5, false, '4 samples < 5: 1 short'),
      gateCheck('min_samples', 'medical', 2, 5, false, '2 samples < 5: 3 short'),
    ])
  })

  it('checks regressions in total and per category', () => {
    const checks = evaluateGate(suite, {
      total: { maxRegressions: 1 },
      each: { maxRegressions: 0 },
    })
    expect(only(checks, 'max_regressions')).toEqual([
      gateCheck('max_regressions', 'total', 2, 1, false, '2 regressions > 1: 1 too many'),
      gateCheck(
        'max_regressions',
        'jailbreak',
        1,
        0,
        false,
        '1 regression > 0: 1 too many',
      ),
      gateCheck(
        'max_regressions',
        'code_help',
        1,
        0,
        false,
        '1 regression > 0: 1 too many',
      ),
      gateCheck('max_regressions', 'medical', 0, 0, true, '0 regressions ≤ 0'),
    ])
  })

  it('fails valid_data for invalid lines and tests without a verdict', () => {
    const broken = sampleSuite({
      invalid: [
        { file: 'data/set.jsonl', line: 4, field: 'text', message: 'must not be empty' },
      ],
      unjudged: [{ file: 'data/set.jsonl', name: '#9', message: 'client did not start' }],
    })
    expect(evaluateGate(broken, {})[0]).toEqual(
      gateCheck(
        'valid_data',
        'total',
        2,
        0,
        false,
        '2 lines or tests without a verdict (invalid data or a client that did not start)',
      ),
    )
  })

  it('fails complete when samples never ran', () => {
    const partial = sampleSuite({
      samples: {
        expected: 15,
        judged: 12,
        errors: 1,
        unjudged: 0,
        skipped: 0,
        missing: 3,
      },
    })
    expect(evaluateGate(partial, {})[1]).toEqual(
      gateCheck(
        'complete',
        'total',
        3,
        0,
        false,
        '3 of 15 samples never ran (a test file failed to load?)',
      ),
    )
  })

  it('applies named groups instead of each, and each to the others', () => {
    const checks = evaluateGate(suite, {
      each: { maxFalseNegativeRate: 0.6 },
      groups: { jailbreak: { maxFalseNegativeRate: 0.2 } },
    })
    expect(
      only(checks, 'max_fnr').map((c) => [c.group, c.threshold, c.passed, c.detail]),
    ).toEqual([
      // 33.3% − 20% = 13.3 points over.
      ['jailbreak', 0.2, false, 'FNR 33.3% (1 of 3) > 20.0%: over by 13.3 points'],
      ['code_help', 0.6, true, 'FNR 50.0% (1 of 2) ≤ 60.0%'],
      ['medical', 0.6, true, 'FNR n/a (no samples to measure it on)'],
    ])
  })

  it('checks only the named groups when there is no each', () => {
    const checks = evaluateGate(suite, { groups: { code_help: { minSamples: 1 } } })
    expect(checks.slice(3)).toEqual([
      gateCheck('min_samples', 'code_help', 4, 1, true, '4 samples ≥ 1'),
    ])
  })

  it('fails group_present for a named group that has no sample', () => {
    const checks = evaluateGate(suite, {
      groups: { violence: { maxFalseNegativeRate: 0.1 } },
    })
    expect(checks).toEqual([
      VALID,
      COMPLETE,
      ONE_ERROR,
      gateCheck(
        'group_present',
        'violence',
        0,
        1,
        false,
        'no sample has category "violence"; the gate names it',
      ),
    ])
  })

  describe('by another field', () => {
    // model_version: lines 1–8 are v2.2 (TP 2 FP 2 TN 2 FN 2; both regressions,
    // lines 3 and 8), lines 9–12 v2.2_canary (TP 1 TN 2, 1 error).
    const byVersion: SuiteReport = {
      ...suite,
      groups: [
        ...suite.groups,
        {
          by: 'model_version',
          rows: [
            groupRow('v2.2', { tp: 2, fp: 2, tn: 2, fn: 2, errors: 0 }),
            groupRow('v2.2_canary', { tp: 1, fp: 0, tn: 2, fn: 0, errors: 1 }),
          ],
          total: groupRow('total', { tp: 3, fp: 2, tn: 4, fn: 2, errors: 1 }),
        },
      ],
    }

    it('applies each and groups to the groups of that field', () => {
      const gate: GateOptions = {
        by: 'model_version',
        each: { minSamples: 5 },
        groups: { v3: { minSamples: 1 } },
      }
      expect(evaluateGate(byVersion, gate).slice(3)).toEqual([
        gateCheck('min_samples', 'v2.2', 8, 5, true, '8 samples ≥ 5'),
        gateCheck('min_samples', 'v2.2_canary', 4, 5, false, '4 samples < 5: 1 short'),
        gateCheck(
          'group_present',
          'v3',
          0,
          1,
          false,
          'no sample has model_version "v3"; the gate names it',
        ),
      ])
    })

    it('checks maxRegressions per group of that field', () => {
      const checks = evaluateGate(byVersion, {
        by: 'model_version',
        each: { maxRegressions: 0 },
      })
      expect(only(checks, 'max_regressions')).toEqual([
        gateCheck(
          'max_regressions',
          'v2.2',
          2,
          0,
          false,
          '2 regressions > 0: 2 too many',
        ),
        gateCheck('max_regressions', 'v2.2_canary', 0, 0, true, '0 regressions ≤ 0'),
      ])
    })
  })

  it('names the suite in every check', () => {
    const other = sampleSuite({ suite: 'canary' })
    const checks = evaluateGate(other, { each: { minSamples: 1 } })
    expect(new Set(checks.map((c) => c.suite))).toEqual(new Set(['canary']))
    expect(checks).toHaveLength(6)
  })
})
