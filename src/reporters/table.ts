/** A column of a text table: its header and which side its cells align to. */
export interface Column {
  header: string
  align: 'left' | 'right'
}

const GAP = '  '

/**
 * Lays out rows under headers with two spaces between columns. Widths come
 * from the visible width of each cell (color codes do not count).
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = columnWidths(columns, rows)
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index] ?? 0, column.align))
      .join(GAP)
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...rows.map(line)]
}

function columnWidths(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): number[] {
  return columns.map((column, index) =>
    Math.max(
      visibleLength(column.header),
      ...rows.map((row) => visibleLength(row[index] ?? '')),
    ),
  )
}

/**
 * Lays out a table at most `width` columns wide as one or more tables, each
 * repeating the first column (the group). A new table starts at each index of
 * `breaks`; a table still too wide is split again, as many columns to each as fit.
 *
 * @example renderTables(columns, rows, 99, [9]) // columns 1–8, then 9 on
 */
export function renderTables(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
  breaks: readonly number[] = [],
): string[][] {
  const widths = columnWidths(columns, rows)
  const blocks: number[][] = []
  let block: number[] = []
  let used = widths[0] ?? 0
  for (let index = 1; index < columns.length; index++) {
    const extra = GAP.length + (widths[index] ?? 0)
    const full = block.length > 0 && used + extra > width
    if (breaks.includes(index) || full) {
      if (block.length > 0) blocks.push(block)
      block = []
      used = widths[0] ?? 0
    }
    block.push(index)
    used += extra
  }
  if (block.length > 0) blocks.push(block)

  return blocks.map((indexes) => {
    const pick = <T>(cells: readonly T[]): T[] =>
      [0, ...indexes].flatMap((index) =>
        index < cells.length ? [cells[index] as T] : [],
      )
    return renderTable(pick(columns), rows.map(pick))
  })
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

/**
 * The columns `text` takes on a terminal: color codes take none, combining marks and
 * zero-width characters none, East Asian wide characters and most emoji two.
 */
export function visibleLength(text: string): number {
  let length = 0
  for (const char of text.replace(ANSI, '')) length += charWidth(char.codePointAt(0) ?? 0)
  return length
}

function charWidth(code: number): number {
  if (isZeroWidth(code)) return 0
  return isWide(code) ? 2 : 1
}

function isZeroWidth(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0xfe00 && code <= 0xfe0f) ||
    (code >= 0xe0100 && code <= 0xe01ef)
  )
}

// The wide ranges of Unicode's East Asian Width property, merged into a few spans.
const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe30, 0xfe4f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x3fffd],
]

function isWide(code: number): boolean {
  return WIDE.some(([low, high]) => code >= low && code <= high)
}

/**
 * `text` cut to at most `width` visible columns, ending in "…" when cut. `from: 'start'`
 * keeps the end instead ("…/data/set.jsonl:42"), for paths.
 */
export function clip(text: string, width: number, from: 'end' | 'start' = 'end'): string {
  if (visibleLength(text) <= width) return text
  const chars = Array.from(text.replace(ANSI, ''))
  if (from === 'start') chars.reverse()
  const kept: string[] = []
  let used = 1
  for (const char of chars) {
    const next = charWidth(char.codePointAt(0) ?? 0)
    if (used + next > width) break
    kept.push(char)
    used += next
  }
  return from === 'start' ? `…${kept.reverse().join('')}` : `${kept.join('')}…`
}

// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g

/**
 * Free text (a prompt, a message) as one line that is safe to print: runs of white
 * space become one space, and control characters, which could move the cursor,
 * recolor the terminal or reorder the line, are written as escapes ("\x1b", "\u202e").
 */
export function oneLine(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(UNPRINTABLE, (char) => {
      const code = char.charCodeAt(0)
      return code < 0x100
        ? `\\x${code.toString(16).padStart(2, '0')}`
        : `\\u${code.toString(16).padStart(4, '0')}`
    })
}

/**
 * Words of `text` on lines of at most `width` columns. A word longer than that is
 * cut: at its start when it is a path (to keep "file:line"), else at its end.
 * Never returns an empty list.
 */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`
    if (visibleLength(candidate) <= width) {
      line = candidate
      continue
    }
    if (line !== '') lines.push(line)
    line = clip(word, width, word.includes('/') ? 'start' : 'end')
  }
  lines.push(line)
  return lines
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)))
  return align === 'left' ? text + fill : fill + text
}
