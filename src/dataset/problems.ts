import type { z } from 'zod'
import { AbgateUserError } from '../errors.ts'

/** One thing wrong with one line of one file. */
export interface Problem {
  file: string
  /** 1-based; 0 when the problem is with the file as a whole. */
  line: number
  /** Dotted path of the field, or '' for the whole line. */
  field: string
  message: string
}

/** How many problems an error message lists before it counts the rest. */
export const PROBLEMS_SHOWN = 20

export function formatProblem(problem: Problem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}` : problem.file
  const field = problem.field === '' ? '' : ` field "${problem.field}":`
  return `${where}:${field} ${problem.message}`
}

/** The first problems, one a line, and a count of the rest. */
export function formatProblems(problems: readonly Problem[]): string {
  const shown = problems.slice(0, PROBLEMS_SHOWN).map((p) => `  ${formatProblem(p)}`)
  const rest = problems.length - shown.length
  if (rest > 0) shown.push(`  ... and ${rest} more`)
  return shown.join('\n')
}

/** Raised when a suite's data is invalid: lists every problem found. */
export class DatasetError extends AbgateUserError {
  // Private: Vitest prints an error's own fields after its message.
  readonly #problems: readonly Problem[]

  constructor(suite: string, problems: readonly Problem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    super(
      'invalid_dataset',
      `suite "${suite}": the data has ${count}; no sample was run. Fix the lines below ` +
        `(the suite's README documents every field):\n${formatProblems(problems)}`,
    )
    this.#problems = problems
  }

  get problems(): readonly Problem[] {
    return this.#problems
  }
}

/** A short, readable rendering of a value found in a file. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)'
  if (value === null) return 'null'
  if (typeof value === 'string') return JSON.stringify(truncate(value, 40))
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') return 'an object'
  return `${typeof value} ${JSON.stringify(value)}`
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`
}

function typeName(expected: string): string {
  if (expected === 'object') return 'an object'
  if (expected === 'array') return 'an array'
  return `a ${expected}`
}

/** Turns zod's issues for one line into problems naming field, expectation and finding. */
export function problemsFromZod(
  file: string,
  line: number,
  error: z.ZodError,
): Problem[] {
  return error.issues.flatMap((issue): Problem[] => {
    const field = issue.path.map(String).join('.')
    const found = describeValue(issue.input)
    switch (issue.code) {
      case 'invalid_type':
        return [
          {
            file,
            line,
            field,
            message: `expected ${typeName(issue.expected)}, found ${found}`,
          },
        ]
      case 'invalid_value': {
        const allowed = issue.values.map((v) => JSON.stringify(v)).join(' or ')
        return [{ file, line, field, message: `expected ${allowed}, found ${found}` }]
      }
      case 'unrecognized_keys':
        return issue.keys.map((key) => ({
          file,
          line,
          field: field === '' ? key : `${field}.${key}`,
          message: 'unknown field; remove it or check its spelling',
        }))
      case 'invalid_format':
        return [
          {
            file,
            line,
            field,
            message:
              issue.format === 'regex'
                ? `${issue.message}, found ${found}`
                : `expected ${formatName(issue.format)}, found ${found}`,
          },
        ]
      case 'custom':
        // Our own checks name the values they compare; zod's input here is
        // the whole record, which would read ", found an object".
        return [{ file, line, field, message: issue.message }]
      default:
        return [{ file, line, field, message: `${issue.message}, found ${found}` }]
    }
  })
}

function formatName(format: string): string {
  if (format === 'datetime')
    return 'an ISO 8601 date-time with a zone, like 2026-03-01T12:00:00Z'
  return `a ${format}`
}
