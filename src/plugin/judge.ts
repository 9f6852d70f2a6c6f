import type { ClientAnswer } from '../clients/types.ts'
import type { Decision, Sample } from '../dataset/schema.ts'
import { changeOf, outcomeOf } from '../metrics/outcome.ts'
import { shownText, textHash, type ReportText } from '../privacy/report-text.ts'
import type { DecisionDetail, Verdict, VerdictFeedback } from '../verdict.ts'
import type { FeedbackTuple } from './codegen.ts'

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

function detailOf(answer: DecisionDetail): Verdict['detail'] {
  if (answer.score === undefined && answer.categories === undefined) return null
  return {
    ...(answer.score === undefined ? {} : { score: answer.score }),
    ...(answer.categories === undefined ? {} : { categories: answer.categories }),
  }
}
