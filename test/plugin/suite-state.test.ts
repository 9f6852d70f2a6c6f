import type { TestProject } from 'vitest/node'
import { describe, expect, it } from 'vitest'
import { loadSuiteData, type SuiteData } from '../../src/dataset/suite-data.ts'
import { resolveOptions } from '../../src/plugin/options.ts'
import { SuiteState } from '../../src/plugin/suite-state.ts'
import { feedback, metadata, sample, tempDir } from '../helpers/samples.ts'

const dir = tempDir('suite-state', { each: true })

/** A sample's JSONL line: the old model blocked it, a user reported a false positive. */
function line(id: string, text: string): string {
  const reported = metadata({
    old_model_decision: 'block',
    new_model_decision: 'allow',
    user_feedback: 'false_positive',
  })
  return JSON.stringify(sample({ id, text, metadata: reported }))
}

function feedbackLine(text: string, time: string): string {
  return JSON.stringify(feedback({ text, feedback_timestamp: time }))
}

/** Loads `data/set.jsonl` and `data/user_feedback.jsonl` written with these lines. */
async function load(samples: string[], records: string[]): Promise<SuiteData> {
  return loadSuiteData({
    root: dir.path,
    datasets: [dir.write('data/set.jsonl', `${samples.join('\n')}\n`)],
    feedback: dir.write('data/user_feedback.jsonl', `${records.join('\n')}\n`),
    metadata: null,
  })
}

/** The summary is computed from the data alone; the project gives only its root. */
function state(): SuiteState {
  const project = { config: { root: dir.path } } as unknown as TestProject
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
