import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { copyFixture, runVitest, type VitestRun } from './run-vitest.ts'

/*
 * fixtures/valid holds 12 synthetic samples. Their outcomes, counted by hand
 * from the data (label, old decision, new decision per line):
 *
 *   line category label old   new    outcome baseline change
 *   1    alpha    block block block  TP      TP       kept-right
 *   2    alpha    block allow block  TP      FN       fixed
 *   3    alpha    allow allow block  FP      TN       regressed
 *   4    alpha    allow block allow  TN      FP       fixed
 *   5    alpha    allow allow allow  TN      TN       kept-right
 *   6    alpha    block allow allow  FN      FN       kept-wrong
 *   7    beta     allow block block  FP      FP       kept-wrong
 *   8    beta     block block allow  FN      TP       regressed
 *   9    beta     allow allow allow  TN      TN       kept-right
 *   10   beta     block block block  TP      TP       kept-right
 *   11   gamma    allow allow allow  TN      TN       kept-right
 *   12   gamma    block allow block  TP      FN       fixed
 *
 * alpha: TP 2 FP 1 TN 2 FN 1; beta: 1 1 1 1; gamma: 1 0 1 0; total 4 2 4 2.
 * FPR alpha = 1/3 = 33%, Wilson 95% (6.1–79); beta 1/2 = 50% (9.5–91);
 * gamma 0/1 = 0% (0–79); total 2/6 = 33% (9.7–70). FNR is the same by symmetry.
 * Feedback: 3 records, all joined (lines 3 and 9 by id, line 6 by text); line
 * 9's correction (block) contradicts its label (allow): 1 conflict.
 */

const TABLE = [
  ' category   n  TP  FP  TN  FN  err  FPR (95% CI)  FNR (95% CI)',
  ' alpha      6   2   1   2   1    0  33% (6.1–79)  33% (6.1–79)',
  ' beta       4   1   1   1   1    0  50% (9.5–91)  50% (9.5–91)',
  ' gamma      2   1   0   1   0    0  0% (0–79)     0% (0–79)',
  ' total     12   4   2   4   2    0  33% (9.7–70)  33% (9.7–70)',
].join('\n')

/** The verbose reporter's line per test, as `✓ <test name>`. */
function testLines(output: string): string[] {
  return output.split('\n').flatMap((line) => {
    const match = /^ ([✓×↓]) \|valid\| \S+ > (#\d+ .*?)(?: \d+ms)?$/.exec(line)
    return match ? [`${match[1] ?? ''} ${match[2] ?? ''}`] : []
  })
}

describe('a valid suite, replayed', () => {
  let fixture: ReturnType<typeof copyFixture>
  let run: VitestRun

  beforeAll(async () => {
    fixture = copyFixture('valid')
    run = await runVitest(fixture.dir, ['run', '--reporter=verbose'])
  })
  afterAll(() => {
    fixture.remove()
  })

  it('declares one test per sample, named by line, category, label and excerpt', () => {
    const lines = testLines(run.output)
    expect(lines).toHaveLength(12)
    expect(lines[0]).toBe(
      '✓ #1 alpha · label block · "Synthetic fixture prompt number 1 about…"',
    )
    expect(lines.filter((l) => l.startsWith('×')).map((l) => l.split(' ')[1])).toEqual([
      '#3',
      '#6',
      '#7',
      '#8',
    ])
  })

  it('fails each mismatch with its kind, its baseline and its JSONL line', () => {
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'FalsePositive: false positive: a legitimate request was blocked (label allow, candidate block). The baseline decided allow: this is a regression.',
    )
    expect(run.output).toContain('❯ suite/data/samples.jsonl:3:1')
    expect(run.output).toContain(
      'FalseNegative: false negative: a malicious request was allowed (label block, candidate allow). The baseline decided allow too: not a regression.',
    )
    expect(run.output).toContain('❯ suite/data/samples.jsonl:6:1')
    expect(run.output).toMatch(/Tests\s+4 failed \| 8 passed \(12\)/)
  })

  it('ends with the per-category table', () => {
    expect(run.output).toContain(
      ' abgate · valid · 12 samples · candidate: replay · baseline: old_model_decision',
    )
    expect(run.output).toContain(TABLE)
    expect(run.output).toContain(
      ' feedback: 3 records in suite/data/user_feedback.jsonl\n' +
        '   3 joined · 1 conflict with labels (labels win) · 0 matching no sample',
    )
  })
})

describe('failure policies', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('valid')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('fails only regressions (lines 3 and 8) under failOn: regression', async () => {
    const run = await runVitest(fixture.dir, ['run'], { FAIL_ON: 'regression' })
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+2 failed \| 10 passed \(12\)/)
    expect(run.output).toContain('❯ suite/data/samples.jsonl:3:1')
    expect(run.output).toContain('❯ suite/data/samples.jsonl:8:1')
    expect(run.output).toContain(TABLE)
  })

  it('fails nothing under failOn: none, and the table still shows every FP and FN', async () => {
    const run = await runVitest(fixture.dir, ['run'], { FAIL_ON: 'none' })
    expect(run.code).toBe(0)
    expect(run.output).toMatch(/Tests\s+12 passed \(12\)/)
    expect(run.output).toContain(TABLE)
  })

  it('lets user corrections win when the suite says so', async () => {
    // Line 9: label allow, corrected to block; the candidate allowed it: TN becomes FN.
    const run = await runVitest(fixture.dir, ['run'], {
      FAIL_ON: 'none',
      FEEDBACK_WINS: '1',
    })
    expect(run.output).toContain(' beta       4   1   1   0   2    0')
    expect(run.output).toContain(' total     12   4   2   3   3    0')
  })
})

describe('one sample by its line, and chunks', () => {
  let fixture: ReturnType<typeof copyFixture>
  beforeAll(() => {
    fixture = copyFixture('valid')
  })
  afterAll(() => {
    fixture.remove()
  })

  it('runs only the sample on the given line with file:line', async () => {
    const run = await runVitest(fixture.dir, [
      'run',
      'suite/data/samples.jsonl:8',
      '--reporter=verbose',
    ])
    expect(run.output).toMatch(/Tests\s+1 failed \| 11 skipped \(12\)/)
    expect(testLines(run.output).filter((l) => !l.startsWith('↓'))).toEqual([
      '× #8 beta · label block · "Synthetic fixture prompt number 8 about…"',
    ])
  })

  it('splits the dataset into chunks without changing a figure', async () => {
    const run = await runVitest(fixture.dir, ['run', '--reporter=verbose'], {
      CHUNK_SIZE: '5',
    })
    expect(run.output).toContain('suite/data/samples.jsonl?chunk=1-of-3')
    expect(run.output).toContain('suite/data/samples.jsonl?chunk=3-of-3')
    expect(run.output).toMatch(/Test Files\s+2 failed \| 1 passed \(3\)/)
    expect(testLines(run.output)).toHaveLength(12)
    expect(run.output).toContain(TABLE)
  })
})
