/** Errors of the local store. Callers test `err.name` / `err.code`, never messages. */

export type StoreErrorCode =
  /** An item or version passed to put() is malformed (flags not u32, hlc not u64, ...). */
  | 'BadItem'
  /** The HLC reached 2^64 - 1 and cannot move on. */
  | 'ClockExhausted'
  /** The store was used after close(). */
  | 'Closed'
  /** apply() produced an item that last-writer-wins refused: the clock did not move past the held version. */
  | 'StaleVersion'

/** A local store operation that cannot proceed. */
export class StoreError extends Error {
  override readonly name = 'StoreError'
  readonly code: StoreErrorCode
  constructor (code: StoreErrorCode, message: string) {
    super(message)
    this.code = code
  }
}

/** The data directory cannot be read or written (open, append, fsync, compaction). */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError'
  readonly code = 'PersistenceFailed'
  constructor (message: string, options?: ErrorOptions) {
    super(message, options)
  }
}
