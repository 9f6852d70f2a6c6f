import { z } from 'zod'
import { AbgateUserError } from '../errors.ts'
import { REPORT_TEXT_MODES, type ReportText } from '../privacy/report-text.ts'

/** What makes a sample's test fail. A client error always does. */
export const failOnSchema = z.enum(['mismatch', 'regression', 'none'])
export type FailOn = z.infer<typeof failOnSchema>

const reportTextSchema = z.enum(REPORT_TEXT_MODES)

const clientOptionSchema = z.union([
  z.literal('replay'),
  z.strictObject({ kind: z.literal('replay') }),
  z.strictObject({
    kind: z.literal('module'),
    path: z.string().min(1),
    options: z.record(z.string(), z.unknown()).optional(),
    timeoutMs: z.int().positive().optional(),
  }),
])

const optionsSchema = z.strictObject({
  dir: z.string().min(1).optional(),
  name: z
    .string()
    .regex(/^[\w.-]+$/, 'letters, digits, "_", "-" and "." only')
    .optional(),
  datasets: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  feedback: z.string().min(1).nullable().optional(),
  metadata: z.string().min(1).nullable().optional(),
  feedbackOverridesLabel: z.boolean().optional(),
  client: clientOptionSchema.optional(),
  failOn: failOnSchema.optional(),
  invalidData: z.enum(['stop', 'fail']).optional(),
  chunkSize: z.int().positive().optional(),
  reportText: reportTextSchema.optional(),
})

/** Options of the `abgate()` plugin, as written in `vitest.config.ts`. */
export interface AbgateOptions {
  /**
   * The suite's folder, relative to the Vitest root.
   * @default `test_suites/${name}`
   * @example 'test_suites/production_ab'
   */
  dir?: string
  /**
   * The suite's name: the Vitest project's name and the heading of its reports.
   * @default the last segment of `dir`
   * @example 'production_ab'
   */
  name?: string
  /**
   * Dataset files, as globs relative to `dir`. The feedback file is never a dataset.
   * @default ['data/**\/*.jsonl']
   * @example 'data/production_ab_set.jsonl'
   */
  datasets?: string | string[]
  /**
   * The user feedback file, relative to `dir`; null for none. When left out,
   * `data/user_feedback.jsonl` is used if it exists.
   * @default 'data/user_feedback.jsonl'
   */
  feedback?: string | null
  /**
   * `metadata.json`, relative to `dir`; null for none. When left out,
   * `data/metadata.json` is used if it exists, and its counts are checked.
   * @default 'data/metadata.json'
   */
  metadata?: string | null
  /**
   * Whether a user's correction replaces the dataset's label.
   * @default false
   * @example true
   */
  feedbackOverridesLabel?: boolean
  /**
   * The candidate: `'replay'` replays the recorded `new_model_decision`; a
   * module is a file of yours that exports `classify(request)`.
   * @default 'replay'
   * @example { kind: 'module', path: './my-client.ts', options: { threshold: 0.5 } }
   */
  client?:
    | 'replay'
    | { kind: 'replay' }
    | {
        kind: 'module'
        path: string
        options?: Record<string, unknown>
        timeoutMs?: number
      }
  /**
   * What fails a sample's test: every mismatch with the label, only
   * regressions (the baseline was right, the candidate is wrong), or none
   * (only client errors; the gate decides the rest).
   * @default 'mismatch'
   * @example 'none'
   */
  failOn?: FailOn
  /**
   * What an invalid line does: stop the run before any sample test starts,
   * or become a failing test of its own while the valid samples run.
   * @default 'stop'
   */
  invalidData?: 'stop' | 'fail'
  /**
   * Samples per test file. A dataset with more is split into chunks, so that
   * Vitest's workers and `--shard` apply; chunking changes no figure.
   * @default 2000
   */
  chunkSize?: number
  /**
   * How much of each prompt reports carry: nothing, a SHA-256 prefix, a
   * short excerpt, or the full text. Production prompts are personal data.
   * @default 'excerpt'
   */
  reportText?: ReportText
}

/** Options with every default applied. */
export interface ResolvedOptions {
  dir: string
  name: string
  datasets: string[]
  feedback: { path: string; required: boolean } | null
  metadata: { path: string; required: boolean } | null
  feedbackOverridesLabel: boolean
  client:
    | { kind: 'replay' }
    | {
        kind: 'module'
        path: string
        options: Record<string, unknown>
        timeoutMs: number
      }
  failOn: FailOn
  invalidData: 'stop' | 'fail'
  chunkSize: number
  reportText: ReportText
}

export class OptionsError extends AbgateUserError {
  constructor(message: string) {
    super('invalid_option', message)
  }
}

/** Validates the plugin's options and applies defaults; throws `OptionsError`. */
export function resolveOptions(input: unknown): ResolvedOptions {
  const parsed = optionsSchema.safeParse(input ?? {}, { reportInput: true })
  if (!parsed.success) throw new OptionsError(describeIssues(parsed.error))
  const given = parsed.data
  if (given.dir === undefined && given.name === undefined) {
    throw new OptionsError(
      'abgate(): give the suite\'s folder, e.g. abgate({ dir: "test_suites/production_ab" })',
    )
  }
  const dir = trimSlashes(given.dir ?? `test_suites/${given.name ?? ''}`)
  const client =
    given.client === undefined || given.client === 'replay'
      ? { kind: 'replay' as const }
      : given.client
  return {
    dir,
    name: given.name ?? lastSegment(dir),
    datasets: [given.datasets ?? 'data/**/*.jsonl'].flat(),
    feedback: sideFile(given.feedback, 'data/user_feedback.jsonl'),
    metadata: sideFile(given.metadata, 'data/metadata.json'),
    feedbackOverridesLabel: given.feedbackOverridesLabel ?? false,
    client:
      client.kind === 'replay'
        ? client
        : {
            kind: 'module',
            path: client.path,
            options: client.options ?? {},
            timeoutMs: client.timeoutMs ?? 30_000,
          },
    failOn: given.failOn ?? 'mismatch',
    invalidData: given.invalidData ?? 'stop',
    chunkSize: given.chunkSize ?? 2000,
    reportText: given.reportText ?? 'excerpt',
  }
}

function sideFile(
  given: string | null | undefined,
  fallback: string,
): { path: string; required: boolean } | null {
  if (given === null) return null
  return given === undefined
    ? { path: fallback, required: false }
    : { path: given, required: true }
}

function trimSlashes(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '')
}

function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? path
}

function describeIssues(error: z.ZodError): string {
  const lines = error.issues.map((issue) => {
    const option = issue.path.length > 0 ? issue.path.join('.') : '(options)'
    if (issue.code === 'unrecognized_keys') {
      return `unknown option ${issue.keys.map((k) => `"${k}"`).join(', ')}; the options are: ${Object.keys(optionsSchema.shape).join(', ')}`
    }
    const got = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)
    return `option "${option}": got ${got}; ${acceptedText(issue)}`
  })
  return `abgate(): invalid options\n${lines.map((l) => `  ${l}`).join('\n')}`
}

function acceptedText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`
  if (issue.code === 'invalid_union' && issue.path[0] === 'client') {
    return 'expected "replay", { kind: "replay" } or { kind: "module", path, options?, timeoutMs? }'
  }
  return issue.message
}
