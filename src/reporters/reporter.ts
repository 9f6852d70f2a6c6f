import type { Reporter, TestModule, Vitest } from 'vitest/node'
import { aggregate } from '../metrics/aggregate.ts'
import { colorsWanted, createColors } from './colors.ts'
import { collectRuns } from './run.ts'
import { renderSuite } from './terminal.ts'

/**
 * Vitest's side of abgate's reporting: at the end of a run it reads every
 * suite's verdicts from test meta and prints each suite's tables. It holds
 * no figures of its own; everything is computed from meta at the end, so a
 * merge of shards reports like one unsharded run.
 */
export class AbgateReporter implements Reporter {
  private vitest: Vitest | null = null
  private readonly suites = new Set<string>()

  /** Called by the plugin for each project that is an abgate suite. */
  addSuite(name: string): void {
    this.suites.add(name)
  }

  onInit(vitest: Vitest): void {
    this.vitest = vitest
  }

  onTestRunEnd(modules: readonly TestModule[]): void {
    const vitest = this.vitest
    if (vitest === null) return
    const colors = createColors(
      colorsWanted(vitest.logger.outputStream as { isTTY?: boolean }),
    )
    const partial = vitest.config.shard !== undefined
    for (const run of collectRuns(modules, this.suites)) {
      const groups = aggregate(run.verdicts, 'category')
      vitest.logger.log(renderSuite({ run, groups, partial }, colors))
    }
  }
}
