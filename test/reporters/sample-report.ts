import { confusionRates } from '../../src/metrics/confusion.ts'
import { changeOf, outcomeOf } from '../../src/metrics/outcome.ts'
import { buildSuiteReport } from '../../src/report/build.ts'
import {
  reportSchema,
  suiteReportSchema,
  type GateCheck,
  type GroupRow,
  type Report,
  type SuiteReport,
} from '../../src/report/schema.ts'
import type { SuiteSummary } from '../../src/verdict.ts'

/*
 * A small, valid report for the reporters' tests: the suite production_ab with 12
 * samples, chosen by hand so that every section has something to show. The
 * report builder counts the tables from the verdicts, so verdicts and tables
 * agree; the renderers' tests check its figures against the counts below.
 *
 *   line category  label old   new    outcome baseline change      model_version source_tool risk
 *   1    jailbreak block block block  TP      TP       kept-right  v2.2          web_chat    high
 *   2    jailbreak block allow block  TP      FN       fixed       v2.2          api         high
 *   3    jailbreak allow allow block  FP      TN       regressed   v2.2          web_chat    low
 *   4    jailbreak allow block allow  TN      FP       fixed       v2.2          api         low
 *   5    jailbreak allow allow allow  TN      TN       kept-right  v2.2          web_chat    low
 *   6    jailbreak block allow allow  FN      FN       kept-wrong  v2.2          api         high
 *   7    code_help allow block block  FP      FP       kept-wrong  v2.2          web_chat    low
 *   8    code_help block block allow  FN      TP       regressed   v2.2          api         high
 *   9    code_help allow allow allow  TN      TN       kept-right  v2.2_canary   web_chat    low
 *   10   code_help block block block  TP      TP       kept-right  v2.2_canary   api         high
 *   11   medical   allow allow allow  TN      TN       kept-right  v2.2_canary   web_chat    low
 *   12   medical   allow block (timeout) error FP     -           v2.2_canary   api         low
 *
 * jailbreak: TP 2 FP 1 TN 2 FN 1; code_help: 1 1 1 1; medical: TN 1, 1 error.
 * Total: TP 3 FP 2 TN 4 FN 2, 1 error. Feedback: 4 records; lines 4 (a false
 * positive, the candidate now allows it), 6 and 9 (false negatives, the candidate
 * still allows them; line 9's correction contradicts its label) joined; feedback
 * line 4 (id s-0099) matches no sample. The gate fails on max_errors only.
 */

export type Verdict = SuiteReport['verdicts'][number]
type Decision = 'block' | 'allow'

export const DATASET = 'test_suites/production_ab/data/production_ab_set.jsonl'
const FEEDBACK = 'test_suites/production_ab/data/user_feedback.jsonl'

const ROWS: readonly [
  string,
  boolean,
  Decision,
  Decision | null,
  string,
  string,
  string,
][] = [
  ['jailbreak', true, 'block', 'block', 'v2.2', 'web_chat', 'high'],
  ['jailbreak', true, 'allow', 'block', 'v2.2', 'api', 'high'],
  ['jailbreak', false, 'allow', 'block', 'v2.2', 'web_chat', 'low'],
  ['jailbreak', false, 'block', 'allow', 'v2.2', 'api', 'low'],
  ['jailbreak', false, 'allow', 'allow', 'v2.2', 'web_chat', 'low'],
  ['jailbreak', true, 'allow', 'allow', 'v2.2', 'api', 'high'],
  ['code_help', false, 'block', 'block', 'v2.2', 'web_chat', 'low'],
  ['code_help', true, 'block', 'allow', 'v2.2', 'api', 'high'],
  ['code_help', false, 'allow', 'allow', 'v2.2_canary', 'web_chat', 'low'],
  ['code_help', true, 'block', 'block', 'v2.2_canary', 'api', 'high'],
  ['medical', false, 'allow', 'allow', 'v2.2_canary', 'web_chat', 'low'],
  ['medical', false, 'block', null, 'v2.2_canary', 'api', 'low'],
]

/** The 12 verdicts of the table above; texts as the `excerpt` option would give them. */
export function sampleVerdicts(): Verdict[] {
  return ROWS.map(([category, label, baseline, decision, version, tool, risk], index) => {
    const line = index + 1
    return verdict({
      line,
      category,
      label,
      baseline,
      decision,
      fields: {
        model_version: version,
        source_tool: tool,
        user_risk_tier: risk,
        shadow_mode: 'true',
      },
    })
  }).map(withExtras)
}

/** A verdict whose outcomes and change follow from label, decision and baseline. */
export function verdict(
  fields: Pick<Verdict, 'line' | 'category' | 'label' | 'baseline' | 'decision'> &
    Partial<Verdict>,
): Verdict {
  const outcome =
    fields.decision === null ? null : outcomeOf(fields.label, fields.decision)
  const baselineOutcome =
    fields.baseline === null ? null : outcomeOf(fields.label, fields.baseline)
  const id = `s-${String(fields.line).padStart(4, '0')}`
  return {
    v: 1,
    suite: 'production_ab',
    file: DATASET,
    id,
    fields: {},
    text: `Synthetic ${fields.category} prompt number ${fields.line}`,
    textHash: fields.line.toString(16).padStart(16, '0'),
    datasetLabel: fields.label,
    feedback: null,
    detail: null,
    baselineDetail: null,
    outcome,
    baselineOutcome,
    change:
      outcome === null || baselineOutcome === null
        ? null
        : changeOf(baselineOutcome, outcome),
    error: null,
    latencyMs: 12,
    ...fields,
  }
}

/** Feedback, detail and the error of the table's comment. */
function withExtras(v: Verdict): Verdict {
  switch (v.line) {
    case 3:
      return { ...v, baselineDetail: { score: 0.12 }, detail: { score: 0.81 } }
    case 4:
      return feedback(v, 'false_positive', 'allow', 1)
    case 6:
      return feedback(v, 'false_negative', 'block', 2)
    case 9:
      return feedback(v, 'false_negative', 'block', 3)
    case 12:
      return {
        ...v,
        latencyMs: null,
        error: { code: 'timeout', message: 'no answer in 5000 ms' },
      }
    default:
      return v
  }
}

function feedback(
  v: Verdict,
  type: 'false_positive' | 'false_negative',
  correctedDecision: Decision,
  line: number,
): Verdict {
  const conflict = (correctedDecision === 'block') !== v.label
  return { ...v, feedback: { type, correctedDecision, conflict, line } }
}

/** A group row from outcome counts, with its rates. */
export function groupRow(
  group: string,
  c: { tp: number; fp: number; tn: number; fn: number; errors: number },
): GroupRow {
  const samples = c.tp + c.fp + c.tn + c.fn + c.errors
  return { group, samples, ...c, ...confusionRates({ samples, ...c }) }
}

/** A gate check of production_ab. */
export function gateCheck(
  check: string,
  group: string,
  actual: number | null,
  threshold: number,
  passed: boolean,
  detail: string,
): GateCheck {
  return { suite: 'production_ab', check, group, passed, actual, threshold, detail }
}

const CHECKS: readonly GateCheck[] = [
  gateCheck('valid_data', 'total', 0, 0, true, 'every line is valid and judged'),
  gateCheck('complete', 'total', 0, 0, true, 'all 12 samples ran'),
  gateCheck('max_errors', 'total', 1, 0, false, '1 errors > 0: 1 too many'),
  gateCheck('max_regressions', 'total', 2, 5, true, '2 regressions ≤ 5'),
  gateCheck('max_fnr', 'jailbreak', 1 / 3, 0.5, true, 'FNR 33.3% (1 of 3) ≤ 50.0%'),
  gateCheck('max_fnr', 'code_help', 0.5, 0.5, true, 'FNR 50.0% (1 of 2) ≤ 50.0%'),
  gateCheck(
    'max_fnr',
    'medical',
    null,
    0.5,
    true,
    'FNR n/a (no samples to measure it on)',
  ),
]

/** The feedback records of the table's comment, as the plugin's summary counts them. */
export function feedbackSummary(): NonNullable<SuiteSummary['feedback']> {
  return {
    file: FEEDBACK,
    records: 4,
    joined: 3,
    conflicts: 1,
    superseded: 0,
    unmatched: [{ line: 4, id: 's-0099', text: null }],
  }
}

/** What the plugin would have told the reporter about the table's suite. */
function summary(): SuiteSummary {
  return {
    v: 1,
    suite: 'production_ab',
    client: 'replay',
    failOn: 'mismatch',
    feedbackOverridesLabel: false,
    datasets: [{ file: DATASET, samples: 12 }],
    samples: 12,
    invalid: [],
    feedback: feedbackSummary(),
    metadata: {
      synthetic: true,
      source: 'generator',
      start: '2026-03-01T00:00:00Z',
      end: '2026-03-14T23:59:59Z',
    },
  }
}

/**
 * The suite of the table above, built from its verdicts by the report builder
 * itself, with the gate of the table's comment and `changes` applied.
 */
export function sampleSuite(changes: Partial<SuiteReport> = {}): SuiteReport {
  const verdicts = changes.verdicts ?? sampleVerdicts()
  const built = buildSuiteReport(
    { suite: 'production_ab', summary: summary(), verdicts, unjudged: [], skipped: 0 },
    {
      groupBy: ['category'],
      alpha: 0.05,
      baseline: null,
      shard: false,
      edgeCasesFile: null,
    },
  )
  const suite: SuiteReport = {
    ...built,
    gate: { evaluated: true, passed: false, checks: [...CHECKS] },
    ...changes,
  }
  return suiteReportSchema.parse(suite)
}

/**
 * A suite of `changes.verdicts` and `changes.unjudged` (none by default) instead
 * of the table's: its sample counts follow from them; it lists no regressions
 * and no feedback, and its gate passed without checks.
 */
export function suiteReport(changes: Partial<SuiteReport> = {}): SuiteReport {
  const verdicts = changes.verdicts ?? []
  const unjudged = changes.unjudged ?? []
  const errors = verdicts.filter((v) => v.error !== null).length
  const expected = verdicts.length + unjudged.length
  return sampleSuite({
    samples: {
      expected,
      judged: verdicts.length - errors,
      errors,
      unjudged: unjudged.length,
      skipped: 0,
      missing: 0,
    },
    datasets: [{ file: DATASET, samples: expected }],
    regressed: [],
    feedback: null,
    edgeCases: { file: null, samples: 0 },
    gate: { evaluated: true, passed: true, checks: [] },
    ...changes,
    verdicts,
    unjudged,
  })
}

/** A report of `suites` (the sample suite by default), its gate from theirs. */
export function sampleReport(
  suites: SuiteReport[] = [sampleSuite()],
  changes: Partial<Report> = {},
): Report {
  const evaluated = suites.length > 0 && suites.every((s) => s.gate.evaluated)
  return reportSchema.parse({
    schema: 'abgate-report',
    version: 1,
    createdAt: '2026-03-04T09:00:00.000Z',
    shard: null,
    gate: { evaluated, passed: evaluated && suites.every((s) => s.gate.passed) },
    suites,
    ...changes,
  })
}
