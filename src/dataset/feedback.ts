import type { Feedback, Sample } from './schema.ts'
import type { JsonlRecord } from './reader.ts'

/** Feedback joined to one sample. */
export interface JoinedFeedback {
  record: Feedback
  /** 1-based line in the feedback file. */
  line: number
  /** The user's correction disagrees with the sample's `expected_blocked`. */
  conflict: boolean
}

/** The result of joining feedback to the samples of a suite. */
export interface FeedbackJoin {
  /** Keyed by sample position in the `samples` array given to `joinFeedback`. */
  bySample: Map<number, JoinedFeedback>
  /** Feedback that matches no sample: counted and listed, never dropped. */
  unmatched: JsonlRecord<Feedback>[]
  /** Feedback replaced by a later record about the same sample. */
  superseded: { line: number; value: Feedback }[]
  /** How many joined records disagree with their sample's label. */
  conflicts: number
  /** Valid records in the feedback file. */
  records: number
}

/**
 * Joins feedback to samples: by `id` where both have one, else by exact
 * text (a record whose text several samples share applies to each). Where
 * several records reach one sample, the latest `feedback_timestamp` wins and
 * the others are listed as superseded.
 */
export function joinFeedback(
  samples: readonly Sample[],
  feedback: readonly JsonlRecord<Feedback>[],
): FeedbackJoin {
  const byId = new Map<string, number>()
  const byText = new Map<string, number[]>()
  samples.forEach((sample, index) => {
    if (sample.id !== undefined) byId.set(sample.id, index)
    const same = byText.get(sample.text)
    if (same) same.push(index)
    else byText.set(sample.text, [index])
  })

  const join: FeedbackJoin = {
    bySample: new Map(),
    unmatched: [],
    superseded: [],
    conflicts: 0,
    records: feedback.length,
  }
  const superseded = new Set<number>()
  for (const entry of feedback) {
    const targets = targetsOf(entry.value, byId, byText)
    if (targets.length === 0) join.unmatched.push(entry)
    for (const index of targets) attach(join, index, entry, samples, superseded)
  }
  join.superseded = feedback
    .filter((entry) => superseded.has(entry.line))
    .map((entry) => ({ line: entry.line, value: entry.value }))
  for (const joined of join.bySample.values()) if (joined.conflict) join.conflicts += 1
  return join
}

function targetsOf(
  record: Feedback,
  byId: Map<string, number>,
  byText: Map<string, number[]>,
): number[] {
  if (record.id !== undefined) {
    const index = byId.get(record.id)
    if (index !== undefined) return [index]
  }
  return byText.get(record.text) ?? []
}

/** Lines of records replaced by a later one about the same sample. */
type SupersededLines = Set<number>

function attach(
  join: FeedbackJoin,
  index: number,
  entry: JsonlRecord<Feedback>,
  samples: readonly Sample[],
  superseded: SupersededLines,
): void {
  const sample = samples[index]
  if (sample === undefined) return
  const earlier = join.bySample.get(index)
  // Offsets and fractions of seconds make string order differ from time order.
  if (
    earlier &&
    Date.parse(earlier.record.feedback_timestamp) >
      Date.parse(entry.value.feedback_timestamp)
  ) {
    superseded.add(entry.line)
    return
  }
  if (earlier) superseded.add(earlier.line)
  const correctedBlocked = entry.value.user_corrected_decision === 'block'
  join.bySample.set(index, {
    record: entry.value,
    line: entry.line,
    conflict: correctedBlocked !== sample.expected_blocked,
  })
}
