import { pathToFileURL } from 'node:url'
import { AbgateUserError } from '../errors.ts'
import { checkAnswer } from './answer.ts'
import type { ClientAnswer, ClassifyRequest, ModelClient } from './types.ts'

/** Settings of the `module` client: plain data, as they reach the workers. */
export interface ModuleClientSettings {
  kind: 'module'
  /** Absolute path of the user's module. */
  path: string
  /** How the path was written in the configuration (for messages). */
  label: string
  /** Passed to the module's `setup` export, if it has one. */
  options: Record<string, unknown>
  timeoutMs: number
}

/**
 * What a user's client module exports. `classify` is required; `setup` runs
 * once per test file (a dataset, or a chunk of a large one) before its first
 * sample, `close` after its last.
 */
export interface ClientModule {
  classify: (request: ClassifyRequest) => unknown
  setup?: (options: Record<string, unknown>) => unknown
  close?: () => unknown
}

/** Loads a user's TypeScript or JavaScript file that exports `classify`. */
export async function createModuleClient(
  settings: ModuleClientSettings,
): Promise<ModelClient> {
  const loaded = await importClientModule(settings)
  await loaded.setup?.(settings.options)
  const name = `module:${settings.label}`
  return {
    name,
    classify: (request) => classifyWithin(loaded, request, settings.timeoutMs, name),
    close: async () => {
      await loaded.close?.()
    },
  }
}

async function importClientModule(settings: ModuleClientSettings): Promise<ClientModule> {
  let loaded: Partial<ClientModule>
  try {
    loaded = (await import(pathToFileURL(settings.path).href)) as Partial<ClientModule>
  } catch (error) {
    // No cause chained: its stack is of our loader, and this is the user's file.
    const reason = error instanceof Error ? error.message : String(error)
    throw new AbgateUserError(
      'client_module_unloadable',
      `cannot load the client module ${settings.label}: ${reason}. Check the client's path in the suite configuration.`,
    )
  }
  if (typeof loaded.classify !== 'function') {
    throw new AbgateUserError(
      'client_module_invalid',
      `the client module ${settings.label} must export a function "classify(request)" ` +
        'that returns { decision: "block" | "allow" } (or a promise of it)',
    )
  }
  return loaded as ClientModule
}

async function classifyWithin(
  loaded: ClientModule,
  request: ClassifyRequest,
  timeoutMs: number,
  name: string,
): Promise<ClientAnswer> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<ClientAnswer>((resolve) => {
    timer = setTimeout(() => {
      resolve({
        error: {
          code: 'timeout',
          message: `${name} gave no answer within ${timeoutMs} ms`,
        },
      })
    }, timeoutMs)
  })
  try {
    const answer = Promise.resolve()
      .then(() => loaded.classify(request))
      .then((value) => checkAnswer(value, name))
    return await Promise.race([answer, timeout])
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    return { error: { code: 'client_threw', message: `${name} threw: ${message}` } }
  } finally {
    clearTimeout(timer)
  }
}
