import { statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { UnreadableFileError } from '../../src/dataset/reader.ts'
import { loadSuiteData, type SuiteFiles } from '../../src/dataset/suite-data.ts'
import {
  datasetMetadata,
  FALSE_NEGATIVE,
  feedback,
  metadata,
  sample,
  tempDir,
} from '../helpers/samples.ts'

const dir = tempDir('suite-data', { each: true })

/** Writes `data/<name>` under the root and returns its absolute path. */
function write(name: string, content: string): string {
  return dir.write(join('data', name), content)
}

/** A sample's JSONL line; both models allowed it. */
function line(id: string, text: string, expectedBlocked = false): string {
  return JSON.stringify(
    sample({
      id,
      text,
      expected_blocked: expectedBlocked,
      metadata: metadata({ new_model_decision: 'allow' }),
    }),
  )
}

function feedbackLine(text: string, id?: string): string {
  return JSON.stringify(
    feedback({
      ...(id === undefined ? {} : { id }),
      ...FALSE_NEGATIVE,
      text,
      user_explanation: 'should have been blocked',
    }),
  )
}

/** A `metadata.json` counting `samples` code_help samples and `records` of feedback. */
function metadataJson(samples: number, records: number): string {
  const counts = { samples, feedback: records, by_category: { code_help: samples } }
  return JSON.stringify(datasetMetadata({ counts }))
}

function files(changes: Partial<SuiteFiles>): SuiteFiles {
  return { root: dir.path, datasets: [], feedback: null, metadata: null, ...changes }
}

describe('loadSuiteData', () => {
  it('reads datasets, joins feedback across files and checks metadata', async () => {
    const a = write('a.jsonl', `${line('s-1', 'first')}\n${line('s-2', 'second')}\n`)
    const b = write('b.jsonl', `${line('s-3', 'third')}\n`)
    const fb = write('user_feedback.jsonl', `${feedbackLine('third')}\n`)
    const meta = write('metadata.json', metadataJson(3, 1))

    const data = await loadSuiteData(
      files({ datasets: [a, b], feedback: fb, metadata: meta }),
    )
    expect(data.problems).toEqual([])
    expect(data.datasets.map((d) => [d.name, d.path, d.samples.length])).toEqual([
      ['data/a.jsonl', a, 2],
      ['data/b.jsonl', b, 1],
    ])
    expect(data.datasets[0]?.stamp).toEqual({
      size: statSync(a).size,
      mtimeMs: statSync(a).mtimeMs,
    })
    expect(data.feedbackFile).toBe('data/user_feedback.jsonl')
    // The feedback's text is that of the third sample, the first of b.jsonl.
    const third = data.datasets[1]?.samples[0]
    expect(third?.line).toBe(1)
    expect(third?.feedback).toMatchObject({ line: 1, conflict: true })
    expect(data.datasets[0]?.samples.map((s) => s.feedback)).toEqual([null, null])
    expect(data.feedback.conflicts).toBe(1)
    expect(data.metadata?.counts.samples).toBe(3)
  })

  it('reports an id used in two dataset files, at its second use', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n${line('s-2', 'two')}\n`)
    const b = write('b.jsonl', `${line('s-3', 'three')}\n${line('s-1', 'four')}\n`)
    const data = await loadSuiteData(files({ datasets: [a, b] }))
    expect(data.problems).toEqual([
      {
        file: 'data/b.jsonl',
        line: 2,
        field: 'id',
        message:
          'duplicate id "s-1", first used at data/a.jsonl:1. Ids must be unique in a suite.',
      },
    ])
  })

  it('reports an id used twice in one file', async () => {
    const a = write(
      'a.jsonl',
      `${line('s-1', 'one')}\n${line('s-9', 'x')}\n${line('s-1', 'y')}\n`,
    )
    const data = await loadSuiteData(files({ datasets: [a] }))
    expect(data.problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['data/a.jsonl', 3, 'id'],
    ])
  })

  it.each([
    { what: 'an empty file', content: '' },
    { what: 'a file of blank lines', content: '\n  \n\n' },
  ])('reports $what as a file without samples', async ({ content }) => {
    const empty = write('empty.jsonl', content)
    const data = await loadSuiteData(files({ datasets: [empty] }))
    expect(data.problems).toEqual([
      {
        file: 'data/empty.jsonl',
        line: 0,
        field: '',
        message:
          'the file has no samples. Add samples, or remove the file from the suite.',
      },
    ])
    expect(data.datasets[0]?.samples).toEqual([])
  })

  it('does not call a file of invalid lines empty', async () => {
    const bad = write('bad.jsonl', 'nope\n')
    const data = await loadSuiteData(files({ datasets: [bad] }))
    expect(data.problems.map((p) => [p.file, p.line])).toEqual([['data/bad.jsonl', 1]])
  })

  it('reports counts in metadata.json that the files do not hold', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n${line('s-2', 'two')}\n`)
    const fb = write('user_feedback.jsonl', `${feedbackLine('one')}\n`)
    const meta = write('metadata.json', metadataJson(5, 3))
    const data = await loadSuiteData(
      files({ datasets: [a], feedback: fb, metadata: meta }),
    )
    expect(data.problems).toEqual([
      {
        file: 'data/metadata.json',
        line: 0,
        field: 'counts.samples',
        message:
          'says 5, but the files hold 2. Update metadata.json or restore the data.',
      },
      {
        file: 'data/metadata.json',
        line: 0,
        field: 'counts.feedback',
        message:
          'says 3, but the files hold 1. Update metadata.json or restore the data.',
      },
    ])
    // The file is valid JSON of the right shape: it is kept despite the counts.
    expect(data.metadata?.counts).toMatchObject({ samples: 5, feedback: 3 })
  })

  it('does not check the feedback count when the suite has no feedback file', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n`)
    const meta = write('metadata.json', metadataJson(1, 40))
    const data = await loadSuiteData(files({ datasets: [a], metadata: meta }))
    expect(data.problems).toEqual([])
    expect(data.feedbackFile).toBeNull()
  })

  it('reports a metadata.json that is not JSON', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n`)
    const meta = write('metadata.json', 'not json')
    const data = await loadSuiteData(files({ datasets: [a], metadata: meta }))
    expect(data.problems).toEqual([
      {
        file: 'data/metadata.json',
        line: 0,
        field: '',
        message: `not valid JSON (Unexpected token 'o', "not json" is not valid JSON)`,
      },
    ])
    expect(data.metadata).toBeNull()
  })

  it('reports the fields of a metadata.json of the wrong shape', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n`)
    const wrong = { ...(JSON.parse(metadataJson(1, 0)) as object), synthetic: 'yes' }
    const meta = write('metadata.json', JSON.stringify(wrong))
    const data = await loadSuiteData(files({ datasets: [a], metadata: meta }))
    expect(data.problems).toEqual([
      {
        file: 'data/metadata.json',
        line: 0,
        field: 'synthetic',
        message: 'expected a boolean, found "yes"',
      },
    ])
    expect(data.metadata).toBeNull()
  })

  it('includes the problems of the feedback file, named by its path', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n`)
    const fb = write(
      'user_feedback.jsonl',
      `${feedbackLine('one')}\n{"text":"two"}\n\n${feedbackLine('one')}\n`,
    )
    const data = await loadSuiteData(files({ datasets: [a], feedback: fb }))
    expect(data.problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['data/user_feedback.jsonl', 2, 'original_decision'],
      ['data/user_feedback.jsonl', 2, 'user_corrected_decision'],
      ['data/user_feedback.jsonl', 2, 'feedback_timestamp'],
      ['data/user_feedback.jsonl', 2, 'feedback_type'],
      ['data/user_feedback.jsonl', 2, 'user_explanation'],
      ['data/user_feedback.jsonl', 3, ''],
    ])
    // Lines 1 and 4 are valid and reach the same sample: line 4 wins.
    expect(data.datasets[0]?.samples[0]?.feedback?.line).toBe(4)
    expect(data.feedback.superseded.map((r) => r.line)).toEqual([1])
  })

  it('lists problems of datasets, then ids, then feedback, then metadata', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n[]\n${line('s-1', 'two')}\n`)
    const fb = write('user_feedback.jsonl', '7\n')
    const meta = write('metadata.json', metadataJson(9, 1))
    const data = await loadSuiteData(
      files({ datasets: [a], feedback: fb, metadata: meta }),
    )
    expect(data.problems.map((p) => [p.file, p.line, p.field])).toEqual([
      ['data/a.jsonl', 2, ''],
      ['data/a.jsonl', 3, 'id'],
      ['data/user_feedback.jsonl', 1, ''],
      ['data/metadata.json', 0, 'counts.samples'],
      ['data/metadata.json', 0, 'counts.feedback'],
    ])
  })

  it('raises UnreadableFileError for a dataset file that is missing', async () => {
    const missing = join(dir.path, 'data', 'gone.jsonl')
    const loading = loadSuiteData(files({ datasets: [missing] }))
    await expect(loading).rejects.toBeInstanceOf(UnreadableFileError)
    await expect(loading).rejects.toMatchObject({
      code: 'unreadable_file',
      message:
        'cannot read data/gone.jsonl: no such file. Check the path in the suite configuration.',
    })
  })

  it('raises UnreadableFileError for a feedback file that is missing', async () => {
    const a = write('a.jsonl', `${line('s-1', 'one')}\n`)
    const missing = join(dir.path, 'data', 'user_feedback.jsonl')
    await expect(
      loadSuiteData(files({ datasets: [a], feedback: missing })),
    ).rejects.toMatchObject({
      code: 'unreadable_file',
      message:
        'cannot read data/user_feedback.jsonl: no such file. Check the path in the suite configuration.',
    })
  })
})
