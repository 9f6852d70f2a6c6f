import { describe, expect, it } from 'vitest'
import { mcnemarExact } from '../../src/metrics/mcnemar.ts'

/** |actual - expected| ≤ 1e-12 · expected, or exactly equal. */
function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-12 * expected)
}

/**
 * The exact p-value with integers: 2 · Σ_{i ≤ m} C(n, i) / 2^n, rounded once to a double
 * (BigInt → Number rounds to nearest; the division by 2^n is exact for n ≤ 1000).
 */
function exactByBigInt(b: number, c: number): number {
  const n = b + c
  const m = Math.min(b, c)
  let term = 1n
  let sum = 1n
  for (let i = 0; i < m; i++) {
    term = (term * BigInt(n - i)) / BigInt(i + 1)
    sum += term
  }
  return Math.min(1, Number(2n * sum) / 2 ** n)
}

describe('mcnemarExact', () => {
  // Reference values: the exact p-value as a Fraction, rounded once to a double with
  // Python 3.11's standard library (float(Fraction) rounds correctly):
  //   def p(b, c):
  //       n, m = b + c, min(b, c); term = total = 1
  //       for i in range(m): term = term * (n - i) // (i + 1); total += term
  //       return float(min(Fraction(1), Fraction(2 * total, 2 ** n))) if n else 1.0
  // Rows marked "by hand" also show the arithmetic.
  it.each([
    { b: 0, c: 0, p: 1 }, // by hand: no discordant pairs
    { b: 1, c: 0, p: 1 }, // by hand: 2 · 2^-1 = 1
    { b: 0, c: 5, p: 0.0625 }, // by hand: 2 · 2^-5 = 1/16
    { b: 7, c: 0, p: 0.015625 }, // by hand: 2 · 2^-7 = 1/64
    { b: 5, c: 5, p: 1 }, // b = c: 2 · P(X ≤ n/2) ≥ 1, so 1
    { b: 20, c: 20, p: 1 },
    { b: 2, c: 3, p: 1 }, // by hand: 2 · (1 + 5 + 10) / 32 = 1
    { b: 2, c: 4, p: 0.6875 }, // by hand: 2 · (1 + 6 + 15) / 64 = 44/64
    { b: 3, c: 10, p: 0.09228515625 }, // by hand: 2 · (1 + 13 + 78 + 286) / 2^13
    { b: 10, c: 3, p: 0.09228515625 }, // symmetric in b and c
    { b: 9, c: 3, p: 0.14599609375 }, // by hand: 2 · (1 + 12 + 66 + 220) / 2^12
    { b: 6, c: 14, p: 0.11531829833984375 },
    { b: 41, c: 19, p: 0.0062176026593266705 },
    { b: 15, c: 60, p: 1.5877990745379465e-7 },
    { b: 16, c: 40, p: 0.0018415547884925443 },
    { b: 100, c: 140, p: 0.011664092317677663 },
    { b: 1000, c: 1100, p: 0.030720707864242296 },
    { b: 1000, c: 1500, p: 1.3325871648376252e-23 },
    { b: 12345, c: 12000, p: 0.027471663212771776 },
    { b: 300, c: 2000, p: 1.488543534296058e-307 },
    { b: 0, c: 1000, p: 1.8665272370064378e-301 }, // 2^-999
    { b: 1, c: 1040, p: 8.8444784567433e-311 }, // below the smallest normal double
    { b: 0, c: 1075, p: 5e-324 }, // 2^-1074, the smallest double
    // A million discordant pairs (each took Python about 75 s, exact to the last term).
    { b: 499_000, c: 501_000, p: 0.04560829986538208 },
    { b: 490_000, c: 510_000, p: 5.5443632876992246e-89 },
  ])('($b, $c) = $p', ({ b, c, p }) => {
    expectClose(mcnemarExact(b, c), p)
  })

  it.each([
    // Exactly 0 only where the true value is below half the smallest double: Python's
    // float(Fraction) gives 0.0 for these. 2^-1075 rounds to 0 (ties to even).
    { b: 0, c: 1076 },
    { b: 400_000, c: 600_000 }, // about 10^-8745
  ])('underflows to 0 for ($b, $c)', ({ b, c }) => {
    expect(mcnemarExact(b, c)).toBe(0)
  })

  it('is exactly 1 when b and c differ by at most 1', () => {
    // By symmetry P(X ≤ (n-1)/2) = 1/2 for odd n, and P(X ≤ n/2) > 1/2 for even n.
    for (const m of [1, 2, 17, 1000, 499_999]) {
      expect(mcnemarExact(m, m + 1)).toBe(1)
      expect(mcnemarExact(m + 1, m)).toBe(1)
      expect(mcnemarExact(m, m)).toBe(1)
    }
  })

  it('agrees with the BigInt computation on the reference rows', () => {
    // Checks the oracle below against Python before it is trusted.
    expect(exactByBigInt(41, 19)).toBe(0.0062176026593266705)
    expect(exactByBigInt(100, 140)).toBe(0.011664092317677663)
    expect(exactByBigInt(15, 60)).toBe(1.5877990745379465e-7)
  })

  it('is correctly rounded for every b + c ≤ 48', () => {
    for (let n = 0; n <= 48; n++) {
      for (let b = 0; b <= n; b++) {
        if (mcnemarExact(b, n - b) !== exactByBigInt(b, n - b)) {
          expect.fail(`mcnemarExact(${b}, ${n - b}) is not ${exactByBigInt(b, n - b)}`)
        }
      }
    }
  })

  it('agrees with exact integer arithmetic for every b + c ≤ 160', () => {
    // Covers the exact sums up to 48, and from 49 both ways the tail's largest term is
    // computed (Stirling's table up to 15, the series above).
    for (let n = 0; n <= 160; n++) {
      for (let b = 0; b <= n; b++) {
        const expected = exactByBigInt(b, n - b)
        const actual = mcnemarExact(b, n - b)
        if (!(Math.abs(actual - expected) <= 1e-12 * expected)) {
          expect.fail(`mcnemarExact(${b}, ${n - b}) = ${actual}, expected ${expected}`)
        }
      }
    }
  })

  it('is a probability and falls as the pairs grow more lopsided', () => {
    let previous = 1
    for (let b = 500; b >= 0; b -= 10) {
      const p = mcnemarExact(b, 1000 - b)
      expect(p).toBeGreaterThanOrEqual(0)
      expect(p).toBeLessThanOrEqual(previous)
      previous = p
    }
  })

  it.each([
    { b: -1, c: 3 },
    { b: 1.5, c: 3 },
    { b: 3, c: Number.NaN },
    { b: 3, c: Number.POSITIVE_INFINITY },
  ])('throws a RangeError for ($b, $c)', ({ b, c }) => {
    expect(() => mcnemarExact(b, c)).toThrow(RangeError)
  })
})
