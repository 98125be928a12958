import type { RegisterState } from './messages.ts'

/** Errors of the coordination layer; `code` is one of CoordErrorCode. */
export class CoordError extends Error {
  override readonly name = 'CoordError'
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** A compare-and-set found another version: carries the register's committed state. */
export class VersionMismatchError extends CoordError {
  readonly current: RegisterState
  constructor (message: string, current: RegisterState) {
    super('VersionMismatch', message)
    this.current = current
  }
}
