import type { ClientSettings } from '../clients/registry.ts'
import type { ReportText } from '../privacy/report-text.ts'
import type { FailOn } from '../report/failure.ts'

/** What a worker needs to run a suite's samples: plain data, sent with `provide`. */
export interface RuntimeSettings {
  suite: string
  client: ClientSettings
  failOn: FailOn
  reportText: ReportText
  feedbackOverridesLabel: boolean
}

declare module 'vitest' {
  interface ProvidedContext {
    abgate: RuntimeSettings
  }
}
