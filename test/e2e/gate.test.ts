import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sampleSchema } from '../../src/dataset/schema.ts'
import { reportSchema, type Report } from '../../src/report/schema.ts'
import { copyFixture, runAbgate, runVitest } from './run-vitest.ts'

function readReport(dir: string, path = 'reports/abgate/report.json'): Report {
  return reportSchema.parse(JSON.parse(readFileSync(join(dir, path), 'utf8')))
}

/** The report without what differs between two runs of the same data: times. */
function withoutTimings(report: Report): unknown {
  return {
    ...report,
    createdAt: null,
    shard: null,
    suites: report.suites.map((suite) => ({
      ...suite,
      verdicts: suite.verdicts.map((v) => ({ ...v, latencyMs: null })),
    })),
  }
}

/** The end-of-run report as printed, from its headline to the gate verdict. */
function printedTables(output: string): string {
  const start = output.indexOf(' abgate · ')
  const end = output.indexOf('\n wrote ', start)
  if (start === -1 || end === -1)
    throw new Error(`no abgate report in the output:\n${output}`)
  return output.slice(start, end)
}

describe('the gate decides the exit code (fixtures/valid, failOn: none)', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('valid')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('exits 0 when every check holds, though the tables show each FP and FN', async () => {
    const run = await runVitest(fixture.dir, ['run'], { FAIL_ON: 'none', GATE: 'pass' })
    expect(run.code).toBe(0)
    expect(run.output).toContain(' total     12   4   2   4   2    0')
    const report = readReport(fixture.dir)
    expect(report.gate).toEqual({ evaluated: true, passed: true })
    // beta's FNR is 1/2 = 50% ≤ 50%; regressions (lines 3 and 8) 2 ≤ 2.
    const beta = report.suites[0]?.gate.checks.find(
      (c) => c.check === 'max_fnr' && c.group === 'beta',
    )
    expect(beta).toMatchObject({ passed: true, actual: 0.5, threshold: 0.5 })
  })

  it('exits 1 when a check fails, and says which, by how much, with what figures', async () => {
    const run = await runVitest(fixture.dir, ['run'], { FAIL_ON: 'none', GATE: 'fail' })
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+12 passed \(12\)/)
    expect(run.output).toContain('FNR 50.0% (1 of 2) > 40.0%: over by 10.0 points')
    expect(run.output).toContain('2 regressions > 1: 1 too many')
    const report = readReport(fixture.dir)
    expect(report.gate).toEqual({ evaluated: true, passed: false })
    const failed = report.suites[0]?.gate.checks
      .filter((c) => !c.passed)
      .map((c) => `${c.check} ${c.group}`)
    expect(failed).toEqual(['max_regressions total', 'max_fnr beta'])

    // A CI that reads only the JUnit file reaches the same verdict.
    const junit = readFileSync(join(fixture.dir, 'reports/abgate/junit.xml'), 'utf8')
    expect(junit).toMatch(/<testcase [^>]*name="max_fnr beta"[^>]*>\s*<failure/)
  })

  it('writes the edge cases for review, as samples that can be data again', async () => {
    await runVitest(fixture.dir, ['run'], { FAIL_ON: 'none' })
    const text = readFileSync(
      join(fixture.dir, 'reports/abgate/valid.edge-cases.jsonl'),
      'utf8',
    )
    const samples = text
      .trim()
      .split('\n')
      .map((line) => sampleSchema.parse(JSON.parse(line)))
    // Old and new decisions differ on lines 2, 3, 4, 8 and 12; line 9's feedback contradicts its label.
    expect(samples.map((s) => s.id)).toEqual([
      'v-02',
      'v-03',
      'v-04',
      'v-08',
      'v-09',
      'v-12',
    ])
  })

  it('appends the Markdown summary to $GITHUB_STEP_SUMMARY', async () => {
    const summary = join(fixture.dir, 'step-summary.md')
    writeFileSync(summary, '# earlier step\n')
    await runVitest(fixture.dir, ['run'], {
      FAIL_ON: 'none',
      GITHUB_STEP_SUMMARY: summary,
    })
    const text = readFileSync(summary, 'utf8')
    expect(text.startsWith('# earlier step\n')).toBe(true)
    expect(text).toContain('valid')
    expect(text).toMatch(/\| *alpha *\| *6 *\| *2 *\| *1 *\| *2 *\| *1 *\|/)
  })
})

describe('a sharded run', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('valid')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('merges to the same tables, JSON report and gate decision as one unsharded run', async () => {
    const env = { FAIL_ON: 'none', GATE: 'fail', CHUNK_SIZE: '2' }
    const whole = await runVitest(fixture.dir, ['run'], env)
    const wholeReport = readReport(fixture.dir)
    expect(whole.code).toBe(1)

    for (const index of [1, 2, 3]) {
      const shard = await runVitest(
        fixture.dir,
        ['run', `--shard=${index}/3`, '--reporter=blob'],
        env,
      )
      // A shard alone never gates: nothing failed in it, so it exits 0.
      expect(shard.code).toBe(0)
      expect(shard.output).toContain('partial')
      expect(shard.output).toContain('gate not evaluated')
      expect(readReport(fixture.dir).shard).toEqual({ index, count: 3 })
    }
    const merged = await runVitest(fixture.dir, ['--merge-reports'], env)
    expect(merged.code).toBe(1)
    expect(printedTables(merged.output)).toBe(printedTables(whole.output))
    expect(printedTables(merged.output)).toContain(' total     12   4   2   4   2    0')
    expect(printedTables(merged.output)).toContain('gate FAILED')
    expect(withoutTimings(readReport(fixture.dir))).toEqual(withoutTimings(wholeReport))
  })
})

describe('several suites in one run (fixtures/multi)', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('multi')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('prints each suite under its name, keeps each in the JSON report and gates on all', async () => {
    const run = await runVitest(fixture.dir, [
      'run',
      '--project',
      'first',
      '--project',
      'second',
    ])
    expect(run.code).toBe(0)
    expect(run.output).toContain(' abgate · first · 12 samples')
    expect(run.output).toContain(' abgate · second · 6 samples')
    const report = readReport(fixture.dir, 'out/report.json')
    expect(report.suites.map((s) => [s.suite, s.groups[0]?.total.samples])).toEqual([
      ['first', 12],
      ['second', 6],
    ])
    // second: TP 3, FP 1 (line 5), TN 2, FN 0; one regression (line 5) ≤ 1.
    expect(report.suites[1]?.groups[0]?.total).toMatchObject({
      tp: 3,
      fp: 1,
      tn: 2,
      fn: 0,
    })
    expect(report.gate).toEqual({ evaluated: true, passed: true })
  })

  it('fails the run when one suite fails its gate', async () => {
    const run = await runVitest(fixture.dir, ['run'], { GATE: 'fail' })
    expect(run.code).toBe(1)
    const report = readReport(fixture.dir, 'out/report.json')
    expect(report.suites.map((s) => [s.suite, s.gate.passed])).toEqual([
      ['first', false],
      ['second', true],
    ])
  })
})

describe('a baseline from an earlier run', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('valid')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('compares with the earlier run’s decisions, matched by id, and lists unmatched samples', async () => {
    await runVitest(fixture.dir, ['run'], { FAIL_ON: 'none' })
    const earlier = join(fixture.dir, 'earlier.json')
    writeFileSync(earlier, readFileSync(join(fixture.dir, 'reports/abgate/report.json')))

    // This run drops line 12 (v-12) and adds v-13; its candidate allows everything.
    const data = join(fixture.dir, 'suite/data/samples.jsonl')
    const lines = readFileSync(data, 'utf8').trim().split('\n')
    const added = (lines[11] ?? '')
      .replace('"v-12"', '"v-13"')
      .replace('number 12', 'number 13')
    writeFileSync(data, [...lines.slice(0, 11), added, ''].join('\n'))

    const run = await runAbgate(fixture.dir, ['run', '--baseline', 'earlier.json'], {
      FAIL_ON: 'none',
      CLIENT: 'allow-all',
    })
    expect(run.output).toContain('baseline: report earlier.json')
    const suite = readReport(fixture.dir).suites[0]
    /*
     * Baseline = the earlier candidate (new_model_decision); candidate = allow.
     * Lines 1, 2, 10: TP → FN, regressed; 3, 7: FP → TN, fixed; 4, 5, 9, 11:
     * TN kept right; 6, 8: FN kept wrong. v-13 has no baseline.
     */
    expect(suite?.comparison.total).toMatchObject({
      keptRight: 4,
      fixed: 2,
      regressed: 3,
      keptWrong: 2,
      compared: 11,
    })
    expect(suite?.baselineMatch?.matched).toBe(11)
    expect(suite?.baselineMatch?.onlyInRun.map((s) => s.id)).toEqual(['v-13'])
    expect(suite?.baselineMatch?.onlyInBaseline.map((s) => s.id)).toEqual(['v-12'])
  })

  it('says how to use the abgate command when it is misused', async () => {
    const run = await runAbgate(fixture.dir, ['run', '--baseline'])
    expect(run.code).toBe(2)
    expect(run.output).toContain('abgate: --baseline needs a file')
    expect(run.output).toContain('usage: abgate run [--baseline <report.json>]')
  })

  it('names a baseline report that is not one', async () => {
    writeFileSync(join(fixture.dir, 'not-a-report.json'), '{"hello": 1}')
    const run = await runAbgate(fixture.dir, ['run', '--baseline', 'not-a-report.json'], {
      FAIL_ON: 'none',
    })
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'BaselineReportError: the baseline report not-a-report.json is not an abgate report of version 1',
    )
    expect(run.output).not.toMatch(/Tests\s+\d/)
  })
})
