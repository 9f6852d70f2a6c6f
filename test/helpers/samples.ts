import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import type {
  DatasetMetadata,
  Feedback,
  Sample,
  SampleMetadata,
} from '../../src/dataset/schema.ts'
import type { SuiteSummary } from '../../src/verdict.ts'

/*
 * The suite's data for unit tests. Each builder gives the valid record its
 * comment describes; `overrides` replace whole fields (a sample's `metadata`
 * too), so tests that depend on a value can say so where they build it.
 */

/** A sample's metadata: v2.2, shadow mode; the old model allowed it, the new blocked. */
export function metadata(overrides: Partial<SampleMetadata> = {}): SampleMetadata {
  return {
    timestamp: '2026-03-01T12:00:00Z',
    model_version: 'v2.2',
    user_risk_tier: 'low',
    source_tool: 'web_chat',
    old_model_decision: 'allow',
    new_model_decision: 'block',
    user_feedback: null,
    shadow_mode: true,
    ...overrides,
  }
}

/** A legitimate `code_help` sample without an id, its metadata from `metadata()`. */
export function sample(overrides: Partial<Sample> = {}): Sample {
  return {
    text: 'How do I reset my router?',
    expected_blocked: false,
    category: 'code_help',
    metadata: metadata(),
    ...overrides,
  }
}

/** A feedback record without an id: a false positive, the block corrected to allow. */
export function feedback(overrides: Partial<Feedback> = {}): Feedback {
  return {
    text: 'How do I reset my router?',
    original_decision: 'block',
    user_corrected_decision: 'allow',
    feedback_timestamp: '2026-03-02T10:00:00Z',
    feedback_type: 'false_positive',
    user_explanation: null,
    ...overrides,
  }
}

/** Overrides that make `feedback()` a false negative: an allow corrected to block. */
export const FALSE_NEGATIVE = {
  original_decision: 'allow',
  user_corrected_decision: 'block',
  feedback_type: 'false_negative',
} as const satisfies Partial<Feedback>

/** A `metadata.json` of generated data: two `code_help` samples, no feedback. */
export function datasetMetadata(
  overrides: Partial<DatasetMetadata> = {},
): DatasetMetadata {
  return {
    schema_version: 1,
    created_at: '2026-03-16T06:00:00Z',
    synthetic: true,
    source: { kind: 'generator', description: 'made up' },
    date_range: { start: '2026-03-02T00:00:00Z', end: '2026-03-15T23:59:59Z' },
    filters: { model_versions: ['v2.2'], shadow_mode: null },
    sampling: { method: 'all', seed: null },
    anonymization: { enabled: false, counts: {} },
    counts: { samples: 2, feedback: 0, by_category: { code_help: 2 } },
    ...overrides,
  }
}

/** The summary the plugin gives a suite: production_ab on replay, with no data yet. */
export function suiteSummary(overrides: Partial<SuiteSummary> = {}): SuiteSummary {
  return {
    v: 1,
    suite: 'production_ab',
    client: 'replay',
    failOn: 'mismatch',
    feedbackOverridesLabel: false,
    datasets: [],
    samples: 0,
    invalid: [],
    feedback: null,
    metadata: null,
    ...overrides,
  }
}

export interface TempDir {
  /** The folder's absolute path; it exists only while tests and hooks run. */
  readonly path: string
  /** Writes `content` to `name` in the folder, folders made as needed; gives its path. */
  write(name: string, content: string): string
}

/**
 * A temporary folder `abgate-<name>-…`, made before the tests of the file or
 * `describe` that calls this and removed after them. With `each`, every test
 * gets a fresh one.
 */
export function tempDir(name: string, { each = false } = {}): TempDir {
  let path = ''
  const make = (): void => {
    path = mkdtempSync(join(tmpdir(), `abgate-${name}-`))
  }
  const remove = (): void => {
    rmSync(path, { recursive: true, force: true })
  }
  if (each) {
    beforeEach(make)
    afterEach(remove)
  } else {
    beforeAll(make)
    afterAll(remove)
  }

  const current = (): string => {
    if (path === '') throw new Error(`tempDir(${name}): used before its tests ran`)
    return path
  }

  return {
    get path(): string {
      return current()
    },
    write(file: string, content: string): string {
      const target = join(current(), file)
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, content)
      return target
    },
  }
}
