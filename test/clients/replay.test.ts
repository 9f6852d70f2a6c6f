import { describe, expect, it } from 'vitest'
import { createReplayClient } from '../../src/clients/replay.ts'
import type { ClassifyRequest } from '../../src/clients/types.ts'
import type { Decision } from '../../src/dataset/schema.ts'

function request(
  recorded: Decision | null,
  old: Decision | null = 'allow',
): ClassifyRequest {
  return {
    text: 'How do I pick a lock?',
    id: 's-0007',
    category: 'weapons',
    metadata: {
      timestamp: '2026-03-01T12:00:00Z',
      model_version: 'v2.2',
      user_risk_tier: 'low',
      source_tool: 'web_chat',
      old_model_decision: old,
      new_model_decision: recorded,
      user_feedback: null,
      shadow_mode: true,
    },
  }
}

describe('createReplayClient', () => {
  const client = createReplayClient()

  it('is named replay', () => {
    expect(client.name).toBe('replay')
  })

  it.each(['block', 'allow'] as const)('replays the recorded decision %s', (decision) => {
    expect(client.classify(request(decision))).toEqual({ decision })
  })

  it('replays new_model_decision, never old_model_decision', () => {
    expect(client.classify(request('block', 'allow'))).toEqual({ decision: 'block' })
    expect(client.classify(request('allow', 'block'))).toEqual({ decision: 'allow' })
  })

  it('gives the error no_recorded_decision when none was recorded', () => {
    expect(client.classify(request(null, 'block'))).toEqual({
      error: {
        code: 'no_recorded_decision',
        message:
          'metadata.new_model_decision is null: there is no recorded decision to replay',
      },
    })
  })

  it('answers at once, without a promise', () => {
    expect(client.classify(request('block'))).not.toBeInstanceOf(Promise)
  })
})
