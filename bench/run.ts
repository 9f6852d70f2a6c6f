/**
 * Benchmark: a replay run of N synthetic samples against the floor, bare
 * Vitest running N trivial tests in the same number of test files, measured
 * in the same run on the same machine. Reports wall time and peak memory
 * (where /usr/bin/time exists) and their ratios to the floor.
 *
 *   npm run bench                      # 100,000 samples
 *   npm run bench -- --samples 20000 --chunk-size 25000
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'

const ROOT = resolve(import.meta.dirname, '..')
const WORK = join(ROOT, '.bench')
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs')

const { values } = parseArgs({
  options: {
    samples: { type: 'string', default: '100000' },
    'chunk-size': { type: 'string', default: '25000' },
    runs: { type: 'string', default: '1' },
  },
})
const samples = Number(values.samples)
const chunkSize = Number(values['chunk-size'])
const runs = Number(values.runs)
const files = Math.max(1, Math.ceil(samples / chunkSize))

/** The shipped samples, repeated with fresh ids and texts: synthetic, like them. */
function writeDataset(): void {
  const source = readFileSync(
    join(ROOT, 'test_suites/production_ab/data/production_ab_set.jsonl'),
    'utf8',
  )
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
  const lines: string[] = []
  for (let index = 0; index < samples; index += 1) {
    const sample = source[index % source.length] ?? {}
    lines.push(
      JSON.stringify({
        ...sample,
        id: `b-${index}`,
        text: `${String(sample.text)} #${index}`,
      }),
    )
  }
  mkdirSync(join(WORK, 'suite/data'), { recursive: true })
  writeFileSync(join(WORK, 'suite/data/bench.jsonl'), `${lines.join('\n')}\n`)
}

/** The floor: the same number of tests, doing nothing, in the same number of files. */
function writeTrivialTests(): void {
  mkdirSync(join(WORK, 'trivial'), { recursive: true })
  for (let file = 0; file < files; file += 1) {
    const count = Math.min(chunkSize, samples - file * chunkSize)
    writeFileSync(
      join(WORK, 'trivial', `t${file}.test.ts`),
      `import { test } from 'vitest'\nfor (let i = 0; i < ${count}; i++) test(\`t\${i}\`, () => {})\n`,
    )
  }
}

function writeConfig(): void {
  writeFileSync(
    join(WORK, 'vitest.config.ts'),
    `import { defineConfig } from 'vitest/config'
import { abgate } from '../src/index.ts'

export default defineConfig({
  test: {
    projects: [
      { plugins: [abgate({ dir: 'suite', name: 'replay', failOn: 'none', reports: false, chunkSize: ${chunkSize} })] },
      { test: { name: 'floor', include: ['trivial/*.test.ts'], isolate: false } },
    ],
  },
})
`,
  )
}

interface Measure {
  seconds: number
  peakKb: number | null
}

function measure(project: string): Measure {
  const timer = existsSync('/usr/bin/time')
  const command = timer ? '/usr/bin/time' : process.execPath
  const args = timer ? ['-f', 'peak-kb %M', process.execPath, VITEST] : [VITEST]
  const started = performance.now()
  const result = spawnSync(command, [...args, 'run', '--project', project], {
    cwd: WORK,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    maxBuffer: 256 * 1024 * 1024,
  })
  const seconds = (performance.now() - started) / 1000
  const expected = new RegExp(`Tests\\s+${samples} passed`)
  if (result.status !== 0 || !expected.test(result.stdout)) {
    throw new Error(
      `the ${project} run failed:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
    )
  }
  const peak = /peak-kb (\d+)/.exec(result.stderr)?.[1]
  return { seconds, peakKb: peak === undefined ? null : Number(peak) }
}

function best(project: string): Measure {
  const all = Array.from({ length: runs }, () => measure(project))
  return all.reduce((a, b) => (b.seconds < a.seconds ? b : a))
}

function main(): void {
  rmSync(WORK, { recursive: true, force: true })
  writeDataset()
  writeTrivialTests()
  writeConfig()
  console.log(
    `abgate bench: ${samples} samples in ${files} test file(s), best of ${runs}`,
  )

  const floor = best('floor')
  const replay = best('replay')
  const mb = (kb: number | null): string =>
    kb === null ? 'n/a' : `${(kb / 1024).toFixed(0)} MB`
  console.log(
    `  floor  (bare Vitest, trivial tests): ${floor.seconds.toFixed(1)} s, peak ${mb(floor.peakKb)}`,
  )
  console.log(
    `  replay (abgate, replay client):      ${replay.seconds.toFixed(1)} s, peak ${mb(replay.peakKb)}`,
  )
  console.log(`  time ratio:   ${(replay.seconds / floor.seconds).toFixed(2)}×`)
  if (floor.peakKb !== null && replay.peakKb !== null) {
    console.log(
      `  memory ratio: ${(replay.peakKb / floor.peakKb).toFixed(2)}× (peak of the main process)`,
    )
  }
  rmSync(WORK, { recursive: true, force: true })
}

main()
