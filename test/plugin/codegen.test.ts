import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import type { LoadedSample } from '../../src/dataset/suite-data.ts'
import { generateModule, type ModulePlan } from '../../src/plugin/codegen.ts'
import type { InvalidLine, SuiteSummary } from '../../src/verdict.ts'
import { feedback, metadata, sample, suiteSummary } from '../helpers/samples.ts'

const RUNTIME = '/repo/src/plugin/runtime.ts'
const PATH = '/repo/test_suites/production_ab/data/set.jsonl'
const FILE = 'test_suites/production_ab/data/set.jsonl'
const STAMP = { size: 4096, mtimeMs: 1_780_000_000_000.5 }
const IMPORT = `import { begin, sample, invalid } from ${JSON.stringify(RUNTIME)};`

/** A sample on `line`, bytes [start, end) of the file; both models allowed it. */
function loaded(line: number, start: number, end: number): LoadedSample {
  const allowed = metadata({ new_model_decision: 'allow' })
  const entry = sample({ text: `prompt ${line}`, metadata: allowed })
  return { sample: entry, line, start, end, feedback: null }
}

function withFeedback(entry: LoadedSample, feedbackLine: number): LoadedSample {
  return {
    ...entry,
    feedback: {
      record: feedback({ text: entry.sample.text }),
      line: feedbackLine,
      conflict: false,
    },
  }
}

function summary(invalid: InvalidLine[] = []): SuiteSummary {
  return suiteSummary({ datasets: [{ file: FILE, samples: 3 }], samples: 3, invalid })
}

function plan(changes: Partial<ModulePlan>): ModulePlan {
  return {
    runtime: RUNTIME,
    path: PATH,
    file: FILE,
    samples: [],
    invalid: [],
    summary: summary(),
    stamp: STAMP,
    ...changes,
  }
}

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/**
 * The 1-based source line of each generated line of a map whose lines hold one
 * segment each (base64 VLQ: 5 bits a digit, low bits first, bit 6 continues,
 * lowest bit the sign; the source line is the third number, relative).
 */
function sourceLinesOf(mappings: string): number[] {
  let sourceLine = 0
  return mappings.split(';').map((segment) => {
    const numbers: number[] = []
    let value = 0
    let shift = 0
    for (const char of segment) {
      const digit = DIGITS.indexOf(char)
      value += (digit & 31) * 2 ** shift
      shift += 5
      if ((digit & 32) === 0) {
        numbers.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2)
        value = 0
        shift = 0
      }
    }
    expect(numbers).toHaveLength(4)
    sourceLine += numbers[2] ?? Number.NaN
    return sourceLine + 1
  })
}

type Call = [name: string, line: number, args: unknown[]]

/**
 * Runs a generated module with stubs for the runtime and gives each call the
 * line V8 sees it on (what stack traces and Vitest's test locations use).
 */
function run(code: string): Call[] {
  expect(code.startsWith(IMPORT)).toBe(true)
  const calls: Call[] = []
  const stub =
    (name: string) =>
    (...args: unknown[]): void => {
      const found = /generated\.js:(\d+):/.exec(new Error().stack ?? '')
      calls.push([name, Number(found?.[1]), args])
    }
  runInNewContext(
    code.slice(IMPORT.length),
    { begin: stub('begin'), sample: stub('sample'), invalid: stub('invalid') },
    { filename: 'generated.js' },
  )
  return calls
}

/** Each call of a module with the JSONL line its V8 line maps to. */
function located(plan: ModulePlan): [name: string, line: number][] {
  const { code, map } = generateModule(plan)
  const sources = sourceLinesOf(map.mappings)
  return run(code).map(([name, line]) => [name, sources[line - 1] ?? Number.NaN])
}

describe('generateModule', () => {
  const problem: InvalidLine = {
    file: FILE,
    line: 4,
    field: 'expected_blocked',
    message: 'expected a boolean, found "yes"',
  }
  const samples = [
    loaded(2, 100, 180),
    withFeedback(loaded(3, 181, 250), 7),
    loaded(6, 300, 370),
  ]
  const RANGE =
    '{"start":100,"end":370,"firstLine":2,"stamp":{"size":4096,"mtimeMs":1780000000000.5}}'

  it('puts the import and begin() on line 1, then one call a line in JSONL order', () => {
    const { code } = generateModule(plan({ samples, invalid: [problem] }))
    expect(code.split('\n')).toEqual([
      `${IMPORT}begin(${JSON.stringify(summary())}, "${FILE}", "${PATH}", ${RANGE});`,
      'sample(2);',
      'sample(3,["false_positive","allow",false,7]);',
      `invalid(${JSON.stringify(problem)});`,
      'sample(6);',
    ])
  })

  it('maps each line to the JSONL line of its call, line 1 to the first', () => {
    const { map } = generateModule(plan({ samples, invalid: [problem] }))
    // Source lines 2, 2, 3, 4, 6 (0-based 1, 1, 2, 3, 5): +1, 0, +1, +1, +2.
    expect(map).toEqual({
      version: 3,
      file: `${PATH}.js`,
      sources: [PATH],
      sourcesContent: [''],
      names: [],
      mappings: 'AACA;AAAA;AACA;AACA;AAEA',
    })
  })

  it('calls the runtime with the plan, each call located at its JSONL line', () => {
    const p = plan({ samples, invalid: [problem] })
    expect(run(generateModule(p).code)).toEqual([
      [
        'begin',
        1,
        [summary(), FILE, PATH, { start: 100, end: 370, firstLine: 2, stamp: STAMP }],
      ],
      ['sample', 2, [2]],
      ['sample', 3, [3, ['false_positive', 'allow', false, 7]]],
      ['invalid', 4, [problem]],
      ['sample', 5, [6]],
    ])
    expect(located(p)).toEqual([
      ['begin', 2],
      ['sample', 2],
      ['sample', 3],
      ['invalid', 4],
      ['sample', 6],
    ])
  })

  it('declares a sample of line 1 on the line after begin()', () => {
    const p = plan({ samples: [loaded(1, 0, 90)] })
    expect(generateModule(p).code.split('\n')[1]).toBe('sample(1);')
    expect(located(p)).toEqual([
      ['begin', 1],
      ['sample', 1],
    ])
  })

  it('sends a problem of the whole file (line 0) to line 1, without a sample range', () => {
    const whole: InvalidLine = {
      file: FILE,
      line: 0,
      field: '',
      message: 'the file has no samples.',
    }
    const p = plan({ invalid: [whole] })
    const { code, map } = generateModule(p)
    expect(code).toBe(
      `${IMPORT}begin(${JSON.stringify(summary())}, "${FILE}", "${PATH}", null);\n` +
        `invalid(${JSON.stringify(whole)});`,
    )
    expect(map.mappings).toBe('AAAA;AAAA')
  })

  it('gives two problems of one line a line each, both mapped to it', () => {
    const other = { ...problem, field: 'x', message: 'unknown field' }
    const p = plan({ invalid: [problem, other], samples: [loaded(9, 400, 460)] })
    expect(generateModule(p).code.split('\n').slice(1)).toEqual([
      `invalid(${JSON.stringify(problem)});`,
      `invalid(${JSON.stringify(other)});`,
      'sample(9);',
    ])
    expect(located(p)).toEqual([
      ['begin', 4],
      ['invalid', 4],
      ['invalid', 4],
      ['sample', 9],
    ])
  })

  it('writes begin() alone for a module without calls', () => {
    const { code, map } = generateModule(plan({}))
    expect(run(code)).toEqual([['begin', 1, [summary(), FILE, PATH, null]]])
    expect(map.mappings).toBe('AAAA')
  })

  it('keeps quotes, backslashes and "__proto__" in strings of the summary', () => {
    const tricky: InvalidLine = {
      file: FILE,
      line: 2,
      field: '__proto__',
      message: 'found "a \\"quoted\\" \\\\ path" and </script>',
    }
    const calls = run(
      generateModule(plan({ summary: summary([tricky]), invalid: [tricky] })).code,
    )
    expect(calls[0]?.[2][0]).toEqual(summary([tricky]))
    expect(calls[1]).toEqual(['invalid', 2, [tricky]])
  })

  it('locates every call at its JSONL line when a value holds U+2028', () => {
    const odd: InvalidLine = {
      file: FILE,
      line: 2,
      field: 'expected_blocked',
      message: 'expected a boolean, found "yes\u2028no"',
    }
    const p = plan({
      summary: summary([odd]),
      invalid: [odd],
      samples: [loaded(3, 50, 90), loaded(4, 91, 130), loaded(5, 131, 170)],
    })
    expect(run(generateModule(p).code)[0]?.[2][0]).toEqual(summary([odd]))
    expect(located(p)).toEqual([
      ['begin', 2],
      ['invalid', 2],
      ['sample', 3],
      ['sample', 4],
      ['sample', 5],
    ])
  })
})
