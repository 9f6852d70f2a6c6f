import type { TestModule } from 'vitest/node'
import type { SuiteRun } from '../report/build.ts'
import type { Verdict } from '../verdict.ts'

/** Collects every suite's verdicts from the finished test modules. */
export function collectRuns(
  modules: readonly TestModule[],
  suites: ReadonlySet<string>,
): SuiteRun[] {
  const runs = new Map<string, SuiteRun>()
  for (const module of modules) {
    const suite = module.project.name
    if (!suites.has(suite)) continue
    let run = runs.get(suite)
    if (run === undefined) {
      run = { suite, summary: null, verdicts: [], unjudged: [], skipped: 0 }
      runs.set(suite, run)
    }
    run.summary ??= module.meta().abgateSuite ?? null
    collectModule(module, run)
  }
  for (const run of runs.values()) run.verdicts.sort(byPlace)
  return [...runs.values()].sort((a, b) => a.suite.localeCompare(b.suite))
}

function collectModule(module: TestModule, run: SuiteRun): void {
  const errors = module.errors()
  for (const test of module.children.allTests()) {
    const verdict = test.meta().abgate
    if (verdict) {
      run.verdicts.push(verdict)
      continue
    }
    const result = test.result()
    // A test skipped because its file failed (a client that could not start)
    // did not run: that is no filter, and the run must not pass for it.
    const skipped = result.state === 'skipped' || result.state === 'pending'
    if (skipped && errors.length === 0) {
      run.skipped += 1
      continue
    }
    const message = result.errors?.[0]?.message ?? errors[0]?.message ?? 'no verdict'
    run.unjudged.push({ file: module.relativeModuleId, name: test.name, message })
  }
}

/** Run order varies with workers and shards; reports do not. */
function byPlace(a: Verdict, b: Verdict): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1
  return a.line - b.line
}
