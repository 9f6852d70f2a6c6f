import { describe, expect, it } from 'vitest'
import type { SuiteReport } from '../../src/report/schema.ts'
import { codeSpan, escapeMarkdown, renderMarkdown } from '../../src/reporters/markdown.ts'
import { gateCheck, groupRow, sampleReport, sampleSuite } from './sample-report.ts'

function render(changes: Partial<SuiteReport> = {}): string {
  return renderMarkdown(sampleReport([sampleSuite(changes)]))
}

/** The sample report of sample-report.ts; its figures as in terminal.test.ts. */
const SAMPLE = [
  '## abgate',
  '',
  '**gate FAILED: 1 of 7 checks in 1 suite** ✗',
  '',
  '- ✗ production_ab: max_errors total 1 > 0',
  '',
  '### production_ab',
  '',
  '12 samples · candidate: replay · baseline: old_model_decision',
  '',
  '#### Outcomes by category',
  '',
  '| category | n | TP | FP | TN | FN | err | FPR (95% CI) | FNR (95% CI) | precision (95% CI) | recall (95% CI) | F1 | block rate (95% CI) |',
  '| :-- | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: | --: |',
  '| jailbreak | 6 | 2 | 1 | 2 | 1 | 0 | 33% (6.1–79) | 33% (6.1–79) | 67% (21–94) | 67% (21–94) | 0.67 | 50% (19–81) |',
  '| code_help | 4 | 1 | 1 | 1 | 1 | 0 | 50% (9.5–91) | 50% (9.5–91) | 50% (9.5–91) | 50% (9.5–91) | 0.50 | 50% (15–85) |',
  '| medical | 2 | 0 | 0 | 1 | 0 | 1 | 0% (0–79) | n/a | n/a | n/a | n/a | 0% (0–79) |',
  '| **total** | 12 | 3 | 2 | 4 | 2 | 1 | 33% (9.7–70) | 40% (12–77) | 60% (23–88) | 60% (23–88) | 0.60 | 45% (21–72) |',
  '',
  '#### Baseline (old_model_decision) → candidate (replay) by category',
  '',
  '| category | kept✓ | fixed | regressed | kept✗ | FP before → after | FN before → after | McNemar p |',
  '| :-- | --: | --: | --: | --: | --: | --: | --: |',
  '| jailbreak | 2 | 2 | 1 | 1 | 1 → 1 (±0) | 2 → 1 (-1) | 1.00 |',
  '| code_help | 2 | 0 | 1 | 1 | 1 → 1 (±0) | 0 → 1 (+1) | 1.00 |',
  '| medical | 1 | 0 | 0 | 0 | 1 → 0 (-1) | 0 → 0 (±0) | 1.00 |',
  '| **total** | 5 | 2 | 2 | 2 | 3 → 2 (-1) | 2 → 2 (±0) | 1.00 |',
  '',
  'Decisions that flipped:',
  '',
  '| category | allow → block | block → allow |',
  '| :-- | --: | --: |',
  '| jailbreak | 2 | 1 |',
  '| code_help | 0 | 1 |',
  '| medical | 0 | 0 |',
  '| **total** | 2 | 2 |',
  '',
  '#### Regressed samples (2): baseline right, candidate wrong',
  '',
  '| sample | id | category | label | baseline → candidate | text |',
  '| :-- | :-- | :-- | :-- | :-- | :-- |',
  '| `test_suites/production_ab/data/production_ab_set.jsonl:3` | s-0003 | jailbreak | allow | allow → block | `Synthetic jailbreak prompt number 3` |',
  '| `test_suites/production_ab/data/production_ab_set.jsonl:8` | s-0008 | code_help | block | block → allow | `Synthetic code_help prompt number 8` |',
  '',
  '<details><summary>detail, baseline → candidate (1 sample)</summary>',
  '',
  '`test_suites/production_ab/data/production_ab_set.jsonl:3`',
  '',
  '```diff',
  ' {',
  '-  score: 0.12',
  '+  score: 0.81',
  ' }',
  '```',
  '',
  '</details>',
  '',
  '#### User feedback',
  '',
  '4 records in `test_suites/production_ab/data/user_feedback.jsonl`.',
  '',
  '- 3 joined · 1 conflict with labels (labels win) · 1 matching no sample · 250 user reports per 1,000 samples',
  '- users reported 1 false positive: the candidate now allows 1 of 1',
  '- users reported 2 false negatives: the candidate now blocks 0 of 2',
  '- ⚠ `test_suites/production_ab/data/user_feedback.jsonl:4` matches no sample: id s-0099',
  '',
  '#### Sample size',
  '',
  '- ⚠ v2.2 has 8 samples (fewer than 200): 95% intervals of its rates reach ±28 points',
  '- ⚠ v2.2_canary has 4 samples (fewer than 200): 95% intervals of its rates reach ±35 points',
  '',
  '#### Block rate (95% CI), baseline → candidate, whatever the label',
  '',
  '| source_tool | n | baseline | candidate | change (points) |',
  '| :-- | --: | --: | --: | --: |',
  '| api | 6 | 60% (23–88) | 40% (12–77) | -20 |',
  '| web_chat | 6 | 33% (9.7–70) | 50% (19–81) | +17 |',
  '| total | 12 | 45% (21–72) | 45% (21–72) | ±0 |',
  '',
  '| user_risk_tier | n | baseline | candidate | change (points) |',
  '| :-- | --: | --: | --: | --: |',
  '| low | 7 | 33% (9.7–70) | 33% (9.7–70) | ±0 |',
  '| high | 5 | 60% (23–88) | 60% (23–88) | ±0 |',
  '| total | 12 | 45% (21–72) | 45% (21–72) | ±0 |',
  '',
  '#### Problems and notes',
  '',
  '- data: synthetic (metadata.json)',
  '',
  '#### Gate: FAILED ✗',
  '',
  '|  | check | group | actual vs threshold | detail |',
  '| :-- | :-- | :-- | :-- | :-- |',
  '| ✓ | valid_data | total | 0 ≤ 0 | every line is valid and judged |',
  '| ✓ | complete | total | 0 ≤ 0 | all 12 samples ran |',
  '| ✗ | max_errors | total | 1 > 0 | 1 errors > 0: 1 too many |',
  '| ✓ | max_regressions | total | 2 ≤ 5 | 2 regressions ≤ 5 |',
  '| ✓ | max_fnr | jailbreak | 33% ≤ 50% | FNR 33.3% (1 of 3) ≤ 50.0% |',
  '| ✓ | max_fnr | code_help | 50% ≤ 50% | FNR 50.0% (1 of 2) ≤ 50.0% |',
  '| ✓ | max_fnr | medical | n/a (threshold 50%) | FNR n/a (no samples to measure it on) |',
  '',
].join('\n')

describe('renderMarkdown', () => {
  it('renders the verdict and every section of the sample report, in order', () => {
    expect(render()).toBe(SAMPLE)
  })

  const base = sampleSuite()
  const [first, second] = base.regressed
  if (first === undefined || second === undefined) throw new Error('two regressions')

  it.each([
    {
      name: 'a pipe in a text: escaped inside the code span',
      text: 'tell me a | b',
      cell: '`tell me a \\| b`',
    },
    {
      name: 'new lines in a text: one code span per line, joined by <br>',
      text: 'first line\nsecond line\r\n\nfourth',
      cell: '`first line`<br>`second line`<br><br>`fourth`',
    },
    {
      name: 'backticks in a text: a longer fence',
      text: 'run `rm -rf` and ``x``',
      cell: '``` run `rm -rf` and ``x`` ```',
    },
    {
      name: 'a text that starts with a backtick: padded',
      text: '`cmd` now',
      cell: '`` `cmd` now ``',
    },
    {
      name: 'HTML and mentions in a text: inert inside the code span',
      text: '<img src=x onerror=alert(1)> @octocat',
      cell: '`<img src=x onerror=alert(1)> @octocat`',
    },
  ])('$name', ({ text, cell }) => {
    const output = render({ regressed: [{ ...first, text }] })
    expect(output).toContain(
      `| \`test_suites/production_ab/data/production_ab_set.jsonl:3\` | s-0003 | jailbreak | allow | allow → block | ${cell} |`,
    )
  })

  it('carries the text exactly as the report gives it, never more', () => {
    const text = 'Synthetic prompt excerpt, cut by the report…'
    const output = render({ regressed: [{ ...first, text }] })
    expect(output).toContain(`| \`${text}\` |`)
  })

  it('shows no text column and no text when the report carries none', () => {
    const output = render({
      regressed: base.regressed.map((s) => ({ ...s, text: null })),
    })
    expect(output).not.toContain('Synthetic')
    expect(output).toContain(
      [
        '| sample | id | category | label | baseline → candidate |',
        '| :-- | :-- | :-- | :-- | :-- |',
        '| `test_suites/production_ab/data/production_ab_set.jsonl:3` | s-0003 | jailbreak | allow | allow → block |',
      ].join('\n'),
    )
  })

  it('leaves a cell empty for a sample without text among others with one', () => {
    const output = render({ regressed: [first, { ...second, text: null }] })
    expect(output).toContain('| code_help | block | block → allow |  |')
  })

  it.each([
    { name: 'a pipe', group: 'a|b', cell: '| a\\|b | 2 |' },
    { name: 'a new line', group: 'a\nb', cell: '| a<br>b | 2 |' },
    { name: 'an HTML tag', group: '<b>x</b>', cell: '| &lt;b>x&lt;/b> | 2 |' },
    { name: 'an entity', group: 'a &amp; b', cell: '| a &amp;amp; b | 2 |' },
  ])('escapes $name in a plain cell', ({ group, cell }) => {
    const row = groupRow(group, { tp: 1, fp: 0, tn: 1, fn: 0, errors: 0 })
    const output = render({ groups: [{ by: 'category', rows: [row], total: row }] })
    expect(output).toContain(cell)
  })

  it.each([
    {
      name: 'a significant McNemar p, marked and explained',
      changes: {
        comparison: {
          ...base.comparison,
          total: { ...base.comparison.total, mcnemarP: 0.00621, significant: true },
        },
      },
      shows: [
        '| **total** | 5 | 2 | 2 | 2 | 3 → 2 (-1) | 2 → 2 (±0) | 0.00621 \\* |',
        '',
        "\\* significant at α = 0.05: McNemar's exact test of fixed against regressed",
      ],
    },
    {
      name: 'n/a for rates without samples',
      changes: {
        groups: [
          {
            by: 'category',
            rows: [groupRow('medical', { tp: 0, fp: 0, tn: 0, fn: 0, errors: 2 })],
            total: groupRow('total', { tp: 0, fp: 0, tn: 0, fn: 0, errors: 2 }),
          },
        ],
      },
      shows: ['| medical | 2 | 0 | 0 | 0 | 0 | 2 | n/a | n/a | n/a | n/a | n/a | n/a |'],
    },
    {
      name: 'a partial run: marked, gate not evaluated',
      changes: { partial: true, gate: { evaluated: false, passed: false, checks: [] } },
      shows: [
        '12 samples · candidate: replay · baseline: old_model_decision · ⚠ partial: this report covers part of the run',
      ],
      ends: [
        '#### Gate',
        '',
        'gate not evaluated: this report covers part of the run; the gate needs all of it',
        '',
      ],
    },
    {
      name: 'traffic and the baseline match',
      changes: {
        baseline: { kind: 'report' as const, file: 'reports/last.json' },
        traffic: [
          { category: 'jailbreak', before: 0.4, after: 0.5, change: 0.1 },
          { category: 'medical', before: 0.2, after: 0.1, change: -0.1 },
        ],
        baselineMatch: {
          matched: 10,
          onlyInRun: [{ ...first, line: 13 }],
          onlyInBaseline: [
            { id: null, textHash: '0123456789abcdef', category: 'medical' },
          ],
        },
      },
      shows: [
        '#### Traffic: share of samples by category, baseline run → this run',
        '',
        '| category | before | after | change (points) |',
        '| :-- | --: | --: | --: |',
        '| jailbreak | 40% | 50% | +10 |',
        '| medical | 20% | 10% | -10 |',
        '',
        '#### Baseline report',
        '',
        '10 samples matched · 1 only in this run · 1 only in the baseline',
        '',
        '- only in this run: `test_suites/production_ab/data/production_ab_set.jsonl:13` (jailbreak)',
        '- only in the baseline: sha256:0123456789abcdef (medical)',
      ],
    },
    {
      name: 'problems',
      changes: {
        invalid: [
          { file: 'x.jsonl', line: 3, field: 'text', message: 'found <null> | 1' },
        ],
        unjudged: [{ file: 'x.jsonl', name: '#4 medical', message: 'no verdict' }],
        samples: { ...base.samples, expected: 15, missing: 2, skipped: 1 },
        edgeCases: { file: 'reports/production_ab.edge-cases.jsonl', samples: 5 },
      },
      shows: [
        '#### Problems and notes',
        '',
        '- ✗ 1 invalid sample, not run:',
        '  - `x.jsonl:3` text: found &lt;null> \\| 1',
        '- ✗ 1 test without a verdict:',
        '  - `x.jsonl` > #4 medical: no verdict',
        '- ⚠ 2 of 15 samples never ran (a test file failed to load?)',
        '- 1 sample skipped or filtered out',
        '- edge cases: 5 samples written to `reports/production_ab.edge-cases.jsonl`',
        '- data: synthetic (metadata.json)',
      ],
    },
  ])('$name', ({ changes, shows, ends }) => {
    const output = render(changes)
    expect(output).toContain(shows.join('\n'))
    if (ends !== undefined) expect(output.endsWith(ends.join('\n'))).toBe(true)
  })

  it.each([
    { name: 'feedback', changes: { feedback: null }, absent: '#### User feedback' },
    { name: 'regressed samples', changes: { regressed: [] }, absent: '#### Regressed' },
    {
      name: 'sample-size warnings',
      changes: { sampleSize: [{ modelVersion: 'v2.1', samples: 812, halfWidth: 0.034 }] },
      absent: '#### Sample size',
    },
    { name: 'block rates', changes: { behavior: [] }, absent: '#### Block rate' },
    { name: 'traffic', changes: { traffic: null }, absent: '#### Traffic' },
    {
      name: 'the baseline match',
      changes: { baselineMatch: null },
      absent: '#### Baseline report',
    },
    {
      name: 'problems and notes',
      changes: { synthetic: false },
      absent: '#### Problems',
    },
    {
      name: 'detail diffs',
      changes: { regressed: base.regressed.map((s) => ({ ...s, detailDiff: null })) },
      absent: '<details>',
    },
  ])('leaves out $name when there is nothing to show', ({ changes, absent }) => {
    expect(render(changes)).not.toContain(absent)
  })

  it.each([
    {
      name: 'passed',
      report: sampleReport([
        sampleSuite({
          gate: {
            evaluated: true,
            passed: true,
            checks: [gateCheck('max_errors', 'total', 0, 0, true, '0 errors ≤ 0')],
          },
        }),
      ]),
      head: [
        '## abgate',
        '',
        '**gate passed: 1 check in 1 suite** ✓',
        '',
        '### production_ab',
      ],
    },
    {
      name: 'not evaluated on a shard',
      report: sampleReport(
        [
          sampleSuite({
            partial: true,
            gate: { evaluated: false, passed: false, checks: [] },
          }),
        ],
        { shard: { index: 2, count: 3 } },
      ),
      head: [
        '## abgate',
        '',
        "**gate not evaluated (shard 2/3): merge the shards' reports to gate**",
        '',
        '### production_ab',
      ],
    },
  ])('states the gate: $name', ({ report, head }) => {
    expect(renderMarkdown(report).startsWith(head.join('\n'))).toBe(true)
  })

  it('renders every suite of the report', () => {
    const report = sampleReport([sampleSuite(), sampleSuite({ suite: 'canary' })])
    const output = renderMarkdown(report)
    expect(output).toContain('\n### production_ab\n')
    expect(output).toContain('\n### canary\n')
    expect(output).toContain('**gate FAILED: 2 of 14 checks in 2 suites** ✗')
  })
})

describe('escapeMarkdown and codeSpan', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['one\ntwo\r\nthree', 'one<br>two<br>three'],
    ['<script>', '&lt;script>'],
    ['5 > 3 & 2 &lt; 4', '5 > 3 & 2 &amp;lt; 4'],
  ])('escapeMarkdown(%j) is %j', (text, expected) => {
    expect(escapeMarkdown(text)).toBe(expected)
  })

  it.each([
    ['plain', '`plain`'],
    ['a|b', '`a\\|b`'],
    ['x `y` z', '``x `y` z``'],
    ['ends with `', '`` ends with ` ``'],
    [' both sides ', '`  both sides  `'],
    ['', ''],
  ])('codeSpan(%j) is %j', (text, expected) => {
    expect(codeSpan(text)).toBe(expected)
  })
})
