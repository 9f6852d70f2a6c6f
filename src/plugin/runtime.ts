/**
 * The small runtime that generated dataset modules call in Vitest's workers.
 * It declares one test per sample; each test asks the candidate, stores the
 * verdict in the test's meta and fails as the suite's policy says.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { afterAll, beforeAll, inject, test } from 'vitest'
import { createClient } from '../clients/registry.ts'
import type { ClassifyRequest, ClientAnswer, ModelClient } from '../clients/types.ts'
import type { Sample } from '../dataset/schema.ts'
import { excerpt, textHash } from '../privacy/report-text.ts'
import type { InvalidLine, SuiteSummary } from '../verdict.ts'
import { splitLines } from '../dataset/lines.ts'
import { AbgateUserError } from '../errors.ts'
import type { FeedbackTuple, SampleRange } from './codegen.ts'
import { failureOf } from '../report/failure.ts'
import { judge } from './judge.ts'
import type { RuntimeSettings } from './settings.ts'

interface ModuleState {
  settings: RuntimeSettings
  summary: SuiteSummary
  /** The dataset as reports name it. */
  file: string
  /** Its absolute path, for stacks that point at the sample's line. */
  path: string
  /** The text of each line of the module's samples, by line number. */
  lines: Map<number, string>
  client: ModelClient | null
}

let state: ModuleState | null = null

/** Called once at the top of a generated module, before its samples. */
export function begin(
  summary: SuiteSummary,
  file: string,
  path: string,
  range: SampleRange | null,
): void {
  const lines = range === null ? new Map<number, string>() : readRange(path, file, range)
  const current: ModuleState = {
    settings: inject('abgate'),
    summary,
    file,
    path,
    lines,
    client: null,
  }
  state = current
  // Vitest requires an object pattern for the context argument of hooks.
  // eslint-disable-next-line no-empty-pattern
  beforeAll(async ({}, suite) => {
    suite.meta.abgateSuite = summary
    current.client = await createClient(current.settings.client)
  })
  afterAll(async () => {
    await current.client?.close?.()
  })
}

/**
 * Reads the module's samples from the dataset in one read. The plugin
 * validated these bytes; a file changed since then is refused.
 */
function readRange(path: string, file: string, range: SampleRange): Map<number, string> {
  const fd = openSync(path, 'r')
  try {
    const info = fstatSync(fd)
    if (info.size !== range.stamp.size || info.mtimeMs !== range.stamp.mtimeMs) {
      throw new AbgateUserError(
        'dataset_changed',
        `${file} changed after it was validated; run the suite again`,
      )
    }
    const buffer = Buffer.alloc(range.end - range.start)
    readSync(fd, buffer, 0, buffer.length, range.start)
    return new Map(splitLines(buffer, range.firstLine).map((l) => [l.line, l.text]))
  } finally {
    closeSync(fd)
  }
}

/** Declares the test of the sample on `line`. */
export function sample(line: number, feedback: FeedbackTuple | null = null): void {
  const current = requireState()
  const text = current.lines.get(line)
  if (text === undefined)
    throw new Error(`abgate: line ${line} of ${current.file} was not read`)
  const value = JSON.parse(text) as Sample
  test(testName(line, value, current.settings), ({ task }) => {
    const client = current.client
    if (client === null) throw new Error('abgate: the model client was not created')
    const request: ClassifyRequest = {
      text: value.text,
      id: value.id ?? null,
      category: value.category,
      metadata: value.metadata,
    }
    const started = performance.now()
    const finish = (answer: ClientAnswer): void => {
      const latencyMs =
        'error' in answer
          ? performance.now() - started
          : (answer.latencyMs ?? performance.now() - started)
      const verdict = judge({
        suite: current.settings.suite,
        file: current.file,
        line,
        sample: value,
        feedback,
        answer,
        latencyMs,
        reportText: current.settings.reportText,
        feedbackOverridesLabel: current.settings.feedbackOverridesLabel,
      })
      task.meta.abgate = verdict
      const failure = failureOf(verdict, current.settings.failOn)
      if (failure) throw located(failure.name, failure.message, current.path, line)
    }
    const answer = safely(() => client.classify(request))
    if (answer instanceof Promise) return answer.then(finish)
    finish(answer)
    return undefined
  })
}

/** Declares a failing test for an invalid line (the `invalidData: 'fail'` policy). */
export function invalid(problem: InvalidLine): void {
  const current = requireState()
  const where = problem.line > 0 ? `#${problem.line}` : current.file
  test(`${where} invalid data`, () => {
    const field = problem.field === '' ? '' : ` field "${problem.field}":`
    throw located(
      'InvalidSample',
      `${field} ${problem.message}`.trim(),
      current.path,
      problem.line,
    )
  })
}

function requireState(): ModuleState {
  if (state === null)
    throw new Error('abgate: begin() must run before the samples are declared')
  return state
}

function testName(line: number, value: Sample, settings: RuntimeSettings): string {
  const label = value.expected_blocked ? 'block' : 'allow'
  const head = `#${line} ${value.category} · label ${label}`
  switch (settings.reportText) {
    case 'none':
      return head
    case 'hash':
      return `${head} · sha256:${textHash(value.text).slice(0, 12)}`
    default:
      return `${head} · "${excerpt(value.text, 40)}"`
  }
}

/** Calls the client; a throw becomes an error answer, never a decision. */
function safely(
  call: () => ClientAnswer | Promise<ClientAnswer>,
): ClientAnswer | Promise<ClientAnswer> {
  try {
    const answer = call()
    return answer instanceof Promise ? answer.catch(thrown) : answer
  } catch (error) {
    return thrown(error)
  }
}

function thrown(error: unknown): ClientAnswer {
  const message = error instanceof Error ? error.message : String(error)
  return { error: { code: 'client_threw', message: `the client threw: ${message}` } }
}

/** An error whose stack points at the sample's JSONL line, not at this runtime. */
function located(name: string, message: string, file: string, line: number): Error {
  const error = new Error(message)
  error.name = name
  error.stack = `${name}: ${message}\n    at ${file}:${Math.max(line, 1)}:1`
  return error
}
