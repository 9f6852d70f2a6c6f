import { z } from 'zod'
import { decisionSchema } from '../dataset/schema.ts'
import type { ClientAnswer } from './types.ts'

const decisionAnswerSchema = z.strictObject({
  decision: decisionSchema,
  score: z.number().optional(),
  categories: z.record(z.string(), z.number()).optional(),
  latencyMs: z.number().nonnegative().optional(),
})

const errorAnswerSchema = z.strictObject({
  error: z.strictObject({ code: z.string().min(1), message: z.string() }),
})

/**
 * Checks what a client returned. Anything that is not a well-formed decision
 * or error becomes a `bad_response` error: it is never guessed into a decision.
 */
export function checkAnswer(value: unknown, client: string): ClientAnswer {
  // One schema, chosen by the `error` key: a union would report a wrong field
  // of either shape at the top level, without its path.
  const schema = hasErrorKey(value) ? errorAnswerSchema : decisionAnswerSchema
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data as ClientAnswer

  const issue = parsed.error.issues[0]
  const where = issue && issue.path.length > 0 ? ` at "${issue.path.join('.')}"` : ''
  return {
    error: {
      code: 'bad_response',
      message:
        `${client} returned ${preview(value)}${where}; expected ` +
        `{ decision: "block" | "allow", score?, categories?, latencyMs? } or { error: { code, message } }`,
    },
  }
}

function hasErrorKey(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'error' in value
}

/** At most 80 characters of `value`, as JSON where JSON can show it. */
function preview(value: unknown): string {
  const text = toJson(value) ?? describeValue(value)
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}

function toJson(value: unknown): string | undefined {
  try {
    // Undefined for undefined, a function or a symbol, whatever its type says.
    return JSON.stringify(value)
  } catch {
    // A BigInt or a cycle somewhere inside, or a toJSON that threw.
    return undefined
  }
}

function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'function':
      return 'a function'
    case 'bigint':
      return `${value.toString()}n`
    case 'symbol':
      return value.toString()
    default:
      return `${Array.isArray(value) ? 'an array' : 'an object'} that JSON.stringify refused`
  }
}
