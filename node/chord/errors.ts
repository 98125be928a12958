/** Errors of the Chord layer. Callers test `err.name` / `err.code`, never messages. */

/** A ring RPC answered with a typed error, or a local ring operation that cannot proceed. */
export class RingError extends Error {
  override readonly name = 'RingError'
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Joining failed: the bootstrap peer did not answer, or no member could be found. */
export class JoinError extends Error {
  override readonly name = 'JoinError'
  readonly code = 'JoinFailed'
}

/** A lookup ran out of live candidates or hops. */
export class LookupError extends Error {
  override readonly name = 'LookupError'
  readonly code = 'LookupFailed'
}
