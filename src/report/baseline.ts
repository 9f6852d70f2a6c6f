import { readFile } from 'node:fs/promises'
import { AbgateUserError } from '../errors.ts'
import { changeOf, outcomeOf } from '../metrics/outcome.ts'
import type { Verdict } from '../verdict.ts'
import { reportSchema, type Report, type SuiteReport } from './schema.ts'

/** The baseline report cannot be used: missing, not JSON, or not an abgate report. */
export class BaselineReportError extends AbgateUserError {}

/** How the samples of this run and of the baseline run were paired. */
export interface BaselineMatch {
  matched: number
  /** Samples of this run that the baseline run does not have. */
  onlyInRun: Verdict[]
  /** Samples of the baseline run that this run does not have. */
  onlyInBaseline: Verdict[]
}

/**
 * Replaces the recorded baseline of each verdict with the candidate's
 * decision in an earlier run's report, matched by id, else by text hash.
 * Outcomes and changes are computed again against this run's labels.
 */
export function rebase(
  verdicts: readonly Verdict[],
  baseline: SuiteReport | null,
): { verdicts: Verdict[]; match: BaselineMatch } {
  const earlier = baseline?.verdicts ?? []
  const byId = new Map<string, Verdict>()
  const byText = new Map<string, Verdict>()
  for (const v of earlier) {
    if (v.id !== null) byId.set(v.id, v)
    if (!byText.has(v.textHash)) byText.set(v.textHash, v)
  }

  const used = new Set<Verdict>()
  const match: BaselineMatch = { matched: 0, onlyInRun: [], onlyInBaseline: [] }
  const rebased = verdicts.map((verdict) => {
    const found =
      (verdict.id !== null ? byId.get(verdict.id) : undefined) ??
      byText.get(verdict.textHash)
    if (found === undefined || used.has(found)) {
      match.onlyInRun.push(verdict)
      return withBaseline(verdict, null, null)
    }
    used.add(found)
    match.matched += 1
    return withBaseline(verdict, found.decision, found.detail)
  })
  match.onlyInBaseline = earlier.filter((v) => !used.has(v))
  return { verdicts: rebased, match }
}

function withBaseline(
  verdict: Verdict,
  baseline: Verdict['baseline'],
  detail: Verdict['baselineDetail'],
): Verdict {
  const baselineOutcome = baseline === null ? null : outcomeOf(verdict.label, baseline)
  const change =
    baselineOutcome === null || verdict.outcome === null
      ? null
      : changeOf(baselineOutcome, verdict.outcome)
  return { ...verdict, baseline, baselineDetail: detail, baselineOutcome, change }
}

/**
 * Reads and checks an earlier run's JSON report.
 * @param name how messages name the file (as the user gave it)
 */
export async function readBaselineReport(file: string, name = file): Promise<Report> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new BaselineReportError(
      'baseline_unreadable',
      `cannot read the baseline report ${name}: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    )
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw new BaselineReportError(
      'baseline_invalid',
      `the baseline report ${name} is not JSON (${error instanceof Error ? error.message : String(error)}). ` +
        'Give the report.json that an earlier abgate run wrote.',
    )
  }
  const parsed = reportSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue
      ? `field "${issue.path.join('.')}": ${issue.message}`
      : 'unknown shape'
    throw new BaselineReportError(
      'baseline_invalid',
      `the baseline report ${name} is not an abgate report of version 1 (${where}). ` +
        'Give the report.json that an earlier abgate run wrote.',
    )
  }
  return parsed.data
}
