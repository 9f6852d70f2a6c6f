import type { TestProject, TestSpecification, Vitest } from 'vitest/node'
import { DatasetError } from '../dataset/problems.ts'
import { AbgateReporter } from '../reporters/reporter.ts'
import type { SuiteState } from './suite-state.ts'

const CHUNK_QUERY = /\?chunk=(\d+)-of-(\d+)$/

/** The dataset path and chunk of a module id (`data.jsonl?chunk=2-of-5`). */
export function chunkOf(id: string): {
  path: string
  chunk: { index: number; count: number } | null
} {
  const match = CHUNK_QUERY.exec(id)
  if (match === null) return { path: id.split('?')[0] ?? id, chunk: null }
  return {
    path: id.slice(0, match.index),
    chunk: { index: Number(match[1]) - 1, count: Number(match[2]) },
  }
}

interface Registry {
  suites: Map<TestProject, SuiteState>
  reporter: AbgateReporter
}

const registries = new WeakMap<Vitest, Registry>()

/**
 * Makes Vitest aware of a suite: the first suite of a run adds abgate's
 * reporter and lets abgate see the test specifications before they run, to
 * validate every suite's data and split large datasets into chunks.
 */
export function registerSuite(
  vitest: Vitest,
  project: TestProject,
  suite: SuiteState,
): void {
  let registry = registries.get(vitest)
  if (registry === undefined) {
    registry = { suites: new Map(), reporter: new AbgateReporter() }
    registries.set(vitest, registry)
    vitest.config.reporters.push(registry.reporter)
    interceptSpecifications(vitest, registry)
  }
  registry.suites.set(project, suite)
  registry.reporter.addSuite(suite)
}

/**
 * The part of Vitest's (internal) specification store abgate wraps. Vitest
 * 4.1 offers no public hook between finding test files and running them;
 * this is the one place that depends on an internal, checked by the
 * end-to-end tests at the pinned version.
 */
interface SpecificationStore {
  globTestSpecifications: (filters?: string[]) => Promise<TestSpecification[]>
}

function interceptSpecifications(vitest: Vitest, registry: Registry): void {
  const specifications = (vitest as unknown as { specifications: SpecificationStore })
    .specifications
  const glob = specifications.globTestSpecifications.bind(specifications)
  specifications.globTestSpecifications = async (filters?: string[]) => {
    const found = await glob(filters)
    await validate(found, registry)
    const expanded = await Promise.all(found.map((spec) => expand(spec, registry)))
    return expanded.flat()
  }
}

/** Stops the run before any test starts when a suite's data or baseline report is bad. */
async function validate(
  specs: readonly TestSpecification[],
  registry: Registry,
): Promise<void> {
  const projects = new Set(specs.map((spec) => spec.project))
  for (const project of projects) {
    const suite = registry.suites.get(project)
    if (suite === undefined) continue
    await suite.baseline()
    if (suite.options.invalidData !== 'stop') continue
    const data = await suite.data()
    if (data.problems.length > 0) throw new DatasetError(suite.name, data.problems)
  }
}

/** One specification per chunk of a large dataset; a line filter keeps the whole file. */
async function expand(
  spec: TestSpecification,
  registry: Registry,
): Promise<TestSpecification[]> {
  const suite = registry.suites.get(spec.project)
  if (suite === undefined || !(await suite.isDataset(spec.moduleId))) return [spec]
  if (spec.testLines !== undefined && spec.testLines.length > 0) return [spec]
  const data = await suite.data()
  const dataset = data.datasets.find((d) => d.path === spec.moduleId)
  const count = Math.ceil((dataset?.samples.length ?? 0) / suite.options.chunkSize)
  if (count <= 1) return [spec]
  return Array.from({ length: count }, (_, index) =>
    spec.project.createSpecification(`${spec.moduleId}?chunk=${index + 1}-of-${count}`),
  )
}
