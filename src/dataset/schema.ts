import { z } from 'zod'

/**
 * The formats of the suite's data files. `test_suites/production_ab/README.md`
 * documents every field; keep the two in step.
 */

export const decisionSchema = z.enum(['block', 'allow'])
export type Decision = z.infer<typeof decisionSchema>

/** ISO 8601 date-time with a zone (`Z` or an offset), as logs write it. */
const timestampSchema = z.iso.datetime({ offset: true })

// A check, not a transform: workers read the raw line, so the value the run
// uses must be the value that was validated.
const nonEmpty = z.string().regex(/\S/, 'must not be empty or blank')

export const feedbackTypeSchema = z.enum(['false_positive', 'false_negative'])
export type FeedbackType = z.infer<typeof feedbackTypeSchema>

/** The fields every sample's `metadata` has; other fields are kept. */
const sampleMetadataSchema = z.looseObject({
  timestamp: timestampSchema,
  model_version: nonEmpty,
  user_risk_tier: nonEmpty,
  source_tool: nonEmpty,
  old_model_decision: decisionSchema.nullable(),
  new_model_decision: decisionSchema.nullable(),
  user_feedback: feedbackTypeSchema.nullable(),
  shadow_mode: z.boolean(),
})
export type SampleMetadata = z.infer<typeof sampleMetadataSchema>

/** One line of a dataset. */
export const sampleSchema = z.strictObject({
  /** Optional extension: a stable identifier, unique in the file. */
  id: nonEmpty.optional(),
  text: z.string().min(1, 'must not be empty'),
  expected_blocked: z.boolean(),
  category: nonEmpty,
  metadata: sampleMetadataSchema,
  /** Optional extension: how many spans of each kind the collector redacted. */
  anonymization: z.record(z.string(), z.int().nonnegative()).optional(),
})
export type Sample = z.infer<typeof sampleSchema>

/** One line of `user_feedback.jsonl`: a user's correction of a decision. */
export const feedbackSchema = z
  .strictObject({
    /** Optional extension: the `id` of the sample this feedback is about. */
    id: nonEmpty.optional(),
    text: z.string().min(1, 'must not be empty'),
    original_decision: decisionSchema,
    user_corrected_decision: decisionSchema,
    feedback_timestamp: timestampSchema,
    feedback_type: feedbackTypeSchema,
    user_explanation: z.string().nullable(),
  })
  .superRefine((record, ctx) => {
    const expected = record.feedback_type === 'false_positive' ? 'block' : 'allow'
    if (record.original_decision !== expected) {
      const decision = expected === 'allow' ? 'an "allow"' : 'a "block"'
      ctx.addIssue({
        code: 'custom',
        path: ['original_decision'],
        message: `a ${record.feedback_type} report corrects ${decision} decision, but original_decision is "${record.original_decision}"`,
      })
    }
    if (record.user_corrected_decision === record.original_decision) {
      ctx.addIssue({
        code: 'custom',
        path: ['user_corrected_decision'],
        message: 'a correction must differ from original_decision',
      })
    }
  })
export type Feedback = z.infer<typeof feedbackSchema>

const countsSchema = z.record(z.string(), z.int().nonnegative())

/** `metadata.json`: how the dataset beside it was collected. */
export const datasetMetadataSchema = z.looseObject({
  schema_version: z.literal(1),
  created_at: timestampSchema,
  /** True when no line comes from real traffic (a generator made them all). */
  synthetic: z.boolean(),
  source: z.looseObject({
    kind: z.enum(['jsonl', 'postgres', 'generator']),
    description: z.string(),
  }),
  date_range: z.object({ start: timestampSchema, end: timestampSchema }),
  filters: z.looseObject({
    model_versions: z.array(nonEmpty),
    shadow_mode: z.boolean().nullable(),
  }),
  sampling: z.looseObject({
    method: z.enum(['all', 'random', 'stratified']),
    seed: z.int().nullable(),
  }),
  anonymization: z.looseObject({
    enabled: z.boolean(),
    counts: countsSchema,
  }),
  counts: z.looseObject({
    samples: z.int().nonnegative(),
    feedback: z.int().nonnegative(),
    by_category: countsSchema,
  }),
})
export type DatasetMetadata = z.infer<typeof datasetMetadataSchema>
