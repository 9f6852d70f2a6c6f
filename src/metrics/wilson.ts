/** A closed interval of proportions, both ends in [0, 1]. */
export interface Interval {
  low: number
  high: number
}

/**
 * The 0.975 quantile of the standard normal distribution (1.95996398454005423...),
 * as the nearest double: the z of a two-sided 95% interval.
 */
export const Z_95 = 1.959963984540054

/**
 * The Wilson score interval for a proportion of `successes` in `n` trials.
 * Unlike the normal (Wald) interval it stays inside [0, 1] and is not empty at 0 or n.
 *
 * @param z the normal quantile; default 1.959963984540054 (95%, two-sided).
 * @returns null when `n` is 0: no samples, no interval.
 * @throws RangeError when a count is negative or not an integer, or `successes > n`.
 * @example wilsonInterval(81, 263) // { low: 0.2553..., high: 0.3662... }
 */
export function wilsonInterval(successes: number, n: number, z = Z_95): Interval | null {
  checkCount('successes', successes)
  checkCount('n', n)
  if (successes > n) {
    throw new RangeError(
      `wilsonInterval: successes (${successes}) must not exceed n (${n})`,
    )
  }
  if (!(z > 0 && Number.isFinite(z))) {
    throw new RangeError(`wilsonInterval: z must be a positive finite number, got ${z}`)
  }
  if (n === 0) return null

  const p = successes / n
  const z2n = (z * z) / n
  const center = (p + z2n / 2) / (1 + z2n)
  const half = (z / (1 + z2n)) * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))

  // At 0 and n one end is exactly 0 or 1; rounding would leave it a hair off.
  const low = successes === 0 ? 0 : Math.max(0, center - half)
  const high = successes === n ? 1 : Math.min(1, center + half)
  return { low, high }
}

function checkCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(
      `wilsonInterval: ${name} must be a non-negative integer, got ${value}`,
    )
  }
}
