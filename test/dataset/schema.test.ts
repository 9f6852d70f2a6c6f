import { describe, expect, it } from 'vitest'
import { problemsFromZod } from '../../src/dataset/problems.ts'
import {
  datasetMetadataSchema,
  decisionSchema,
  feedbackSchema,
  sampleSchema,
} from '../../src/dataset/schema.ts'
import { datasetMetadata, feedback, metadata, sample } from '../helpers/samples.ts'

/** The issues of a failed parse as [path, code, message]. */
function issues(result: {
  success: boolean
  error?: { issues: { path: PropertyKey[]; code: string; message: string }[] }
}): [string, string, string][] {
  return (result.error?.issues ?? []).map((i) => [i.path.join('.'), i.code, i.message])
}

describe('decisionSchema', () => {
  it.each(['block', 'allow'])('accepts %s', (value) => {
    expect(decisionSchema.safeParse(value).success).toBe(true)
  })

  it.each(['Block', 'ALLOW', 'blocked', '', null, true])('refuses %s', (value) => {
    expect(decisionSchema.safeParse(value).success).toBe(false)
  })
})

describe('sampleSchema', () => {
  it.each([
    { field: 'old_model_decision', value: null },
    { field: 'new_model_decision', value: null },
    { field: 'user_feedback', value: null },
    { field: 'user_feedback', value: 'false_negative' },
  ])('accepts $field = $value', ({ field, value }) => {
    const result = sampleSchema.safeParse({
      ...sample(),
      metadata: { ...metadata(), [field]: value },
    })
    expect(result.success).toBe(true)
  })

  it('requires the nullable decisions to be there, even as null', () => {
    const partial: Record<string, unknown> = metadata()
    delete partial.old_model_decision
    const result = sampleSchema.safeParse({ ...sample(), metadata: partial })
    expect(issues(result)).toEqual([
      [
        'metadata.old_model_decision',
        'invalid_value',
        'Invalid option: expected one of "block"|"allow"',
      ],
    ])
  })

  it('keeps unknown metadata fields and refuses unknown sample fields', () => {
    const kept = sampleSchema.parse(sample({ metadata: metadata({ region: 'eu' }) }))
    expect(kept.metadata).toEqual(metadata({ region: 'eu' }))
    const result = sampleSchema.safeParse({ ...sample(), region: 'eu' })
    expect(issues(result)).toEqual([
      ['', 'unrecognized_keys', 'Unrecognized key: "region"'],
    ])
  })

  it.each([
    '2026-03-01T12:00:00Z',
    '2026-03-01T12:00:00.250Z',
    '2026-03-01T13:00:00+01:00',
  ])('accepts the date-time %s', (timestamp) => {
    const result = sampleSchema.safeParse(sample({ metadata: metadata({ timestamp }) }))
    expect(result.success).toBe(true)
  })

  it.each(['2026-03-01T12:00:00', '2026-03-01', '2026-03-01 12:00:00Z', 'yesterday'])(
    'refuses the date-time %s',
    (timestamp) => {
      const result = sampleSchema.safeParse(sample({ metadata: metadata({ timestamp }) }))
      expect(issues(result)).toEqual([
        ['metadata.timestamp', 'invalid_format', 'Invalid ISO datetime'],
      ])
    },
  )

  it.each([
    {
      field: 'category',
      value: '   ',
      code: 'invalid_format',
      message: 'must not be empty or blank',
    },
    { field: 'text', value: '', code: 'too_small', message: 'must not be empty' },
    {
      field: 'id',
      value: ' ',
      code: 'invalid_format',
      message: 'must not be empty or blank',
    },
  ])('refuses an empty $field', ({ field, value, code, message }) => {
    const result = sampleSchema.safeParse({ ...sample(), [field]: value })
    expect(issues(result)).toEqual([[field, code, message]])
  })

  it('keeps a category as written: the run uses the raw line, so nothing is trimmed', () => {
    const parsed = sampleSchema.parse({ ...sample(), category: ' jailbreak ' })
    expect(parsed.category).toBe(' jailbreak ')
  })

  it('never takes a "__proto__" metadata key as the prototype', () => {
    const json =
      '{"text":"t","expected_blocked":false,"category":"c","metadata":' +
      `${JSON.stringify(metadata()).slice(0, -1)},"__proto__":{"polluted":1}}}`
    const parsed = sampleSchema.parse(JSON.parse(json))
    expect(Object.getPrototypeOf(parsed.metadata)).toBe(Object.prototype)
    expect('polluted' in parsed.metadata).toBe(false)
  })
})

describe('feedbackSchema', () => {
  it.each([
    { type: 'false_positive', original: 'block', corrected: 'allow' },
    { type: 'false_negative', original: 'allow', corrected: 'block' },
  ])('accepts a $type that corrects $original to $corrected', (c) => {
    const result = feedbackSchema.safeParse({
      ...feedback(),
      feedback_type: c.type,
      original_decision: c.original,
      user_corrected_decision: c.corrected,
    })
    expect(result.success).toBe(true)
  })

  it.each([
    {
      what: 'a false positive of an "allow"',
      type: 'false_positive',
      original: 'allow',
      corrected: 'block',
      expected: [
        [
          'original_decision',
          'custom',
          'a false_positive report corrects a "block" decision, but original_decision is "allow"',
        ],
      ],
    },
    {
      what: 'a false negative of a "block"',
      type: 'false_negative',
      original: 'block',
      corrected: 'allow',
      expected: [
        [
          'original_decision',
          'custom',
          'a false_negative report corrects an "allow" decision, but original_decision is "block"',
        ],
      ],
    },
    {
      what: 'a correction equal to the decision',
      type: 'false_positive',
      original: 'block',
      corrected: 'block',
      expected: [
        [
          'user_corrected_decision',
          'custom',
          'a correction must differ from original_decision',
        ],
      ],
    },
    {
      what: 'both at once',
      type: 'false_negative',
      original: 'block',
      corrected: 'block',
      expected: [
        [
          'original_decision',
          'custom',
          'a false_negative report corrects an "allow" decision, but original_decision is "block"',
        ],
        [
          'user_corrected_decision',
          'custom',
          'a correction must differ from original_decision',
        ],
      ],
    },
  ])('refuses $what', ({ type, original, corrected, expected }) => {
    const result = feedbackSchema.safeParse({
      ...feedback(),
      feedback_type: type,
      original_decision: original,
      user_corrected_decision: corrected,
    })
    expect(issues(result)).toEqual(expected)
  })

  it('checks the decisions against the enum before the refinements', () => {
    const result = feedbackSchema.safeParse({ ...feedback(), original_decision: 'deny' })
    expect(issues(result)).toEqual([
      [
        'original_decision',
        'invalid_value',
        'Invalid option: expected one of "block"|"allow"',
      ],
    ])
  })

  it('accepts a null explanation and an id, and refuses an unknown field', () => {
    expect(feedbackSchema.safeParse({ ...feedback(), id: 's-0001' }).success).toBe(true)
    expect(
      feedbackSchema.safeParse({ ...feedback(), user_explanation: 'fine' }).success,
    ).toBe(true)
    const result = feedbackSchema.safeParse({ ...feedback(), rating: 5 })
    expect(issues(result)).toEqual([
      ['', 'unrecognized_keys', 'Unrecognized key: "rating"'],
    ])
  })

  it('turns a refinement into a problem without "found an object"', () => {
    const result = feedbackSchema.safeParse(
      { ...feedback(), original_decision: 'allow', user_corrected_decision: 'allow' },
      { reportInput: true },
    )
    expect(result.success).toBe(false)
    if (result.success) return
    expect(problemsFromZod('data/user_feedback.jsonl', 4, result.error)).toEqual([
      {
        file: 'data/user_feedback.jsonl',
        line: 4,
        field: 'original_decision',
        message:
          'a false_positive report corrects a "block" decision, but original_decision is "allow"',
      },
      {
        file: 'data/user_feedback.jsonl',
        line: 4,
        field: 'user_corrected_decision',
        message: 'a correction must differ from original_decision',
      },
    ])
  })
})

describe('datasetMetadataSchema', () => {
  it('accepts a complete file', () => {
    expect(datasetMetadataSchema.safeParse(datasetMetadata()).success).toBe(true)
  })

  it.each([
    { change: { schema_version: 2 }, path: 'schema_version', code: 'invalid_value' },
    {
      change: { source: { kind: 'kafka', description: '' } },
      path: 'source.kind',
      code: 'invalid_value',
    },
    {
      change: { counts: { samples: -1, feedback: 0, by_category: {} } },
      path: 'counts.samples',
      code: 'too_small',
    },
  ])('refuses $path', ({ change, path, code }) => {
    const result = datasetMetadataSchema.safeParse({ ...datasetMetadata(), ...change })
    expect(issues(result).map(([p, c]) => [p, c])).toEqual([[path, code]])
  })
})

describe('a blank field in a dataset line', () => {
  it('says what is wrong and what was found', async () => {
    const { problemsFromZod } = await import('../../src/dataset/problems.ts')
    const result = sampleSchema.safeParse(
      { ...sample(), category: '   ' },
      { reportInput: true },
    )
    if (result.success) throw new Error('a blank category must be refused')
    expect(problemsFromZod('d.jsonl', 3, result.error)).toEqual([
      {
        file: 'd.jsonl',
        line: 3,
        field: 'category',
        message: 'must not be empty or blank, found "   "',
      },
    ])
  })
})
