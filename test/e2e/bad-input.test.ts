import { describe, expect, it } from 'vitest'
import { join } from 'node:path'
import { ROOT, runVitest } from './run-vitest.ts'

const INVALID = join(ROOT, 'fixtures/invalid')

async function runCase(name: string): Promise<{ code: number | null; output: string }> {
  return runVitest(INVALID, ['run', '--project', name])
}

/** Lines of our code in a stack trace: a user's mistake must show none. */
function ourStackFrames(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /\bat .*src\/(dataset|plugin|clients|reporters)\//.test(line))
}

describe('bad input stops the run before any sample test starts', () => {
  it.each([
    [
      'not-json',
      'not-json/data/samples.jsonl:2: not valid JSON (Unexpected end of JSON input)',
    ],
    [
      'wrong-type',
      'wrong-type/data/samples.jsonl:2: field "expected_blocked": expected a boolean, found "yes"',
    ],
    [
      'missing-field',
      'missing-field/data/samples.jsonl:2: field "category": expected a string, found nothing (the field is missing)',
    ],
    [
      'unknown-decision',
      'unknown-decision/data/samples.jsonl:2: field "metadata.new_model_decision": expected "block" or "allow", found "blocked"',
    ],
    [
      'empty',
      'empty/data/samples.jsonl: the file has no samples. Add samples, or remove the file from the suite.',
    ],
    [
      'duplicate-id',
      'duplicate-id/data/samples.jsonl:3: field "id": duplicate id "x-01", first used at duplicate-id/data/samples.jsonl:1. Ids must be unique in a suite.',
    ],
  ])('%s', async (name, problem) => {
    const run = await runCase(name)
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      `DatasetError: suite "${name}": the data has 1 problem; no sample was run.`,
    )
    expect(run.output).toContain(`  ${problem}`)
    expect(run.output).not.toMatch(/Tests\s+\d/)
    expect(ourStackFrames(run.output)).toEqual([])
  })

  it('lists the first 20 problems and counts the rest', async () => {
    const run = await runCase('many-errors')
    expect(run.code).toBe(1)
    expect(run.output).toContain('the data has 25 problems')
    expect(run.output).toContain(
      'many-errors/data/samples.jsonl:20: field "expected_blocked"',
    )
    expect(run.output).not.toContain('many-errors/data/samples.jsonl:21:')
    expect(run.output).toContain('  ... and 5 more')
  })

  it('names a missing feedback file and says what to check', async () => {
    const run = await runCase('missing-feedback')
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'UnreadableFileError: cannot read missing-feedback/data/nope.jsonl: no such file. Check the path in the suite configuration.',
    )
    expect(ourStackFrames(run.output)).toEqual([])
  })

  it('says so when no dataset file matches', async () => {
    const run = await runCase('no-dataset')
    expect(run.code).toBe(1)
    expect(run.output).toContain('No test files found')
    expect(run.output).toContain('no-dataset/data/**/*.jsonl')
  })
})

describe('input that runs', () => {
  it('accepts a byte order mark, CRLF endings and a trailing blank line', async () => {
    const run = await runCase('crlf-bom')
    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/)
    expect(run.output).toContain(' total     2   0   0   1   1    0')
  })

  it('counts and lists feedback that matches no sample', async () => {
    const run = await runCase('unmatched-feedback')
    expect(run.output).toContain(
      ' feedback: 1 record in unmatched-feedback/data/user_feedback.jsonl',
    )
    expect(run.output).toContain(
      '0 joined · 0 conflicts with labels (labels win) · 1 matching no sample',
    )
    expect(run.output).toContain(
      '⚠ unmatched-feedback/data/user_feedback.jsonl:1 matches no sample: "Synthetic feedback about a',
    )
  })

  it('turns invalid lines into failing tests under invalidData: fail', async () => {
    const run = await runCase('fail-policy')
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'InvalidSample: field "expected_blocked": expected a boolean, found "yes"',
    )
    expect(run.output).toContain('❯ wrong-type/data/samples.jsonl:2:1')
    expect(run.output).toMatch(/Tests\s+1 failed \| 1 passed \(2\)/)
  })
})

describe('bad plugin options stop Vitest with the option, the value and what is accepted', () => {
  const dir = join(ROOT, 'fixtures/bad-option')
  it.each([
    [
      'value',
      'option "failOn": got "sometimes"; expected one of "mismatch", "regression", "none"',
    ],
    ['type', 'option "chunkSize": got "100"; expected number'],
    ['unknown', 'unknown option "chunksize"; the options are: dir, name, datasets'],
  ])('a wrong %s', async (bad, message) => {
    const run = await runVitest(dir, ['run'], { BAD: bad })
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'OptionsError [invalid_option]: abgate(): invalid options',
    )
    expect(run.output).toContain(message)
    expect(ourStackFrames(run.output)).toEqual([])
  })
})
