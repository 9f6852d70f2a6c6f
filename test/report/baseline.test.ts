import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { AbgateUserError } from '../../src/errors.ts'
import {
  BaselineReportError,
  readBaselineReport,
  rebase,
} from '../../src/report/baseline.ts'
import { tempDir } from '../helpers/samples.ts'
import {
  sampleReport,
  sampleSuite,
  verdict,
  type Verdict,
} from '../reporters/sample-report.ts'

/** A verdict of this run or the baseline run: `hash` stands for the text's hash. */
function v(
  line: number,
  id: string | null,
  hash: string,
  label: boolean,
  decision: 'block' | 'allow' | null,
  extra: Partial<Verdict> = {},
): Verdict {
  return verdict({
    line,
    category: 'jailbreak',
    label,
    decision,
    // The recorded old decision, which rebase replaces.
    baseline: 'block',
    id,
    textHash: hash.padStart(16, '0'),
    ...extra,
  })
}

/** The baseline run's suite report around `verdicts`. */
function baselineOf(verdicts: Verdict[]): ReturnType<typeof sampleSuite> {
  return sampleSuite({ verdicts })
}

describe('rebase', () => {
  it('takes the baseline decision of the same id, even when the text changed', () => {
    const run = [v(1, 's-1', 'a1', true, 'block')]
    const earlier = [v(7, 's-1', 'ffff', true, 'allow', { detail: { score: 0.2 } })]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    // Label block: the baseline's allow was a FN, the candidate's block is a TP.
    expect(verdicts[0]).toMatchObject({
      baseline: 'allow',
      baselineDetail: { score: 0.2 },
      baselineOutcome: 'FN',
      outcome: 'TP',
      change: 'fixed',
    })
    expect(match).toEqual({ matched: 1, onlyInRun: [], onlyInBaseline: [] })
  })

  it('falls back to the text hash for a sample without id or with an unknown id', () => {
    const run = [v(1, null, 'a1', false, 'allow'), v(2, 's-new', 'b2', false, 'block')]
    const earlier = [
      v(1, 's-old', 'b2', false, 'allow'),
      v(2, null, 'a1', false, 'block'),
    ]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    // Line 1: label allow, baseline block (FP), candidate allow (TN): fixed.
    // Line 2: label allow, baseline allow (TN), candidate block (FP): regressed.
    expect(verdicts.map((x) => [x.baseline, x.baselineOutcome, x.change])).toEqual([
      ['block', 'FP', 'fixed'],
      ['allow', 'TN', 'regressed'],
    ])
    expect(match.matched).toBe(2)
  })

  it('computes outcomes against this run’s label, not the baseline run’s', () => {
    // The baseline run labelled it allow; this run (after feedback) says block.
    const run = [v(1, 's-1', 'a1', true, 'allow')]
    const earlier = [v(1, 's-1', 'a1', false, 'allow')]
    const [rebased] = rebase(run, baselineOf(earlier)).verdicts
    expect(rebased).toMatchObject({
      label: true,
      baseline: 'allow',
      baselineOutcome: 'FN',
      outcome: 'FN',
      change: 'kept-wrong',
    })
  })

  it('uses a baseline sample for one sample of this run only', () => {
    const run = [v(1, null, 'a1', true, 'block'), v(2, null, 'a1', true, 'block')]
    const earlier = [v(1, null, 'a1', true, 'allow')]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    expect(
      verdicts.map((x) => [x.line, x.baseline, x.baselineOutcome, x.change]),
    ).toEqual([
      [1, 'allow', 'FN', 'fixed'],
      [2, null, null, null],
    ])
    expect(match.matched).toBe(1)
    expect(match.onlyInRun.map((x) => x.line)).toEqual([2])
    expect(match.onlyInBaseline).toEqual([])
  })

  it('lists the samples found on one side only', () => {
    const run = [v(1, 's-1', 'a1', true, 'block'), v(2, 's-2', 'b2', true, 'block')]
    const earlier = [v(5, 's-1', 'a1', true, 'block'), v(6, 's-3', 'c3', false, 'allow')]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    expect(match.matched).toBe(1)
    expect(match.onlyInRun.map((x) => x.id)).toEqual(['s-2'])
    expect(match.onlyInBaseline).toEqual([earlier[1]])
    // A sample only in this run has no baseline: no baseline outcome, no change.
    expect(verdicts[1]).toMatchObject({
      baseline: null,
      baselineDetail: null,
      baselineOutcome: null,
      change: null,
    })
  })

  it('gives no change to an error of the candidate or of the baseline', () => {
    const error = { code: 'timeout', message: 'no answer' }
    const run = [
      v(1, 's-1', 'a1', true, null, { error }),
      v(2, 's-2', 'b2', true, 'block'),
    ]
    const earlier = [
      v(1, 's-1', 'a1', true, 'block'),
      v(2, 's-2', 'b2', true, null, { error }),
    ]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    expect(
      verdicts.map((x) => [x.baseline, x.baselineOutcome, x.outcome, x.change]),
    ).toEqual([
      ['block', 'TP', null, null],
      [null, null, 'TP', null],
    ])
    expect(match.matched).toBe(2)
  })

  it('has every sample only in this run when there is no baseline suite', () => {
    const run = [v(1, 's-1', 'a1', true, 'block')]
    const { verdicts, match } = rebase(run, null)
    expect(verdicts[0]).toMatchObject({
      baseline: null,
      baselineOutcome: null,
      change: null,
    })
    expect(match).toEqual({ matched: 0, onlyInRun: verdicts, onlyInBaseline: [] })
  })

  it('leaves the verdicts given unchanged', () => {
    const run = [v(1, 's-1', 'a1', true, 'block')]
    const before = structuredClone(run)
    rebase(run, baselineOf([v(1, 's-1', 'a1', true, 'allow')]))
    expect(run).toEqual(before)
  })

  it('lists a sample only in this run without a baseline', () => {
    const run = [v(1, 's-1', 'a1', true, 'allow')]
    const { verdicts, match } = rebase(
      run,
      baselineOf([v(2, 's-2', 'b2', true, 'block')]),
    )
    expect(verdicts[0]?.baseline).toBeNull()
    expect(match.onlyInRun[0]).toMatchObject({
      baseline: null,
      baselineOutcome: null,
      change: null,
    })
  })

  it('pairs two samples of one text with the two of the baseline', () => {
    const run = [v(1, null, 'a1', true, 'block'), v(2, null, 'a1', true, 'block')]
    const earlier = [v(1, null, 'a1', true, 'allow'), v(2, null, 'a1', true, 'block')]
    const { match } = rebase(run, baselineOf(earlier))
    expect(match).toEqual({ matched: 2, onlyInRun: [], onlyInBaseline: [] })
  })

  it('prefers a match by id over an earlier match by text', () => {
    const run = [v(1, 's-x', 'a1', true, 'block'), v(2, 's-y', 'a1', true, 'allow')]
    const earlier = [v(1, 's-y', 'a1', true, 'block')]
    const { verdicts, match } = rebase(run, baselineOf(earlier))
    expect(match.onlyInRun.map((x) => x.id)).toEqual(['s-x'])
    expect(verdicts[1]).toMatchObject({ baseline: 'block', change: 'regressed' })
  })
})

describe('readBaselineReport', () => {
  const dir = tempDir('baseline')

  async function failure(file: string, name: string): Promise<BaselineReportError> {
    try {
      await readBaselineReport(file, name)
    } catch (error) {
      if (error instanceof BaselineReportError) return error
      throw error
    }
    throw new Error('expected a BaselineReportError')
  }

  it('reads a report an earlier run wrote', async () => {
    const report = sampleReport()
    const file = dir.write('good.json', JSON.stringify(report))
    expect(await readBaselineReport(file)).toEqual(report)
  })

  it('names a missing file as the user gave it', async () => {
    const file = join(dir.path, 'missing.json')
    const error = await failure(file, 'reports/last.json')
    expect(error).toBeInstanceOf(AbgateUserError)
    expect(error.name).toBe('BaselineReportError')
    expect(error.code).toBe('baseline_unreadable')
    expect(error.message).toBe(
      `cannot read the baseline report reports/last.json: ENOENT: no such file or directory, open '${file}'`,
    )
    expect(error.cause).toMatchObject({ code: 'ENOENT' })
  })

  it('names the file by its path when no name is given', async () => {
    const file = join(dir.path, 'also-missing.json')
    await expect(readBaselineReport(file)).rejects.toThrow(
      `cannot read the baseline report ${file}: `,
    )
  })

  it('refuses a file that is not JSON', async () => {
    const error = await failure(dir.write('bad.json', 'not json'), 'reports/last.json')
    expect(error.code).toBe('baseline_invalid')
    expect(error.message).toBe(
      `the baseline report reports/last.json is not JSON (Unexpected token 'o', "not json" is not valid JSON). ` +
        'Give the report.json that an earlier abgate run wrote.',
    )
    expect(error.cause).toBeInstanceOf(SyntaxError)
  })

  it.each([
    {
      what: 'an empty object',
      value: {},
      where: 'field "schema": Invalid input: expected "abgate-report"',
    },
    {
      what: 'another version',
      value: { ...sampleReport(), version: 2 },
      where: 'field "version": Invalid input: expected 1',
    },
    {
      what: 'a suite without its fields',
      value: { ...sampleReport(), suites: [{}] },
      where: 'field "suites.0.suite": Invalid input: expected string, received undefined',
    },
    {
      what: 'an array',
      value: [],
      where: 'the top level: Invalid input: expected object, received array',
    },
  ])('refuses $what with the first field that is wrong', async ({ value, where }) => {
    const error = await failure(
      dir.write('wrong.json', JSON.stringify(value)),
      'last.json',
    )
    expect(error.code).toBe('baseline_invalid')
    expect(error.message).toBe(
      `the baseline report last.json is not an abgate report of version 1 (${where}). ` +
        'Give the report.json that an earlier abgate run wrote.',
    )
  })
})
