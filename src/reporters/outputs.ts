import { appendFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { Report } from '../report/schema.ts'
import { writeFileAtomic, writeJsonlAtomic } from './files.ts'
import { renderJunit } from './junit.ts'
import { renderMarkdown } from './markdown.ts'

/** Where one suite's part of the report goes; null parts are not written. */
export interface OutputTarget {
  suite: string
  json: string | null
  markdown: string | null
  junit: string | null
  edgeCases: { path: string; samples: () => Promise<unknown[]> } | null
}

/**
 * Writes the JSON report, the Markdown summary and the JUnit file (each
 * holding every suite that names the same path), the edge-case files, and
 * appends the summary to `$GITHUB_STEP_SUMMARY` when it is set. Returns the
 * files written, relative to the working directory.
 */
export async function writeOutputs(
  report: Report,
  targets: readonly OutputTarget[],
  junit: { hostname: string; timestamp: Date },
): Promise<string[]> {
  const written: string[] = []
  const each = async (
    pick: (target: OutputTarget) => string | null,
    render: (part: Report) => string,
  ): Promise<void> => {
    for (const [path, suites] of byPath(targets, pick)) {
      await writeFileAtomic(path, render(subReport(report, suites)))
      written.push(path)
    }
  }
  await each(
    (t) => t.json,
    (part) => `${JSON.stringify(part, null, 2)}\n`,
  )
  await each((t) => t.markdown, renderMarkdown)
  await each(
    (t) => t.junit,
    (part) => renderJunit(part, junit),
  )
  for (const target of targets) {
    if (target.edgeCases === null) continue
    await writeJsonlAtomic(target.edgeCases.path, await target.edgeCases.samples())
    written.push(target.edgeCases.path)
  }

  const summary = process.env.GITHUB_STEP_SUMMARY
  if (summary !== undefined && summary !== '') {
    await appendFile(summary, renderMarkdown(report))
    written.push(summary)
  }
  return written.map((path) => relative(process.cwd(), path))
}

function byPath(
  targets: readonly OutputTarget[],
  pick: (target: OutputTarget) => string | null,
): Map<string, Set<string>> {
  const paths = new Map<string, Set<string>>()
  for (const target of targets) {
    const path = pick(target)
    if (path === null) continue
    const suites = paths.get(path) ?? new Set<string>()
    suites.add(target.suite)
    paths.set(path, suites)
  }
  return paths
}

/** The report restricted to some suites, with the gate's verdict over those alone. */
function subReport(report: Report, names: ReadonlySet<string>): Report {
  const suites = report.suites.filter((suite) => names.has(suite.suite))
  if (suites.length === report.suites.length) return report
  const evaluated = suites.every((s) => s.gate.evaluated)
  return {
    ...report,
    suites,
    gate: { evaluated, passed: evaluated && suites.every((s) => s.gate.passed) },
  }
}
