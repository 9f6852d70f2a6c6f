const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** One base64 VLQ number, as source maps write them. */
function vlq(value: number): string {
  let rest = value < 0 ? (-value << 1) | 1 : value << 1
  let out = ''
  do {
    let digit = rest & 31
    rest >>>= 5
    if (rest > 0) digit |= 32
    out += BASE64.charAt(digit)
  } while (rest > 0)
  return out
}

export interface SourceMapV3 {
  version: 3
  file: string
  sources: string[]
  names: string[]
  mappings: string
}

/**
 * A source map that sends the start of each generated line to the start of
 * the source line with the same number: the generated module keeps every
 * sample's code on its JSONL line. `lines` lists the 1-based lines that
 * carry code.
 */
export function lineToLineMap(
  source: string,
  generatedName: string,
  lines: Iterable<number>,
): SourceMapV3 {
  const segments: string[] = []
  let previous = 0
  for (const line of lines) {
    while (segments.length < line - 1) segments.push('')
    segments.push(`AA${vlq(line - 1 - previous)}A`)
    previous = line - 1
  }
  return {
    version: 3,
    file: generatedName,
    sources: [source],
    names: [],
    mappings: segments.join(';'),
  }
}
