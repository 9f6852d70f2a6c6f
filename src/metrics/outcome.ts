import type { Decision } from '../dataset/schema.ts'
import type { Change, Outcome } from '../verdict.ts'

/** The outcome of `decision` on a sample whose label is `expectedBlocked`. */
export function outcomeOf(expectedBlocked: boolean, decision: Decision): Outcome {
  if (decision === 'block') return expectedBlocked ? 'TP' : 'FP'
  return expectedBlocked ? 'FN' : 'TN'
}

function isCorrect(outcome: Outcome): boolean {
  return outcome === 'TP' || outcome === 'TN'
}

/** How the candidate's outcome compares with the baseline's. */
export function changeOf(baseline: Outcome, candidate: Outcome): Change {
  const before = isCorrect(baseline)
  const after = isCorrect(candidate)
  if (before && after) return 'kept-right'
  if (!before && !after) return 'kept-wrong'
  return after ? 'fixed' : 'regressed'
}
