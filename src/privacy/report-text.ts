import { createHash } from 'node:crypto'

/** How much of each prompt reports carry: nothing, a hash, a short excerpt, or all of it. */
export const REPORT_TEXT_MODES = ['none', 'hash', 'excerpt', 'full'] as const
export type ReportText = (typeof REPORT_TEXT_MODES)[number]

const EXCERPT_LENGTH = 48

/** First 16 hex digits of the SHA-256 of a prompt: joins runs without keeping the text. */
export function textHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}

/** A short, one-line excerpt of a prompt. */
export function excerpt(text: string, length = EXCERPT_LENGTH): string {
  const line = text.replace(/\s+/g, ' ').trim()
  return line.length <= length ? line : `${line.slice(0, length - 1)}…`
}

/** The prompt as a report may carry it under the suite's `reportText` option. */
export function shownText(
  text: string,
  mode: ReportText,
  hash = textHash(text),
): string | null {
  switch (mode) {
    case 'none':
      return null
    case 'hash':
      return `sha256:${hash}`
    case 'excerpt':
      return excerpt(text)
    case 'full':
      return text
  }
}
