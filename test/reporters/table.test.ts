import { describe, expect, it } from 'vitest'
import {
  clip,
  oneLine,
  renderTable,
  renderTables,
  visibleLength,
  wrap,
  type Column,
} from '../../src/reporters/table.ts'

describe('visibleLength', () => {
  it.each([
    ['plain', 5],
    ['\u001b[31mred\u001b[39m', 3],
    ['✓ · → – ±', 9],
    ['武器', 4],
    ['e\u0301', 1],
    ['🙂', 2],
  ])('visibleLength(%j) is %d', (text, expected) => {
    expect(visibleLength(text)).toBe(expected)
  })
})

describe('clip', () => {
  it.each([
    ['short', 10, 'end', 'short'],
    ['a longer text', 8, 'end', 'a longe…'],
    ['data/set.jsonl:42', 10, 'start', '….jsonl:42'],
    ['武器武器武器', 7, 'end', '武器武…'],
  ] as const)('clip(%j, %d, %s) is %j', (text, width, from, expected) => {
    expect(clip(text, width, from)).toBe(expected)
    expect(visibleLength(clip(text, width, from))).toBeLessThanOrEqual(width)
  })
})

describe('oneLine', () => {
  it.each([
    ['two\nlines\t and  tabs ', 'two lines and tabs'],
    ['\u001b[2Jclear', '\\x1b[2Jclear'],
    ['bell\u0007', 'bell\\x07'],
    ['abc\u202edef', 'abc\\u202edef'],
  ])('oneLine(%j) is %j', (text, expected) => {
    expect(oneLine(text)).toBe(expected)
  })
})

describe('wrap', () => {
  it.each([
    ['one two three four', 9, ['one two', 'three', 'four']],
    ['fits', 10, ['fits']],
    ['a/very/long/path.jsonl:42 ok', 12, ['…th.jsonl:42', 'ok']],
    ['', 5, ['']],
  ])('wrap(%j, %d)', (text, width, expected) => {
    expect(wrap(text, width)).toEqual(expected)
  })
})

describe('renderTable and renderTables', () => {
  const columns: Column[] = [
    { header: 'group', align: 'left' },
    { header: 'n', align: 'right' },
    { header: 'rate', align: 'left' },
    { header: 'other', align: 'right' },
  ]
  const rows = [
    ['alpha', '12', '33% (9.7–70)', '1'],
    ['b', '3', 'n/a', '22'],
  ]

  it('aligns columns two spaces apart and trims line ends', () => {
    expect(renderTable(columns, rows)).toEqual([
      'group   n  rate          other',
      'alpha  12  33% (9.7–70)      1',
      'b       3  n/a              22',
    ])
  })

  it('starts a new table at a break, repeating the first column', () => {
    expect(renderTables(columns, rows, 100, [2])).toEqual([
      ['group   n', 'alpha  12', 'b       3'],
      [
        'group  rate          other',
        'alpha  33% (9.7–70)      1',
        'b      n/a              22',
      ],
    ])
  })

  it('splits a table wider than the width, as many columns to each as fit', () => {
    const tables = renderTables(columns, rows, 20)
    expect(tables).toEqual([
      ['group   n', 'alpha  12', 'b       3'],
      ['group  rate', 'alpha  33% (9.7–70)', 'b      n/a'],
      ['group  other', 'alpha      1', 'b         22'],
    ])
    for (const line of tables.flat()) expect(visibleLength(line)).toBeLessThanOrEqual(20)
  })
})
