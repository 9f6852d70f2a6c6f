import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { reportSchema, type GroupRow, type Report } from '../../src/report/schema.ts'
import { ROOT, runVitest, type VitestRun } from './run-vitest.ts'

/**
 * The figures of the shipped dataset as test/independent/expected_figures.py
 * computes them: Python's standard library only (exact fractions for
 * McNemar's test, the closed-form Wilson interval), sharing no code with
 * abgate.
 */
type Expected = Record<
  string,
  Omit<GroupRow, 'group' | 'errors'> & Record<string, unknown>
>

function independentFigures(): Expected {
  const dataset = join(ROOT, 'test_suites/production_ab/data/production_ab_set.jsonl')
  const result = spawnSync(
    'python3',
    [join(ROOT, 'test/independent/expected_figures.py'), dataset],
    {
      encoding: 'utf8',
    },
  )
  if (result.status !== 0) throw new Error(`expected_figures.py failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as Expected
}

describe('the shipped production_ab suite (the README command)', () => {
  let run: VitestRun
  let report: Report
  let expected: Expected

  beforeAll(async () => {
    run = await runVitest(ROOT, ['run', '--project', 'production_ab'])
    report = reportSchema.parse(
      JSON.parse(readFileSync(join(ROOT, 'reports/abgate/report.json'), 'utf8')),
    )
    expected = independentFigures()
  })

  it('runs every sample as a test and exits 0: its configured gate holds', () => {
    expect(run.output).toMatch(/Tests\s+800 passed \(800\)/)
    expect(run.code).toBe(0)
    expect(report.gate).toEqual({ evaluated: true, passed: true })
  })

  it('still shows every false positive and false negative', () => {
    const total = expected.total
    expect(total).toBeDefined()
    const cells = [800, total?.tp, total?.fp, total?.tn, total?.fn, 0]
      .map(String)
      .join('\\s+')
    expect(run.output).toMatch(new RegExp(` total\\s+${cells}\\s`))
    expect(total?.fp).toBeGreaterThan(0)
    expect(total?.fn).toBeGreaterThan(0)
  })

  it('reports the figures an independent computation gives, per category and in total', () => {
    const suite = report.suites[0]
    const table = suite?.groups.find((g) => g.by === 'category')
    const rows = [...(table?.rows ?? []), ...(table ? [table.total] : [])]
    expect(rows.map((r) => r.group).sort()).toEqual(Object.keys(expected).sort())
    for (const row of rows) {
      const want = expected[row.group]
      if (want === undefined) throw new Error(`no expected figures for ${row.group}`)
      expect({
        group: row.group,
        n: row.samples,
        tp: row.tp,
        fp: row.fp,
        tn: row.tn,
        fn: row.fn,
      }).toEqual({
        group: row.group,
        n: want.samples,
        tp: want.tp,
        fp: want.fp,
        tn: want.tn,
        fn: want.fn,
      })
      for (const key of ['fpr', 'fnr', 'precision', 'recall', 'blockRate'] as const) {
        expect(row[key].k).toBe(want[key].k)
        expect(row[key].n).toBe(want[key].n)
        if (want[key].ci === null) expect(row[key].ci).toBeNull()
        else {
          expect(row[key].ci?.low).toBeCloseTo(want[key].ci.low, 12)
          expect(row[key].ci?.high).toBeCloseTo(want[key].ci.high, 12)
        }
      }
      if (want.f1 === null) expect(row.f1).toBeNull()
      else expect(row.f1).toBeCloseTo(want.f1, 12)
    }
  })

  it('compares old and new as the independent computation does, McNemar p included', () => {
    const comparison = report.suites[0]?.comparison
    const rows = [...(comparison?.rows ?? []), ...(comparison ? [comparison.total] : [])]
    for (const row of rows) {
      const want = expected[row.group]
      if (want === undefined) throw new Error(`no expected figures for ${row.group}`)
      expect(row).toMatchObject({
        keptRight: want.keptRight,
        fixed: want.fixed,
        regressed: want.regressed,
        keptWrong: want.keptWrong,
        fpBefore: want.fpBefore,
        fnBefore: want.fnBefore,
        fpAfter: want.fp,
        fnAfter: want.fn,
        allowToBlock: want.allowToBlock,
        blockToAllow: want.blockToAllow,
      })
      const p = want.mcnemarP as number
      expect(Math.abs((row.mcnemarP ?? NaN) - p)).toBeLessThanOrEqual(
        1e-12 * Math.max(p, 1e-300),
      )
    }
  })

  it('writes a JUnit file that both published schemas accept, with the gate as testcases', () => {
    const junit = join(ROOT, 'reports/abgate/junit.xml')
    for (const xsd of ['junit-10.xsd', 'JUnit.xsd']) {
      const schema = join(ROOT, '../shared/schemas', xsd)
      const check = spawnSync('xmllint', ['--noout', '--schema', schema, junit], {
        encoding: 'utf8',
      })
      expect(
        check.error,
        'xmllint is missing: apt-get install libxml2-utils',
      ).toBeUndefined()
      expect(check.stderr).toContain('validates')
      expect(check.status).toBe(0)
    }
    const xml = readFileSync(junit, 'utf8')
    expect(xml.match(/<testcase /g)).toHaveLength(800 + 30)
    expect(xml).not.toContain('<failure')
  })

  it('writes the Markdown summary of the same figures', () => {
    const markdown = readFileSync(join(ROOT, 'reports/abgate/summary.md'), 'utf8')
    const total = expected.total
    const cells = [800, total?.tp, total?.fp, total?.tn, total?.fn]
      .map(String)
      .join('\\s*\\|\\s*')
    expect(markdown).toMatch(new RegExp(`\\|\\s*\\**total\\**\\s*\\|\\s*${cells}\\s*\\|`))
  })

  it('calls out the deployment with fewer than 200 samples', () => {
    expect(run.output).toMatch(/⚠ v2\.2_canary has 150 samples/)
  })
})
