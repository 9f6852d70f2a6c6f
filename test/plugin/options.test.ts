import { describe, expect, it } from 'vitest'
import { AbgateUserError } from '../../src/errors.ts'
import { OptionsError, resolveOptions } from '../../src/plugin/options.ts'

/** The error resolveOptions raises for `input`; fails the test if it raises none. */
function optionsError(input: unknown): OptionsError {
  try {
    resolveOptions(input)
  } catch (error) {
    if (error instanceof OptionsError) return error
    throw error
  }
  throw new Error(`resolveOptions accepted ${JSON.stringify(input)}`)
}

const OPTIONS =
  'dir, name, datasets, feedback, metadata, feedbackOverridesLabel, client, failOn, ' +
  'invalidData, chunkSize, reportText, groupBy, alpha, gate, baseline, reports'

describe('resolveOptions: defaults', () => {
  it('applies every default to a folder alone', () => {
    expect(resolveOptions({ dir: 'test_suites/production_ab' })).toEqual({
      dir: 'test_suites/production_ab',
      name: 'production_ab',
      datasets: ['data/**/*.jsonl'],
      feedback: { path: 'data/user_feedback.jsonl', required: false },
      metadata: { path: 'data/metadata.json', required: false },
      feedbackOverridesLabel: false,
      client: { kind: 'replay' },
      failOn: 'none',
      invalidData: 'stop',
      chunkSize: 2000,
      reportText: 'excerpt',
      groupBy: ['category'],
      alpha: 0.05,
      gate: {},
      baseline: null,
      reports: {
        dir: 'reports/abgate',
        json: 'report.json',
        markdown: 'summary.md',
        junit: 'junit.xml',
        edgeCases: true,
      },
    })
  })

  it.each([
    {
      given: { dir: 'test_suites/production_ab' },
      dir: 'test_suites/production_ab',
      name: 'production_ab',
    },
    {
      given: { dir: './test_suites/canary/' },
      dir: 'test_suites/canary',
      name: 'canary',
    },
    { given: { dir: 'suites/a//' }, dir: 'suites/a', name: 'a' },
    { given: { dir: 'smoke' }, dir: 'smoke', name: 'smoke' },
    { given: { name: 'nightly' }, dir: 'test_suites/nightly', name: 'nightly' },
    { given: { dir: 'test_suites/x', name: 'y' }, dir: 'test_suites/x', name: 'y' },
  ])('takes dir $dir and name $name from $given', ({ given, dir, name }) => {
    const resolved = resolveOptions(given)
    expect([resolved.dir, resolved.name]).toEqual([dir, name])
  })

  it.each([
    { client: undefined, resolved: { kind: 'replay' } },
    { client: 'replay', resolved: { kind: 'replay' } },
    { client: { kind: 'replay' }, resolved: { kind: 'replay' } },
    {
      client: { kind: 'module', path: './client.ts' },
      resolved: { kind: 'module', path: './client.ts', options: {}, timeoutMs: 30_000 },
    },
    {
      client: {
        kind: 'module',
        path: './client.ts',
        options: { threshold: 0.5 },
        timeoutMs: 2500,
      },
      resolved: {
        kind: 'module',
        path: './client.ts',
        options: { threshold: 0.5 },
        timeoutMs: 2500,
      },
    },
  ])('resolves the client $client', ({ client, resolved }) => {
    expect(resolveOptions({ dir: 'd', client }).client).toEqual(resolved)
  })

  it('writes no reports for reports: false', () => {
    expect(resolveOptions({ dir: 'd', reports: false }).reports).toBeNull()
  })

  it('fills the reports that are not given, and leaves out those set to false', () => {
    const resolved = resolveOptions({
      dir: 'd',
      reports: { dir: 'out', json: false, junit: 'ci/junit.xml', edgeCases: false },
    })
    expect(resolved.reports).toEqual({
      dir: 'out',
      json: null,
      markdown: 'summary.md',
      junit: 'ci/junit.xml',
      edgeCases: false,
    })
  })

  it('passes the gate through as given', () => {
    const gate = {
      basis: 'upper' as const,
      by: 'model_version',
      total: { maxRegressions: 25, maxErrors: 2 },
      each: { maxFalseNegativeRate: 0.15, minSamples: 30, basis: 'point' as const },
      groups: { v2_canary: { maxFalsePositiveRate: 0.1 } },
    }
    expect(resolveOptions({ dir: 'd', gate }).gate).toEqual(gate)
  })

  it.each([
    { given: { feedback: null }, feedback: null },
    { given: { feedback: 'fb.jsonl' }, feedback: { path: 'fb.jsonl', required: true } },
  ])('resolves feedback $given.feedback', ({ given, feedback }) => {
    expect(resolveOptions({ dir: 'd', ...given }).feedback).toEqual(feedback)
  })

  it.each([
    { given: { metadata: null }, metadata: null },
    { given: { metadata: 'meta.json' }, metadata: { path: 'meta.json', required: true } },
  ])('resolves metadata $given.metadata', ({ given, metadata }) => {
    expect(resolveOptions({ dir: 'd', ...given }).metadata).toEqual(metadata)
  })

  it('takes one dataset glob or several, and one group field or several', () => {
    const one = resolveOptions({
      dir: 'd',
      datasets: 'data/a.jsonl',
      groupBy: 'source_tool',
    })
    expect([one.datasets, one.groupBy]).toEqual([['data/a.jsonl'], ['source_tool']])
    const many = resolveOptions({
      dir: 'd',
      datasets: ['data/a.jsonl', 'data/b.jsonl'],
      groupBy: ['category', 'model_version'],
    })
    expect([many.datasets, many.groupBy]).toEqual([
      ['data/a.jsonl', 'data/b.jsonl'],
      ['category', 'model_version'],
    ])
  })

  it('keeps the other options as given', () => {
    const resolved = resolveOptions({
      dir: 'd',
      feedbackOverridesLabel: true,
      failOn: 'none',
      invalidData: 'fail',
      chunkSize: 500,
      reportText: 'hash',
      alpha: 0.01,
      baseline: 'reports/last.json',
    })
    expect(resolved).toMatchObject({
      feedbackOverridesLabel: true,
      failOn: 'none',
      invalidData: 'fail',
      chunkSize: 500,
      reportText: 'hash',
      alpha: 0.01,
      baseline: 'reports/last.json',
    })
  })
})

describe('resolveOptions: errors', () => {
  it.each([
    {
      what: 'a wrong type',
      given: { dir: 'd', chunkSize: '100' },
      line: 'option "chunkSize": got "100"; expected number',
    },
    {
      what: 'a fraction where an integer belongs',
      given: { dir: 'd', chunkSize: 1.5 },
      line: 'option "chunkSize": got 1.5; expected int',
    },
    {
      what: 'a folder that is not a string',
      given: { dir: 5 },
      line: 'option "dir": got 5; expected string',
    },
    {
      what: 'a wrong enum value',
      given: { dir: 'd', failOn: 'all' },
      line: 'option "failOn": got "all"; expected one of "mismatch", "regression", "none"',
    },
    {
      what: 'a wrong report text mode',
      given: { dir: 'd', reportText: 'redacted' },
      line: 'option "reportText": got "redacted"; expected one of "none", "hash", "excerpt", "full"',
    },
    {
      what: 'a wrong nested enum value',
      given: { dir: 'd', gate: { basis: 'lower' } },
      line: 'option "gate.basis": got "lower"; expected one of "point", "upper"',
    },
    {
      what: 'a rate above 1',
      given: { dir: 'd', gate: { total: { maxFalseNegativeRate: 1.5 } } },
      line: 'option "gate.total.maxFalseNegativeRate": got 1.5; Too big: expected number to be <=1',
    },
    {
      what: 'a name with a space',
      given: { dir: 'd', name: 'my suite' },
      line: 'option "name": got "my suite"; letters, digits, "_", "-" and "." only',
    },
    {
      what: 'unknown options',
      given: { dir: 'd', thresholds: {}, verbose: true },
      line: `unknown options "thresholds", "verbose"; the options are: ${OPTIONS}`,
    },
    {
      what: 'a client object without its path',
      given: { dir: 'd', client: { kind: 'module' } },
      line:
        'option "client": got {"kind":"module"}; expected "replay", { kind: "replay" } ' +
        'or { kind: "module", path, options?, timeoutMs? }',
    },
    {
      what: 'an unknown client name',
      given: { dir: 'd', client: 'http' },
      line:
        'option "client": got "http"; expected "replay", { kind: "replay" } ' +
        'or { kind: "module", path, options?, timeoutMs? }',
    },
    {
      what: 'a module client with a negative timeout',
      given: { dir: 'd', client: { kind: 'module', path: 'c.ts', timeoutMs: -1 } },
      line: 'option "client.timeoutMs": got -1; Too small: expected number to be >0',
    },
    {
      what: 'options that are not an object',
      given: 'test_suites/production_ab',
      line: 'option "(options)": got "test_suites/production_ab"; expected object',
    },
  ])('names $what', ({ given, line }) => {
    const error = optionsError(given)
    expect(error).toBeInstanceOf(AbgateUserError)
    expect(error.code).toBe('invalid_option')
    expect(error.name).toBe('OptionsError')
    expect(error.message).toBe(`abgate(): invalid options\n  ${line}`)
  })

  it('lists every invalid option, one a line', () => {
    const error = optionsError({ dir: 'd', failOn: 'x', alpha: 2 })
    expect(error.message.split('\n')).toEqual([
      'abgate(): invalid options',
      '  option "failOn": got "x"; expected one of "mismatch", "regression", "none"',
      '  option "alpha": got 2; Too big: expected number to be <1',
    ])
  })

  it.each([{}, undefined, null, { failOn: 'none' }])(
    'asks for the folder when neither dir nor name is given (%s)',
    (given) => {
      const error = optionsError(given)
      expect(error.code).toBe('invalid_option')
      expect(error.message).toBe(
        'abgate(): give the suite\'s folder, e.g. abgate({ dir: "test_suites/production_ab" })',
      )
    },
  )

  it('names the place and the keys of a nested unknown option', () => {
    const error = optionsError({ dir: 'd', gate: { total: { maxFNR: 0.1 } } })
    expect(error.message).toContain('gate.total')
    expect(error.message).toContain('maxFalseNegativeRate')
    expect(error.message).not.toContain('feedbackOverridesLabel')
  })

  it.each([
    {
      given: { gate: { total: { maxFNR: 0.1 } } },
      line:
        'unknown option "gate.total.maxFNR"; the options of "gate.total" are: ' +
        'maxFalsePositiveRate, maxFalseNegativeRate, maxRegressions, maxErrors, ' +
        'minSamples, basis',
    },
    {
      given: { dir: 'd', xx: 1 },
      line: `unknown option "xx"; the options are: ${OPTIONS}`,
    },
    {
      given: { gate: { groups: { v2: { maxFNR: 0.1 } } } },
      line:
        'unknown option "gate.groups.v2.maxFNR"; the options of "gate.groups.v2" are: ' +
        'maxFalsePositiveRate, maxFalseNegativeRate, maxRegressions, maxErrors, ' +
        'minSamples, basis',
    },
    {
      given: { reports: { jsno: 'r.json' } },
      line:
        'unknown option "reports.jsno"; the options of "reports" are: ' +
        'dir, json, markdown, junit, edgeCases',
    },
    {
      given: { client: { kind: 'module', path: 'c.ts', timeout: 5 } },
      line:
        'unknown option "client.timeout"; the options of "client" are: ' +
        'kind, path, options, timeoutMs',
    },
  ])('names the unknown option in $given with its place', ({ given, line }) => {
    const error = optionsError({ dir: 'd', ...given })
    expect(error.message).toBe(`abgate(): invalid options\n  ${line}`)
  })

  it.each([
    {
      given: { reports: { json: 5 } },
      line: 'option "reports.json": got 5; expected a file name or false',
    },
    {
      given: { client: { kind: 'module', path: 5 } },
      line: 'option "client.path": got 5; expected string',
    },
    {
      given: { groupBy: ['category', 5] },
      line: 'option "groupBy.1": got 5; expected string',
    },
  ])('names the field inside a union option in $given', ({ given, line }) => {
    const error = optionsError({ dir: 'd', ...given })
    expect(error.message).toBe(`abgate(): invalid options\n  ${line}`)
  })

  it.each([
    { given: { reports: true }, accepted: 'false' },
    { given: { datasets: 5 }, accepted: 'glob' },
    { given: { groupBy: 5 }, accepted: 'field' },
  ])('says what $given accepts', ({ given, accepted }) => {
    const error = optionsError({ dir: 'd', ...given })
    expect(error.message).not.toContain('Invalid input')
    expect(error.message).toContain(accepted)
  })

  it('refuses a folder that gives no usable name', () => {
    expect(optionsError({ dir: './' }).code).toBe('invalid_option')
  })

  it.each([
    { dir: './', name: '' },
    { dir: '.', name: '.' },
    { dir: 'suites/my suite', name: 'my suite' },
  ])('asks for a name when the folder $dir gives $name', ({ dir, name }) => {
    expect(optionsError({ dir }).message).toBe(
      `abgate(): the folder ${JSON.stringify(dir)} gives the suite no usable name ` +
        `(${JSON.stringify(name)}; a name takes letters, digits, "_", "-" and "." only, ` +
        'and not dots alone). ' +
        `Give the name, e.g. abgate({ dir: ${JSON.stringify(dir)}, name: "production_ab" })`,
    )
  })

  it('takes a given name over a folder that gives none', () => {
    expect(resolveOptions({ dir: './', name: 'root' })).toMatchObject({
      dir: '',
      name: 'root',
    })
  })
})
