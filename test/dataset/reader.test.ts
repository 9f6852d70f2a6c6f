import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { readJsonl, UnreadableFileError } from '../../src/dataset/reader.ts'
import { sampleSchema, type Sample } from '../../src/dataset/schema.ts'
import { AbgateUserError } from '../../src/errors.ts'
import { metadata, sample, tempDir } from '../helpers/samples.ts'

const dir = tempDir('reader')

let fileCount = 0

/** Writes `content` to a fresh file in the temporary folder and returns its path. */
function write(content: string): string {
  fileCount += 1
  return dir.write(`data-${fileCount}.jsonl`, content)
}

const NAME = 'data/set.jsonl'

/** A valid sample whose id and text come from `text`. */
function named(text: string): Sample {
  return sample({ id: `id-${text}`, text })
}

/** One JSONL line of a valid sample. */
function line(text: string): string {
  return JSON.stringify(named(text))
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (error) {
    return error
  }
  throw new Error('expected the promise to reject')
}

const BLANK = 'blank line; a JSONL file has one JSON object per line. Remove it.'

describe('readJsonl: valid files', () => {
  it('reads every line, numbered from 1', async () => {
    const file = write(`${line('a')}\n${line('b')}\n${line('c')}\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    expect(result.problems).toEqual([])
    expect(result.lines).toBe(3)
    expect(result.records.map((r) => [r.line, r.value.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ])
    expect(result.records[0]?.value).toEqual(named('a'))
  })

  it('reads a file without a final newline', async () => {
    const result = await readJsonl(write(`${line('a')}\n${line('b')}`), sampleSchema)
    expect(result.records.map((r) => r.line)).toEqual([1, 2])
    expect(result.problems).toEqual([])
  })

  it('accepts a UTF-8 byte order mark and CRLF line endings', async () => {
    const file = write(`\uFEFF${line('a')}\r\n${line('b')}\r\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    expect(result.problems).toEqual([])
    expect(result.lines).toBe(2)
    expect(result.records.map((r) => [r.line, r.value.text])).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
  })

  it('gives each record the byte offsets of its line, ending excluded', async () => {
    // Line 1: a 3-byte order mark, then `{"n":1}` (7 bytes) and CRLF; line 2 starts
    // at 3 + 7 + 2 = 12: `{"n":"é"}` has 10 bytes (é is 2) and ends at 22.
    const file = write('\uFEFF{"n":1}\r\n{"n":"é"}\r\n')
    const schema = z.strictObject({ n: z.union([z.int(), z.string()]) })
    const result = await readJsonl(file, schema, NAME)
    expect(result.records).toEqual([
      { line: 1, value: { n: 1 }, start: 0, end: 10 },
      { line: 2, value: { n: 'é' }, start: 12, end: 22 },
    ])
  })

  it('accepts trailing blank and whitespace-only lines', async () => {
    const file = write(`${line('a')}\n${line('b')}\n\n   \n\t\r\n\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    expect(result.problems).toEqual([])
    expect(result.lines).toBe(2)
    expect(result.records).toHaveLength(2)
  })

  it('reads an empty file as no records and no lines', async () => {
    const result = await readJsonl(write(''), sampleSchema, NAME)
    expect(result).toEqual({ records: [], problems: [], lines: 0 })
  })

  it('reads 50,000 lines with every record and its line number', async () => {
    const schema = z.strictObject({ n: z.int() })
    const count = 50_000
    const text = Array.from({ length: count }, (_, i) => `{"n":${i + 1}}`).join('\n')
    const result = await readJsonl(write(`${text}\n`), schema, NAME)
    expect(result.problems).toEqual([])
    expect(result.lines).toBe(50_000)
    expect(result.records).toHaveLength(50_000)
    // Line i is `{"n":i}` and a newline: 7 bytes and the digits of i. Before line
    // 50,000: 49,999 · 7 = 349,993 bytes and 9 + 180 + 2,700 + 36,000 + 200,000 =
    // 238,889 digits, so it starts at byte 588,882 and its 11 bytes end at 588,893.
    expect(result.records[49_999]).toEqual({
      line: 50_000,
      value: { n: 50_000 },
      start: 588_882,
      end: 588_893,
    })
    expect(result.records[9]).toEqual({ line: 10, value: { n: 10 }, start: 72, end: 80 })
  })
})

describe('readJsonl: problems', () => {
  it('reports a blank line before the last record at its line', async () => {
    const file = write(`${line('a')}\n\n  \n${line('d')}\n\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    expect(result.problems).toEqual([
      { file: NAME, line: 2, field: '', message: BLANK },
      { file: NAME, line: 3, field: '', message: BLANK },
    ])
    expect(result.records.map((r) => r.line)).toEqual([1, 4])
    // Lines 1 and 4 hold something; the blank lines 2, 3 and 5 are not counted.
    expect(result.lines).toBe(2)
  })

  it('reports a line that is not JSON and goes on reading', async () => {
    const file = write(`${line('a')}\n{"text": oops}\n${line('c')}\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    expect(result.problems).toEqual([
      {
        file: NAME,
        line: 2,
        field: '',
        message: `not valid JSON (Unexpected token 'o', "{"text": oops}" is not valid JSON)`,
      },
    ])
    expect(result.records.map((r) => r.line)).toEqual([1, 3])
    expect(result.lines).toBe(3)
  })

  it.each([
    { json: '[1,2]', found: 'an array' },
    { json: '42', found: 'number 42' },
    { json: 'true', found: 'boolean true' },
    { json: '"a prompt"', found: '"a prompt"' },
    { json: 'null', found: 'null' },
  ])('reports a line of JSON that is not an object: $json', async ({ json, found }) => {
    const result = await readJsonl(write(`${line('a')}\n${json}\n`), sampleSchema, NAME)
    expect(result.problems).toEqual([
      { file: NAME, line: 2, field: '', message: `expected an object, found ${found}` },
    ])
    expect(result.records).toHaveLength(1)
    expect(result.lines).toBe(2)
  })

  const base = named('x')
  it.each([
    {
      what: 'a bad value in a nested field',
      value: { ...base, metadata: { ...metadata(), old_model_decision: 'maybe' } },
      field: 'metadata.old_model_decision',
      message: 'expected "block" or "allow", found "maybe"',
    },
    {
      what: 'an unknown top-level field',
      value: { ...base, severity: 3 },
      field: 'severity',
      message: 'unknown field; remove it or check its spelling',
    },
    {
      what: 'a missing field',
      value: { id: 'x', text: 'x', category: 'c', metadata: metadata() },
      field: 'expected_blocked',
      message: 'expected a boolean, found nothing (the field is missing)',
    },
    {
      what: 'a missing nested field',
      value: { ...base, metadata: { ...metadata(), shadow_mode: undefined } },
      field: 'metadata.shadow_mode',
      message: 'expected a boolean, found nothing (the field is missing)',
    },
    {
      what: 'a wrong type',
      value: { ...base, expected_blocked: 'yes' },
      field: 'expected_blocked',
      message: 'expected a boolean, found "yes"',
    },
    {
      what: 'a number where a string belongs',
      value: { ...base, category: 7 },
      field: 'category',
      message: 'expected a string, found number 7',
    },
    {
      what: 'an object where a string belongs',
      value: { ...base, text: { body: 'x' } },
      field: 'text',
      message: 'expected a string, found an object',
    },
    {
      what: 'a date-time without a zone',
      value: { ...base, metadata: { ...metadata(), timestamp: '2026-03-01 12:00' } },
      field: 'metadata.timestamp',
      message:
        'expected an ISO 8601 date-time with a zone, like 2026-03-01T12:00:00Z, found "2026-03-01 12:00"',
    },
    {
      what: 'an empty text',
      value: { ...base, text: '' },
      field: 'text',
      message: 'must not be empty, found ""',
    },
  ])('names the field of $what', async ({ value, field, message }) => {
    const result = await readJsonl(
      write(`${line('a')}\n${JSON.stringify(value)}\n`),
      sampleSchema,
      NAME,
    )
    expect(result.problems).toEqual([{ file: NAME, line: 2, field, message }])
    expect(result.records.map((r) => r.line)).toEqual([1])
    expect(result.lines).toBe(2)
  })

  it('reports every problem of a line, in the order of the fields', async () => {
    const value = {
      text: 'x',
      expected_blocked: 1,
      category: 'c',
      metadata: metadata(),
      x: 1,
    }
    const result = await readJsonl(
      write(`${JSON.stringify(value)}\n`),
      sampleSchema,
      NAME,
    )
    expect(result.problems).toEqual([
      {
        file: NAME,
        line: 1,
        field: 'expected_blocked',
        message: 'expected a boolean, found number 1',
      },
      {
        file: NAME,
        line: 1,
        field: 'x',
        message: 'unknown field; remove it or check its spelling',
      },
    ])
  })

  it('truncates a long string value to 40 characters in a problem', async () => {
    const long = 'abcdefghij'.repeat(5)
    const value = { ...base, expected_blocked: long }
    const result = await readJsonl(
      write(`${JSON.stringify(value)}\n`),
      sampleSchema,
      NAME,
    )
    expect(result.problems[0]?.message).toBe(
      `expected a boolean, found "${'abcdefghij'.repeat(4)}…"`,
    )
  })

  it('counts every non-blank line, valid or not', async () => {
    const file = write(`${line('a')}\nnope\n\n[]\n${line('e')}\n{"text":1}\n\n`)
    const result = await readJsonl(file, sampleSchema, NAME)
    // Lines 1, 2, 4, 5 and 6 hold something; lines 3 and 7 are blank.
    expect(result.lines).toBe(5)
    expect(result.records.map((r) => r.line)).toEqual([1, 5])
    expect(result.problems.map((p) => p.line)).toEqual([2, 3, 4, 6, 6, 6, 6])
  })

  it('names the file by its path when no display name is given', async () => {
    const file = write('[]\n')
    const result = await readJsonl(file, sampleSchema)
    expect(result.problems).toEqual([
      { file, line: 1, field: '', message: 'expected an object, found an array' },
    ])
  })
})

describe('readJsonl: files it cannot read', () => {
  it('raises UnreadableFileError for a missing file, with the display name', async () => {
    const error = await rejection(
      readJsonl(join(dir.path, 'missing.jsonl'), sampleSchema, 'data/missing.jsonl'),
    )
    expect(error).toBeInstanceOf(UnreadableFileError)
    expect(error).toBeInstanceOf(AbgateUserError)
    expect(error).toMatchObject({
      code: 'unreadable_file',
      name: 'UnreadableFileError',
      message:
        'cannot read data/missing.jsonl: no such file. Check the path in the suite configuration.',
    })
    expect((error as Error).cause).toMatchObject({ code: 'ENOENT' })
  })

  it('raises UnreadableFileError for a folder, with the display name', async () => {
    const folder = join(dir.path, 'a-folder.jsonl')
    mkdirSync(folder)
    const error = await rejection(readJsonl(folder, sampleSchema, 'data/a-folder.jsonl'))
    expect(error).toBeInstanceOf(UnreadableFileError)
    expect(error).toMatchObject({
      code: 'unreadable_file',
      message: 'cannot read data/a-folder.jsonl: it is a folder, not a file.',
    })
  })
})
