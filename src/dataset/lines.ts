import type { Readable } from 'node:stream'

/** One line of a text file, with where its bytes are. */
export interface Line {
  /** 1-based line number. */
  line: number
  /** The line's text, without its ending (`\n` or `\r\n`) and without a byte order mark. */
  text: string
  /** Offset of the line's first byte in the file. */
  start: number
  /** Offset just past its last byte, ending excluded. */
  end: number
}

const NEWLINE = 0x0a
const RETURN = 0x0d
const decoder = new TextDecoder('utf-8')

/**
 * Splits a stream of bytes into lines, keeping each line's byte offsets so
 * that a part of the file can be read again later without reading the rest.
 */
export async function* readLines(stream: Readable): AsyncGenerator<Line> {
  let pending: Buffer = Buffer.alloc(0)
  let offset = 0
  let line = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const buffer = pending.length === 0 ? chunk : Buffer.concat([pending, chunk])
    let from = 0
    let at = buffer.indexOf(NEWLINE, from)
    while (at !== -1) {
      line += 1
      yield lineOf(buffer, from, at, offset, line)
      from = at + 1
      at = buffer.indexOf(NEWLINE, from)
    }
    offset += from
    pending = buffer.subarray(from)
  }
  if (pending.length > 0) yield lineOf(pending, 0, pending.length, offset, line + 1)
}

/** The lines of `buffer`, a part of a file that starts at the start of line `firstLine`. */
export function splitLines(buffer: Buffer, firstLine: number, offset = 0): Line[] {
  const lines: Line[] = []
  let from = 0
  let line = firstLine
  while (from < buffer.length) {
    const found = buffer.indexOf(NEWLINE, from)
    const at = found === -1 ? buffer.length : found
    lines.push(lineOf(buffer, from, at, offset, line))
    line += 1
    from = at + 1
  }
  return lines
}

function lineOf(
  buffer: Buffer,
  from: number,
  at: number,
  offset: number,
  line: number,
): Line {
  const to = at > from && buffer[at - 1] === RETURN ? at - 1 : at
  let text = decoder.decode(buffer.subarray(from, to))
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1)
  return { line, text, start: offset + from, end: offset + to }
}
