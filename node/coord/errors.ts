/** Errors of the coordination layer; `code` is one of CoordErrorCode. */
export class CoordError extends Error {
  override readonly name = 'CoordError'
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
  }
}
