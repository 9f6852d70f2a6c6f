import { hostname } from 'node:os'
import { posix, resolve } from 'node:path'
import type { Reporter, TestModule, Vitest } from 'vitest/node'
import type { ResolvedOptions } from '../plugin/options.ts'
import type { SuiteState } from '../plugin/suite-state.ts'
import { buildSuiteReport, edgeCases, type BuildOptions } from '../report/build.ts'
import { evaluateGate } from '../report/gate.ts'
import { REPORT_VERSION, type Report, type SuiteReport } from '../report/schema.ts'
import { colorsWanted, createColors } from './colors.ts'
import { writeOutputs } from './outputs.ts'
import { collectRuns } from './run.ts'
import { renderGateSummary, renderTerminal } from './terminal.ts'

/**
 * Vitest's side of abgate's reporting. It holds no figures of its own: at
 * the end of a run it reads every suite's verdicts from test meta, builds
 * the report, prints it, writes the report files and, on a whole run,
 * applies the gate to the exit code. A shard prints its partial tables and
 * never gates; the merge of all shards reports like one unsharded run.
 */
export class AbgateReporter implements Reporter {
  private vitest: Vitest | null = null
  private readonly suites = new Map<string, SuiteState>()

  /** Called by the plugin for each project that is an abgate suite. */
  addSuite(suite: SuiteState): void {
    this.suites.set(suite.name, suite)
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  async onTestRunEnd(modules: readonly TestModule[]): Promise<void> {
    const vitest = this.vitest
    if (vitest === null) return
    const report = await this.buildReport(vitest, modules)
    if (report.suites.length === 0) return

    const colors = createColors(
      colorsWanted(vitest.logger.outputStream as { isTTY?: boolean }),
    )
    for (const suite of report.suites) vitest.logger.log(renderTerminal(suite, colors))
    vitest.logger.log(renderGateSummary(report, colors))

    const written = await writeOutputs(report, this.outputTargets(vitest, report), {
      hostname: hostname(),
      timestamp: new Date(),
    })
    for (const file of written) vitest.logger.log(colors.dim(` wrote ${file}`))
    vitest.logger.log('')

    if (report.gate.evaluated && !report.gate.passed) process.exitCode = 1
  }

  private async buildReport(
    vitest: Vitest,
    modules: readonly TestModule[],
  ): Promise<Report> {
    const shard = vitest.config.shard ?? null
    const runs = collectRuns(modules, new Set(this.suites.keys()))
    const suites: SuiteReport[] = []
    for (const run of runs) {
      const state = this.suites.get(run.suite)
      if (state === undefined) continue
      const options = state.options
      const suite = buildSuiteReport(run, {
        groupBy: [...options.groupBy, options.gate.by ?? 'category'],
        alpha: options.alpha,
        baseline: await baselineFor(state),
        shard: shard !== null,
        edgeCasesFile: edgeCasesPath(options),
      })
      if (!suite.partial) {
        const checks = evaluateGate(suite, options.gate)
        suite.gate = { evaluated: true, passed: checks.every((c) => c.passed), checks }
      }
      suites.push(suite)
    }
    const evaluated = suites.length > 0 && suites.every((s) => s.gate.evaluated)
    return {
      schema: 'abgate-report',
      version: REPORT_VERSION,
      createdAt: new Date().toISOString(),
      shard: shard === null ? null : { index: shard.index, count: shard.count },
      gate: { evaluated, passed: evaluated && suites.every((s) => s.gate.passed) },
      suites,
    }
  }

  private outputTargets(
    vitest: Vitest,
    report: Report,
  ): Parameters<typeof writeOutputs>[1] {
    return report.suites.flatMap((suite) => {
      const state = this.suites.get(suite.suite)
      const files = state?.options.reports
      if (!state || !files) return []
      const dir = resolve(vitest.config.root, files.dir)
      return [
        {
          suite: suite.suite,
          json: files.json === null ? null : resolve(dir, files.json),
          markdown: files.markdown === null ? null : resolve(dir, files.markdown),
          junit: files.junit === null ? null : resolve(dir, files.junit),
          edgeCases:
            suite.edgeCases.file === null
              ? null
              : {
                  path: resolve(vitest.config.root, suite.edgeCases.file),
                  samples: () => edgeCaseSamples(state, suite),
                },
        },
      ]
    })
  }
}

async function baselineFor(state: SuiteState): Promise<BuildOptions['baseline']> {
  const baseline = await state.baseline()
  if (baseline === null) return null
  const suite = baseline.report.suites.find((s) => s.suite === state.name) ?? null
  return { file: baseline.file, suite }
}

/** The edge-case file of a suite, relative to the Vitest root, as the report names it. */
function edgeCasesPath(options: ResolvedOptions): string | null {
  if (!options.reports?.edgeCases) return null
  return posix.join(options.reports.dir, `${options.name}.edge-cases.jsonl`)
}

/** The edge cases as full samples, read again from the dataset, so a reviewed file can be data again. */
async function edgeCaseSamples(
  state: SuiteState,
  suite: SuiteReport,
): Promise<unknown[]> {
  const data = await state.data()
  const byPlace = new Map<string, unknown>()
  for (const dataset of data.datasets) {
    for (const entry of dataset.samples)
      byPlace.set(`${dataset.name}:${entry.line}`, entry.sample)
  }
  return edgeCases(suite.verdicts).flatMap((v) => {
    const sample = byPlace.get(`${v.file}:${v.line}`)
    return sample === undefined ? [] : [sample]
  })
}
