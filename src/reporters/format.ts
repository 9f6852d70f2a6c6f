import type { Rate } from '../metrics/rate.ts'

/** A percentage with two significant digits: 0.0304 → "3.0", 0.333 → "33". */
export function percent(value: number): string {
  const p = value * 100
  if (p === 0 || p === 100) return String(p)
  if (p < 10) return p.toFixed(1)
  return p.toFixed(0)
}

/** A rate with its 95% Wilson interval, e.g. "3.0% (1.6–5.5)"; "n/a" with no samples. */
export function rateWithInterval(rate: Rate): string {
  if (rate.value === null || rate.ci === null) return 'n/a'
  return `${percent(rate.value)}% (${percent(rate.ci.low)}–${percent(rate.ci.high)})`
}

/** A rate alone, e.g. "3.0%"; "n/a" with no samples. */
export function rateOnly(rate: Rate): string {
  return rate.value === null ? 'n/a' : `${percent(rate.value)}%`
}

/** "1 sample", "2 samples". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`
}
