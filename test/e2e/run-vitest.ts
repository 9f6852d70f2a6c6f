import { spawn } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'

/** The repository's root: fixtures import abgate from `../../src/index.ts`. */
export const ROOT = resolve(import.meta.dirname, '../..')
const VITEST = join(ROOT, 'node_modules/vitest/vitest.mjs')

/** How a command (Vitest, abgate or another) exited and what it printed. */
export interface VitestRun {
  code: number | null
  stdout: string
  stderr: string
  /** stdout and stderr, colors stripped, the fixture's folder replaced by `<root>`. */
  output: string
}

/**
 * Copies a fixture folder to a fresh place beside the fixtures (same depth,
 * so its relative imports still resolve), so that runs never share files.
 */
export function copyFixture(name: string): { dir: string; remove: () => void } {
  mkdirSync(join(ROOT, '.e2e'), { recursive: true })
  const dir = mkdtempSync(join(ROOT, '.e2e', `${name.replace(/\//g, '-')}-`))
  cpSync(join(ROOT, 'fixtures', name), dir, { recursive: true })
  return {
    dir,
    remove: () => {
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Runs the real Vitest CLI in `dir`, as a user would. */
export function runVitest(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<VitestRun> {
  return runCommand(dir, process.execPath, [VITEST, ...args], env)
}

/** Runs the `abgate` command, from source, in `dir`. */
export function runAbgate(
  dir: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<VitestRun> {
  const main = join(ROOT, 'src/cli/main.ts')
  return runCommand(dir, process.execPath, ['--import', 'tsx', main, ...args], env)
}

/**
 * Runs `command` in `dir` without a terminal: no colors, as on CI, with no
 * GitHub step summary or baseline report from the environment unless `env`
 * sets them.
 */
export function runCommand(
  dir: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<VitestRun> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, {
      cwd: dir,
      env: {
        ...process.env,
        CI: 'true',
        NO_COLOR: '1',
        FORCE_COLOR: '0',
        GITHUB_STEP_SUMMARY: '',
        ABGATE_BASELINE: '',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => {
      resolveRun({ code, stdout, stderr, output: clean(`${stdout}\n${stderr}`, dir) })
    })
  })
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g

function clean(text: string, dir: string): string {
  return text.replace(ANSI, '').split(dir).join('<root>')
}
