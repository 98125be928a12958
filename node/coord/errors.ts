import type { GroupConfig, RegisterState } from './messages.ts'

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

/**
 * Acceptors answered with a newer configuration than the one the proposer used: nothing was
 * decided in this call; retry the (idempotent) change with `config`. `sentAccept`: an accept
 * of this call reached some acceptor, so only a retry or a read can tell the outcome.
 */
export class StaleConfigError extends CoordError {
  readonly config: GroupConfig
  readonly sentAccept: boolean
  constructor (message: string, config: GroupConfig, sentAccept: boolean) {
    super('EpochMismatch', message)
    this.config = config
    this.sentAccept = sentAccept
  }
}

/**
 * A retried write found its own writeId in the register's history: an earlier attempt of the
 * same write was chosen, at `version`. Not a failure: the write applied once.
 */
export class AlreadyAppliedError extends CoordError {
  readonly version: bigint
  constructor (version: bigint) {
    super('AlreadyApplied', `applied earlier at version ${version}`)
    this.version = version
  }
}
