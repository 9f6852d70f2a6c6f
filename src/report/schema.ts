import { z } from 'zod'
import { decisionSchema, feedbackTypeSchema } from '../dataset/schema.ts'

/**
 * The JSON report: every figure abgate printed, with per-sample verdicts.
 * `docs/json-report.md` documents it. `version` changes on any change that
 * breaks a reader; fields are only added within a version.
 */

const intervalSchema = z.object({ low: z.number(), high: z.number() })

/** k of n, its value (null when n is 0) and its 95% Wilson interval. */
const rateSchema = z.object({
  k: z.int().nonnegative(),
  n: z.int().nonnegative(),
  value: z.number().nullable(),
  ci: intervalSchema.nullable(),
})

const outcomeSchema = z.enum(['TP', 'FP', 'TN', 'FN'])
const changeSchema = z.enum(['fixed', 'regressed', 'kept-right', 'kept-wrong'])
const detailSchema = z.object({
  score: z.number().optional(),
  categories: z.record(z.string(), z.number()).optional(),
})

const verdictSchema = z.object({
  v: z.literal(1),
  suite: z.string(),
  file: z.string(),
  line: z.int().positive(),
  id: z.string().nullable(),
  category: z.string(),
  fields: z.record(z.string(), z.string()),
  text: z.string().nullable(),
  textHash: z.string(),
  label: z.boolean(),
  datasetLabel: z.boolean(),
  feedback: z
    .object({
      type: feedbackTypeSchema,
      correctedDecision: decisionSchema,
      conflict: z.boolean(),
      line: z.int().positive(),
    })
    .nullable(),
  decision: decisionSchema.nullable(),
  detail: detailSchema.nullable(),
  baseline: decisionSchema.nullable(),
  baselineDetail: detailSchema.nullable(),
  outcome: outcomeSchema.nullable(),
  baselineOutcome: outcomeSchema.nullable(),
  change: changeSchema.nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  latencyMs: z.number().nullable(),
})

/** One row of a group table: the candidate's outcomes and rates. */
const groupRowSchema = z.object({
  group: z.string(),
  samples: z.int().nonnegative(),
  tp: z.int().nonnegative(),
  fp: z.int().nonnegative(),
  tn: z.int().nonnegative(),
  fn: z.int().nonnegative(),
  errors: z.int().nonnegative(),
  fpr: rateSchema,
  fnr: rateSchema,
  precision: rateSchema,
  recall: rateSchema,
  f1: z.number().nullable(),
  blockRate: rateSchema,
})

/** One row of the old-vs-new table: baseline against candidate. */
const comparisonRowSchema = z.object({
  group: z.string(),
  keptRight: z.int().nonnegative(),
  fixed: z.int().nonnegative(),
  regressed: z.int().nonnegative(),
  keptWrong: z.int().nonnegative(),
  compared: z.int().nonnegative(),
  fpBefore: z.int().nonnegative(),
  fpAfter: z.int().nonnegative(),
  fnBefore: z.int().nonnegative(),
  fnAfter: z.int().nonnegative(),
  /** Exact McNemar p of fixed against regressed; null when nothing was compared. */
  mcnemarP: z.number().nullable(),
  significant: z.boolean(),
  allowToBlock: z.int().nonnegative(),
  blockToAllow: z.int().nonnegative(),
})

/** Block rates of baseline and candidate in one group (independent of labels). */
const behaviorRowSchema = z.object({
  group: z.string(),
  samples: z.int().nonnegative(),
  baselineBlockRate: rateSchema,
  candidateBlockRate: rateSchema,
})

const gateCheckSchema = z.object({
  suite: z.string(),
  /** Stable name: max_fpr, max_fnr, max_regressions, max_errors, min_samples, complete, valid_data. */
  check: z.string(),
  /** `total`, or the group the check applies to. */
  group: z.string(),
  passed: z.boolean(),
  /** What was measured, in the check's unit (a rate as a fraction, or a count). */
  actual: z.number().nullable(),
  threshold: z.number(),
  /** One line a person reads: the figures and by how much a failed check missed. */
  detail: z.string(),
})

const sampleRefSchema = z.object({
  file: z.string(),
  line: z.int().positive(),
  id: z.string().nullable(),
  category: z.string(),
  text: z.string().nullable(),
  label: z.boolean(),
  baseline: decisionSchema.nullable(),
  decision: decisionSchema.nullable(),
  /** json-diff of the baseline's structured detail against the candidate's, when both have one. */
  detailDiff: z.string().nullable(),
})

export const suiteReportSchema = z.object({
  suite: z.string(),
  client: z.string(),
  baseline: z.object({
    kind: z.enum(['recorded', 'report']),
    /** The earlier run's report, for `report`. */
    file: z.string().nullable(),
  }),
  failOn: z.enum(['mismatch', 'regression', 'none']),
  /** This report covers part of the run only (one shard, or a filtered run). */
  partial: z.boolean(),
  samples: z.object({
    expected: z.int().nonnegative(),
    judged: z.int().nonnegative(),
    errors: z.int().nonnegative(),
    /** Tests that failed without a verdict (invalid lines, a client that could not start). */
    unjudged: z.int().nonnegative(),
    skipped: z.int().nonnegative(),
    /** Expected samples that never ran (a crashed test file). */
    missing: z.int().nonnegative(),
  }),
  datasets: z.array(z.object({ file: z.string(), samples: z.int().nonnegative() })),
  synthetic: z.boolean().nullable(),
  groups: z.array(
    z.object({ by: z.string(), rows: z.array(groupRowSchema), total: groupRowSchema }),
  ),
  comparison: z.object({
    by: z.string(),
    rows: z.array(comparisonRowSchema),
    total: comparisonRowSchema,
  }),
  alpha: z.number(),
  regressed: z.array(sampleRefSchema),
  feedback: z
    .object({
      file: z.string(),
      records: z.int().nonnegative(),
      joined: z.int().nonnegative(),
      conflicts: z.int().nonnegative(),
      superseded: z.int().nonnegative(),
      unmatched: z.array(
        z.object({
          line: z.int(),
          id: z.string().nullable(),
          text: z.string().nullable(),
        }),
      ),
      /** User-reported false positives (a block users said was wrong) and how many the candidate now allows. */
      reportedFalsePositives: z.object({ reported: z.int(), candidateRight: z.int() }),
      reportedFalseNegatives: z.object({ reported: z.int(), candidateRight: z.int() }),
      perThousand: z.number().nullable(),
      labelWins: z.boolean(),
    })
    .nullable(),
  sampleSize: z.array(
    z.object({
      modelVersion: z.string(),
      samples: z.int(),
      halfWidth: z.number().nullable(),
    }),
  ),
  behavior: z.array(z.object({ by: z.string(), rows: z.array(behaviorRowSchema) })),
  traffic: z
    .array(
      z.object({
        category: z.string(),
        before: z.number(),
        after: z.number(),
        change: z.number(),
      }),
    )
    .nullable(),
  baselineMatch: z
    .object({
      matched: z.int().nonnegative(),
      onlyInRun: z.array(sampleRefSchema),
      onlyInBaseline: z.array(
        z.object({
          id: z.string().nullable(),
          textHash: z.string(),
          category: z.string(),
        }),
      ),
    })
    .nullable(),
  edgeCases: z.object({ file: z.string().nullable(), samples: z.int().nonnegative() }),
  invalid: z.array(
    z.object({ file: z.string(), line: z.int(), field: z.string(), message: z.string() }),
  ),
  unjudged: z.array(
    z.object({ file: z.string(), name: z.string(), message: z.string() }),
  ),
  gate: z.object({
    evaluated: z.boolean(),
    passed: z.boolean(),
    checks: z.array(gateCheckSchema),
  }),
  verdicts: z.array(verdictSchema),
})

export const REPORT_VERSION = 1

export const reportSchema = z.object({
  schema: z.literal('abgate-report'),
  version: z.literal(REPORT_VERSION),
  createdAt: z.string(),
  /** A shard's report is partial and never gates; the merge of all shards does. */
  shard: z.object({ index: z.int(), count: z.int() }).nullable(),
  /** Whether the gate was evaluated (a whole run), and its verdict over every suite. */
  gate: z.object({ evaluated: z.boolean(), passed: z.boolean() }),
  suites: z.array(suiteReportSchema),
})

export type Report = z.infer<typeof reportSchema>
export type SuiteReport = z.infer<typeof suiteReportSchema>
export type GroupRow = z.infer<typeof groupRowSchema>
export type ComparisonRow = z.infer<typeof comparisonRowSchema>
export type GateCheck = z.infer<typeof gateCheckSchema>
export type SampleRef = z.infer<typeof sampleRefSchema>
export type BehaviorRow = z.infer<typeof behaviorRowSchema>
