import type { LoadedSample } from '../dataset/suite-data.ts'
import type { InvalidLine, SuiteSummary } from '../verdict.ts'
import { lineToLineMap, type SourceMapV3 } from './source-map.ts'

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
}

/** Compact feedback for the runtime: type, corrected decision, conflict, line. */
export type FeedbackTuple = [
  type: string,
  corrected: string,
  conflict: boolean,
  line: number,
]

/**
 * Writes the module that declares one test per sample. The call for the
 * sample on JSONL line N stands on line N of the module, so locations,
 * `file.jsonl:N` filters and failures point at the data line; the source map
 * says so to every tool that reads maps.
 */
export function generateModule(plan: ModulePlan): { code: string; map: SourceMapV3 } {
  const lines: string[] = [
    `import { begin, sample, invalid } from ${JSON.stringify(plan.runtime)};` +
      `begin(${JSON.stringify(plan.summary)}, ${JSON.stringify(plan.file)}, ${JSON.stringify(plan.path)});`,
  ]
  const used = new Set<number>([1])
  const put = (line: number, code: string): void => {
    const at = Math.max(line, 1)
    while (lines.length < at) lines.push('')
    lines[at - 1] = `${lines[at - 1] ?? ''}${code}`
    used.add(at)
  }

  for (const entry of plan.samples) {
    const feedback = entry.feedback
      ? JSON.stringify([
          entry.feedback.record.feedback_type,
          entry.feedback.record.user_corrected_decision,
          entry.feedback.conflict,
          entry.feedback.line,
        ] satisfies FeedbackTuple)
      : 'null'
    put(
      entry.line,
      `sample(${entry.line},${JSON.stringify(JSON.stringify(entry.sample))},${feedback});`,
    )
  }
  for (const problem of plan.invalid)
    put(problem.line, `invalid(${JSON.stringify(problem)});`)

  const sorted = [...used].sort((a, b) => a - b)
  return {
    code: lines.join('\n'),
    map: lineToLineMap(plan.path, `${plan.path}.js`, sorted),
  }
}
