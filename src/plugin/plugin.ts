import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vitest/config'
import type { TestProject } from 'vitest/node'
import { DatasetError } from '../dataset/problems.ts'
import type { SuiteData } from '../dataset/suite-data.ts'
import { hasThresholds } from '../report/gate.ts'
import { generateModule } from './codegen.ts'
import { chunkOf, registerSuite } from './chunks.ts'
import { resolveOptions, type AbgateOptions, type ResolvedOptions } from './options.ts'
import type { RuntimeSettings } from './settings.ts'
import { SuiteState } from './suite-state.ts'

const RUNTIME = fileURLToPath(
  new URL(
    import.meta.url.endsWith('.ts') ? './runtime.ts' : './runtime.js',
    import.meta.url,
  ),
)

/** abgate's own compiled files (`dist/`), wherever the package is installed. */
const OWN_FILES = new RegExp(`^${escapeRegExp(dirname(dirname(RUNTIME)))}/`)

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/**
 * The abgate plugin: makes a suite's JSONL datasets the test files of the
 * Vitest project it is added to, one test per sample.
 *
 * @example
 * // vitest.config.ts
 * projects: [{ plugins: [abgate({ dir: 'test_suites/production_ab' })] }]
 */
export function abgate(options: AbgateOptions): Plugin {
  const resolved = resolveOptions(options)
  let suite: SuiteState | null = null

  return {
    name: 'abgate',
    enforce: 'pre',
    config(config) {
      const hasName = config.test?.name !== undefined
      const client = resolved.client
      // A module client's own timeout must fire before Vitest's test timeout.
      const timeout =
        client.kind === 'module' && config.test?.testTimeout === undefined
          ? { testTimeout: client.timeoutMs + 5000 }
          : {}
      // Samples share no state, so test files need no fresh module graph each:
      // the runtime and client code load once per worker.
      const isolate = config.test?.isolate === undefined ? { isolate: false } : {}
      return {
        test: {
          ...(hasName ? {} : { name: resolved.name }),
          ...isolate,
          ...timeout,
          include: resolved.datasets.map((glob) => `${resolved.dir}/${glob}`),
          exclude: ['**/node_modules/**', '**/.git/**', ...sideFileGlobs(resolved)],
          // Installed, abgate lives in node_modules, which Vitest hands to Node
          // as it is; its runtime must go through Vite so that it can import a
          // client module written in TypeScript.
          server: { deps: { inline: [OWN_FILES] } },
        },
      }
    },
    configureVitest({ project, vitest }) {
      if (resolved.failOn === 'none' && !hasThresholds(resolved.gate)) {
        vitest.logger.warn(
          `abgate: suite "${resolved.name}" fails no sample on a mismatch (failOn: "none") and its ` +
            'gate has no thresholds, so only invalid data, missing samples and errors fail the run. ' +
            'Set gate thresholds, or failOn: "mismatch".',
        )
      }
      suite = new SuiteState(resolved, project)
      project.provide('abgate', runtimeSettings(resolved, project))
      registerSuite(vitest, project, suite)
    },
    async load(id) {
      const { path, chunk } = chunkOf(id)
      if (suite === null || !path.endsWith('.jsonl') || !(await suite.isDataset(path)))
        return null
      const data = await suite.data()
      for (const side of [suite.feedbackPath, suite.metadataPath])
        if (side) this.addWatchFile(side)
      return moduleFor(suite, data, path, chunk)
    },
  }
}

function sideFileGlobs(options: ResolvedOptions): string[] {
  return [options.feedback, options.metadata]
    .filter((file) => file !== null)
    .map((file) => `${options.dir}/${file.path}`)
}

function runtimeSettings(
  options: ResolvedOptions,
  project: TestProject,
): RuntimeSettings {
  return {
    suite: options.name,
    client:
      options.client.kind === 'replay'
        ? { kind: 'replay' }
        : {
            kind: 'module',
            path: resolve(project.config.root, options.client.path),
            label: options.client.path,
            options: options.client.options,
            timeoutMs: options.client.timeoutMs,
          },
    failOn: options.failOn,
    reportText: options.reportText,
    feedbackOverridesLabel: options.feedbackOverridesLabel,
  }
}

function clientName(options: ResolvedOptions): string {
  return options.client.kind === 'replay' ? 'replay' : `module:${options.client.path}`
}

function moduleFor(
  suite: SuiteState,
  data: SuiteData,
  path: string,
  chunk: { index: number; count: number } | null,
): { code: string; map: ReturnType<typeof generateModule>['map'] } {
  const dataset = data.datasets.find((d) => d.path === path)
  if (dataset === undefined)
    throw new Error(`abgate: ${path} is not a dataset of suite "${suite.name}"`)
  if (data.problems.length > 0 && suite.options.invalidData === 'stop') {
    throw new DatasetError(suite.name, data.problems)
  }

  const size = suite.options.chunkSize
  const samples =
    chunk === null
      ? dataset.samples
      : dataset.samples.slice(chunk.index * size, (chunk.index + 1) * size)
  const firstChunk = chunk === null || chunk.index === 0
  const ownsSideFiles = data.datasets[0] === dataset
  const datasetNames = new Set(data.datasets.map((d) => d.name))
  const invalid = firstChunk
    ? data.problems.filter(
        (p) => p.file === dataset.name || (ownsSideFiles && !datasetNames.has(p.file)),
      )
    : []
  return generateModule({
    runtime: RUNTIME,
    path,
    file: dataset.name,
    samples,
    invalid,
    summary: suite.summary(data, clientName(suite.options)),
    stamp: dataset.stamp,
  })
}
