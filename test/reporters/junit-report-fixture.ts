import { rate } from '../../src/metrics/rate.ts'
import {
  reportSchema,
  type GateCheck,
  type GroupRow,
  type Report,
  type SuiteReport,
} from '../../src/report/schema.ts'

/**
 * Small, valid `Report` objects for the reporters' tests, built by hand and
 * checked against the report's zod schema. Figures that the JUnit writer does
 * not read (group tables, comparison) are zeros.
 */

type Verdict = SuiteReport['verdicts'][number]

const FILE = 'test_suites/production_ab/data/production_ab_set.jsonl'

/** A verdict whose outcome and change follow from label, decision and baseline. */
export function verdict(
  fields: Pick<Verdict, 'line' | 'category' | 'label' | 'decision' | 'baseline'> &
    Partial<Verdict>,
): Verdict {
  const outcome =
    fields.decision === null ? null : outcomeOf(fields.label, fields.decision)
  const baselineOutcome =
    fields.baseline === null ? null : outcomeOf(fields.label, fields.baseline)
  return {
    v: 1,
    suite: 'production_ab',
    file: FILE,
    id: `s${fields.line}`,
    fields: {},
    text: null,
    textHash: fields.line.toString(16).padStart(16, '0'),
    datasetLabel: fields.label,
    feedback: null,
    detail: null,
    baselineDetail: null,
    outcome,
    baselineOutcome,
    change: changeOf(baselineOutcome, outcome),
    error: null,
    latencyMs: 10,
    ...fields,
  }
}

function outcomeOf(label: boolean, decision: 'block' | 'allow'): Verdict['outcome'] {
  if (decision === 'block') return label ? 'TP' : 'FP'
  return label ? 'FN' : 'TN'
}

function changeOf(
  before: Verdict['outcome'],
  after: Verdict['outcome'],
): Verdict['change'] {
  if (before === null || after === null) return null
  const right = (outcome: string): boolean => outcome === 'TP' || outcome === 'TN'
  if (right(before) === right(after)) return right(after) ? 'kept-right' : 'kept-wrong'
  return right(after) ? 'fixed' : 'regressed'
}

export function gateCheck(
  fields: Pick<GateCheck, 'check' | 'group' | 'passed'> & Partial<GateCheck>,
): GateCheck {
  return {
    suite: 'production_ab',
    actual: 0,
    threshold: 0,
    detail: `${fields.check} ${fields.group}: ${fields.passed ? 'met' : 'missed'}`,
    ...fields,
  }
}

function emptyRow(group: string): GroupRow {
  const none = rate(0, 0)
  return {
    group,
    samples: 0,
    tp: 0,
    fp: 0,
    tn: 0,
    fn: 0,
    errors: 0,
    fpr: none,
    fnr: none,
    precision: none,
    recall: none,
    f1: null,
    blockRate: none,
  }
}

/** A suite report around the given verdicts; counts in `samples` follow from them. */
export function suiteReport(fields: Partial<SuiteReport> = {}): SuiteReport {
  const verdicts = fields.verdicts ?? []
  const unjudged = fields.unjudged ?? []
  const errors = verdicts.filter((v) => v.error !== null).length
  const comparisonTotal = {
    group: 'total',
    keptRight: 0,
    fixed: 0,
    regressed: 0,
    keptWrong: 0,
    compared: 0,
    fpBefore: 0,
    fpAfter: 0,
    fnBefore: 0,
    fnAfter: 0,
    mcnemarP: null,
    significant: false,
    allowToBlock: 0,
    blockToAllow: 0,
  }
  return {
    suite: 'production_ab',
    client: 'replay',
    baseline: { kind: 'recorded', file: null },
    failOn: 'mismatch',
    partial: false,
    samples: {
      expected: verdicts.length + unjudged.length,
      judged: verdicts.length - errors,
      errors,
      unjudged: unjudged.length,
      skipped: 0,
      missing: 0,
    },
    datasets: [{ file: FILE, samples: verdicts.length + unjudged.length }],
    synthetic: true,
    groups: [{ by: 'category', rows: [], total: emptyRow('total') }],
    comparison: { by: 'category', rows: [], total: comparisonTotal },
    alpha: 0.05,
    regressed: [],
    feedback: null,
    sampleSize: [],
    behavior: [],
    traffic: null,
    baselineMatch: null,
    edgeCases: { file: null, samples: 0 },
    invalid: [],
    unjudged,
    gate: { evaluated: true, passed: true, checks: [] },
    verdicts,
    ...fields,
  }
}

/** A report of the given suites, checked against the report schema. */
export function report(suites: SuiteReport[], shard: Report['shard'] = null): Report {
  const evaluated = suites.every((suite) => suite.gate.evaluated)
  return reportSchema.parse({
    schema: 'abgate-report',
    version: 1,
    createdAt: '2026-12-03T10:00:00.000Z',
    shard,
    gate: { evaluated, passed: suites.every((suite) => suite.gate.passed) },
    suites,
  })
}
