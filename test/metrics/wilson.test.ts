import { describe, expect, it } from 'vitest'
import { wilsonInterval } from '../../src/metrics/wilson.ts'

const Z = 1.959963984540054

/** |actual - expected| ≤ 1e-12 · |expected|, or exactly equal. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * Math.abs(expected))
}

describe('wilsonInterval', () => {
  // Reference values: the Wilson formula evaluated to 50 digits with Python's `decimal`
  // module (getcontext().prec = 50) for z = Decimal(1.959963984540054), then printed
  // as doubles with repr(float(...)):
  //   p = k/n; d = 1 + z*z/n; center = (p + z*z/(2n)) / d
  //   half = z/d * sqrt(p(1-p)/n + z*z/(4n*n))
  //   interval = [max(0, center - half), min(1, center + half)]
  it.each([
    { k: 0, n: 1, low: 0, high: 0.7934506856227626 },
    { k: 1, n: 1, low: 0.20654931437723742, high: 1 },
    { k: 0, n: 5, low: 0, high: 0.43448246478317476 },
    { k: 5, n: 5, low: 0.5655175352168252, high: 1 },
    { k: 0, n: 20, low: 0, high: 0.16112515805281935 },
    { k: 1, n: 29, low: 0.006113214292762661, high: 0.17175521879320285 },
    { k: 15, n: 148, low: 0.06238639953073628, high: 0.16048724172330803 },
    { k: 81, n: 263, low: 0.2552885198782742, high: 0.36620957698280004 },
    { k: 5, n: 10, low: 0.236593090512564, high: 0.7634069094874361 },
    { k: 3, n: 7, low: 0.1582198552514697, high: 0.7495416354723428 },
    { k: 50, n: 100, low: 0.4038315303659956, high: 0.5961684696340044 },
    { k: 9, n: 304, low: 0.015652116902337424, high: 0.055298231710114866 },
    { k: 1, n: 1_000_000, low: 1.765245767453715e-7, high: 5.664911804311442e-6 },
    { k: 999_999, n: 1_000_000, low: 0.9999943350881957, high: 0.9999998234754233 },
  ])('($k, $n) matches the 50-digit reference', ({ k, n, low, high }) => {
    const interval = wilsonInterval(k, n)
    expect(interval).not.toBeNull()
    expectClose(interval?.low ?? Number.NaN, low)
    expectClose(interval?.high ?? Number.NaN, high)
  })

  // Newcombe (1998), "Two-sided confidence intervals for the single proportion",
  // Statistics in Medicine 17:857-872, table II, Wilson score method, to 4 decimals.
  it.each([
    { k: 81, n: 263, low: 0.2553, high: 0.3662 },
    { k: 15, n: 148, low: 0.0624, high: 0.1605 },
    { k: 0, n: 20, low: 0, high: 0.1611 },
    { k: 1, n: 29, low: 0.0061, high: 0.1718 },
  ])('($k, $n) matches the published interval', ({ k, n, low, high }) => {
    const interval = wilsonInterval(k, n)
    expect(interval?.low).toBeCloseTo(low, 4)
    expect(interval?.high).toBeCloseTo(high, 4)
  })

  it('has the closed forms at k = 0 and k = n', () => {
    // k = 0: center = half = (z²/2n) / (1 + z²/n), so low = 0 and high = z² / (n + z²).
    // n = 20: 3.841458820694124 / 23.841458820694124 = 0.16112515805281935
    expect(wilsonInterval(0, 20)?.low).toBe(0)
    expectClose(wilsonInterval(0, 20)?.high ?? Number.NaN, (Z * Z) / (20 + Z * Z))
    // k = n is the mirror image: low = n / (n + z²), high = 1.
    expect(wilsonInterval(20, 20)?.high).toBe(1)
    expectClose(wilsonInterval(20, 20)?.low ?? Number.NaN, 20 / (20 + Z * Z))
  })

  it('has ends that solve (k/n - p)² = z² p (1 - p) / n', () => {
    // The Wilson interval is the set of p the score test does not reject; its ends are
    // the roots of that quadratic. k = 3, n = 7 as in the table above.
    const { low, high } = wilsonInterval(3, 7) ?? { low: Number.NaN, high: Number.NaN }
    for (const p of [low, high]) {
      const lhs = (3 / 7 - p) ** 2
      const rhs = (Z * Z * p * (1 - p)) / 7
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-15)
    }
  })

  it.each([
    // Same reference computation with z = 1 and with z = 2.5758293035489004 (99%).
    { z: 1, low: 0.25281475095139694, high: 0.46147096333431736 },
    { z: 2.5758293035489004, low: 0.14639344137693883, high: 0.6283381789526872 },
  ])('takes another z ($z)', ({ z, low, high }) => {
    const interval = wilsonInterval(7, 20, z)
    expectClose(interval?.low ?? Number.NaN, low)
    expectClose(interval?.high ?? Number.NaN, high)
  })

  it('is null with no samples', () => {
    expect(wilsonInterval(0, 0)).toBeNull()
  })

  it('stays inside [0, 1] and contains k/n', () => {
    for (let n = 1; n <= 60; n++) {
      for (let k = 0; k <= n; k++) {
        const interval = wilsonInterval(k, n)
        if (interval === null) throw new Error('expected an interval')
        expect(interval.low).toBeGreaterThanOrEqual(0)
        expect(interval.high).toBeLessThanOrEqual(1)
        expect(interval.low).toBeLessThanOrEqual(k / n)
        expect(interval.high).toBeGreaterThanOrEqual(k / n)
      }
    }
  })

  it.each([
    { k: -1, n: 5 },
    { k: 1.5, n: 5 },
    { k: 6, n: 5 },
    { k: 0, n: -1 },
    { k: 0, n: 2.5 },
    { k: Number.NaN, n: 5 },
    { k: 0, n: Number.POSITIVE_INFINITY },
  ])('throws a RangeError for ($k, $n)', ({ k, n }) => {
    expect(() => wilsonInterval(k, n)).toThrow(RangeError)
  })

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])(
    'throws a RangeError for z = %s',
    (z) => {
      expect(() => wilsonInterval(1, 2, z)).toThrow(RangeError)
    },
  )
})
