import type { ClientAnswer, ClassifyRequest, ModelClient } from './types.ts'

/**
 * The embedded default: the candidate is what shadow mode recorded as
 * `new_model_decision`. Needs no model and no network.
 */
export function createReplayClient(): ModelClient {
  return { name: 'replay', classify: replay }
}

function replay(request: ClassifyRequest): ClientAnswer {
  const decision = request.metadata.new_model_decision
  if (decision === null) {
    return {
      error: {
        code: 'no_recorded_decision',
        message:
          'metadata.new_model_decision is null: there is no recorded decision to replay',
      },
    }
  }
  return { decision }
}
