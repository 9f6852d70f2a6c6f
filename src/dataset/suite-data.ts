import { readFile, stat } from 'node:fs/promises'
import { relative } from 'node:path'
import { joinFeedback, type FeedbackJoin, type JoinedFeedback } from './feedback.ts'
import { problemsFromZod, type Problem } from './problems.ts'
import { readJsonl, UnreadableFileError, type JsonlRecord } from './reader.ts'
import {
  datasetMetadataSchema,
  feedbackSchema,
  sampleSchema,
  type DatasetMetadata,
  type Feedback,
  type Sample,
} from './schema.ts'

/** A valid sample with where it came from and the feedback joined to it. */
export interface LoadedSample {
  sample: Sample
  /** 1-based line in its dataset file. */
  line: number
  /** Byte offsets of the line in the file, its ending excluded. */
  start: number
  end: number
  feedback: JoinedFeedback | null
}

interface LoadedDataset {
  /** Absolute path. */
  path: string
  /** Size and modification time when it was validated: workers check them. */
  stamp: { size: number; mtimeMs: number }
  /** Path relative to the root, with forward slashes: how reports name it. */
  name: string
  samples: LoadedSample[]
}

/** Everything the plugin needs from a suite's files, after validation. */
export interface SuiteData {
  datasets: LoadedDataset[]
  feedbackFile: string | null
  feedback: FeedbackJoin
  metadata: DatasetMetadata | null
  /** Every problem found; the data must not be used while this is non-empty. */
  problems: Problem[]
}

export interface SuiteFiles {
  root: string
  datasets: readonly string[]
  feedback: string | null
  metadata: string | null
}

/** Reads, validates and joins a suite's dataset files, feedback file and metadata. */
export async function loadSuiteData(files: SuiteFiles): Promise<SuiteData> {
  const problems: Problem[] = []
  const datasets = await Promise.all(
    files.datasets.map((path) => loadDataset(files.root, path)),
  )
  for (const dataset of datasets) problems.push(...dataset.problems)

  const loaded = datasets.map((d) => d.dataset)
  problems.push(...duplicateIds(loaded))

  const feedbackName =
    files.feedback === null ? null : displayName(files.root, files.feedback)
  let feedbackRecords: JsonlRecord<Feedback>[] = []
  if (files.feedback !== null && feedbackName !== null) {
    const read = await readJsonl(files.feedback, feedbackSchema, feedbackName)
    problems.push(...read.problems)
    feedbackRecords = read.records
  }

  const all = loaded.flatMap((d) => d.samples)
  const feedback = joinFeedback(
    all.map((s) => s.sample),
    feedbackRecords,
  )
  all.forEach((entry, index) => {
    entry.feedback = feedback.bySample.get(index) ?? null
  })

  const metadata =
    files.metadata === null
      ? null
      : await loadMetadata(files, all.length, feedbackRecords.length, problems)
  return { datasets: loaded, feedbackFile: feedbackName, feedback, metadata, problems }
}

function displayName(root: string, path: string): string {
  return relative(root, path).split('\\').join('/')
}

async function loadDataset(
  root: string,
  path: string,
): Promise<{ dataset: LoadedDataset; problems: Problem[] }> {
  const name = displayName(root, path)
  const info = await stat(path).catch((error: unknown) => {
    throw new UnreadableFileError(name, error)
  })
  const read = await readJsonl(path, sampleSchema, name)
  const problems = [...read.problems]
  if (read.lines === 0) {
    problems.push({
      file: name,
      line: 0,
      field: '',
      message: 'the file has no samples. Add samples, or remove the file from the suite.',
    })
  }
  const samples = read.records.map((r) => ({
    sample: r.value,
    line: r.line,
    start: r.start,
    end: r.end,
    feedback: null,
  }))
  const stamp = { size: info.size, mtimeMs: info.mtimeMs }
  return { dataset: { path, name, stamp, samples }, problems }
}

function duplicateIds(datasets: readonly LoadedDataset[]): Problem[] {
  const seen = new Map<string, string>()
  const problems: Problem[] = []
  for (const dataset of datasets) {
    for (const { sample, line } of dataset.samples) {
      if (sample.id === undefined) continue
      const first = seen.get(sample.id)
      if (first === undefined) {
        seen.set(sample.id, `${dataset.name}:${line}`)
        continue
      }
      problems.push({
        file: dataset.name,
        line,
        field: 'id',
        message: `duplicate id ${JSON.stringify(sample.id)}, first used at ${first}. Ids must be unique in a suite.`,
      })
    }
  }
  return problems
}

async function loadMetadata(
  files: SuiteFiles,
  samples: number,
  feedback: number,
  problems: Problem[],
): Promise<DatasetMetadata | null> {
  if (files.metadata === null) return null
  const name = displayName(files.root, files.metadata)
  let value: unknown
  try {
    value = JSON.parse(await readFile(files.metadata, 'utf8'))
  } catch (error) {
    if (error instanceof SyntaxError) {
      problems.push({
        file: name,
        line: 0,
        field: '',
        message: `not valid JSON (${error.message})`,
      })
      return null
    }
    throw new UnreadableFileError(name, error)
  }
  const parsed = datasetMetadataSchema.safeParse(value, { reportInput: true })
  if (!parsed.success) {
    problems.push(...problemsFromZod(name, 0, parsed.error))
    return null
  }
  const counts = parsed.data.counts
  const mismatch = (field: string, said: number, found: number): void => {
    problems.push({
      file: name,
      line: 0,
      field,
      message: `says ${said}, but the files hold ${found}. Update metadata.json or restore the data.`,
    })
  }
  if (counts.samples !== samples) mismatch('counts.samples', counts.samples, samples)
  if (files.feedback !== null && counts.feedback !== feedback) {
    mismatch('counts.feedback', counts.feedback, feedback)
  }
  return parsed.data
}
