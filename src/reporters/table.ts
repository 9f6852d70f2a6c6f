/** A column of a text table: its header and which side its cells align to. */
export interface Column {
  header: string
  align: 'left' | 'right'
}

/**
 * Lays out rows under headers with two spaces between columns. Widths come
 * from the visible length of each cell (color codes do not count).
 */
export function renderTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
): string[] {
  const widths = columns.map((column, index) =>
    Math.max(
      visibleLength(column.header),
      ...rows.map((row) => visibleLength(row[index] ?? '')),
    ),
  )
  const line = (cells: readonly string[]): string =>
    columns
      .map((column, index) => pad(cells[index] ?? '', widths[index] ?? 0, column.align))
      .join('  ')
      .trimEnd()
  return [line(columns.map((c) => c.header)), ...rows.map(line)]
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

export function visibleLength(text: string): number {
  return Array.from(text.replace(ANSI, '')).length
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)))
  return align === 'left' ? text + fill : fill + text
}
