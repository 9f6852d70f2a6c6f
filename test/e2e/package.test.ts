import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reportSchema } from '../../src/report/schema.ts'
import { ROOT, runCommand, type VitestRun } from './run-vitest.ts'

/*
 * abgate used from another repository, as the README's "Using abgate in your
 * repository" says: the package is packed by `npm pack` (which builds it in
 * `prepack`) and unpacked into the node_modules of a project outside this
 * repository. Its other node_modules entries link to this repository's, so
 * that Vitest, zod, ndjson and the rest resolve with no network; `abgate`
 * itself is the unpacked tarball, so `files`, `exports` and `bin` are what
 * is tested, never this repository's sources.
 *
 * The suite is fixtures/valid's 12 synthetic samples (counted by hand in
 * valid.test.ts), replayed, and decided by a TypeScript client module.
 */

const SUITE = 'test_suites/team_suite'

const VITEST_CONFIG = `import { defineConfig } from 'vitest/config'
import { abgate } from 'abgate'

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [
          abgate({
            dir: '${SUITE}',
            failOn: 'none',
            gate: { each: { maxFalseNegativeRate: 0.5 }, total: { maxRegressions: 2 } },
          }),
        ],
      },
      {
        plugins: [
          abgate({
            dir: '${SUITE}',
            name: 'team_suite_live',
            failOn: 'none',
            client: { kind: 'module', path: 'client.ts', options: { decision: 'block' } },
            gate: { total: { maxFalseNegativeRate: 0 } },
            reports: { dir: 'reports/live' },
          }),
        ],
      },
    ],
  },
})
`

/** Allows everything unless its options say otherwise: the table shows that setup() ran. */
const CLIENT = `import type { ClassifyRequest, ClientAnswer } from 'abgate'

let decision: 'block' | 'allow' = 'allow'

export function setup(options: Record<string, unknown>): void {
  if (options.decision === 'block') decision = 'block'
}

export function classify(request: ClassifyRequest): Promise<ClientAnswer> {
  return Promise.resolve({ decision, score: request.text.length > 0 ? 0.9 : 0 })
}
`

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: ['node'],
    skipLibCheck: false,
    noEmit: true,
  },
  files: ['vitest.config.ts', 'client.ts'],
}

/** Runs `command` in `cwd`, npm kept from checking for updates, audits and funding. */
function run(command: string, args: readonly string[], cwd: string): Promise<VitestRun> {
  return runCommand(cwd, command, args, {
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  })
}

/** `npm pack` in the repository; its `prepack` builds dist/, which is then removed. */
async function packInto(destination: string): Promise<string> {
  const dist = join(ROOT, 'dist')
  // A dist/ found here is set aside (in .e2e/, on the same disk), so that the
  // tarball holds a fresh build only, and put back afterwards.
  let aside: string | null = null
  if (existsSync(dist)) {
    mkdirSync(join(ROOT, '.e2e'), { recursive: true })
    aside = mkdtempSync(join(ROOT, '.e2e', 'dist-before-pack-'))
    renameSync(dist, join(aside, 'dist'))
  }
  try {
    const pack = await run(
      'npm',
      ['pack', '--offline', '--pack-destination', destination],
      ROOT,
    )
    if (pack.code !== 0) throw new Error(`npm pack failed:\n${pack.output}`)
  } finally {
    rmSync(dist, { recursive: true, force: true })
    if (aside !== null) {
      renameSync(join(aside, 'dist'), dist)
      rmSync(aside, { recursive: true, force: true })
    }
  }
  const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz'))
  if (tarball === undefined)
    throw new Error(`npm pack wrote no tarball in ${destination}`)
  return join(destination, tarball)
}

/** Every file under `dir`, relative to it. */
function filesOf(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
}

/** The package a bare import specifier names: `zod`, `vitest/node` → `vitest`, `@a/b/c` → `@a/b`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/')
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/')
}

interface PackageJson {
  exports: Record<string, string | Record<string, string>>
  bin: Record<string, string>
  dependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
}

describe('abgate used from another repository, as npm packs it', () => {
  let temp: string
  let project: string
  let pkg: string
  let manifest: PackageJson
  const distBefore = existsSync(join(ROOT, 'dist'))

  beforeAll(async () => {
    temp = mkdtempSync(join(tmpdir(), 'abgate-package-'))
    project = join(temp, 'project')
    pkg = join(project, 'node_modules', 'abgate')
    const tarball = await packInto(temp)

    mkdirSync(pkg, { recursive: true })
    const untar = await run(
      'tar',
      ['-xzf', tarball, '-C', pkg, '--strip-components=1'],
      temp,
    )
    if (untar.code !== 0) throw new Error(`tar failed:\n${untar.output}`)
    manifest = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')) as PackageJson

    // Every installed package but abgate; Vite's caches (.vite, .vite-temp) and
    // npm's lock stay the project's own, so that nothing resolves from here.
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (entry === 'abgate' || (entry.startsWith('.') && entry !== '.bin')) continue
      symlinkSync(join(ROOT, 'node_modules', entry), join(project, 'node_modules', entry))
    }
    writeFileSync(join(project, 'package.json'), '{ "type": "module" }\n')
    writeFileSync(join(project, 'vitest.config.ts'), VITEST_CONFIG)
    writeFileSync(join(project, 'client.ts'), CLIENT)
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
    cpSync(join(ROOT, 'fixtures/valid/suite/data'), join(project, SUITE, 'data'), {
      recursive: true,
    })
  }, 180_000)

  afterAll(() => {
    if (temp) rmSync(temp, { recursive: true, force: true })
  })

  it('leaves the repository as it was: no dist/ that was not there before', () => {
    expect(existsSync(join(ROOT, 'dist'))).toBe(distBefore)
    const e2e = join(ROOT, '.e2e')
    const asides = existsSync(e2e)
      ? readdirSync(e2e).filter((n) => n.startsWith('dist-'))
      : []
    expect(asides).toEqual([])
  })

  it('ships every file its exports and bin name, and the bin starts with a shebang', () => {
    const files = new Set(filesOf(pkg))
    const targets = [
      ...Object.values(manifest.exports).flatMap((target) =>
        typeof target === 'string' ? [target] : Object.values(target),
      ),
      ...Object.values(manifest.bin),
    ].map((target) => target.replace(/^\.\//, ''))
    expect(targets).toContain('dist/index.js')
    expect(targets).toContain('dist/index.d.ts')
    expect(targets).toContain('dist/plugin/runtime.js')
    expect(targets.filter((target) => !files.has(target))).toEqual([])
    expect(files.has('README.md')).toBe(true)
    // npm sets the bin's exec bit when it installs the package; the shebang is ours.
    const bin = manifest.bin.abgate ?? ''
    expect(readFileSync(join(pkg, bin), 'utf8').split('\n')[0]).toBe(
      '#!/usr/bin/env node',
    )
  })

  it('imports at run time and in its types only packages it depends on', () => {
    const declared = new Set([
      'abgate', // itself, e.g. in a doc comment's example
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ])
    const used = new Set<string>()
    for (const file of filesOf(pkg).filter((f) => /\.(js|d\.ts)$/.test(f))) {
      const code = readFileSync(join(pkg, file), 'utf8')
      const specifiers = code.matchAll(
        /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|declare module\s+)['"]([^'"]+)['"]/g,
      )
      for (const [, specifier = ''] of specifiers) {
        if (!specifier.startsWith('.') && !specifier.startsWith('node:'))
          used.add(packageOf(specifier))
      }
    }
    expect(used).toContain('vitest')
    expect([...used].filter((name) => !declared.has(name))).toEqual([])
  })

  it('runs a replayed suite from vitest.config.ts and writes a valid JSON report', async () => {
    const result = await run(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--project', 'team_suite'],
      project,
    )
    expect(result.output).toMatch(/Tests\s+12 passed \(12\)/)
    expect(result.output).toContain(
      ' abgate · team_suite · 12 samples · candidate: replay · baseline: old_model_decision',
    )
    expect(result.output).toContain(
      ' total     12   4   2   4   2    0  33% (9.7–70)  33% (9.7–70)',
    )
    expect(result.output).toContain('gate passed: 7 checks in 1 suite ✓')
    expect(result.code).toBe(0)

    const report = reportSchema.parse(
      JSON.parse(readFileSync(join(project, 'reports/abgate/report.json'), 'utf8')),
    )
    expect(report.gate).toEqual({ evaluated: true, passed: true })
    expect(
      report.suites.map((suite) => [suite.suite, suite.client, suite.verdicts.length]),
    ).toEqual([['team_suite', 'replay', 12]])
  })

  it('runs a suite whose candidate is a TypeScript client module', async () => {
    const result = await run(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', '--project', 'team_suite_live'],
      project,
    )
    expect(result.output).not.toContain('Unknown file extension ".ts"')
    expect(result.output).toMatch(/Tests\s+12 passed \(12\)/)
    expect(result.output).toContain(
      ' abgate · team_suite_live · 12 samples · candidate: module:client.ts',
    )
    // setup() ran with the config's options: everything is blocked.
    expect(result.output).toContain(' total     12   6   6   0   0    0')
    expect(result.code).toBe(0)
    const report = reportSchema.parse(
      JSON.parse(readFileSync(join(project, 'reports/live/report.json'), 'utf8')),
    )
    expect(report.suites[0]?.verdicts.every((v) => v.decision === 'block')).toBe(true)
  })

  it('type-checks the config and the client against the published types', async () => {
    const result = await run(
      process.execPath,
      ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json', '--listFiles'],
      project,
    )
    expect(result.output).not.toContain('error TS')
    expect(result.code).toBe(0)
    // `abgate` resolved to the package's declarations, through its `types` condition.
    expect(result.output).toContain('<root>/node_modules/abgate/dist/index.d.ts')
    expect(result.output).not.toContain(join(ROOT, 'src'))
  })

  it('runs a suite with the abgate bin', async () => {
    rmSync(join(project, 'reports'), { recursive: true, force: true })
    const result = await run(
      process.execPath,
      [join(pkg, manifest.bin.abgate ?? ''), 'run', '--project', 'team_suite'],
      project,
    )
    expect(result.output).toMatch(/Tests\s+12 passed \(12\)/)
    expect(result.output).toContain(
      ' abgate · team_suite · 12 samples · candidate: replay',
    )
    expect(result.output).toContain('gate passed: 7 checks in 1 suite ✓')
    expect(result.code).toBe(0)
    expect(existsSync(join(project, 'reports/abgate/report.json'))).toBe(true)
  })

  it('prints its usage and exits 2 when the bin is given no command', async () => {
    const result = await run(
      process.execPath,
      [join(pkg, manifest.bin.abgate ?? '')],
      project,
    )
    expect(result.code).toBe(2)
    expect(result.output).toContain('abgate: no command given')
    expect(result.output).toContain('usage: abgate run [--baseline <report.json>]')
  })
})
