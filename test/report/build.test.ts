import { describe, expect, it } from 'vitest'
import {
  buildSuiteReport,
  edgeCases,
  sampleRef,
  SMALL_DEPLOYMENT,
  worstHalfWidth,
  type BuildOptions,
  type SuiteRun,
} from '../../src/report/build.ts'
import type { SuiteSummary } from '../../src/verdict.ts'
import { suiteSummary } from '../helpers/samples.ts'
import {
  DATASET,
  feedbackSummary,
  sampleSuite,
  sampleVerdicts,
  verdict,
  type Verdict,
} from '../reporters/sample-report.ts'

const Z = 1.959963984540054

/** The summary the plugin would give the suite of test/reporters/sample-report.ts. */
function summary(changes: Partial<SuiteSummary> = {}): SuiteSummary {
  return suiteSummary({
    datasets: [{ file: DATASET, samples: 12 }],
    samples: 12,
    feedback: feedbackSummary(),
    metadata: {
      synthetic: true,
      source: 'generator',
      start: '2026-03-02T00:00:00Z',
      end: '2026-03-15T23:59:59Z',
    },
    ...changes,
  })
}

function run(changes: Partial<SuiteRun> = {}): SuiteRun {
  return {
    suite: 'production_ab',
    summary: summary(),
    verdicts: sampleVerdicts(),
    unjudged: [],
    skipped: 0,
    ...changes,
  }
}

function options(changes: Partial<BuildOptions> = {}): BuildOptions {
  return {
    groupBy: ['category'],
    alpha: 0.05,
    baseline: null,
    shard: false,
    edgeCasesFile: null,
    ...changes,
  }
}

describe('buildSuiteReport', () => {
  it('computes the sample suite of the reporters’ tests, gate not yet evaluated', () => {
    // sampleSuite() holds the figures counted by hand in sample-report.ts.
    expect(buildSuiteReport(run(), options())).toEqual({
      ...sampleSuite(),
      gate: { evaluated: false, passed: false, checks: [] },
    })
  })

  describe('samples', () => {
    const UNJUDGED = [{ file: DATASET, name: '#13 invalid data', message: 'bad line' }]

    it.each([
      {
        what: 'a whole run with samples that never ran',
        expected: 15,
        skipped: 0,
        shard: false,
        // 15 expected − (12 judged + 1 unjudged) = 2 missing.
        samples: {
          expected: 15,
          judged: 12,
          errors: 1,
          unjudged: 1,
          skipped: 0,
          missing: 2,
        },
        partial: false,
      },
      {
        what: 'a run with skipped samples',
        expected: 15,
        skipped: 2,
        shard: false,
        // 15 − (12 + 1 + 2) = 0 missing; skipped samples make the report partial.
        samples: {
          expected: 15,
          judged: 12,
          errors: 1,
          unjudged: 1,
          skipped: 2,
          missing: 0,
        },
        partial: true,
      },
      {
        what: 'one shard',
        expected: 40,
        skipped: 0,
        shard: true,
        // A shard cannot tell missing samples from those of other shards.
        samples: {
          expected: 40,
          judged: 12,
          errors: 1,
          unjudged: 1,
          skipped: 0,
          missing: 0,
        },
        partial: true,
      },
      {
        what: 'more tests than expected',
        expected: 10,
        skipped: 0,
        shard: false,
        samples: {
          expected: 10,
          judged: 12,
          errors: 1,
          unjudged: 1,
          skipped: 0,
          missing: 0,
        },
        partial: false,
      },
    ])('counts $what', ({ expected, skipped, shard, samples, partial }) => {
      const report = buildSuiteReport(
        run({ summary: summary({ samples: expected }), unjudged: UNJUDGED, skipped }),
        options({ shard }),
      )
      expect(report.samples).toEqual(samples)
      expect(report.partial).toBe(partial)
      expect(report.unjudged).toEqual(UNJUDGED)
    })

    it('expects the samples it has when no test file carried a summary', () => {
      const report = buildSuiteReport(run({ summary: null }), options())
      expect(report.samples).toEqual({
        expected: 12,
        judged: 12,
        errors: 1,
        unjudged: 0,
        skipped: 0,
        missing: 0,
      })
      expect(report).toMatchObject({
        client: 'unknown',
        failOn: 'mismatch',
        datasets: [],
        synthetic: null,
        feedback: null,
        invalid: [],
      })
    })
  })

  describe('feedback', () => {
    const fb = (
      line: number,
      type: 'false_positive' | 'false_negative',
      decision: 'block' | 'allow' | null,
    ): Verdict =>
      verdict({
        line,
        category: 'code_help',
        label: type === 'false_negative',
        baseline: type === 'false_positive' ? 'block' : 'allow',
        decision,
        feedback: {
          type,
          correctedDecision: type === 'false_positive' ? 'allow' : 'block',
          conflict: false,
          line,
        },
      })
    const plain = (line: number): Verdict =>
      verdict({
        line,
        category: 'code_help',
        label: false,
        baseline: 'allow',
        decision: 'allow',
      })
    const verdicts = [
      fb(1, 'false_positive', 'allow'), // the candidate now allows it: right
      fb(2, 'false_positive', 'block'),
      fb(3, 'false_positive', null), // an error is never right
      fb(4, 'false_negative', 'block'), // right
      plain(5),
      plain(6),
      plain(7),
      plain(8),
    ]

    it('counts reported FPs and FNs and how many the candidate gets right', () => {
      const report = buildSuiteReport(run({ verdicts }), options())
      expect(report.feedback).toEqual({
        ...summary().feedback,
        reportedFalsePositives: { reported: 3, candidateRight: 1 },
        reportedFalseNegatives: { reported: 1, candidateRight: 1 },
        // 4 reports in 8 samples: 500 per thousand.
        perThousand: 500,
        labelWins: true,
      })
    })

    it('says the label loses when feedback overrides it', () => {
      const report = buildSuiteReport(
        run({ verdicts, summary: summary({ feedbackOverridesLabel: true }) }),
        options(),
      )
      expect(report.feedback?.labelWins).toBe(false)
    })

    it('has no rate per thousand without verdicts', () => {
      const report = buildSuiteReport(run({ verdicts: [] }), options())
      expect(report.feedback).toMatchObject({
        reportedFalsePositives: { reported: 0, candidateRight: 0 },
        reportedFalseNegatives: { reported: 0, candidateRight: 0 },
        perThousand: null,
      })
    })

    it('has no feedback section without a feedback file', () => {
      expect(
        buildSuiteReport(run({ summary: summary({ feedback: null }) }), options())
          .feedback,
      ).toBeNull()
    })
  })

  describe('worstHalfWidth', () => {
    // At p = 1/2 the Wilson half-width z/(1 + z²/n) · √(1/(4n) + z²/(4n²)) is
    // z / (2√(n + z²)); values to 15 digits with Python's decimal module.
    it.each([
      { n: 1, width: 0.445379244471148 },
      { n: 150, width: 0.07900987971145855 },
      { n: 200, width: 0.06863914039610813 },
      { n: 10_000, width: 0.009797938184595213 },
    ])('is $width for n = $n', ({ n, width }) => {
      const value = worstHalfWidth(n) ?? Number.NaN
      expect(value).toBeCloseTo(width, 14)
      expect(value).toBeCloseTo(Z / (2 * Math.sqrt(n + Z * Z)), 14)
    })

    it('is null for no samples', () => {
      expect(worstHalfWidth(0)).toBeNull()
    })

    it('is near ±7 points at the small-deployment size', () => {
      expect(SMALL_DEPLOYMENT).toBe(200)
      expect((worstHalfWidth(SMALL_DEPLOYMENT) ?? 1) * 100).toBeCloseTo(6.86, 2)
    })

    it('gives each model version of the report its half-width', () => {
      const report = buildSuiteReport(run(), options())
      // v2.2: lines 1–8; v2.2_canary: lines 9–12.
      expect(report.sampleSize.map((s) => [s.modelVersion, s.samples])).toEqual([
        ['v2.2', 8],
        ['v2.2_canary', 4],
      ])
      expect(report.sampleSize[0]?.halfWidth).toBeCloseTo(0.28478393778612243, 14)
      expect(report.sampleSize[1]?.halfWidth).toBeCloseTo(0.3499610108478505, 14)
    })
  })

  it('adds a table for each group field, category first and once', () => {
    const report = buildSuiteReport(
      run(),
      options({ groupBy: ['model_version', 'category', 'model_version'] }),
    )
    expect(report.groups.map((g) => [g.by, g.rows.map((r) => r.group)])).toEqual([
      ['category', ['jailbreak', 'code_help', 'medical']],
      ['model_version', ['v2.2', 'v2.2_canary']],
    ])
    expect(report.comparison.by).toBe('category')
  })

  describe('against an earlier run', () => {
    const cat = (line: number, category: string): Verdict =>
      verdict({ line, category, label: false, baseline: 'allow', decision: 'allow' })

    it('orders the traffic shift by the size of the change, then by name', () => {
      // Before: a 2, b 2, d 4 of 8 (25%, 25%, 50%).
      const before = [
        cat(1, 'a'),
        cat(2, 'a'),
        cat(3, 'b'),
        cat(4, 'b'),
        ...[5, 6, 7, 8].map((l) => cat(l, 'd')),
      ]
      // After: a 1, c 2, d 5 of 8 (12.5%, 25%, 62.5%).
      const after = [
        cat(1, 'a'),
        cat(12, 'c'),
        cat(13, 'c'),
        ...[5, 6, 7, 8, 9].map((l) => cat(l, 'd')),
      ]
      const report = buildSuiteReport(
        run({ verdicts: after, summary: summary({ samples: 8 }) }),
        options({
          baseline: {
            file: 'reports/last.json',
            suite: sampleSuite({ verdicts: before }),
          },
        }),
      )
      expect(report.traffic).toEqual([
        { category: 'b', before: 0.25, after: 0, change: -0.25 },
        { category: 'c', before: 0, after: 0.25, change: 0.25 },
        { category: 'a', before: 0.25, after: 0.125, change: -0.125 },
        { category: 'd', before: 0.5, after: 0.625, change: 0.125 },
      ])
      expect(report.baseline).toEqual({ kind: 'report', file: 'reports/last.json' })
    })

    it('has no traffic shift against the recorded decisions', () => {
      const report = buildSuiteReport(run(), options())
      expect(report.traffic).toBeNull()
      expect(report.baselineMatch).toBeNull()
      expect(report.baseline).toEqual({ kind: 'recorded', file: null })
    })

    it('lists regressions with the json-diff of the two details', () => {
      const now = verdict({
        line: 1,
        category: 'violence',
        label: false,
        baseline: 'allow',
        decision: 'block',
        detail: { score: 0.81, categories: { violence: 0.1 } },
      })
      const kept = verdict({
        line: 2,
        category: 'violence',
        label: false,
        baseline: 'allow',
        decision: 'allow',
      })
      const earlier = [
        {
          ...now,
          decision: 'allow' as const,
          detail: { score: 0.12, categories: { violence: 0.1 } },
        },
        { ...kept, id: 's-9999', textHash: 'ffffffffffffffff' },
      ]
      const report = buildSuiteReport(
        run({ verdicts: [now, kept], summary: summary({ samples: 2 }) }),
        options({
          baseline: { file: 'last.json', suite: sampleSuite({ verdicts: earlier }) },
        }),
      )
      expect(report.regressed).toEqual([
        {
          file: DATASET,
          line: 1,
          id: 's-0001',
          category: 'violence',
          text: 'Synthetic violence prompt number 1',
          label: false,
          baseline: 'allow',
          decision: 'block',
          detailDiff: ' {\n-  score: 0.12\n+  score: 0.81\n }',
        },
      ])
      expect(report.baselineMatch?.matched).toBe(1)
      expect(report.baselineMatch?.onlyInRun.map((r) => [r.line, r.id])).toEqual([
        [2, 's-0002'],
      ])
      expect(report.baselineMatch?.onlyInBaseline).toEqual([
        { id: 's-9999', textHash: 'ffffffffffffffff', category: 'violence' },
      ])
    })
  })

  describe('sampleRef', () => {
    const base = verdict({
      line: 3,
      category: 'c',
      label: false,
      baseline: 'allow',
      decision: 'block',
    })

    it.each([
      { what: 'no details', baselineDetail: null, detail: null, diff: null },
      {
        what: 'only the candidate’s detail',
        baselineDetail: null,
        detail: { score: 0.9 },
        diff: null,
      },
      {
        what: 'equal details',
        baselineDetail: { score: 0.5 },
        detail: { score: 0.5 },
        diff: null,
      },
      {
        what: 'a new category score',
        baselineDetail: { categories: { a: 0.1 } },
        detail: { categories: { a: 0.1, b: 0.7 } },
        diff: ' {\n   categories: {\n+    b: 0.7\n   }\n }',
      },
    ])('has detailDiff $diff for $what', ({ baselineDetail, detail, diff }) => {
      expect(sampleRef({ ...base, baselineDetail, detail }).detailDiff).toBe(diff)
    })
  })

  describe('edge cases', () => {
    it('selects disagreements of baseline and candidate and feedback conflicts', () => {
      // Lines 2, 3, 4 and 8 flip; line 9's feedback contradicts its label; line 12
      // is an error (no decision to disagree with).
      expect(edgeCases(sampleVerdicts()).map((v) => v.line)).toEqual([2, 3, 4, 8, 9])
    })

    it('counts them in the report with the file they go to', () => {
      const report = buildSuiteReport(
        run(),
        options({ edgeCasesFile: 'reports/abgate/production_ab.edge-cases.jsonl' }),
      )
      expect(report.edgeCases).toEqual({
        file: 'reports/abgate/production_ab.edge-cases.jsonl',
        samples: 5,
      })
    })
  })
})
