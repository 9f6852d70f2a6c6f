#!/usr/bin/env node
/**
 * The `abgate` command: runs suites through Vitest with abgate's own options.
 * The only place in abgate that prints freely and sets the exit code.
 *
 *   abgate run [--baseline <report.json>] [vitest options and filters]
 */
import { parseCLI, startVitest } from 'vitest/node'
import { isAbgateError } from '../errors.ts'

const USAGE = `usage: abgate run [--baseline <report.json>] [vitest options and filters]

  --baseline <file>  compare with an earlier run's JSON report instead of the
                     recorded old_model_decision
  everything else goes to Vitest, e.g. --project production_ab --shard=1/3

example: abgate run --baseline reports/last-release.json --project production_ab`

class UsageError extends Error {}

/** Splits abgate's own options from Vitest's. */
export function parseArguments(argv: readonly string[]): {
  baseline: string | null
  vitest: string[]
} {
  const [command, ...rest] = argv
  if (command !== 'run')
    throw new UsageError(
      command === undefined ? 'no command given' : `unknown command "${command}"`,
    )
  let baseline: string | null = null
  const vitest: string[] = []
  for (let index = 0; index < rest.length; index += 1) {
    const argument = rest[index] ?? ''
    if (argument === '--baseline') {
      const value = rest[index + 1]
      if (value === undefined || value.startsWith('-'))
        throw new UsageError('--baseline needs a file')
      baseline = value
      index += 1
    } else if (argument.startsWith('--baseline=')) {
      baseline = argument.slice('--baseline='.length)
    } else {
      vitest.push(argument)
    }
  }
  return { baseline, vitest }
}

async function main(argv: readonly string[]): Promise<number> {
  let parsed: ReturnType<typeof parseArguments>
  try {
    parsed = parseArguments(argv)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`abgate: ${error.message}\n\n${USAGE}`)
    return 2
  }
  if (parsed.baseline !== null) process.env.ABGATE_BASELINE = parsed.baseline
  const { filter, options } = parseCLI(['vitest', 'run', ...parsed.vitest])
  const vitest = await startVitest('test', filter, {
    ...options,
    watch: false,
    run: true,
  })
  await vitest.close()
  return typeof process.exitCode === 'number' ? process.exitCode : 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (isAbgateError(error)) console.error(`abgate: ${error.message}`)
    else console.error(error)
    process.exitCode = 1
  },
)
