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

/** What a suite's name may hold: it names the Vitest project and report files. */
const NAME_PATTERN = /^[\w.-]+$/
const NAME_RULE = 'letters, digits, "_", "-" and "." only'

const optionsSchema = z.strictObject({
  dir: z.string().min(1).optional(),
  name: z.string().regex(NAME_PATTERN, NAME_RULE).optional(),
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
   * @default 'none'
   * @example 'mismatch'
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
interface ReportFiles {
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
  const name = given.name ?? nameOfFolder(given.dir ?? dir, dir)
  const client =
    given.client === undefined || given.client === 'replay'
      ? { kind: 'replay' as const }
      : given.client
  return {
    dir,
    name,
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
    failOn: given.failOn ?? 'none',
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

/**
 * The name a suite takes from its folder: the last segment, which must pass
 * the check of `name` and not be "." or "..", as `dir: "."` would give.
 */
function nameOfFolder(given: string, dir: string): string {
  const name = dir.split('/').filter(Boolean).pop() ?? ''
  if (!NAME_PATTERN.test(name) || /^\.+$/.test(name)) {
    throw new OptionsError(
      `abgate(): the folder ${JSON.stringify(given)} gives the suite no usable name ` +
        `(${JSON.stringify(name)}; a name takes ${NAME_RULE}, and not dots alone). ` +
        `Give the name, e.g. abgate({ dir: ${JSON.stringify(given)}, name: "production_ab" })`,
    )
  }
  return name
}

function describeIssues(error: z.ZodError): string {
  const lines = flattenUnions(error.issues).map((issue) => {
    if (issue.code === 'unrecognized_keys') return unknownKeysText(issue)
    const option = issue.path.length > 0 ? issue.path.join('.') : '(options)'
    const got = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)
    return `option "${option}": got ${got}; ${acceptedText(issue)}`
  })
  return `abgate(): invalid options\n${lines.map((l) => `  ${l}`).join('\n')}`
}

/**
 * Replaces a union's issue by the issues of the one branch whose type the
 * value has, so that `reports: { json: 5 }` names `reports.json`, not `reports`.
 */
function flattenUnions(
  issues: readonly z.core.$ZodIssue[],
  prefix: readonly PropertyKey[] = [],
): z.core.$ZodIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path]
    if (issue.code !== 'invalid_union') return [{ ...issue, path }]
    const inside = issue.errors.filter((branch) =>
      branch.every((inner) => inner.path.length > 0),
    )
    const [only] = inside
    return inside.length === 1 && only ? flattenUnions(only, path) : [{ ...issue, path }]
  })
}

function unknownKeysText(issue: z.core.$ZodIssueUnrecognizedKeys): string {
  const where = issue.path.join('.')
  const names = issue.keys.map((k) => `"${where === '' ? k : `${where}.${k}`}"`)
  const known = keysAt(optionsSchema, issue.path).join(', ')
  const of = where === '' ? 'the options' : `the options of "${where}"`
  const unknown = names.length === 1 ? 'unknown option' : 'unknown options'
  return `${unknown} ${names.join(', ')}; ${of} are: ${known}`
}

/** The keys of the object that `path` leads to in `schema`, through unions and records. */
function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable) {
    return keysAt(schema.unwrap(), path)
  }
  if (schema instanceof z.ZodUnion) {
    return [...new Set(schema.options.flatMap((option) => keysAt(option, path)))]
  }
  const [head, ...rest] = path
  if (schema instanceof z.ZodObject) {
    if (head === undefined) return Object.keys(schema.shape)
    return keysAt(typeof head === 'string' ? schema.shape[head] : undefined, rest)
  }
  if (schema instanceof z.ZodRecord && head !== undefined) {
    return keysAt(schema.valueType, rest)
  }
  return []
}

/** What each option that takes more than one shape accepts, by its path. */
const UNION_TEXTS: Record<string, string> = {
  client:
    'expected "replay", { kind: "replay" } or { kind: "module", path, options?, timeoutMs? }',
  datasets: 'expected a glob or a list of globs',
  groupBy: 'expected a field name or a list of field names',
  reports: 'expected false or { dir?, json?, markdown?, junit?, edgeCases? }',
  'reports.json': 'expected a file name or false',
  'reports.markdown': 'expected a file name or false',
  'reports.junit': 'expected a file name or false',
}

function acceptedText(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') {
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
  }
  if (issue.code === 'invalid_type') return `expected ${issue.expected}`
  if (issue.code === 'invalid_union') {
    return UNION_TEXTS[issue.path.join('.')] ?? issue.message
  }
  return issue.message
}
