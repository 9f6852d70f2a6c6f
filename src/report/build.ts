import { diffString } from 'json-diff'
import { aggregate, type Aggregate, type GroupStats } from '../metrics/aggregate.ts'
import { confusionRates } from '../metrics/confusion.ts'
import { rate } from '../metrics/rate.ts'
import { Z_95 } from '../metrics/wilson.ts'
import type { SuiteSummary, Verdict } from '../verdict.ts'
import { rebase, type BaselineMatch } from './baseline.ts'
import type {
  BehaviorRow,
  ComparisonRow,
  GroupRow,
  SampleRef,
  SuiteReport,
} from './schema.ts'

/** What one suite's part of a run produced, read from Vitest's test meta alone. */
export interface SuiteRun {
  suite: string
  /** From the first test file of the suite that ran; null when none did. */
  summary: SuiteSummary | null
  verdicts: Verdict[]
  /** Sample tests that failed without a verdict (invalid lines, a client that could not start). */
  unjudged: { file: string; name: string; message: string }[]
  /** Sample tests that were skipped or filtered out. */
  skipped: number
}

export interface BuildOptions {
  groupBy: readonly string[]
  alpha: number
  /** The earlier run this one is compared with, instead of the recorded old decisions. */
  baseline: { file: string; suite: SuiteReport | null } | null
  /** Only part of the run is here (one shard). */
  shard: boolean
  edgeCasesFile: string | null
}

/** Deployments with fewer samples than this are called out. */
export const SMALL_DEPLOYMENT = 200
const BEHAVIOR_FIELDS = ['source_tool', 'user_risk_tier']

/** Computes every figure of one suite's report from its verdicts. The gate is added later. */
export function buildSuiteReport(run: SuiteRun, options: BuildOptions): SuiteReport {
  const summary = run.summary
  const rebased = options.baseline ? rebase(run.verdicts, options.baseline.suite) : null
  const verdicts = rebased ? rebased.verdicts : run.verdicts
  const expected = summary?.samples ?? verdicts.length
  const accounted = verdicts.length + run.unjudged.length + run.skipped
  const partial = options.shard || run.skipped > 0
  const byCategory = aggregate(verdicts, 'category')

  return {
    suite: run.suite,
    client: summary?.client ?? 'unknown',
    baseline: options.baseline
      ? { kind: 'report', file: options.baseline.file }
      : { kind: 'recorded', file: null },
    failOn: summary?.failOn ?? 'mismatch',
    partial,
    samples: {
      expected,
      judged: verdicts.length,
      errors: verdicts.filter((v) => v.error !== null).length,
      unjudged: run.unjudged.length,
      skipped: run.skipped,
      missing: options.shard ? 0 : Math.max(0, expected - accounted),
    },
    datasets: summary?.datasets ?? [],
    synthetic: summary?.metadata?.synthetic ?? null,
    groups: unique(['category', ...options.groupBy]).map((by) =>
      groupTable(by === 'category' ? byCategory : aggregate(verdicts, by)),
    ),
    comparison: comparisonTable(byCategory, options.alpha),
    alpha: options.alpha,
    regressed: verdicts.filter((v) => v.change === 'regressed').map(sampleRef),
    feedback: feedbackSection(summary, verdicts),
    sampleSize: sampleSizes(verdicts),
    behavior: BEHAVIOR_FIELDS.map((by) => ({
      by,
      rows: behaviorRows(aggregate(verdicts, by)),
    })),
    traffic: options.baseline?.suite
      ? trafficShift(verdicts, options.baseline.suite)
      : null,
    baselineMatch: rebased ? matchSection(rebased.match) : null,
    edgeCases: { file: options.edgeCasesFile, samples: edgeCases(verdicts).length },
    invalid: summary?.invalid ?? [],
    unjudged: run.unjudged,
    gate: { evaluated: false, passed: false, checks: [] },
    verdicts,
  }
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)]
}

function groupRow(stats: GroupStats): GroupRow {
  const c = stats.confusion
  const rates = confusionRates(c)
  return {
    group: stats.group,
    samples: c.samples,
    tp: c.tp,
    fp: c.fp,
    tn: c.tn,
    fn: c.fn,
    errors: c.errors,
    fpr: rates.fpr,
    fnr: rates.fnr,
    precision: rates.precision,
    recall: rates.recall,
    f1: rates.f1,
    blockRate: rates.blockRate,
  }
}

function groupTable(result: Aggregate): SuiteReport['groups'][number] {
  return {
    by: result.by,
    rows: result.groups.map(groupRow),
    total: groupRow(result.total),
  }
}

function comparisonRow(stats: GroupStats, alpha: number): ComparisonRow {
  const { changes, flips } = stats
  return {
    group: stats.group,
    keptRight: changes.keptRight,
    fixed: changes.fixed,
    regressed: changes.regressed,
    keptWrong: changes.keptWrong,
    compared: changes.compared,
    fpBefore: stats.baseline.fp,
    fpAfter: stats.confusion.fp,
    fnBefore: stats.baseline.fn,
    fnAfter: stats.confusion.fn,
    mcnemarP: stats.mcnemarP,
    significant: stats.mcnemarP !== null && stats.mcnemarP < alpha,
    allowToBlock: flips.allowToBlock,
    blockToAllow: flips.blockToAllow,
  }
}

function comparisonTable(result: Aggregate, alpha: number): SuiteReport['comparison'] {
  return {
    by: result.by,
    rows: result.groups.map((g) => comparisonRow(g, alpha)),
    total: comparisonRow(result.total, alpha),
  }
}

/** A sample as reports list it, with the json-diff of baseline and candidate detail. */
export function sampleRef(verdict: Verdict): SampleRef {
  const diff =
    verdict.baselineDetail && verdict.detail
      ? diffString(verdict.baselineDetail, verdict.detail, { color: false }).trimEnd()
      : ''
  return {
    file: verdict.file,
    line: verdict.line,
    id: verdict.id,
    category: verdict.category,
    text: verdict.text,
    label: verdict.label,
    baseline: verdict.baseline,
    decision: verdict.decision,
    detailDiff: diff === '' ? null : diff,
  }
}

function feedbackSection(
  summary: SuiteSummary | null,
  verdicts: readonly Verdict[],
): SuiteReport['feedback'] {
  const feedback = summary?.feedback
  if (!summary || !feedback) return null
  const reported = { fp: 0, fpRight: 0, fn: 0, fnRight: 0 }
  for (const verdict of verdicts) {
    if (verdict.feedback === null) continue
    const right =
      verdict.decision !== null && verdict.decision === verdict.feedback.correctedDecision
    if (verdict.feedback.type === 'false_positive') {
      reported.fp += 1
      if (right) reported.fpRight += 1
    } else {
      reported.fn += 1
      if (right) reported.fnRight += 1
    }
  }
  return {
    ...feedback,
    reportedFalsePositives: { reported: reported.fp, candidateRight: reported.fpRight },
    reportedFalseNegatives: { reported: reported.fn, candidateRight: reported.fnRight },
    perThousand:
      verdicts.length === 0
        ? null
        : (1000 * (reported.fp + reported.fn)) / verdicts.length,
    labelWins: !summary.feedbackOverridesLabel,
  }
}

/**
 * Half-width of the 95% Wilson interval at an observed rate of 50%, the
 * widest it can be for `n` samples: how precise any rate of a group can be.
 */
export function worstHalfWidth(n: number): number | null {
  if (n === 0) return null
  const z2 = Z_95 * Z_95
  return (Z_95 * Math.sqrt(0.25 / n + z2 / (4 * n * n))) / (1 + z2 / n)
}

function sampleSizes(verdicts: readonly Verdict[]): SuiteReport['sampleSize'] {
  return aggregate(verdicts, 'model_version').groups.map((g) => ({
    modelVersion: g.group,
    samples: g.confusion.samples,
    halfWidth: worstHalfWidth(g.confusion.samples),
  }))
}

function behaviorRows(result: Aggregate): BehaviorRow[] {
  const row = (stats: GroupStats): BehaviorRow => {
    const f = stats.flips
    const both = f.allowToBlock + f.blockToAllow + f.sameBlock + f.sameAllow
    return {
      group: stats.group,
      samples: stats.confusion.samples,
      baselineBlockRate: rate(f.sameBlock + f.blockToAllow, both),
      candidateBlockRate: rate(f.sameBlock + f.allowToBlock, both),
    }
  }
  return [...result.groups.map(row), row(result.total)]
}

/** How each category's share of traffic moved from the baseline run to this one, largest first. */
function trafficShift(
  verdicts: readonly Verdict[],
  baseline: SuiteReport,
): SuiteReport['traffic'] {
  const share = (list: readonly { category: string }[]): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const v of list) counts.set(v.category, (counts.get(v.category) ?? 0) + 1)
    return new Map(
      [...counts].map(([k, n]) => [k, list.length === 0 ? 0 : n / list.length]),
    )
  }
  const after = share(verdicts)
  const before = share(baseline.verdicts)
  const categories = unique([...before.keys(), ...after.keys()]).sort()
  return categories
    .map((category) => {
      const b = before.get(category) ?? 0
      const a = after.get(category) ?? 0
      return { category, before: b, after: a, change: a - b }
    })
    .sort(
      (x, y) =>
        Math.abs(y.change) - Math.abs(x.change) || (x.category < y.category ? -1 : 1),
    )
}

function matchSection(match: BaselineMatch): SuiteReport['baselineMatch'] {
  return {
    matched: match.matched,
    onlyInRun: match.onlyInRun.map(sampleRef),
    onlyInBaseline: match.onlyInBaseline.map((v) => ({
      id: v.id,
      textHash: v.textHash,
      category: v.category,
    })),
  }
}

/**
 * Samples a person should look at: baseline and candidate disagree, or the
 * user's feedback contradicts the label.
 */
export function edgeCases(verdicts: readonly Verdict[]): Verdict[] {
  return verdicts.filter(
    (v) =>
      (v.baseline !== null && v.decision !== null && v.baseline !== v.decision) ||
      v.feedback?.conflict === true,
  )
}
