import type { ClientAnswer } from '../clients/types.ts'
import type { Decision, Sample } from '../dataset/schema.ts'
import { changeOf, outcomeOf } from '../metrics/outcome.ts'
import { shownText, textHash, type ReportText } from '../privacy/report-text.ts'
import type { Verdict, VerdictFeedback } from '../verdict.ts'
import type { FeedbackTuple } from './codegen.ts'
import type { FailOn } from './options.ts'

export interface JudgeInput {
  suite: string
  file: string
  line: number
  sample: Sample
  feedback: FeedbackTuple | null
  answer: ClientAnswer
  latencyMs: number
  reportText: ReportText
  feedbackOverridesLabel: boolean
}

const GROUP_FIELDS_SKIPPED = new Set([
  'timestamp',
  'old_model_decision',
  'new_model_decision',
])

/** Turns a sample and the candidate's answer into the verdict its test stores. */
export function judge(input: JudgeInput): Verdict {
  const { sample, answer } = input
  const feedback = feedbackOf(input.feedback)
  const label =
    input.feedbackOverridesLabel && feedback
      ? feedback.correctedDecision === 'block'
      : sample.expected_blocked
  const baseline = sample.metadata.old_model_decision
  const decision = 'error' in answer ? null : answer.decision
  const outcome = decision === null ? null : outcomeOf(label, decision)
  const baselineOutcome = baseline === null ? null : outcomeOf(label, baseline)
  const hash = textHash(sample.text)

  return {
    v: 1,
    suite: input.suite,
    file: input.file,
    line: input.line,
    id: sample.id ?? null,
    category: sample.category,
    fields: groupFields(sample),
    text: shownText(sample.text, input.reportText, hash),
    textHash: hash,
    label,
    datasetLabel: sample.expected_blocked,
    feedback,
    decision,
    detail: 'error' in answer ? null : detailOf(answer),
    baseline,
    baselineDetail: null,
    outcome,
    baselineOutcome,
    change:
      outcome === null || baselineOutcome === null
        ? null
        : changeOf(baselineOutcome, outcome),
    error: 'error' in answer ? answer.error : null,
    latencyMs: Math.round(input.latencyMs * 1000) / 1000,
  }
}

function feedbackOf(tuple: FeedbackTuple | null): VerdictFeedback | null {
  if (tuple === null) return null
  const [type, corrected, conflict, line] = tuple
  return {
    type: type as VerdictFeedback['type'],
    correctedDecision: corrected as Decision,
    conflict,
    line,
  }
}

/** Scalar metadata as strings, for grouping by any field. */
function groupFields(sample: Sample): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(sample.metadata)) {
    if (GROUP_FIELDS_SKIPPED.has(key)) continue
    if (
      typeof value === 'string' ||
      typeof value === 'number' ||
      typeof value === 'boolean'
    ) {
      fields[key] = String(value)
    } else if (value === null) {
      fields[key] = '(none)'
    }
  }
  return fields
}

function detailOf(answer: {
  score?: number
  categories?: Record<string, number>
}): Verdict['detail'] {
  if (answer.score === undefined && answer.categories === undefined) return null
  return {
    ...(answer.score === undefined ? {} : { score: answer.score }),
    ...(answer.categories === undefined ? {} : { categories: answer.categories }),
  }
}

/** Why a sample's test fails under the suite's policy, or null when it passes. */
export function failureOf(
  verdict: Verdict,
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

function mismatchFailure(verdict: Verdict): { name: string; message: string } {
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
