/**
 * abgate: a release gate for content-safety classifiers, built on Vitest.
 * The plugin turns each JSONL sample into a test case; the reporter turns
 * the verdicts into tables.
 */
export { abgate } from './plugin/plugin.ts'
export type { AbgateOptions } from './plugin/options.ts'
export type { FailOn } from './report/failure.ts'
export type { GateOptions, Thresholds } from './report/gate.ts'
export { reportSchema } from './report/schema.ts'
export type { Report, SuiteReport } from './report/schema.ts'
export type { ReportText } from './privacy/report-text.ts'
export { AbgateReporter } from './reporters/reporter.ts'
export type {
  ClassifyRequest,
  ClientAnswer,
  ClientDecision,
  ModelClient,
} from './clients/types.ts'
export type { ClientModule } from './clients/module.ts'
export type {
  Decision,
  Feedback,
  Sample,
  SampleMetadata,
  DatasetMetadata,
} from './dataset/schema.ts'
export { sampleSchema, feedbackSchema, datasetMetadataSchema } from './dataset/schema.ts'
export type { Verdict, Outcome, Change, SampleError, SuiteSummary } from './verdict.ts'
export { AbgateError, AbgateUserError } from './errors.ts'
export type { RuntimeSettings } from './plugin/settings.ts'
