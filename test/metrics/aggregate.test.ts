import { describe, expect, it } from 'vitest'
import {
  aggregate,
  groupValue,
  type Aggregate,
  type GroupStats,
} from '../../src/metrics/aggregate.ts'
import type { Decision } from '../../src/dataset/schema.ts'
import type { Change, Outcome, Verdict } from '../../src/verdict.ts'

// Outcomes written out here rather than taken from src/metrics/outcome.ts, so that these
// expectations do not lean on the code under test. Positive means blocked.
const OUTCOME: Record<'true' | 'false', Record<Decision, Outcome>> = {
  true: { block: 'TP', allow: 'FN' }, // malicious
  false: { block: 'FP', allow: 'TN' }, // legitimate
}
const RIGHT = new Set<Outcome>(['TP', 'TN'])

interface Row {
  category: string
  /** `model_version`, or undefined for a sample without that field. */
  version?: string
  label: boolean
  baseline: Decision | null
  decision: Decision | null
}

let line = 0

/** A complete Verdict for one sample; null `decision` is an error of the candidate. */
function verdict(row: Row): Verdict {
  line++
  const outcome = row.decision === null ? null : OUTCOME[`${row.label}`][row.decision]
  const baselineOutcome =
    row.baseline === null ? null : OUTCOME[`${row.label}`][row.baseline]
  let change: Change | null = null
  if (outcome !== null && baselineOutcome !== null) {
    const before = RIGHT.has(baselineOutcome)
    const after = RIGHT.has(outcome)
    if (before === after) change = before ? 'kept-right' : 'kept-wrong'
    else change = after ? 'fixed' : 'regressed'
  }
  return {
    v: 1,
    suite: 'production_ab',
    file: 'test_suites/production_ab/data/production_ab_set.jsonl',
    line,
    id: `s${line}`,
    category: row.category,
    fields: row.version === undefined ? {} : { model_version: row.version },
    text: `prompt ${line}`,
    textHash: line.toString(16).padStart(16, '0'),
    label: row.label,
    datasetLabel: row.label,
    feedback: null,
    decision: row.decision,
    detail: null,
    baseline: row.baseline,
    baselineDetail: null,
    outcome,
    baselineOutcome,
    change,
    error:
      row.decision === null ? { code: 'timeout', message: 'no answer in 5000 ms' } : null,
    latencyMs: row.decision === null ? null : 12,
  }
}

const T = true // label: malicious (expected_blocked)
const F = false // label: legitimate

function row(
  category: string,
  version: string | undefined,
  label: boolean,
  baseline: Decision | null,
  decision: Decision | null,
): Row {
  return version === undefined
    ? { category, label, baseline, decision }
    : { category, version, label, baseline, decision }
}

// Sixteen samples: category, model_version, label, baseline decision, candidate decision.
// The comment on each row: its number, candidate outcome / baseline outcome, the change,
// the flip (baseline → candidate); "err" is a missing decision. The production rows come
// before the pii rows so that the sort, not the input order, puts pii first (both 5).
const ROWS: Row[] = [
  row('jailbreak', 'v2', T, 'allow', 'block'), //    1  TP/FN   fixed       a→b
  row('jailbreak', 'v2', T, 'block', 'block'), //    2  TP/TP   kept-right  b→b
  row('jailbreak', 'v1', T, 'block', 'allow'), //    3  FN/TP   regressed   b→a
  row('jailbreak', 'v2', F, 'block', 'allow'), //    4  TN/FP   fixed       b→a
  row('jailbreak', 'v2', T, 'allow', null), //       5  err/FN
  row('jailbreak', undefined, F, 'allow', 'allow'), // 6  TN/TN kept-right a→a
  row('production', 'v1', F, 'allow', 'block'), //   7  FP/TN   regressed   a→b
  row('production', 'v1', F, null, 'allow'), //      8  TN/err
  row('production', 'v2', T, 'allow', 'allow'), //   9  FN/FN   kept-wrong  a→a
  row('production', 'v1', F, 'block', 'block'), //  10  FP/FP   kept-wrong  b→b
  row('production', undefined, F, null, null), //   11  err/err
  row('pii', 'v1', F, 'allow', 'allow'), //         12  TN/TN   kept-right  a→a
  row('pii', 'v2', F, 'allow', 'allow'), //         13  TN/TN   kept-right  a→a
  row('pii', 'v2', T, 'allow', 'block'), //         14  TP/FN   fixed       a→b
  row('pii', 'v2', T, 'allow', 'block'), //         15  TP/FN   fixed       a→b
  row('pii', undefined, F, 'block', 'allow'), //    16  TN/FP   fixed       b→a
]
const VERDICTS = ROWS.map(verdict)

// Counted by hand from the rows above. McNemar p, by hand too:
// min(1, 2 · Σ_{i ≤ m} C(n, i) / 2^n), n = fixed + regressed, m = min(fixed, regressed)
const BY_CATEGORY: GroupStats[] = [
  {
    group: 'jailbreak', // rows 1-6
    // TP 1,2 TN 4,6 FN 3 err 5
    confusion: { samples: 6, tp: 2, fp: 0, tn: 2, fn: 1, errors: 1 },
    // TP 2,3 FP 4 TN 6 FN 1,5
    baseline: { samples: 6, tp: 2, fp: 1, tn: 1, fn: 2, errors: 0 },
    // kept-right 2,6  fixed 1,4  regressed 3
    changes: { keptRight: 2, fixed: 2, regressed: 1, keptWrong: 0, compared: 5 },
    // a→b 1  b→a 3,4  b→b 2  a→a 6
    flips: { allowToBlock: 1, blockToAllow: 2, sameBlock: 1, sameAllow: 1 },
    mcnemarP: 1, // n = 3, m = 1: 2 · (1 + 3) / 8 = 1
  },
  {
    group: 'pii', // rows 12-16
    // TP 14,15 TN 12,13,16
    confusion: { samples: 5, tp: 2, fp: 0, tn: 3, fn: 0, errors: 0 },
    // FP 16 TN 12,13 FN 14,15
    baseline: { samples: 5, tp: 0, fp: 1, tn: 2, fn: 2, errors: 0 },
    // kept-right 12,13  fixed 14,15,16
    changes: { keptRight: 2, fixed: 3, regressed: 0, keptWrong: 0, compared: 5 },
    // a→b 14,15  b→a 16  a→a 12,13
    flips: { allowToBlock: 2, blockToAllow: 1, sameBlock: 0, sameAllow: 2 },
    mcnemarP: 0.25, // n = 3, m = 0: 2 · 1 / 8
  },
  {
    group: 'production', // rows 7-11
    // FP 7,10 TN 8 FN 9 err 11
    confusion: { samples: 5, tp: 0, fp: 2, tn: 1, fn: 1, errors: 1 },
    // FP 10 TN 7 FN 9 err 8,11
    baseline: { samples: 5, tp: 0, fp: 1, tn: 1, fn: 1, errors: 2 },
    // regressed 7  kept-wrong 9,10
    changes: { keptRight: 0, fixed: 0, regressed: 1, keptWrong: 2, compared: 3 },
    // a→b 7  b→b 10  a→a 9
    flips: { allowToBlock: 1, blockToAllow: 0, sameBlock: 1, sameAllow: 1 },
    mcnemarP: 1, // n = 1, m = 0: 2 · 1 / 2
  },
]

const BY_VERSION: GroupStats[] = [
  {
    group: 'v2', // rows 1, 2, 4, 5, 9, 13, 14, 15
    // TP 1,2,14,15 TN 4,13 FN 9 err 5
    confusion: { samples: 8, tp: 4, fp: 0, tn: 2, fn: 1, errors: 1 },
    // TP 2 FP 4 TN 13 FN 1,5,9,14,15
    baseline: { samples: 8, tp: 1, fp: 1, tn: 1, fn: 5, errors: 0 },
    // kept-right 2,13  fixed 1,4,14,15  kept-wrong 9
    changes: { keptRight: 2, fixed: 4, regressed: 0, keptWrong: 1, compared: 7 },
    // a→b 1,14,15  b→a 4  b→b 2  a→a 9,13
    flips: { allowToBlock: 3, blockToAllow: 1, sameBlock: 1, sameAllow: 2 },
    mcnemarP: 0.125, // n = 4, m = 0: 2 · 1 / 16
  },
  {
    group: 'v1', // rows 3, 7, 8, 10, 12
    // FP 7,10 TN 8,12 FN 3
    confusion: { samples: 5, tp: 0, fp: 2, tn: 2, fn: 1, errors: 0 },
    // TP 3 FP 10 TN 7,12 err 8
    baseline: { samples: 5, tp: 1, fp: 1, tn: 2, fn: 0, errors: 1 },
    // kept-right 12  regressed 3,7  kept-wrong 10
    changes: { keptRight: 1, fixed: 0, regressed: 2, keptWrong: 1, compared: 4 },
    // a→b 7  b→a 3  b→b 10  a→a 12
    flips: { allowToBlock: 1, blockToAllow: 1, sameBlock: 1, sameAllow: 1 },
    mcnemarP: 0.5, // n = 2, m = 0: 2 · 1 / 4
  },
  {
    group: '(none)', // rows 6, 11, 16
    // TN 6,16 err 11
    confusion: { samples: 3, tp: 0, fp: 0, tn: 2, fn: 0, errors: 1 },
    // FP 16 TN 6 err 11
    baseline: { samples: 3, tp: 0, fp: 1, tn: 1, fn: 0, errors: 1 },
    // kept-right 6  fixed 16
    changes: { keptRight: 1, fixed: 1, regressed: 0, keptWrong: 0, compared: 2 },
    // b→a 16  a→a 6
    flips: { allowToBlock: 0, blockToAllow: 1, sameBlock: 0, sameAllow: 1 },
    mcnemarP: 1, // n = 1, m = 0: 2 · 1 / 2
  },
]

// The same total for either grouping, counted over the sixteen rows by hand.
const TOTAL: GroupStats = {
  group: 'total',
  // TP 1,2,14,15  FP 7,10  TN 4,6,8,12,13,16  FN 3,9  err 5,11
  confusion: { samples: 16, tp: 4, fp: 2, tn: 6, fn: 2, errors: 2 },
  // TP 2,3  FP 4,10,16  TN 6,7,12,13  FN 1,5,9,14,15  err 8,11
  baseline: { samples: 16, tp: 2, fp: 3, tn: 4, fn: 5, errors: 2 },
  // kept-right 2,6,12,13  fixed 1,4,14,15,16  regressed 3,7  kept-wrong 9,10
  changes: { keptRight: 4, fixed: 5, regressed: 2, keptWrong: 2, compared: 13 },
  // a→b 1,7,14,15  b→a 3,4,16  b→b 2,10  a→a 6,9,12,13
  flips: { allowToBlock: 4, blockToAllow: 3, sameBlock: 2, sameAllow: 4 },
  mcnemarP: 0.453125, // n = 7, m = 2: 2 · (1 + 7 + 21) / 128 = 58/128
}

type Counts = Record<string, number>

/** Adds up the groups' counts, field by field. */
function sumOfGroups(result: Aggregate): Record<string, Counts> {
  const sum = (pick: (g: GroupStats) => object): Counts => {
    const out: Counts = {}
    for (const g of result.groups) {
      for (const [key, value] of Object.entries(pick(g)) as [string, number][]) {
        out[key] = (out[key] ?? 0) + value
      }
    }
    return out
  }
  return {
    confusion: sum((g) => g.confusion),
    baseline: sum((g) => g.baseline),
    changes: sum((g) => g.changes),
    flips: sum((g) => g.flips),
  }
}

describe('aggregate', () => {
  it.each([
    { by: 'category', expected: BY_CATEGORY },
    { by: 'model_version', expected: BY_VERSION },
  ])('counts every group by $by as counted by hand', ({ by, expected }) => {
    const result = aggregate(VERDICTS, by)
    expect(result.by).toBe(by)
    expect(result.groups).toEqual(expected)
    expect(result.total).toEqual(TOTAL)
  })

  it.each(['category', 'model_version'])('adds up the groups to the total (%s)', (by) => {
    const result = aggregate(VERDICTS, by)
    const { total } = result
    expect(sumOfGroups(result)).toEqual({
      confusion: total.confusion,
      baseline: total.baseline,
      changes: total.changes,
      flips: total.flips,
    })
  })

  it('keeps its invariants in every group', () => {
    const result = aggregate(VERDICTS, 'category')
    for (const g of [...result.groups, result.total]) {
      const { confusion: c, baseline: b, changes: ch, flips: f } = g
      expect(c.tp + c.fp + c.tn + c.fn + c.errors).toBe(c.samples)
      expect(b.tp + b.fp + b.tn + b.fn + b.errors).toBe(b.samples)
      expect(b.samples).toBe(c.samples)
      expect(ch.keptRight + ch.fixed + ch.regressed + ch.keptWrong).toBe(ch.compared)
      expect(
        f.allowToBlock + f.blockToAllow + f.sameBlock + f.sameAllow,
      ).toBeLessThanOrEqual(c.samples)
    }
  })

  it('is empty, with n/a everywhere, for no verdicts', () => {
    const result = aggregate([], 'category')
    expect(result.groups).toEqual([])
    expect(result.total.confusion.samples).toBe(0)
    expect(result.total.changes.compared).toBe(0)
    expect(result.total.mcnemarP).toBeNull()
  })

  it('has no McNemar p for a group where nothing was compared', () => {
    // Row 11 alone: neither model decided, so there is no pair to compare.
    const [onlyErrors] = aggregate([VERDICTS[10] as Verdict], 'category').groups
    expect(onlyErrors?.changes.compared).toBe(0)
    expect(onlyErrors?.mcnemarP).toBeNull()
    expect(onlyErrors?.confusion).toEqual({
      samples: 1,
      tp: 0,
      fp: 0,
      tn: 0,
      fn: 0,
      errors: 1,
    })
  })

  it('sorts groups of equal size by name in code-unit order', () => {
    const rows = ['b', 'a', 'B', 'b', 'a', 'B', 'c'].map((category) =>
      verdict({ category, label: F, baseline: 'allow', decision: 'allow' }),
    )
    // Sizes: a 2, b 2, B 2, c 1. Code units: 'B' (66) < 'a' (97) < 'b' (98).
    expect(aggregate(rows, 'category').groups.map((g) => g.group)).toEqual([
      'B',
      'a',
      'b',
      'c',
    ])
  })

  it('reads its input once', () => {
    let passes = 0
    const once: Iterable<Verdict> = {
      [Symbol.iterator]() {
        passes++
        return VERDICTS[Symbol.iterator]()
      },
    }
    expect(aggregate(once, 'category').total.confusion.samples).toBe(16)
    expect(passes).toBe(1)
  })
})

describe('groupValue', () => {
  const withFields = (fields: Record<string, string>): Verdict => ({
    ...verdict({ category: 'jailbreak', label: T, baseline: 'block', decision: 'block' }),
    fields,
  })

  it.each([
    { by: 'category', fields: { category: 'ignored' }, expected: 'jailbreak' },
    {
      by: 'model_version',
      fields: { model_version: 'v2.2_canary' },
      expected: 'v2.2_canary',
    },
    { by: 'shadow_mode', fields: { shadow_mode: 'true' }, expected: 'true' },
    { by: 'source_tool', fields: { source_tool: '' }, expected: '' },
    { by: 'user_risk_tier', fields: {}, expected: '(none)' },
    // Not a field of the sample, though every object has it on its prototype.
    { by: 'constructor', fields: {}, expected: '(none)' },
    { by: 'toString', fields: {}, expected: '(none)' },
  ])('$by of $fields is "$expected"', ({ by, fields, expected }) => {
    expect(groupValue(withFields(fields), by)).toBe(expected)
  })
})
