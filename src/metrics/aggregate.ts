import type { Verdict } from '../verdict.ts'
import { addOutcome, emptyConfusion, type ConfusionCounts } from './confusion.ts'
import { mcnemarExact } from './mcnemar.ts'
import { changeOf } from './outcome.ts'

/** How the candidate's outcomes compare with the baseline's, against the labels. */
interface ChangeCounts {
  keptRight: number
  fixed: number
  regressed: number
  keptWrong: number
  /** Samples with both a candidate and a baseline outcome: the sum of the four. */
  compared: number
}

/** Baseline decision → candidate decision, whatever the label; only where both exist. */
interface FlipCounts {
  allowToBlock: number
  blockToAllow: number
  sameBlock: number
  sameAllow: number
}

/** Everything the reports show for one group of samples. */
export interface GroupStats {
  group: string
  /** The candidate's outcomes; samples without a candidate decision are errors. */
  confusion: ConfusionCounts
  /** The baseline's outcomes; a sample without a baseline decision is an error here. */
  baseline: ConfusionCounts
  changes: ChangeCounts
  flips: FlipCounts
  /** Exact McNemar p-value of fixed against regressed; null when nothing was compared. */
  mcnemarP: number | null
}

/** Verdicts grouped by one field, with the total over all of them. */
export interface Aggregate {
  /** The field grouped by: `category` or a metadata field. */
  by: string
  /** Largest group first; equal sizes in code-unit order of their names. */
  groups: GroupStats[]
  /** All samples, named `total`. */
  total: GroupStats
}

/** The group of a sample that does not have the field grouped by. */
const NO_VALUE = '(none)'

/**
 * The group of `verdict` by the field `by`: its category for `category`, else its
 * metadata field of that name, or `(none)` when the sample does not have it.
 */
export function groupValue(verdict: Verdict, by: string): string {
  if (by === 'category') return verdict.category
  return Object.hasOwn(verdict.fields, by) ? (verdict.fields[by] ?? NO_VALUE) : NO_VALUE
}

/**
 * Counts `verdicts` by the group of each (see {@link groupValue}) and in total, in one
 * pass. The sum of the groups' counts is the total's.
 *
 * @example aggregate(verdicts, 'model_version').groups.map((g) => g.group)
 */
export function aggregate(verdicts: Iterable<Verdict>, by: string): Aggregate {
  const total = emptyGroupStats('total')
  const byGroup = new Map<string, GroupStats>()
  for (const verdict of verdicts) {
    const name = groupValue(verdict, by)
    let stats = byGroup.get(name)
    if (stats === undefined) {
      stats = emptyGroupStats(name)
      byGroup.set(name, stats)
    }
    addVerdict(stats, verdict)
    addVerdict(total, verdict)
  }

  const groups = [...byGroup.values()].sort(bySizeThenName)
  for (const stats of [...groups, total]) stats.mcnemarP = mcnemarOf(stats.changes)
  return { by, groups, total }
}

function emptyGroupStats(group: string): GroupStats {
  return {
    group,
    confusion: emptyConfusion(),
    baseline: emptyConfusion(),
    changes: { keptRight: 0, fixed: 0, regressed: 0, keptWrong: 0, compared: 0 },
    flips: { allowToBlock: 0, blockToAllow: 0, sameBlock: 0, sameAllow: 0 },
    mcnemarP: null,
  }
}

const CHANGE_KEYS = {
  'kept-right': 'keptRight',
  fixed: 'fixed',
  regressed: 'regressed',
  'kept-wrong': 'keptWrong',
} as const

function addVerdict(stats: GroupStats, verdict: Verdict): void {
  addOutcome(stats.confusion, verdict.outcome)
  addOutcome(stats.baseline, verdict.baselineOutcome)

  // Derived from the two outcomes rather than read from `verdict.change`, so that the
  // change counts always agree with the two confusion tables.
  if (verdict.outcome !== null && verdict.baselineOutcome !== null) {
    stats.changes[CHANGE_KEYS[changeOf(verdict.baselineOutcome, verdict.outcome)]]++
    stats.changes.compared++
  }

  const { baseline, decision } = verdict
  if (baseline === null || decision === null) return
  if (baseline === decision) {
    stats.flips[decision === 'block' ? 'sameBlock' : 'sameAllow']++
  } else {
    stats.flips[decision === 'block' ? 'allowToBlock' : 'blockToAllow']++
  }
}

function mcnemarOf(changes: ChangeCounts): number | null {
  return changes.compared > 0 ? mcnemarExact(changes.fixed, changes.regressed) : null
}

function bySizeThenName(a: GroupStats, b: GroupStats): number {
  const bySize = b.confusion.samples - a.confusion.samples
  if (bySize !== 0) return bySize
  return a.group < b.group ? -1 : a.group > b.group ? 1 : 0
}
