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
  sourcesContent: string[]
  names: string[]
  mappings: string
}

/**
 * A source map that sends the start of generated line i + 1 to the start of
 * source line `sourceLines[i]`: each line of a generated dataset module
 * points at the JSONL line it was made from.
 */
export function lineMap(
  source: string,
  generatedName: string,
  sourceLines: readonly number[],
): SourceMapV3 {
  let previous = 0
  const segments = sourceLines.map((line) => {
    const segment = `AA${vlq(line - 1 - previous)}A`
    previous = line - 1
    return segment
  })
  return {
    version: 3,
    file: generatedName,
    sources: [source],
    // Not the dataset's text: left out, Vite would read the whole file into
    // the map of every chunk. Tools read the JSONL file itself.
    sourcesContent: [''],
    names: [],
    mappings: segments.join(';'),
  }
}
