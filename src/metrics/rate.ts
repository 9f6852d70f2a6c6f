import { wilsonInterval, type Interval } from './wilson.ts'

/** A proportion k/n with its 95% Wilson interval; `value` and `ci` are null for n = 0. */
export interface Rate {
  k: number
  n: number
  value: number | null
  ci: Interval | null
}

/**
 * The rate of `k` in `n`. With no samples there is no rate: `value` and `ci` are null
 * (shown as "n/a"), never NaN or 0.
 *
 * @throws RangeError when a count is negative or not an integer, or `k > n`.
 * @example rate(9, 304) // value 0.0296, ci { low: 0.0157, high: 0.0553 }
 */
export function rate(k: number, n: number): Rate {
  const ci = wilsonInterval(k, n)
  return { k, n, value: n === 0 ? null : k / n, ci }
}
