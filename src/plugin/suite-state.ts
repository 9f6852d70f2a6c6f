import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TestProject } from 'vitest/node'
import { loadSuiteData, type SuiteData } from '../dataset/suite-data.ts'
import { AbgateUserError } from '../errors.ts'
import { shownText } from '../privacy/report-text.ts'
import { readBaselineReport } from '../report/baseline.ts'
import type { Report } from '../report/schema.ts'
import type { SuiteSummary } from '../verdict.ts'
import type { ResolvedOptions } from './options.ts'

/**
 * One suite as the main process knows it: its files, its validated data
 * (read once and kept until a file changes) and the summary every test file
 * of the suite carries.
 */
export class SuiteState {
  readonly options: ResolvedOptions
  readonly root: string
  private readonly project: TestProject
  private datasetPaths: readonly string[] | null = null
  private cached: { key: string; data: Promise<SuiteData> } | null = null
  private baselineReport: Promise<{ file: string; report: Report } | null> | null = null

  constructor(options: ResolvedOptions, project: TestProject) {
    this.options = options
    this.project = project
    this.root = project.config.root
  }

  get name(): string {
    return this.options.name
  }

  /** The suite's dataset files: absolute paths, as the project's globs find them. */
  async datasets(): Promise<readonly string[]> {
    if (this.datasetPaths === null) {
      const { testFiles } = await this.project.globTestFiles()
      this.datasetPaths = [...testFiles].sort()
    }
    return this.datasetPaths
  }

  async isDataset(path: string): Promise<boolean> {
    return (await this.datasets()).includes(path)
  }

  get feedbackPath(): string | null {
    return this.sidePath(this.options.feedback)
  }

  get metadataPath(): string | null {
    return this.sidePath(this.options.metadata)
  }

  private sidePath(file: { path: string; required: boolean } | null): string | null {
    if (file === null) return null
    const path = resolve(this.root, this.options.dir, file.path)
    if (!file.required && !existsSync(path)) return null
    return path
  }

  /** The suite's validated data; read again only when one of its files changed. */
  async data(): Promise<SuiteData> {
    const datasets = await this.datasets()
    if (datasets.length === 0) {
      throw new AbgateUserError(
        'no_dataset',
        `suite "${this.name}": no dataset file matches ${this.options.datasets.join(', ')} in ${this.options.dir}. ` +
          'Check the "dir" and "datasets" options.',
      )
    }
    const files = {
      root: this.root,
      datasets,
      feedback: this.feedbackPath,
      metadata: this.metadataPath,
    }
    const key = await versionKey([...files.datasets, files.feedback, files.metadata])
    if (this.cached?.key !== key) this.cached = { key, data: loadSuiteData(files) }
    return this.cached.data
  }

  /**
   * The earlier run's report this suite is compared with, if any: the
   * `ABGATE_BASELINE` environment variable (set by `abgate run --baseline`)
   * or the `baseline` option. Read once; a bad file is a user error.
   */
  baseline(): Promise<{ file: string; report: Report } | null> {
    this.baselineReport ??= (async () => {
      const file = process.env.ABGATE_BASELINE || this.options.baseline
      if (file === null || file === '') return null
      return { file, report: await readBaselineReport(resolve(this.root, file), file) }
    })()
    return this.baselineReport
  }

  /** What every test file of the suite carries in its meta. */
  summary(data: SuiteData, client: string): SuiteSummary {
    const samples = data.datasets.reduce((sum, d) => sum + d.samples.length, 0)
    const join = data.feedback
    return {
      v: 1,
      suite: this.name,
      client,
      failOn: this.options.failOn,
      feedbackOverridesLabel: this.options.feedbackOverridesLabel,
      datasets: data.datasets.map((d) => ({ file: d.name, samples: d.samples.length })),
      samples,
      invalid: data.problems,
      feedback:
        data.feedbackFile === null
          ? null
          : {
              file: data.feedbackFile,
              records: join.records,
              joined: join.bySample.size,
              conflicts: join.conflicts,
              superseded: join.superseded.length,
              unmatched: join.unmatched.map((entry) => ({
                line: entry.line,
                id: entry.value.id ?? null,
                text: shownText(entry.value.text, this.options.reportText),
              })),
            },
      metadata:
        data.metadata === null
          ? null
          : {
              synthetic: data.metadata.synthetic,
              source: data.metadata.source.kind,
              start: data.metadata.date_range.start,
              end: data.metadata.date_range.end,
            },
    }
  }
}

async function versionKey(paths: readonly (string | null)[]): Promise<string> {
  const parts = await Promise.all(
    paths.map(async (path) => {
      if (path === null) return '-'
      try {
        const info = await stat(path)
        return `${path}:${info.mtimeMs}:${info.size}`
      } catch {
        return `${path}:missing`
      }
    }),
  )
  return parts.join('|')
}
