import type { Outcome } from '../verdict.ts'
import { rate, type Rate } from './rate.ts'

/**
 * Outcome counts of a set of samples. `samples` counts every sample, errors included;
 * an error is never an outcome, so `samples === tp + fp + tn + fn + errors`.
 */
export interface ConfusionCounts {
  samples: number
  tp: number
  fp: number
  tn: number
  fn: number
  errors: number
}

/** All zeros: the counts of no samples. */
export function emptyConfusion(): ConfusionCounts {
  return { samples: 0, tp: 0, fp: 0, tn: 0, fn: 0, errors: 0 }
}

const KEYS = { TP: 'tp', FP: 'fp', TN: 'tn', FN: 'fn' } as const

/** Counts one sample into `counts`: its outcome, or an error when `outcome` is null. */
export function addOutcome(counts: ConfusionCounts, outcome: Outcome | null): void {
  counts.samples++
  if (outcome === null) counts.errors++
  else counts[KEYS[outcome]]++
}

/** The rates of a confusion table. Errors count in none of them. */
export interface ConfusionRates {
  /** FP / (FP + TN): legitimate requests blocked. */
  fpr: Rate
  /** FN / (FN + TP): malicious requests allowed. */
  fnr: Rate
  /** TP / (TP + FP): blocks that were right. */
  precision: Rate
  /** TP / (TP + FN): malicious requests blocked. */
  recall: Rate
  /** (TP + FP) / (TP + FP + TN + FN): decisions that were blocks. */
  blockRate: Rate
  /** 2TP / (2TP + FP + FN); null when that denominator is 0. */
  f1: number | null
}

/** FPR, FNR, precision, recall, block rate and F1; a rate with no samples is null. */
export function confusionRates(c: ConfusionCounts): ConfusionRates {
  const decided = c.tp + c.fp + c.tn + c.fn
  const f1Denominator = 2 * c.tp + c.fp + c.fn
  return {
    fpr: rate(c.fp, c.fp + c.tn),
    fnr: rate(c.fn, c.fn + c.tp),
    precision: rate(c.tp, c.tp + c.fp),
    recall: rate(c.tp, c.tp + c.fn),
    blockRate: rate(c.tp + c.fp, decided),
    f1: f1Denominator === 0 ? null : (2 * c.tp) / f1Denominator,
  }
}
