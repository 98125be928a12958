/**
 * Transport errors. Callers test `err.name` (or `code` for RemoteError), never messages.
 */

/** The request's deadline passed before a response arrived. The request may have been applied. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError'
  readonly code = 'Timeout'
}

/** The peer could not be dialed, or the connection closed before the response. */
export class UnreachableError extends Error {
  override readonly name = 'UnreachableError'
  readonly code = 'Unreachable'
}

/** Bytes that do not decode to a valid message (bad protobuf, missing field, wrong id length). */
export class BadMessageError extends Error {
  override readonly name = 'BadMessageError'
  readonly code = 'BadMessage'
}

/** A frame or message larger than the protocol allows. */
export class TooLargeError extends Error {
  override readonly name = 'TooLargeError'
  readonly code = 'TooLarge'
}

/** The remote peer answered with a typed error. `code` is the remote error's code. */
export class RemoteError extends Error {
  override readonly name = 'RemoteError'
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** True for errors that mean "the peer is gone or not answering" (treat as failed). */
export function isPeerFailure (err: unknown): boolean {
  const name = (err as Error | undefined)?.name
  return name === 'TimeoutError' || name === 'UnreachableError'
}

/** The `code` a handler error is sent back with: its own string code, else 'Internal'. */
export function errorCode (err: unknown): string {
  const code = (err as { code?: unknown } | undefined)?.code
  return typeof code === 'string' && code.length > 0 && code.length <= 64 ? code : 'Internal'
}
