import { describe, expect, it } from 'vitest'
import { rate } from '../../src/metrics/rate.ts'

describe('rate', () => {
  it('is null, not NaN or 0, with no samples', () => {
    expect(rate(0, 0)).toEqual({ k: 0, n: 0, value: null, ci: null })
  })

  // value: k/n by hand. ci: the Wilson interval to 50 digits with Python's `decimal`
  // (see wilson.test.ts for the formula), printed as doubles.
  it.each([
    {
      k: 9,
      n: 304,
      value: 9 / 304,
      low: 0.015652116902337424,
      high: 0.055298231710114866,
    },
    { k: 2, n: 6, value: 1 / 3, low: 0.09677141110578048, high: 0.700006684861608 },
    { k: 0, n: 5, value: 0, low: 0, high: 0.43448246478317476 },
  ])('rate($k, $n)', ({ k, n, value, low, high }) => {
    const result = rate(k, n)
    expect(result.k).toBe(k)
    expect(result.n).toBe(n)
    expect(result.value).toBe(value)
    expect(result.ci?.low).toBeCloseTo(low, 14)
    expect(result.ci?.high).toBeCloseTo(high, 14)
  })

  it('throws a RangeError when k > n', () => {
    expect(() => rate(3, 2)).toThrow(RangeError)
  })
})
