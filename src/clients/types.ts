import type { Decision, SampleMetadata } from '../dataset/schema.ts'
import type { DecisionDetail, SampleError } from '../verdict.ts'

/** What a model client is asked: the prompt, never the label. */
export interface ClassifyRequest {
  text: string
  /** The sample's `id`, when the dataset has one. */
  id: string | null
  category: string
  metadata: SampleMetadata
}

/** A decision, with what else the model said about it. */
export interface ClientDecision extends DecisionDetail {
  decision: Decision
  /** How long the model took, when the client measures it better than abgate can. */
  latencyMs?: number
}

/** Either a decision or an error; an error is never counted as a decision. */
export type ClientAnswer = ClientDecision | { error: SampleError }

/** Anything that can decide for samples: the candidate. */
export interface ModelClient {
  /** Shown in reports, e.g. `replay` or `module:./my-client.ts`. */
  readonly name: string
  classify(request: ClassifyRequest): ClientAnswer | Promise<ClientAnswer>
  close?(): void | Promise<void>
}
