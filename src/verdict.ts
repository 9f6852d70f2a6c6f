import type { Decision, FeedbackType } from './dataset/schema.ts'

/** Positive means blocked. FP: a legitimate request blocked; FN: a malicious one allowed. */
export type Outcome = 'TP' | 'FP' | 'TN' | 'FN'

/** How the candidate compares with the baseline on one sample, against its label. */
export type Change = 'fixed' | 'regressed' | 'kept-right' | 'kept-wrong'

/** Why the candidate gave no decision for a sample. Never counted as a decision. */
export interface SampleError {
  /** Stable: `timeout`, `rate_limited`, `bad_response`, `no_recorded_decision`, `client_threw`, ... */
  code: string
  message: string
}

/** Structured detail a client may give with its decision (compared with json-diff). */
export interface DecisionDetail {
  score?: number | undefined
  categories?: Record<string, number> | undefined
}

/** User feedback joined to a sample. */
export interface VerdictFeedback {
  type: FeedbackType
  correctedDecision: Decision
  /** The correction disagrees with the dataset's label. */
  conflict: boolean
  /** 1-based line in the feedback file. */
  line: number
}

/**
 * Everything abgate knows about one sample after its test ran. Stored in the
 * test's meta (`task.meta.abgate`), which survives `--reporter=blob` and
 * `--merge-reports`, so reporters need nothing else. Plain JSON only.
 */
export interface Verdict {
  /** Version of this shape; bumped on any incompatible change. */
  v: 1
  suite: string
  /** Dataset file, relative to the Vitest root, with forward slashes. */
  file: string
  /** 1-based line of the sample in `file`. */
  line: number
  id: string | null
  category: string
  /** Scalar metadata fields as strings, for grouping (`model_version`, `shadow_mode`, ...). */
  fields: Record<string, string>
  /** The prompt as the suite's `reportText` option shows it; null for `none`. */
  text: string | null
  /** First 16 hex digits of the SHA-256 of the full prompt text: joins runs without the text. */
  textHash: string
  /** The label the run used: `expected_blocked`, or the user's correction where feedback wins. */
  label: boolean
  /** `expected_blocked` as the dataset has it. */
  datasetLabel: boolean
  feedback: VerdictFeedback | null
  /** The candidate's decision; null when it gave none (see `error`). */
  decision: Decision | null
  detail: DecisionDetail | null
  /** The baseline's decision; null when none is recorded. */
  baseline: Decision | null
  baselineDetail: DecisionDetail | null
  outcome: Outcome | null
  baselineOutcome: Outcome | null
  change: Change | null
  error: SampleError | null
  latencyMs: number | null
}

/** A problem with one line of the data, carried when a suite runs despite invalid lines. */
export interface InvalidLine {
  file: string
  line: number
  field: string
  message: string
}

/**
 * What a suite's run is made of, as the plugin saw it before any test ran.
 * Every test file of a suite carries it in its meta (`file.meta.abgateSuite`),
 * so a shard or a merge can tell how many samples a whole run must have.
 */
export interface SuiteSummary {
  v: 1
  suite: string
  /** The candidate's name, e.g. `replay` or `module:./client.ts`. */
  client: string
  failOn: 'mismatch' | 'regression' | 'none'
  feedbackOverridesLabel: boolean
  datasets: { file: string; samples: number }[]
  /** Samples in all datasets of the suite. */
  samples: number
  invalid: InvalidLine[]
  feedback: {
    file: string
    records: number
    joined: number
    conflicts: number
    superseded: number
    /** Feedback that matches no sample, as the suite's `reportText` shows it. */
    unmatched: { line: number; id: string | null; text: string | null }[]
  } | null
  metadata: { synthetic: boolean; source: string; start: string; end: string } | null
}

declare module '@vitest/runner' {
  interface TaskMeta {
    /** On a sample's test. */
    abgate?: Verdict
    /** On the test file of a suite's dataset or chunk. */
    abgateSuite?: SuiteSummary
  }
}
