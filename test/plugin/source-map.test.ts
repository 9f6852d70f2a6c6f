import { describe, expect, it } from 'vitest'
import { lineMap } from '../../src/plugin/source-map.ts'

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Decodes one segment: base64 digits of 5 bits, low bits first, bit 6 continues. */
function decodeSegment(segment: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (const char of segment) {
    const digit = DIGITS.indexOf(char)
    if (digit < 0) throw new Error(`not a base64 digit: ${char}`)
    value += (digit & 31) * 2 ** shift
    shift += 5
    if ((digit & 32) === 0) {
      // The lowest bit is the sign.
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2)
      value = 0
      shift = 0
    }
  }
  if (shift !== 0) throw new Error(`unfinished number in ${segment}`)
  return values
}

/**
 * The mappings as absolute [generated column, source, source line, source column]
 * per generated line (0-based): columns restart on each line, the rest carry on.
 */
function decodeMappings(mappings: string): number[][][] {
  let source = 0
  let sourceLine = 0
  let sourceColumn = 0
  return mappings.split(';').map((line) => {
    let column = 0
    if (line === '') return []
    return line.split(',').map((segment) => {
      const [dc = 0, ds = 0, dl = 0, dsc = 0] = decodeSegment(segment)
      column += dc
      source += ds
      sourceLine += dl
      sourceColumn += dsc
      return [column, source, sourceLine, sourceColumn]
    })
  })
}

describe('the decoder of this test', () => {
  it.each([
    { segment: 'A', values: [0] },
    { segment: 'C', values: [1] },
    { segment: 'D', values: [-1] },
    { segment: 'gB', values: [16] },
    { segment: 'hB', values: [-16] },
    { segment: '2Hgoi6D', values: [123, 2_000_000] },
  ])('decodes $segment', ({ segment, values }) => {
    expect(decodeSegment(segment)).toEqual(values)
  })
})

describe('lineMap', () => {
  it('writes the known mappings of source lines 1, 2 and 5', () => {
    // Generated line 1: source line 0 (A); line 2: +1 (C); line 3: +3 (G).
    expect(lineMap('/d/set.jsonl', '/d/set.jsonl.js', [1, 2, 5]).mappings).toBe(
      'AAAA;AACA;AAGA',
    )
  })

  it('starts from source line 0', () => {
    // Source line 3 is index 2: +2 (E).
    expect(lineMap('s', 'g', [3]).mappings).toBe('AAEA')
  })

  it('writes a repeated line and a step back', () => {
    // 4 (I), then 0 (A), then −3: 3 · 2 + 1 = 7 (H).
    expect(lineMap('s', 'g', [5, 5, 2]).mappings).toBe('AAIA;AAAA;AAHA')
  })

  it('writes a jump of 17 lines in two digits', () => {
    // 17 is 34 with its sign bit: digits 2 + 32 (continue) = "i" and 1 = "B".
    expect(lineMap('s', 'g', [1, 18]).mappings).toBe('AAAA;AAiBA')
  })

  it('has the source without its text, the generated file and no names', () => {
    expect(lineMap('/d/set.jsonl', '/d/set.jsonl.js', [1])).toEqual({
      version: 3,
      file: '/d/set.jsonl.js',
      sources: ['/d/set.jsonl'],
      sourcesContent: [''],
      names: [],
      mappings: 'AAAA',
    })
  })

  it('writes no mappings for no lines', () => {
    expect(lineMap('s', 'g', []).mappings).toBe('')
  })

  it.each([
    { lines: [1, 2, 3, 4] },
    { lines: [1, 7, 8, 40, 41, 1000] },
    { lines: [2, 33, 33, 35, 1025, 70_000, 3] },
    { lines: Array.from({ length: 300 }, (_, i) => 1 + i * 3) },
  ])(
    'sends generated line i to source line lines[i]: $lines.length lines',
    ({ lines }) => {
      const map = lineMap('/d/set.jsonl', '/d/set.jsonl.js', lines)
      // One segment a generated line, at column 0 of source 0, column 0.
      const expected = lines.map((line) => [[0, 0, line - 1, 0]])
      expect(decodeMappings(map.mappings)).toEqual(expected)
    },
  )
})
