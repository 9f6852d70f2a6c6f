import { createModuleClient, type ModuleClientSettings } from './module.ts'
import { createReplayClient } from './replay.ts'
import type { ModelClient } from './types.ts'

/** How a suite's candidate is reached: plain data, sent to the workers. */
export type ClientSettings = { kind: 'replay' } | ModuleClientSettings

/** Makes the client the settings describe. */
export async function createClient(settings: ClientSettings): Promise<ModelClient> {
  switch (settings.kind) {
    case 'replay':
      return createReplayClient()
    case 'module':
      return createModuleClient(settings)
  }
}
