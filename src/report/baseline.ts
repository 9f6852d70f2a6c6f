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
  const pairs = pair(verdicts, earlier)

  const match: BaselineMatch = { matched: 0, onlyInRun: [], onlyInBaseline: [] }
  const rebased = verdicts.map((verdict, index) => {
    const found = pairs[index]
    if (found === undefined) {
      const alone = withBaseline(verdict, null, null)
      match.onlyInRun.push(alone)
      return alone
    }
    match.matched += 1
    return withBaseline(verdict, found.decision, found.detail)
  })
  const used = new Set(pairs)
  match.onlyInBaseline = earlier.filter((v) => !used.has(v))
  return { verdicts: rebased, match }
}

/**
 * The baseline verdict paired with each verdict of this run, by index.
 * Every id is paired before any text, so that a match by text never takes
 * the baseline verdict that a later sample has by id. Texts that occur
 * several times pair in order, each baseline verdict once.
 */
function pair(
  verdicts: readonly Verdict[],
  earlier: readonly Verdict[],
): (Verdict | undefined)[] {
  const byId = new Map<string, Verdict>()
  for (const v of earlier) if (v.id !== null) byId.set(v.id, v)

  const used = new Set<Verdict>()
  const pairs = verdicts.map((verdict) => {
    const found = verdict.id === null ? undefined : byId.get(verdict.id)
    if (found === undefined || used.has(found)) return undefined
    used.add(found)
    return found
  })

  const byText = new Map<string, Verdict[]>()
  for (const v of earlier) {
    if (used.has(v)) continue
    const queue = byText.get(v.textHash)
    if (queue === undefined) byText.set(v.textHash, [v])
    else queue.push(v)
  }
  return verdicts.map(
    (verdict, index) => pairs[index] ?? byText.get(verdict.textHash)?.shift(),
  )
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
      { cause: error },
    )
  }
  const parsed = reportSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    const where = issue ? `${fieldName(issue.path)}: ${issue.message}` : 'unknown shape'
    throw new BaselineReportError(
      'baseline_invalid',
      `the baseline report ${name} is not an abgate report of version 1 (${where}). ` +
        'Give the report.json that an earlier abgate run wrote.',
    )
  }
  return parsed.data
}

/** How a message names the field at `path`; the empty path is the whole file. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.length === 0 ? 'the top level' : `field "${path.map(String).join('.')}"`
}
