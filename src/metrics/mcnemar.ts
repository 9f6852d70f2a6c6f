/**
 * Two-sided exact McNemar test of a candidate against its baseline: the binomial test
 * of the discordant pairs, `b` of one kind and `c` of the other, with p = 1/2.
 * Returns min(1, 2 · P(X ≤ min(b, c))) for X ~ Binomial(b + c, 1/2), and 1 when
 * there are no discordant pairs.
 *
 * Correctly rounded up to 48 pairs (exact integer sums). Above, accurate to about 1e-12
 * (relative) for any counts, including millions of pairs: the largest term of the tail
 * comes from a saddle-point formula in log space, the others from the ratio of
 * neighbouring terms. Returns 0 only when the p-value is below the smallest double.
 *
 * @throws RangeError when a count is negative or not an integer.
 * @example mcnemarExact(41, 19) // 0.00621...
 */
export function mcnemarExact(b: number, c: number): number {
  checkCount('b', b)
  checkCount('c', c)
  const n = b + c
  const m = Math.min(b, c)
  // |b - c| ≤ 1 means P(X ≤ m) ≥ 1/2 by symmetry: the p-value is exactly 1.
  if (Math.abs(b - c) <= 1) return 1
  // m = 0: the p-value is 2 · 2^-n, a power of two, exact down to the smallest double.
  if (m === 0) return Math.min(1, 2 ** (1 - n))

  if (n <= EXACT_UP_TO) return Math.min(1, (2 * binomialSum(m, n)) / 2 ** n)

  const logP = Math.LN2 + logHalfBinomial(m, n) + Math.log(tailOverTerm(m, n))
  return Math.min(1, Math.exp(logP))
}

/**
 * Up to this n, every C(n, i) and every product C(n, i) · (n - i) is an integer below
 * 2^53, so the sum below is exact and the p-value is correctly rounded.
 */
const EXACT_UP_TO = 48

/** Σ_{i ≤ m} C(n, i), exactly for n ≤ EXACT_UP_TO. */
function binomialSum(m: number, n: number): number {
  let term = 1
  let sum = 1
  for (let i = 0; i < m; i++) {
    term = (term * (n - i)) / (i + 1)
    sum += term
  }
  return sum
}

/**
 * P(X ≤ m) / P(X = m) for X ~ Binomial(n, 1/2), m ≤ n/2, summed downwards from m
 * with P(X = i - 1) / P(X = i) = i / (n - i + 1) until the rest cannot matter.
 */
function tailOverTerm(m: number, n: number): number {
  let sum = 1
  let term = 1
  for (let i = m; i > 0; i--) {
    term *= i / (n - i + 1)
    sum += term
    // The ratios shrink as i falls, so the terms left are bounded by a geometric series.
    const ratio = (i - 1) / (n - i + 2)
    if ((term * ratio) / (1 - ratio) < sum * 2 ** -60) break
  }
  return sum
}

/**
 * ln P(X = x) for X ~ Binomial(n, 1/2) and 0 < x < n, by Loader's saddle-point
 * formula: Stirling's corrections and the deviance terms stay small, so nothing
 * large cancels, unlike ln C(n, x) from log-gamma values.
 */
function logHalfBinomial(x: number, n: number): number {
  const half = n / 2
  const y = n - x
  const corrections = stirlingError(n) - stirlingError(x) - stirlingError(y)
  const deviance = devianceTerm(x, half) + devianceTerm(y, half)
  return corrections - deviance + 0.5 * Math.log(n / (2 * Math.PI * x * y))
}

/**
 * ln(k!) - ((k + 1/2) ln k - k + ln(2π) / 2) for integers k ≥ 1. Up to 15 from a
 * table computed to 25 digits with Python's `decimal`; above, Stirling's series,
 * whose first omitted term (691 / (360360 k^11)) is below 1.1e-16 from k = 16.
 */
function stirlingError(k: number): number {
  if (k <= 15) return STIRLING_ERRORS[k] ?? Number.NaN
  const k2 = k * k
  return (
    (1 / 12 - (1 / 360 - (1 / 1260 - (1 / 1680 - 1 / (1188 * k2)) / k2) / k2) / k2) / k
  )
}

const STIRLING_ERRORS: readonly number[] = [
  Number.NaN, // k = 0 is never asked for: both ends of the tail are handled apart
  0.08106146679532726,
  0.0413406959554093,
  0.02767792568499834,
  0.020790672103765093,
  0.016644691189821193,
  0.013876128823070748,
  0.01189670994589177,
  0.010411265261972096,
  0.009255462182712733,
  0.00833056343336287,
  0.007573675487951841,
  0.00694284010720953,
  0.006408994188004207,
  0.0059513701127588475,
  0.005554733551962801,
]

/**
 * x ln(x / mean) + mean - x, which is ≥ 0 and small when x is near the mean. There the
 * direct formula would cancel, so it uses the series in v = (x - mean) / (x + mean):
 * (x - mean) v + 2x (v³/3 + v⁵/5 + ...).
 */
function devianceTerm(x: number, mean: number): number {
  const diff = x - mean
  if (Math.abs(diff) >= 0.1 * (x + mean)) return x * Math.log(x / mean) - diff

  const v = diff / (x + mean)
  const v2 = v * v
  let sum = diff * v
  let power = 2 * x * v
  for (let j = 3; ; j += 2) {
    power *= v2
    const next = sum + power / j
    if (next === sum) return sum
    sum = next
  }
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `mcnemarExact: ${name} must be a non-negative integer, got ${value}`,
    )
  }
}
