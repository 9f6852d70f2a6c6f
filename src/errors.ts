/**
 * The base of every error abgate raises on purpose. `code` is stable and
 * documented; the message says what was wrong and what to do about it.
 */
export class AbgateError extends Error {
  readonly code: string

  constructor(code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    // Not enumerable, so that printers that list an error's fields show only `code`.
    Object.defineProperty(this, 'name', { value: new.target.name, enumerable: false })
    this.code = code
  }
}

/**
 * An error caused by what the user gave us (a file, a line, an option), not
 * by a bug. Its stack is the message alone: a user's mistake never shows a
 * trace of our code.
 */
export class AbgateUserError extends AbgateError {
  constructor(code: string, message: string, options?: ErrorOptions) {
    super(code, message, options)
    this.stack = `${this.name} [${code}]: ${message}`
  }
}

export function isAbgateError(value: unknown): value is AbgateError {
  return value instanceof AbgateError
}
