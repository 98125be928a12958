/**
 * The register interface every coordination recipe (locks, election, membership, config
 * watches, the jobs workload) is written against. Two implementations share it: the network
 * client (`connect(...).coord`, which asks a peer to run CASPaxos) and the in-process one over a
 * Proposer (node/coord/local-api.ts, used by a peer itself and by simulator tests).
 *
 * Semantics (docs/coordination.md):
 * - `get` is linearizable (a CASPaxos round) unless `{ stale: true }`.
 * - `put` is atomic; with `ifVersion` it is compare-and-set (0n: only if never written or
 *   deleted to version 0 — a deleted register keeps its version, so 0n means "never written").
 *   A mismatch is an answer, not an error: `{ ok: false, current }`.
 * - Versions strictly increase per key; `put(key, null)` deletes (the version still goes up).
 * - Errors are CoordError with a CoordErrorCode: `Unavailable` (definitely not applied),
 *   `Indeterminate` (maybe applied: read and look for your writeId), `BadRequest`, `TooLarge`.
 * - `watchNext(key, after)` waits until the register is past version `after` and answers the
 *   committed versions after it in order (`resync: false`), or, when that history is gone,
 *   `resync: true` with the current entry alone. An empty `events` means the wait ran out.
 */

/** One committed version of a register (version 0n with value null: never written). */
export interface CoordEntry {
  readonly value: Uint8Array | null
  readonly version: bigint
  readonly writeId: string
}

export type PutResult =
  | { readonly ok: true, readonly version: bigint }
  | { readonly ok: false, readonly current: CoordEntry }

export interface WatchBatch {
  readonly events: readonly CoordEntry[]
  /** true: history after `after` is gone; `events` holds only the current entry. */
  readonly resync: boolean
}

export interface CoordGetOptions {
  /** Read one replica instead of running a quorum round (monotonic per client, maybe stale). */
  readonly stale?: boolean
}

export interface CoordPutOptions {
  /** Compare-and-set on this version (0n: only if never written). */
  readonly ifVersion?: bigint
  /** Unique id of this write (generated when absent); find it in a read after Indeterminate. */
  readonly writeId?: string
}

export interface CoordWatchOptions {
  /** How long to wait for a newer version before answering no events (default 10 s). */
  readonly waitMs?: number
  readonly signal?: AbortSignal
}

export interface CoordApi {
  get: (key: string, options?: CoordGetOptions) => Promise<CoordEntry>
  put: (key: string, value: Uint8Array | null, options?: CoordPutOptions) => Promise<PutResult>
  watchNext: (key: string, after: bigint, options?: CoordWatchOptions) => Promise<WatchBatch>
}
