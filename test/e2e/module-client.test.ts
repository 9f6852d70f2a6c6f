import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT, runVitest, type VitestRun } from './run-vitest.ts'

/*
 * fixtures/module-client/client.ts blocks prompts containing "BLOCK", allows
 * the rest, throws on "THROW", answers {decision: "maybe"} on "BADLY" and
 * hangs past the 300 ms timeout on "SLOW". Six samples:
 *   1 block-me  label block → block  TP
 *   2 friendly  label allow → allow  TN
 *   3 THROW     error (client_threw)
 *   4 BADLY     error (bad_response)
 *   5 SLOW      error (timeout)
 *   6 friendly  label block → allow  FN
 */
describe('a module client', () => {
  let run: VitestRun
  beforeAll(async () => {
    run = await runVitest(join(ROOT, 'fixtures/module-client'), ['run'])
  })

  it('decides through the user module, set up with its options', () => {
    expect(run.output).toContain('candidate: module:client.ts')
    expect(run.output).toContain(' general   6   1   0   1   1    3')
  })

  it('turns a throw, a bad answer and a timeout into errors, never decisions', () => {
    expect(run.code).toBe(1)
    expect(run.output).toMatch(/Tests\s+3 failed \| 3 passed \(6\)/)
    expect(run.output).toContain(
      'ClientError: the candidate gave no decision (client_threw): module:client.ts threw: model exploded.',
    )
    expect(run.output).toContain(
      'ClientError: the candidate gave no decision (bad_response): module:client.ts returned {"decision":"maybe"}',
    )
    expect(run.output).toContain(
      'ClientError: the candidate gave no decision (timeout): module:client.ts gave no answer within 300 ms.',
    )
  })
})

describe('a module client that cannot be loaded', () => {
  it('fails the run and the gate, naming the file, with no stack of ours', async () => {
    const run = await runVitest(join(ROOT, 'fixtures/module-client'), ['run'], {
      CLIENT_PATH: 'missing-client.ts',
    })
    expect(run.code).toBe(1)
    expect(run.output).toContain(
      'AbgateUserError: cannot load the client module missing-client.ts: Cannot find module',
    )
    expect(run.output).toContain("Check the client's path in the suite configuration.")
    expect(run.output).not.toMatch(/❯ .*src\/clients\//)
    expect(run.output).toContain('✗ 6 tests without a verdict')
    expect(run.output).toContain('gate FAILED')
  })
})
