import type { LoadedSample } from '../dataset/suite-data.ts'
import type { InvalidLine, SuiteSummary } from '../verdict.ts'
import { lineMap, type SourceMapV3 } from './source-map.ts'

/** What one generated test module declares. */
export interface ModulePlan {
  /** Absolute path of the runtime module the generated code imports. */
  runtime: string
  /** Absolute path of the dataset file (the source map's source). */
  path: string
  /** The dataset as reports name it. */
  file: string
  samples: readonly LoadedSample[]
  /** Invalid lines to declare as failing tests (the `invalidData: 'fail'` policy). */
  invalid: readonly InvalidLine[]
  summary: SuiteSummary
  stamp: SampleRange['stamp']
}

/** Where a module's samples are in the dataset file: the worker reads them once. */
export interface SampleRange {
  /** Byte offsets: from the first sample's first byte to just past the last one's last. */
  start: number
  end: number
  /** The line the range starts at. */
  firstLine: number
  /** The file's size and modification time when it was validated. */
  stamp: { size: number; mtimeMs: number }
}

/** Compact feedback for the runtime: type, corrected decision, conflict, line. */
export type FeedbackTuple = [
  type: string,
  corrected: string,
  conflict: boolean,
  line: number,
]

/**
 * Writes the module that declares one test per sample, one call a line, and
 * a source map that sends each line to the JSONL line of its sample, so
 * that test locations, `file.jsonl:N` filters and failures point at the
 * data. The samples themselves are not in the module: the runtime reads
 * their byte range of the dataset once, which keeps the module small for
 * Vite to transform and the worker to compile.
 */
export function generateModule(plan: ModulePlan): { code: string; map: SourceMapV3 } {
  const first = plan.samples[0]
  const last = plan.samples[plan.samples.length - 1]
  const range: SampleRange | null =
    first && last
      ? { start: first.start, end: last.end, firstLine: first.line, stamp: plan.stamp }
      : null

  const calls: { line: number; code: string }[] = plan.samples.map((entry) => ({
    line: entry.line,
    code: entry.feedback
      ? `sample(${entry.line},${literal(feedbackTuple(entry.feedback))});`
      : `sample(${entry.line});`,
  }))
  for (const problem of plan.invalid) {
    calls.push({
      line: Math.max(problem.line, 1),
      code: `invalid(${literal(problem)});`,
    })
  }
  calls.sort((a, b) => a.line - b.line)

  const head =
    `import { begin, sample, invalid } from ${literal(plan.runtime)};` +
    `begin(${[plan.summary, plan.file, plan.path, range].map(literal).join(', ')});`
  const code = [head, ...calls.map((c) => c.code)].join('\n')
  const sourceLines = [calls[0]?.line ?? 1, ...calls.map((c) => c.line)]
  return { code, map: lineMap(plan.path, `${plan.path}.js`, sourceLines) }
}

/**
 * JSON as a JavaScript expression that stays on one line: JSON leaves U+2028
 * and U+2029 raw, and JavaScript counts them as line breaks, which would move
 * every later call off its JSONL line.
 */
function literal(value: unknown): string {
  return JSON.stringify(value)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
}

function feedbackTuple(feedback: NonNullable<LoadedSample['feedback']>): FeedbackTuple {
  return [
    feedback.record.feedback_type,
    feedback.record.user_corrected_decision,
    feedback.conflict,
    feedback.line,
  ]
}
