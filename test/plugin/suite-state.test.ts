import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { loadSuiteData, type SuiteData } from '../../src/dataset/suite-data.ts'
import { resolveOptions } from '../../src/plugin/options.ts'
import { SuiteState } from '../../src/plugin/suite-state.ts'

let root = ''

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'abgate-suite-state-'))
  mkdirSync(join(root, 'data'))
})
afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

function line(id: string, text: string): string {
  return JSON.stringify({
    id,
    text,
    expected_blocked: false,
    category: 'code_help',
    metadata: {
      timestamp: '2026-03-01T12:00:00Z',
      model_version: 'v2.2',
      user_risk_tier: 'low',
      source_tool: 'web_chat',
      old_model_decision: 'block',
      new_model_decision: 'allow',
      user_feedback: 'false_positive',
      shadow_mode: true,
    },
  })
}

function feedbackLine(text: string, time: string): string {
  return JSON.stringify({
    text,
    original_decision: 'block',
    user_corrected_decision: 'allow',
    feedback_timestamp: time,
    feedback_type: 'false_positive',
    user_explanation: null,
  })
}

/** Loads `data/set.jsonl` and `data/user_feedback.jsonl` written with these lines. */
async function load(samples: string[], feedback: string[]): Promise<SuiteData> {
  const dataset = join(root, 'data', 'set.jsonl')
  const feedbackFile = join(root, 'data', 'user_feedback.jsonl')
  writeFileSync(dataset, `${samples.join('\n')}\n`)
  writeFileSync(feedbackFile, `${feedback.join('\n')}\n`)
  return loadSuiteData({
    root,
    datasets: [dataset],
    feedback: feedbackFile,
    metadata: null,
  })
}

/** The summary is computed from the data alone; the project gives only its root. */
function state(): SuiteState {
  const project = { config: { root } } as unknown as TestProject
  return new SuiteState(resolveOptions({ dir: 'data', name: 'production_ab' }), project)
}

describe('SuiteState.summary', () => {
  it('counts the feedback records as joined, unmatched and superseded', async () => {
    const data = await load(
      [line('s-1', 'reset my router'), line('s-2', 'bake bread')],
      [
        feedbackLine('reset my router', '2026-03-02T10:00:00Z'),
        feedbackLine('reset my router', '2026-03-02T11:00:00Z'),
        feedbackLine('nobody asked this', '2026-03-02T12:00:00Z'),
      ],
    )
    expect(state().summary(data, 'replay').feedback).toEqual({
      file: 'data/user_feedback.jsonl',
      // 1 joined (line 2) + 1 superseded (line 1) + 1 unmatched (line 3).
      records: 3,
      joined: 1,
      conflicts: 0,
      superseded: 1,
      unmatched: [{ line: 3, id: null, text: 'nobody asked this' }],
    })
  })

  it('counts a record joined to two samples once', async () => {
    const data = await load(
      [line('s-1', 'same words'), line('s-2', 'same words')],
      [feedbackLine('same words', '2026-03-02T10:00:00Z')],
    )
    const feedback = state().summary(data, 'replay').feedback
    expect(feedback?.joined).toBe(2)
    expect(feedback?.records).toBe(1)
  })
})
