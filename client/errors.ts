/**
 * Errors of the client library. Callers test `err.name` (or `err.code`), never messages.
 *
 * Outcomes that memcached answers as a normal reply are NOT errors: a missing key (get →
 * undefined, delete → false, incr → undefined), add on an existing key or replace on a
 * missing one (false), a cas conflict ('exists'). Errors are for operations that could not
 * be carried out, and they say whether a write may have been applied:
 * - OutcomeUnknownError: the write was sent and may or may not have been applied (read the
 *   key to find out);
 * - every other error from a write: the write was not applied.
 */

/** Base class of every error this client throws itself. */
export class ClientError extends Error {
  override readonly name: string = 'ClientError'
  readonly code: string = 'ClientError'
}

/** A key that memcached would refuse: empty, over 250 UTF-8 bytes, or holding spaces or control characters. Checked before sending. */
export class BadKeyError extends ClientError {
  override readonly name: string = 'BadKeyError'
  override readonly code: string = 'BadKey'
}

/** A value over 1 MiB (checked before sending), or an append/prepend whose result would be. */
export class TooLargeError extends ClientError {
  override readonly name: string = 'TooLargeError'
  override readonly code: string = 'TooLarge'
}

/** incr/decr of a value that is not a decimal unsigned 64-bit number. Not applied. */
export class NonNumericError extends ClientError {
  override readonly name: string = 'NonNumericError'
  override readonly code: string = 'NonNumeric'
}

/**
 * No peer could carry the operation out: every peer tried was unreachable, or kept sending the
 * client elsewhere. Nothing was applied.
 */
export class UnavailableError extends ClientError {
  override readonly name: string = 'UnavailableError'
  override readonly code: string = 'Unavailable'
}

/** A read got no answer in time from any peer it tried. */
export class TimeoutError extends ClientError {
  override readonly name: string = 'TimeoutError'
  override readonly code: string = 'Timeout'
}

/** Why a write's outcome is unknown. */
export type OutcomeUnknownCode =
  /** No answer before the deadline, or the connection broke while the request was out. */
  | 'Timeout'
  /** The primary applied it but fewer than W copies acknowledged: it may not survive a crash. */
  | 'Unavailable'
  /** The peer failed for a reason of its own (an internal error) after receiving it. */
  | 'ServerError'

/**
 * A write was sent and may or may not have been applied: its deadline passed, the connection
 * broke mid-request, or it reached fewer copies than the write quorum. It is never retried
 * automatically (a retried append or incr would apply twice); read the key to find out.
 */
export class OutcomeUnknownError extends ClientError {
  override readonly name: string = 'OutcomeUnknownError'
  override readonly code: OutcomeUnknownCode
  constructor (code: OutcomeUnknownCode, message: string, options?: ErrorOptions) {
    super(`${message}; it may or may not have been applied`, options)
    this.code = code
  }
}

/** A peer answered something the protocol does not allow here (a bug or a version mismatch). */
export class ProtocolError extends ClientError {
  override readonly name: string = 'ProtocolError'
  override readonly code: string
  constructor (code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** A peer failed a read for a reason of its own (code: the peer's error code, e.g. 'Internal'). */
export class ServerError extends ClientError {
  override readonly name: string = 'ServerError'
  override readonly code: string
  constructor (code: string, message: string, options?: ErrorOptions) {
    super(message, options)
    this.code = code
  }
}

/** The client was closed. */
export class ClientClosedError extends ClientError {
  override readonly name: string = 'ClientClosedError'
  override readonly code: string = 'Closed'
}
