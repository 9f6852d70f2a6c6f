import { describe, expect, it } from 'vitest'
import type { Decision } from '../../src/dataset/schema.ts'
import { failureOf, type FailOn } from '../../src/report/failure.ts'
import type { Change, Outcome, Verdict } from '../../src/verdict.ts'

type Judged = Parameters<typeof failureOf>[0]

/** A verdict's judged parts; outcomes and changes are written out by the cases. */
function judged(
  label: boolean,
  decision: Decision | null,
  baseline: Decision | null,
  outcome: Outcome | null,
  change: Change | null,
  extra: Partial<Judged> = {},
): Judged {
  return {
    error: null,
    outcome,
    change,
    label,
    datasetLabel: label,
    feedback: null,
    baseline,
    decision,
    ...extra,
  }
}

const FP_REGRESSED = judged(false, 'block', 'allow', 'FP', 'regressed')
const FP_KEPT = judged(false, 'block', 'block', 'FP', 'kept-wrong')
const FP_NO_BASELINE = judged(false, 'block', null, 'FP', null)
const FN_REGRESSED = judged(true, 'allow', 'block', 'FN', 'regressed')
const FN_KEPT = judged(true, 'allow', 'allow', 'FN', 'kept-wrong')
const FN_NO_BASELINE = judged(true, 'allow', null, 'FN', null)

const FP =
  'false positive: a legitimate request was blocked (label allow, candidate block).'
const FN =
  'false negative: a malicious request was allowed (label block, candidate allow).'
const FP_REGRESSION = {
  name: 'FalsePositive',
  message: `${FP} The baseline decided allow: this is a regression.`,
}
const FP_NOT_REGRESSION = {
  name: 'FalsePositive',
  message: `${FP} The baseline decided block too: not a regression.`,
}
const FP_UNRECORDED = {
  name: 'FalsePositive',
  message: `${FP} No baseline decision is recorded.`,
}
const FN_REGRESSION = {
  name: 'FalseNegative',
  message: `${FN} The baseline decided block: this is a regression.`,
}
const FN_NOT_REGRESSION = {
  name: 'FalseNegative',
  message: `${FN} The baseline decided allow too: not a regression.`,
}
const FN_UNRECORDED = {
  name: 'FalseNegative',
  message: `${FN} No baseline decision is recorded.`,
}

describe('failureOf', () => {
  const cases: {
    what: string
    verdict: Judged
    failOn: FailOn
    failure: object | null
  }[] = [
    // Right decisions never fail, whatever the baseline did.
    ...(['mismatch', 'regression', 'none'] as const).flatMap((failOn) => [
      {
        what: 'TP kept right',
        verdict: judged(true, 'block', 'block', 'TP', 'kept-right'),
        failOn,
        failure: null,
      },
      {
        what: 'TP fixed',
        verdict: judged(true, 'block', 'allow', 'TP', 'fixed'),
        failOn,
        failure: null,
      },
      {
        what: 'TN fixed',
        verdict: judged(false, 'allow', 'block', 'TN', 'fixed'),
        failOn,
        failure: null,
      },
      {
        what: 'TN without baseline',
        verdict: judged(false, 'allow', null, 'TN', null),
        failOn,
        failure: null,
      },
    ]),
    {
      what: 'FP regressed',
      verdict: FP_REGRESSED,
      failOn: 'mismatch',
      failure: FP_REGRESSION,
    },
    {
      what: 'FP regressed',
      verdict: FP_REGRESSED,
      failOn: 'regression',
      failure: FP_REGRESSION,
    },
    { what: 'FP regressed', verdict: FP_REGRESSED, failOn: 'none', failure: null },
    {
      what: 'FP kept wrong',
      verdict: FP_KEPT,
      failOn: 'mismatch',
      failure: FP_NOT_REGRESSION,
    },
    { what: 'FP kept wrong', verdict: FP_KEPT, failOn: 'regression', failure: null },
    { what: 'FP kept wrong', verdict: FP_KEPT, failOn: 'none', failure: null },
    {
      what: 'FP without baseline',
      verdict: FP_NO_BASELINE,
      failOn: 'mismatch',
      failure: FP_UNRECORDED,
    },
    {
      what: 'FP without baseline',
      verdict: FP_NO_BASELINE,
      failOn: 'regression',
      failure: null,
    },
    {
      what: 'FP without baseline',
      verdict: FP_NO_BASELINE,
      failOn: 'none',
      failure: null,
    },
    {
      what: 'FN regressed',
      verdict: FN_REGRESSED,
      failOn: 'mismatch',
      failure: FN_REGRESSION,
    },
    {
      what: 'FN regressed',
      verdict: FN_REGRESSED,
      failOn: 'regression',
      failure: FN_REGRESSION,
    },
    { what: 'FN regressed', verdict: FN_REGRESSED, failOn: 'none', failure: null },
    {
      what: 'FN kept wrong',
      verdict: FN_KEPT,
      failOn: 'mismatch',
      failure: FN_NOT_REGRESSION,
    },
    { what: 'FN kept wrong', verdict: FN_KEPT, failOn: 'regression', failure: null },
    { what: 'FN kept wrong', verdict: FN_KEPT, failOn: 'none', failure: null },
    {
      what: 'FN without baseline',
      verdict: FN_NO_BASELINE,
      failOn: 'mismatch',
      failure: FN_UNRECORDED,
    },
    {
      what: 'FN without baseline',
      verdict: FN_NO_BASELINE,
      failOn: 'regression',
      failure: null,
    },
    {
      what: 'FN without baseline',
      verdict: FN_NO_BASELINE,
      failOn: 'none',
      failure: null,
    },
  ]

  it.each(cases)('$what under failOn $failOn', ({ verdict, failOn, failure }) => {
    expect(failureOf(verdict, failOn)).toEqual(failure)
  })

  it.each(['mismatch', 'regression', 'none'] as const)(
    'fails a client error under failOn %s',
    (failOn) => {
      const error: Verdict['error'] = { code: 'timeout', message: 'no answer in 5000 ms' }
      const verdict = judged(true, null, 'block', null, null, { error })
      expect(failureOf(verdict, failOn)).toEqual({
        name: 'ClientError',
        message:
          'the candidate gave no decision (timeout): no answer in 5000 ms. ' +
          'An error is never counted as a decision.',
      })
    },
  )

  it('says where a label from user feedback came from', () => {
    // The dataset says legitimate; the user's correction (feedback line 7) says block.
    const verdict = judged(true, 'allow', 'allow', 'FN', 'kept-wrong', {
      datasetLabel: false,
      feedback: {
        type: 'false_negative',
        correctedDecision: 'block',
        conflict: true,
        line: 7,
      },
    })
    expect(failureOf(verdict, 'mismatch')).toEqual({
      name: 'FalseNegative',
      message:
        'false negative: a malicious request was allowed (label from user feedback ' +
        '(line 7) block, candidate allow). The baseline decided allow too: not a regression.',
    })
  })

  it('does not credit feedback that agrees with the dataset label', () => {
    const verdict = judged(false, 'block', 'allow', 'FP', 'regressed', {
      feedback: {
        type: 'false_positive',
        correctedDecision: 'allow',
        conflict: false,
        line: 2,
      },
    })
    expect(failureOf(verdict, 'mismatch')).toEqual(FP_REGRESSION)
  })
})
