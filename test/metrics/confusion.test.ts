import { describe, expect, it } from 'vitest'
import {
  addOutcome,
  confusionRates,
  emptyConfusion,
  type ConfusionCounts,
  type ConfusionRates,
} from '../../src/metrics/confusion.ts'
import type { Rate } from '../../src/metrics/rate.ts'
import type { Outcome } from '../../src/verdict.ts'

function counts(partial: Partial<ConfusionCounts>): ConfusionCounts {
  return { ...emptyConfusion(), ...partial }
}

/** Every rate of `rates`; F1 is a plain number, not a rate. */
function rateList(rates: ConfusionRates): Rate[] {
  return [rates.fpr, rates.fnr, rates.precision, rates.recall, rates.blockRate]
}

describe('emptyConfusion', () => {
  it('is all zeros, and a new object each time', () => {
    const a = emptyConfusion()
    expect(a).toEqual({ samples: 0, tp: 0, fp: 0, tn: 0, fn: 0, errors: 0 })
    a.tp++
    expect(emptyConfusion().tp).toBe(0)
  })
})

describe('addOutcome', () => {
  it('counts each outcome and each error once, and every sample', () => {
    const outcomes: (Outcome | null)[] = [
      'TP',
      'FP',
      'FP',
      'TN',
      'TN',
      'TN',
      'FN',
      null,
      null,
    ]
    const c = emptyConfusion()
    for (const outcome of outcomes) addOutcome(c, outcome)
    // By hand: TP 1, FP 2, TN 3, FN 1, errors 2; 9 samples.
    expect(c).toEqual({ samples: 9, tp: 1, fp: 2, tn: 3, fn: 1, errors: 2 })
  })
})

describe('confusionRates', () => {
  it('computes every rate of a full table', () => {
    // The "production" row of the design sketch: TP 4, FP 9, TN 295, FN 2, 3 errors.
    const rates = confusionRates(
      counts({ samples: 313, tp: 4, fp: 9, tn: 295, fn: 2, errors: 3 }),
    )
    // By hand; errors are in none of the denominators.
    // FPR = FP/(FP+TN) = 9/(9+295)
    expect(rates.fpr).toMatchObject({ k: 9, n: 304, value: 9 / 304 })
    // FNR = FN/(FN+TP) = 2/(2+4)
    expect(rates.fnr).toMatchObject({ k: 2, n: 6, value: 2 / 6 })
    // precision = TP/(TP+FP) = 4/(4+9)
    expect(rates.precision).toMatchObject({ k: 4, n: 13, value: 4 / 13 })
    // recall = TP/(TP+FN) = 4/(4+2)
    expect(rates.recall).toMatchObject({ k: 4, n: 6, value: 4 / 6 })
    // block rate = (TP+FP)/(TP+FP+TN+FN) = (4+9)/(4+9+295+2)
    expect(rates.blockRate).toMatchObject({ k: 13, n: 310, value: 13 / 310 })
    // F1 = 2TP/(2TP+FP+FN) = 8/(8+9+2)
    expect(rates.f1).toBe(8 / 19)

    // Wilson intervals to 50 digits with Python's `decimal` (see wilson.test.ts).
    const expected = {
      fpr: [0.015652116902337424, 0.055298231710114866],
      fnr: [0.09677141110578048, 0.700006684861608],
      precision: [0.12680703655710512, 0.5763065681945096],
      recall: [0.29999331513839206, 0.9032285888942195],
      blockRate: [0.024668551661785318, 0.07041595034387015],
    } as const
    for (const [name, [low, high]] of Object.entries(expected)) {
      const ci = rates[name as keyof typeof expected].ci
      expect(ci?.low, name).toBeCloseTo(low, 14)
      expect(ci?.high, name).toBeCloseTo(high, 14)
    }
  })

  it('has no rates and no F1 for no samples, or errors only', () => {
    for (const c of [emptyConfusion(), counts({ samples: 3, errors: 3 })]) {
      const rates = confusionRates(c)
      for (const r of rateList(rates)) {
        expect(r).toEqual({ k: 0, n: 0, value: null, ci: null })
      }
      expect(rates.f1).toBeNull()
    }
  })

  it.each([
    // Each row by hand from the definitions; null where the denominator is 0.
    {
      name: 'negatives only: TN 5',
      c: { samples: 5, tn: 5 },
      fpr: 0, // 0/5
      fnr: null, // 0/0
      precision: null, // 0/0
      recall: null, // 0/0
      blockRate: 0, // 0/5
      f1: null, // 0/0
    },
    {
      name: 'positives only, all missed: FN 4',
      c: { samples: 4, fn: 4 },
      fpr: null, // 0/0
      fnr: 1, // 4/4
      precision: null, // 0/0: nothing blocked
      recall: 0, // 0/4
      blockRate: 0, // 0/4
      f1: 0, // 0/(0+0+4)
    },
    {
      name: 'every block wrong: FP 2, TN 2, FN 1',
      c: { samples: 5, fp: 2, tn: 2, fn: 1 },
      fpr: 0.5, // 2/(2+2)
      fnr: 1, // 1/(1+0)
      precision: 0, // 0/(0+2)
      recall: 0, // 0/(0+1)
      blockRate: 0.4, // 2/5
      f1: 0, // 0/(0+2+1)
    },
    {
      name: 'perfect: TP 3, TN 7',
      c: { samples: 10, tp: 3, tn: 7 },
      fpr: 0, // 0/7
      fnr: 0, // 0/3
      precision: 1, // 3/3
      recall: 1, // 3/3
      blockRate: 0.3, // 3/10
      f1: 1, // 6/6
    },
  ])('$name', ({ c, fpr, fnr, precision, recall, blockRate, f1 }) => {
    const rates = confusionRates(counts(c))
    expect(rates.fpr.value).toBe(fpr)
    expect(rates.fnr.value).toBe(fnr)
    expect(rates.precision.value).toBe(precision)
    expect(rates.recall.value).toBe(recall)
    expect(rates.blockRate.value).toBe(blockRate)
    expect(rates.f1).toBe(f1)
    for (const r of rateList(rates)) {
      expect(r.ci === null).toBe(r.value === null)
    }
  })
})
