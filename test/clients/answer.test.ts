import { describe, expect, it } from 'vitest'
import { checkAnswer } from '../../src/clients/answer.ts'

const CLIENT = 'module:./my-client.ts'
const EXPECTED =
  'expected { decision: "block" | "allow", score?, categories?, latencyMs? } ' +
  'or { error: { code, message } }'

describe('checkAnswer', () => {
  it.each([
    { answer: { decision: 'block' } },
    { answer: { decision: 'allow' } },
    { answer: { decision: 'block', score: 0.93 } },
    { answer: { decision: 'allow', score: -1, categories: {} } },
    {
      answer: {
        decision: 'block',
        score: 0.93,
        categories: { violence: 0.9, self_harm: 0.01 },
        latencyMs: 41.5,
      },
    },
    { answer: { decision: 'allow', latencyMs: 0 } },
  ])('accepts the decision $answer', ({ answer }) => {
    expect(checkAnswer(answer, CLIENT)).toEqual(answer)
  })

  it.each([
    { answer: { error: { code: 'rate_limited', message: 'HTTP 429 after 3 retries' } } },
    { answer: { error: { code: 'timeout', message: '' } } },
  ])('accepts the error $answer', ({ answer }) => {
    expect(checkAnswer(answer, CLIENT)).toEqual(answer)
  })

  it.each([
    {
      what: 'an unknown decision',
      value: { decision: 'maybe' },
      shown: '{"decision":"maybe"}',
      where: ' at "decision"',
    },
    {
      what: 'a decision in capitals',
      value: { decision: 'BLOCK' },
      shown: '{"decision":"BLOCK"}',
      where: ' at "decision"',
    },
    { what: 'a bare decision', value: 'block', shown: '"block"', where: '' },
    { what: 'a boolean', value: true, shown: 'true', where: '' },
    { what: 'null', value: null, shown: 'null', where: '' },
    { what: 'nothing', value: undefined, shown: 'undefined', where: '' },
    { what: 'an empty object', value: {}, shown: '{}', where: ' at "decision"' },
    {
      what: 'an array',
      value: [{ decision: 'block' }],
      shown: '[{"decision":"block"}]',
      where: '',
    },
    {
      what: 'an unknown field',
      value: { decision: 'block', reason: 'x' },
      shown: '{"decision":"block","reason":"x"}',
      where: '',
    },
    {
      what: 'a decision and an error at once',
      value: { decision: 'block', error: { code: 'x', message: 'y' } },
      shown: '{"decision":"block","error":{"code":"x","message":"y"}}',
      where: '',
    },
    {
      what: 'an error without a code',
      value: { error: { code: '', message: 'm' } },
      shown: '{"error":{"code":"","message":"m"}}',
      where: ' at "error.code"',
    },
  ])('turns $what into bad_response', ({ value, shown, where }) => {
    expect(checkAnswer(value, CLIENT)).toEqual({
      error: {
        code: 'bad_response',
        message: `${CLIENT} returned ${shown}${where}; ${EXPECTED}`,
      },
    })
  })

  it('shows at most 80 characters of what came back', () => {
    const value = { decision: 'perhaps', note: 'x'.repeat(100) }
    const shown = JSON.stringify(value).slice(0, 80)
    // {"decision":"perhaps","note":" is 30 characters: 50 x follow, then "…".
    expect(shown).toBe(`{"decision":"perhaps","note":"${'x'.repeat(50)}`)
    expect(checkAnswer(value, CLIENT)).toEqual({
      error: {
        code: 'bad_response',
        message: `${CLIENT} returned ${shown}… at "decision"; ${EXPECTED}`,
      },
    })
  })

  it.each([
    {
      value: { decision: 'block', score: 'high' },
      shown: '{"decision":"block","score":"high"}',
      where: ' at "score"',
    },
    {
      value: { error: { code: 'boom' } },
      shown: '{"error":{"code":"boom"}}',
      where: ' at "error.message"',
    },
  ])('names the wrong field of $shown', ({ value, shown, where }) => {
    expect(checkAnswer(value, CLIENT)).toEqual({
      error: {
        code: 'bad_response',
        message: `${CLIENT} returned ${shown}${where}; ${EXPECTED}`,
      },
    })
  })

  it.each([
    { what: 'a function', value: () => 'block' },
    { what: 'a BigInt score', value: { decision: 'block', score: 1n } },
  ])('turns $what into bad_response without throwing', ({ value }) => {
    const answer = checkAnswer(value, CLIENT)
    expect(answer).toMatchObject({ error: { code: 'bad_response' } })
  })

  const cyclic: Record<string, unknown> = { decision: 'block' }
  cyclic['self'] = cyclic
  it.each([
    { what: 'a function', value: () => 'block', shown: 'a function', where: '' },
    { what: 'a BigInt', value: 1n, shown: '1n', where: '' },
    { what: 'a symbol', value: Symbol('block'), shown: 'Symbol(block)', where: '' },
    {
      what: 'an object with a BigInt',
      value: { decision: 'block', score: 1n },
      shown: 'an object that JSON.stringify refused',
      where: ' at "score"',
    },
    {
      what: 'a cyclic object',
      value: cyclic,
      shown: 'an object that JSON.stringify refused',
      where: '',
    },
    {
      what: 'an array with a BigInt',
      value: [1n],
      shown: 'an array that JSON.stringify refused',
      where: '',
    },
  ])('shows $what, which JSON cannot show, by its kind', ({ value, shown, where }) => {
    expect(checkAnswer(value, CLIENT)).toEqual({
      error: {
        code: 'bad_response',
        message: `${CLIENT} returned ${shown}${where}; ${EXPECTED}`,
      },
    })
  })
})
