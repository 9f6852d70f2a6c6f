/**
 * The JUnit XML report: one <testsuite> per abgate suite, one <testcase> per
 * sample, per sample test that failed without a verdict, and per gate check.
 *
 * Why not Vitest's own `junit` reporter: its file fails both schemas that CI
 * servers check JUnit files against (../shared/schemas/). For the Jenkins
 * xunit schema (junit-10.xsd), `time` on <testsuites> and <testsuite> is
 * written in nanoseconds (`0.012397947`) where at most three decimals are
 * allowed. For the Ant schema (JUnit.xsd) much more is wrong: <testsuites>
 * carries attributes it does not declare (name, tests, failures, errors,
 * time); `timestamp` has milliseconds and a `Z`; `id` and `package` are
 * missing; the required <properties>, <system-out> and <system-err> of each
 * <testsuite> are missing; and a test's console output goes into a
 * <system-out> inside <testcase>, where only one of skipped, error or failure
 * is allowed. Beyond the schemas, its testcases are named after the test file
 * and know nothing of categories, decisions or the gate.
 *
 * What both schemas allow, and so what this writer does:
 * - The root is a <testsuites> without attributes: JUnit.xsd declares none on
 *   it, junit-10.xsd requires none. Each testsuite has its own totals; a
 *   consumer adds them up (Jenkins and junitparser do).
 * - Neither schema allows <properties> inside <testcase> (JUnit.xsd allows one
 *   of skipped, error or failure there and nothing else). A sample's
 *   properties therefore go to its testsuite's <system-out>, one JSON object
 *   per line with file and line to find the testcase (`#<line>` starts its
 *   name), and again into the body of its <failure> or <error>, where a
 *   person reading a failed test looks.
 * - A <testsuite> has, in this order, <properties>, its testcases,
 *   <system-out> and <system-err> (JUnit.xsd requires all but the testcases
 *   and fixes the order); the attributes name, tests, failures, errors,
 *   skipped, time, timestamp, hostname, id and package, and no others.
 * - A <testcase> has name, classname and time only (no `file`); <failure>
 *   and <error> always have a `type`; <skipped> has a `message` only.
 * - Times are seconds with at most three decimals; the timestamp is UTC,
 *   written without zone and milliseconds, as JUnit.xsd asks.
 */
import { failureOf } from '../report/failure.ts'
import type { GateCheck, Report, SuiteReport } from '../report/schema.ts'

export interface JunitOptions {
  /** Written on every testsuite; 'localhost' when empty. @example os.hostname() */
  hostname: string
  /** When the run happened, written in UTC. @example new Date(report.createdAt) */
  timestamp: Date
}

type Verdict = SuiteReport['verdicts'][number]

type Result =
  | { kind: 'failure' | 'error'; type: string; message: string; body: string }
  | { kind: 'skipped'; message: string }

interface Testcase {
  classname: string
  name: string
  seconds: string
  result: Result | null
}

/**
 * The report as JUnit XML that validates against the Jenkins xunit schema
 * (junit-10.xsd) and the Ant schema (JUnit.xsd). A sample's testcase fails
 * exactly when its Vitest test failed under the suite's `failOn` policy, and a
 * gate check's when the gate failed it, so a CI server that reads only this
 * file comes to the same verdict as the exit code. Pure: the same report and
 * options give the same string.
 *
 * @example
 * const options = { hostname: os.hostname(), timestamp: new Date(report.createdAt) }
 * await writeFile('reports/abgate/junit.xml', renderJunit(report, options))
 */
export function renderJunit(report: Report, options: JunitOptions): string {
  const timestamp = options.timestamp.toISOString().slice(0, 19)
  const hostname = options.hostname.trim() || 'localhost'
  const suites = report.suites.map((suite, index) =>
    renderSuite(suite, { id: index, timestamp, hostname, shard: report.shard }),
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<testsuites>',
    ...suites,
    '</testsuites>',
    '',
  ].join('\n')
}

interface SuitePlace {
  id: number
  timestamp: string
  hostname: string
  shard: Report['shard']
}

function renderSuite(suite: SuiteReport, place: SuitePlace): string {
  const cases = [
    ...suite.verdicts.map((verdict) => sampleCase(verdict, suite.failOn)),
    ...suite.unjudged.map(unjudgedCase),
    ...gateCases(suite, place.shard),
  ]
  const count = (kind: Result['kind']): number =>
    cases.filter((testcase) => testcase.result?.kind === kind).length
  // The report has no wall time; samples run concurrently, so this sum of their
  // times is more than the run took, but it is what the testcases add up to.
  const latencyMs = suite.verdicts.reduce((sum, v) => sum + (v.latencyMs ?? 0), 0)
  const name = suite.suite.trim() || 'abgate'

  const head = element('testsuite', {
    name,
    tests: cases.length,
    failures: count('failure'),
    errors: count('error'),
    skipped: count('skipped'),
    time: seconds(latencyMs),
    timestamp: place.timestamp,
    hostname: place.hostname,
    id: place.id,
    package: name,
  })
  return [
    `  ${head}>`,
    ...suiteProperties(suite),
    ...cases.map(renderCase),
    `    <system-out>${escapeText(suite.verdicts.map(sampleLine).join('\n'))}</system-out>`,
    '    <system-err></system-err>',
    '  </testsuite>',
  ].join('\n')
}

function suiteProperties(suite: SuiteReport): string[] {
  const { evaluated, passed } = suite.gate
  const gate = !evaluated ? 'not evaluated' : passed ? 'passed' : 'failed'
  const properties: [string, string | number | boolean][] = [
    ['client', suite.client],
    ['baseline', suite.baseline.kind],
    ...(suite.baseline.file === null
      ? []
      : [['baseline.file', suite.baseline.file] as [string, string]]),
    ['failOn', suite.failOn],
    ['samples.expected', suite.samples.expected],
    ['samples.judged', suite.samples.judged],
    ['samples.errors', suite.samples.errors],
    ['samples.unjudged', suite.samples.unjudged],
    ['samples.skipped', suite.samples.skipped],
    ['samples.missing', suite.samples.missing],
    ['partial', suite.partial],
    ['gate', gate],
  ]
  return [
    '    <properties>',
    ...properties.map(
      ([name, value]) => `      ${element('property', { name, value })}/>`,
    ),
    '    </properties>',
  ]
}

/**
 * A sample's testcase. The name starts like its Vitest test's (`#<line>
 * <category> · label <dataset label>`), so it stays the same when feedback
 * changes the label a run uses; the properties and the failure say which label
 * was used. The text is `verdict.text` as is: already reduced to what the
 * suite's `reportText` option lets a report carry.
 */
function sampleCase(verdict: Verdict, failOn: SuiteReport['failOn']): Testcase {
  const text = verdict.text === null ? '' : ` · "${verdict.text}"`
  const name = `#${verdict.line} ${verdict.category} · label ${decisionOf(verdict.datasetLabel)}${text}`
  // The rule the sample's own test applied, so that this file and the exit code agree.
  // It reads no `detail`, which the report's type declares slightly differently.
  const failure = failureOf(verdict, failOn)
  const { error } = verdict
  const result: Result | null =
    failure === null
      ? null
      : {
          kind: error === null ? 'failure' : 'error',
          type: failure.name,
          message: error === null ? failure.message : `${error.code}: ${error.message}`,
          body: `${failure.message}\n${propertyLines(verdict)}`,
        }
  return {
    classname: verdict.category,
    name,
    seconds: seconds(verdict.latencyMs ?? 0),
    result,
  }
}

/**
 * A sample test that failed without a verdict: an invalid line, a client that
 * did not start. Its name is the Vitest test's, which carries no more of the
 * prompt than the suite's `reportText` option allows.
 */
function unjudgedCase(test: SuiteReport['unjudged'][number]): Testcase {
  return {
    classname: 'abgate.unjudged',
    name: test.name,
    seconds: '0',
    result: {
      kind: 'error',
      type: 'Unjudged',
      message: test.message,
      body: `file: ${test.file}\n${test.message}`,
    },
  }
}

/**
 * One testcase per gate check, plus a skipped one when the gate was not
 * evaluated. A shard never gates, so checks of a gate that was not evaluated
 * are skipped rather than failed: the exit code does not count them either.
 */
function gateCases(suite: SuiteReport, shard: Report['shard']): Testcase[] {
  const { evaluated } = suite.gate
  const cases = suite.gate.checks.map((check) => gateCase(check, evaluated))
  if (evaluated) return cases
  const why =
    shard === null
      ? 'a partial run (filtered): the gate is evaluated on a whole run only'
      : `shard ${shard.index}/${shard.count}: the gate is evaluated on the merge of all shards`
  return [
    ...cases,
    {
      classname: 'abgate.gate',
      name: 'gate not evaluated',
      seconds: '0',
      result: { kind: 'skipped', message: why },
    },
  ]
}

function gateCase(check: GateCheck, evaluated: boolean): Testcase {
  const base = {
    classname: 'abgate.gate',
    name: `${check.check} ${check.group}`,
    seconds: '0',
  }
  if (check.passed) return { ...base, result: null }
  if (!evaluated)
    return {
      ...base,
      result: { kind: 'skipped', message: `gate not evaluated: ${check.detail}` },
    }
  const body = `actual: ${check.actual ?? 'n/a'}\nthreshold: ${check.threshold}\n${check.detail}`
  return {
    ...base,
    result: { kind: 'failure', type: 'GateCheckFailed', message: check.detail, body },
  }
}

function renderCase(testcase: Testcase): string {
  const head = `    ${element('testcase', {
    classname: testcase.classname,
    name: testcase.name,
    time: testcase.seconds,
  })}`
  const { result } = testcase
  if (result === null) return `${head}/>`
  const inner =
    result.kind === 'skipped'
      ? `${element('skipped', { message: result.message })}/>`
      : `${element(result.kind, { type: result.type, message: result.message })}>` +
        `${escapeText(result.body)}</${result.kind}>`
  return `${head}>\n      ${inner}\n    </testcase>`
}

/** The properties of a sample, in a fixed order, with null kept as null. */
function sampleProperties(verdict: Verdict): Record<string, string | number | null> {
  return {
    file: verdict.file,
    line: verdict.line,
    id: verdict.id,
    label: decisionOf(verdict.label),
    decision: verdict.decision,
    baseline: verdict.baseline,
    outcome: verdict.outcome,
    change: verdict.change,
    error: verdict.error?.code ?? null,
  }
}

/** One line of the testsuite's <system-out>: JSON, so a tool can read it back. */
function sampleLine(verdict: Verdict): string {
  return JSON.stringify(sampleProperties(verdict))
}

/** The body of a sample's failure or error: one `name: value` line per property. */
function propertyLines(verdict: Verdict): string {
  return Object.entries(sampleProperties(verdict))
    .map(([name, value]) => `${name}: ${value ?? '-'}`)
    .join('\n')
}

function decisionOf(blocked: boolean): 'block' | 'allow' {
  return blocked ? 'block' : 'allow'
}

/**
 * Milliseconds as seconds with at most three decimals, never an exponent or a
 * minus sign: the Jenkins schema's time pattern and JUnit.xsd's xs:decimal.
 */
function seconds(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0'
  return (ms / 1000).toFixed(3).replace(/\.?0+$/, '')
}

/** An element's start tag without its closing `>` or `/>`. */
function element(
  name: string,
  attributes: Record<string, string | number | boolean>,
): string {
  const written = Object.entries(attributes).map(
    ([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`,
  )
  return `<${name}${written.join('')}`
}

// Characters XML 1.0 cannot carry, not even escaped: C0 controls other than tab,
// newline and carriage return, U+FFFE, U+FFFF and unpaired surrogates.
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Replaces what XML cannot carry with U+FFFD, the replacement character. */
function xmlSafe(value: string): string {
  return value.replace(NOT_XML, '\uFFFD')
}

function escapeText(value: string): string {
  return xmlSafe(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;')
}

/** Tabs and line breaks as references: a parser would turn them into spaces otherwise. */
function escapeAttribute(value: string): string {
  return escapeText(value)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
}
