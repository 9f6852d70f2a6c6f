import { z } from 'zod'
import { decisionSchema } from '../dataset/schema.ts'
import type { ClientAnswer } from './types.ts'

const answerSchema = z.union([
  z.strictObject({
    decision: decisionSchema,
    score: z.number().optional(),
    categories: z.record(z.string(), z.number()).optional(),
    latencyMs: z.number().nonnegative().optional(),
  }),
  z.strictObject({
    error: z.strictObject({ code: z.string().min(1), message: z.string() }),
  }),
])

/**
 * Checks what a client returned. Anything that is not a well-formed decision
 * or error becomes a `bad_response` error: it is never guessed into a decision.
 */
export function checkAnswer(value: unknown, client: string): ClientAnswer {
  const parsed = answerSchema.safeParse(value)
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

function preview(value: unknown): string {
  if (value === undefined) return 'undefined'
  const text = JSON.stringify(value)
  return text.length > 80 ? `${text.slice(0, 80)}…` : text
}
