import { z } from 'zod'
import { AbgateUserError } from '../errors.ts'
import { REPORT_TEXT_MODES, type ReportText } from '../privacy/report-text.ts'
import type { FailOn } from '../report/failure.ts'
import type { GateOptions } from '../report/gate.ts'

const failOnSchema = z.enum(['mismatch', 'regression', 'none'] satisfies FailOn[])

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

const fraction = z.number().min(0).max(1)
const basisSchema = z.enum(['point', 'upper'])
const thresholdsSchema = z.strictObject({
  maxFalsePositiveRate: fraction.optional(),
  maxFalseNegativeRate: fraction.optional(),
  maxRegressions: z.int().nonnegative().optional(),
  maxErrors: z.int().nonnegative().optional(),
  minSamples: z.int().nonnegative().optional(),
  basis: basisSchema.optional(),
})
const gateSchema = z.strictObject({
  basis: basisSchema.optional(),
  by: z.string().min(1).optional(),
  total: thresholdsSchema.optional(),
  each: thresholdsSchema.optional(),
  groups: z.record(z.string(), thresholdsSchema).optional(),
})
const fileOption = z.union([z.string().min(1), z.literal(false)])
const reportsSchema = z.strictObject({
  dir: z.string().min(1).optional(),
  json: fileOption.optional(),
  markdown: fileOption.optional(),
  junit: fileOption.optional(),
  edgeCases: z.boolean().optional(),
})

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
  groupBy: z.union([z.string().min(1), z.array(z.string().min(1))]).optional(),
  alpha: z.number().gt(0).lt(1).optional(),
  gate: gateSchema.optional(),
  baseline: z.string().min(1).nullable().optional(),
  reports: z.union([reportsSchema, z.literal(false)]).optional(),
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
  /**
   * Fields to group the tables by, besides `category`: any metadata field.
   * @default ['category']
   * @example ['category', 'model_version', 'source_tool']
   */
  groupBy?: string | string[]
  /**
   * Significance level of McNemar's test in the old-vs-new table.
   * @default 0.05
   */
  alpha?: number
  /**
   * The thresholds a whole run must meet; the gate decides the exit code.
   * Invalid data, samples that never ran and errors (`maxErrors` 0 unless
   * stated) fail it whatever else is set.
   * @default {} (only those built-in checks)
   * @example { basis: 'upper', each: { maxFalseNegativeRate: 0.15 }, total: { maxRegressions: 25 } }
   */
  gate?: GateOptions
  /**
   * An earlier run's JSON report to compare with, instead of the recorded
   * `old_model_decision`; relative to the Vitest root. The environment
   * variable `ABGATE_BASELINE` (set by `abgate run --baseline`) overrides it.
   * @default null
   * @example 'reports/abgate/last-release.json'
   */
  baseline?: string | null
  /**
   * Files written at the end of a run, relative to the Vitest root; false
   * writes none. Each holds every suite of the run that writes to `dir`.
   * @default { dir: 'reports/abgate', json: 'report.json', markdown: 'summary.md', junit: 'junit.xml', edgeCases: true }
   */
  reports?:
    | false
    | {
        dir?: string
        json?: string | false
        markdown?: string | false
        junit?: string | false
        edgeCases?: boolean
      }
}

/** Where a suite's reports go; null parts are not written. */
export interface ReportFiles {
  dir: string
  json: string | null
  markdown: string | null
  junit: string | null
  edgeCases: boolean
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
  groupBy: string[]
  alpha: number
  gate: GateOptions
  baseline: string | null
  reports: ReportFiles | null
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
    groupBy: [given.groupBy ?? 'category'].flat(),
    alpha: given.alpha ?? 0.05,
    gate: (given.gate ?? {}) as GateOptions,
    baseline: given.baseline ?? null,
    reports: reportFiles(given.reports),
  }
}

function reportFiles(
  given: z.infer<typeof optionsSchema>['reports'],
): ReportFiles | null {
  if (given === false) return null
  const file = (value: string | false | undefined, fallback: string): string | null =>
    value === false ? null : (value ?? fallback)
  return {
    dir: given?.dir ?? 'reports/abgate',
    json: file(given?.json, 'report.json'),
    markdown: file(given?.markdown, 'summary.md'),
    junit: file(given?.junit, 'junit.xml'),
    edgeCases: given?.edgeCases ?? true,
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
