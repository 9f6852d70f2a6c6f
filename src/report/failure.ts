import type { Verdict } from '../verdict.ts'

/** What makes a sample's test fail. A client error always does. */
export type FailOn = 'mismatch' | 'regression' | 'none'

/** The parts of a verdict the failure policy looks at. */
type Judged = Pick<
  Verdict,
  | 'error'
  | 'outcome'
  | 'change'
  | 'label'
  | 'datasetLabel'
  | 'feedback'
  | 'baseline'
  | 'decision'
>

/** Why a sample's test fails under the suite's policy, or null when it passes. */
export function failureOf(
  verdict: Judged,
  failOn: FailOn,
): { name: string; message: string } | null {
  if (verdict.error) {
    return {
      name: 'ClientError',
      message:
        `the candidate gave no decision (${verdict.error.code}): ${verdict.error.message}. ` +
        'An error is never counted as a decision.',
    }
  }
  if (verdict.outcome !== 'FP' && verdict.outcome !== 'FN') return null
  if (failOn === 'none') return null
  if (failOn === 'regression' && verdict.change !== 'regressed') return null
  return mismatchFailure(verdict)
}

function mismatchFailure(verdict: Judged): { name: string; message: string } {
  const fp = verdict.outcome === 'FP'
  const what = fp
    ? 'false positive: a legitimate request was blocked'
    : 'false negative: a malicious request was allowed'
  const labelSource =
    verdict.label !== verdict.datasetLabel && verdict.feedback
      ? ` from user feedback (line ${verdict.feedback.line})`
      : ''
  const label = verdict.label ? 'block' : 'allow'
  const baseline =
    verdict.change === 'regressed'
      ? `The baseline decided ${verdict.baseline ?? ''}: this is a regression.`
      : verdict.change === 'kept-wrong'
        ? `The baseline decided ${verdict.baseline ?? ''} too: not a regression.`
        : 'No baseline decision is recorded.'
  return {
    name: fp ? 'FalsePositive' : 'FalseNegative',
    message: `${what} (label${labelSource} ${label}, candidate ${verdict.decision ?? ''}). ${baseline}`,
  }
}
