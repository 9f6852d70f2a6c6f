import { describe, expect, it } from 'vitest'
import { joinFeedback } from '../../src/dataset/feedback.ts'
import type { JsonlRecord } from '../../src/dataset/reader.ts'
import type { Feedback, Sample } from '../../src/dataset/schema.ts'
import { FALSE_NEGATIVE, feedback, metadata, sample } from '../helpers/samples.ts'

/** A sample that both models blocked; `id` undefined for one without. */
function labelled(text: string, expectedBlocked: boolean, id?: string): Sample {
  return sample({
    ...(id === undefined ? {} : { id }),
    text,
    expected_blocked: expectedBlocked,
    metadata: metadata({ old_model_decision: 'block' }),
  })
}

/** Feedback line `line` holding `value`. */
function record(line: number, value: Feedback): JsonlRecord<Feedback> {
  return { line, start: 0, end: 0, value }
}

/** A false-positive report ("this block was wrong") on feedback line `line`. */
function falsePositive(
  line: number,
  text: string,
  time: string,
  id?: string,
): JsonlRecord<Feedback> {
  const about = id === undefined ? {} : { id }
  return record(line, feedback({ ...about, text, feedback_timestamp: time }))
}

/** A false-negative report ("this should have been blocked"). */
function falseNegative(
  line: number,
  text: string,
  time: string,
  id?: string,
): JsonlRecord<Feedback> {
  const about = id === undefined ? {} : { id }
  return record(
    line,
    feedback({ ...about, ...FALSE_NEGATIVE, text, feedback_timestamp: time }),
  )
}

const T1 = '2026-03-02T10:00:00Z'
const T2 = '2026-03-02T11:00:00Z'

/** The join as [sample index, feedback line, conflict], in sample order. */
function joined(result: ReturnType<typeof joinFeedback>): [number, number, boolean][] {
  return [...result.bySample]
    .map(([index, j]): [number, number, boolean] => [index, j.line, j.conflict])
    .sort((a, b) => a[0] - b[0])
}

describe('joinFeedback', () => {
  const samples = [
    labelled('reset my router', false, 's-1'),
    labelled('write malware', true, 's-2'),
    labelled('no id here', false),
  ]

  it('joins by id, whatever the text', () => {
    const record = falsePositive(1, 'a text that no sample has', T1, 's-2')
    const result = joinFeedback(samples, [record])
    // s-2 is labelled block; the user says allow: a conflict.
    expect(joined(result)).toEqual([[1, 1, true]])
    expect(result.bySample.get(1)?.record).toBe(record.value)
    expect(result.unmatched).toEqual([])
    expect(result.conflicts).toBe(1)
  })

  it('joins by id even when another sample has the text', () => {
    const result = joinFeedback(samples, [falsePositive(1, 'reset my router', T1, 's-2')])
    expect(joined(result)).toEqual([[1, 1, true]])
  })

  it('joins by exact text when the record has no id', () => {
    const result = joinFeedback(samples, [falsePositive(1, 'no id here', T1)])
    // Labelled allow; the user says allow: no conflict.
    expect(joined(result)).toEqual([[2, 1, false]])
    expect(result.conflicts).toBe(0)
  })

  it('falls back to the text when the id matches no sample', () => {
    const result = joinFeedback(samples, [falseNegative(3, 'write malware', T1, 's-404')])
    expect(joined(result)).toEqual([[1, 3, false]])
    expect(result.unmatched).toEqual([])
  })

  it('does not join by a text that differs in case or spacing', () => {
    const records = [
      falsePositive(1, 'Reset my router', T1),
      falsePositive(2, 'reset my router ', T1),
    ]
    const result = joinFeedback(samples, records)
    expect(result.bySample.size).toBe(0)
    expect(result.unmatched).toEqual(records)
  })

  it('joins a record to every sample that shares its text', () => {
    const twins = [
      labelled('same words', false, 'a'),
      labelled('other', false, 'b'),
      labelled('same words', true, 'c'),
    ]
    const result = joinFeedback(twins, [falsePositive(5, 'same words', T1)])
    // Sample a is labelled allow (no conflict), sample c block (a conflict).
    expect(joined(result)).toEqual([
      [0, 5, false],
      [2, 5, true],
    ])
    expect(result.conflicts).toBe(1)
  })

  it('lists every record that matches no sample, with its line', () => {
    const lost = [
      falsePositive(2, 'nobody wrote this', T1, 's-9'),
      falsePositive(4, 'nor this', T2),
    ]
    const result = joinFeedback(samples, [falsePositive(1, 'no id here', T1), ...lost])
    expect(result.unmatched).toEqual(lost)
    expect(result.unmatched.map((r) => r.line)).toEqual([2, 4])
    expect(joined(result)).toEqual([[2, 1, false]])
  })

  it.each([
    {
      order: 'earlier first',
      records: [
        falsePositive(1, 'write malware', T1),
        falseNegative(2, 'write malware', T2),
      ],
    },
    {
      order: 'later first',
      records: [
        falseNegative(2, 'write malware', T2),
        falsePositive(1, 'write malware', T1),
      ],
    },
  ])('keeps the later of two records about one sample ($order)', ({ records }) => {
    const result = joinFeedback(samples, records)
    // The false negative (line 2, 11:00) wins over the false positive (line 1, 10:00).
    expect(joined(result)).toEqual([[1, 2, false]])
    expect(result.bySample.get(1)?.record.feedback_type).toBe('false_negative')
    const replaced = records.find((r) => r.line === 1)?.value
    expect(result.superseded.map((r) => ({ line: r.line, value: r.value }))).toEqual([
      { line: 1, value: replaced },
    ])
    expect(result.conflicts).toBe(0)
  })

  it('keeps the record read last when two have the same time', () => {
    const result = joinFeedback(samples, [
      falsePositive(1, 'no id here', T1),
      falseNegative(2, 'no id here', T1),
    ])
    expect(joined(result)).toEqual([[2, 2, true]])
    expect(result.superseded.map((r) => r.line)).toEqual([1])
  })

  it('counts the conflicts of the records that won', () => {
    const result = joinFeedback(samples, [
      // s-1 labelled allow, the user says block: a conflict, but superseded below.
      falseNegative(1, 'reset my router', T1, 's-1'),
      falsePositive(2, 'reset my router', T2, 's-1'),
      // s-2 labelled block, the user says allow: a conflict.
      falsePositive(3, 'write malware', T1, 's-2'),
      // labelled allow, the user says block: a conflict.
      falseNegative(4, 'no id here', T1),
    ])
    expect(joined(result)).toEqual([
      [0, 2, false],
      [1, 3, true],
      [2, 4, true],
    ])
    expect(result.conflicts).toBe(2)
    expect(result.superseded.map((r) => r.line)).toEqual([1])
  })

  it('joins nothing when there is no feedback', () => {
    const result = joinFeedback(samples, [])
    expect(result.bySample.size).toBe(0)
    expect(result).toMatchObject({ unmatched: [], superseded: [], conflicts: 0 })
  })

  it.each([
    {
      what: 'the times have different offsets',
      // 13:00+02:00 is 11:00Z, an hour before line 1.
      records: [
        falseNegative(1, 'write malware', '2026-03-02T12:00:00Z'),
        falsePositive(2, 'write malware', '2026-03-02T13:00:00+02:00'),
      ],
      kept: 1,
      superseded: 2,
    },
    {
      what: 'one time has fractions of a second',
      records: [
        falsePositive(1, 'write malware', '2026-03-02T12:00:00Z'),
        falseNegative(2, 'write malware', '2026-03-02T12:00:00.500Z'),
      ],
      kept: 2,
      superseded: 1,
    },
  ])('keeps the later record when $what', ({ records, kept, superseded }) => {
    const result = joinFeedback(samples, records)
    // Either way the false negative wins: labelled block, corrected to block.
    expect(joined(result)).toEqual([[1, kept, false]])
    expect(result.superseded.map((r) => r.line)).toEqual([superseded])
  })

  it('lists a superseded record once when it had reached two samples', () => {
    const twins = [labelled('same words', false, 'a'), labelled('same words', true, 'c')]
    const result = joinFeedback(twins, [
      falsePositive(1, 'same words', T1),
      falseNegative(2, 'same words', T2),
    ])
    expect(joined(result)).toEqual([
      [0, 2, true],
      [1, 2, false],
    ])
    expect(result.superseded.map((r) => r.line)).toEqual([1])
  })
})
