import { createReadStream } from 'node:fs'
import type { z } from 'zod'
import { AbgateUserError } from '../errors.ts'
import { readLines } from './lines.ts'
import { describeValue, problemsFromZod, type Problem } from './problems.ts'

/** A valid line of a JSONL file. */
export interface JsonlRecord<T> {
  /** 1-based line number. */
  line: number
  value: T
  /** Byte offsets of the line in the file, its ending excluded. */
  start: number
  end: number
}

export interface JsonlResult<T> {
  records: JsonlRecord<T>[]
  problems: Problem[]
  /** Number of non-blank lines read, valid or not. */
  lines: number
}

/** Raised when a file cannot be read at all (missing, a folder, no permission). */
export class UnreadableFileError extends AbgateUserError {
  constructor(file: string, cause: unknown) {
    super('unreadable_file', `cannot read ${file}: ${reasonOf(cause)}`, { cause })
  }
}

function reasonOf(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code
  if (code === 'ENOENT') return 'no such file. Check the path in the suite configuration.'
  if (code === 'EISDIR') return 'it is a folder, not a file.'
  if (code === 'EACCES') return 'permission denied. Check the file mode.'
  return cause instanceof Error ? cause.message : String(cause)
}

/**
 * Reads a JSONL file one line at a time (streamed: only the records are kept)
 * and validates each line with
 * `schema`. Invalid lines become problems (file, line, field, what was
 * expected and found); reading goes on so that every problem is reported.
 * Accepts CRLF endings, a UTF-8 byte order mark and trailing blank lines; a
 * blank line before the last record is a problem.
 *
 * @param displayName how the file is named in problems (a path relative to the root)
 */
export async function readJsonl<S extends z.ZodType>(
  file: string,
  schema: S,
  displayName = file,
): Promise<JsonlResult<z.output<S>>> {
  const result: JsonlResult<z.output<S>> = { records: [], problems: [], lines: 0 }
  const blankLines: number[] = []

  const stream = createReadStream(file)
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('ready', () => {
      resolve()
    })
    stream.once('error', reject)
  })
  try {
    await opened
  } catch (error) {
    throw new UnreadableFileError(displayName, error)
  }

  try {
    for await (const { line: lineNumber, text, start, end } of readLines(stream)) {
      if (text.trim() === '') {
        blankLines.push(lineNumber)
        continue
      }
      for (const blank of blankLines.splice(0)) {
        result.problems.push({
          file: displayName,
          line: blank,
          field: '',
          message: 'blank line; a JSONL file has one JSON object per line. Remove it.',
        })
      }
      result.lines += 1
      readLine(text, { line: lineNumber, start, end }, schema, displayName, result)
    }
  } catch (error) {
    throw new UnreadableFileError(displayName, error)
  }
  return result
}

function readLine<S extends z.ZodType>(
  text: string,
  place: { line: number; start: number; end: number },
  schema: S,
  file: string,
  result: JsonlResult<z.output<S>>,
): void {
  const { line } = place
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    result.problems.push({ file, line, field: '', message: `not valid JSON (${reason})` })
    return
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const found = describeValue(value)
    result.problems.push({
      file,
      line,
      field: '',
      message: `expected an object, found ${found}`,
    })
    return
  }
  const parsed = schema.safeParse(value, { reportInput: true })
  if (parsed.success) result.records.push({ ...place, value: parsed.data })
  else result.problems.push(...problemsFromZod(file, line, parsed.error))
}
