import { describe, expect, it } from 'vitest'
import {
  DatasetError,
  describeValue,
  formatProblem,
  formatProblems,
  PROBLEMS_SHOWN,
  type Problem,
} from '../../src/dataset/problems.ts'
import { AbgateUserError } from '../../src/errors.ts'

/** Problem number `n` (1-based), on line n of one file. */
function problem(n: number): Problem {
  return { file: 'data/set.jsonl', line: n, field: 'text', message: `problem ${n}` }
}

function problems(count: number): Problem[] {
  return Array.from({ length: count }, (_, i) => problem(i + 1))
}

describe('formatProblem', () => {
  it.each([
    {
      given: {
        file: 'data/set.jsonl',
        line: 3,
        field: 'metadata.timestamp',
        message: 'm',
      },
      text: 'data/set.jsonl:3: field "metadata.timestamp": m',
    },
    {
      given: { file: 'data/set.jsonl', line: 3, field: '', message: 'blank line' },
      text: 'data/set.jsonl:3: blank line',
    },
    {
      given: {
        file: 'data/metadata.json',
        line: 0,
        field: 'counts.samples',
        message: 'm',
      },
      text: 'data/metadata.json: field "counts.samples": m',
    },
    {
      given: { file: 'data/set.jsonl', line: 0, field: '', message: 'no samples' },
      text: 'data/set.jsonl: no samples',
    },
  ])('writes $text', ({ given, text }) => {
    expect(formatProblem(given)).toBe(text)
  })
})

describe('formatProblems', () => {
  it('shows 20 problems', () => {
    expect(PROBLEMS_SHOWN).toBe(20)
  })

  it('lists up to 20 problems, indented, one a line, with no count', () => {
    const text = formatProblems(problems(20))
    const lines = text.split('\n')
    expect(lines).toHaveLength(20)
    expect(lines[0]).toBe('  data/set.jsonl:1: field "text": problem 1')
    expect(lines[19]).toBe('  data/set.jsonl:20: field "text": problem 20')
    expect(text).not.toContain('more')
  })

  it('lists the first 20 of 25 problems and counts the other 5', () => {
    const lines = formatProblems(problems(25)).split('\n')
    // 20 problems and one line for the rest.
    expect(lines).toHaveLength(21)
    expect(lines[19]).toBe('  data/set.jsonl:20: field "text": problem 20')
    expect(lines[20]).toBe('  ... and 5 more')
  })

  it('counts one problem past the 20th', () => {
    expect(formatProblems(problems(21)).split('\n').at(-1)).toBe('  ... and 1 more')
  })

  it('writes nothing for no problems', () => {
    expect(formatProblems([])).toBe('')
  })
})

describe('DatasetError', () => {
  it('says how many problems and lists them', () => {
    const error = new DatasetError('production_ab', [problem(1), problem(2)])
    expect(error).toBeInstanceOf(AbgateUserError)
    expect(error.code).toBe('invalid_dataset')
    expect(error.name).toBe('DatasetError')
    expect(error.message).toBe(
      'suite "production_ab": the data has 2 problems; no sample was run. Fix the lines below ' +
        "(the suite's README documents every field):\n" +
        '  data/set.jsonl:1: field "text": problem 1\n' +
        '  data/set.jsonl:2: field "text": problem 2',
    )
  })

  it('says "1 problem" for one', () => {
    const error = new DatasetError('s', [problem(7)])
    expect(error.message.split('\n')).toEqual([
      'suite "s": the data has 1 problem; no sample was run. Fix the lines below ' +
        "(the suite's README documents every field):",
      '  data/set.jsonl:7: field "text": problem 7',
    ])
  })

  it('counts the problems past the 20th in its message and keeps them all', () => {
    const all = problems(23)
    const error = new DatasetError('s', all)
    expect(error.message).toContain('the data has 23 problems')
    expect(error.message.endsWith('\n  ... and 3 more')).toBe(true)
    expect(error.problems).toHaveLength(23)
    expect(error.problems).toEqual(all)
  })

  it('keeps its problems out of its own enumerable fields', () => {
    const error = new DatasetError('s', problems(2))
    expect(Object.keys(error)).not.toContain('problems')
    expect(Object.keys(error)).toEqual(['code'])
    expect(JSON.parse(JSON.stringify(error))).toEqual({ code: 'invalid_dataset' })
  })

  it('has a stack of its message alone', () => {
    const error = new DatasetError('s', [problem(1)])
    expect(error.stack).toBe(`DatasetError [invalid_dataset]: ${error.message}`)
  })
})

describe('describeValue', () => {
  it.each([
    { value: undefined, text: 'nothing (the field is missing)' },
    { value: null, text: 'null' },
    { value: 'block', text: '"block"' },
    { value: 'x'.repeat(41), text: `"${'x'.repeat(40)}…"` },
    { value: 'x'.repeat(40), text: `"${'x'.repeat(40)}"` },
    { value: [1], text: 'an array' },
    { value: { a: 1 }, text: 'an object' },
    { value: 0.5, text: 'number 0.5' },
    { value: false, text: 'boolean false' },
  ])('describes $value as $text', ({ value, text }) => {
    expect(describeValue(value)).toBe(text)
  })
})
