/**
 * The coordination protocol (`/chordkv/coord/1.0.0`): CASPaxos (Rystsov 2018) between a
 * proposer and the acceptors of a key's group, as plain objects.
 *
 * Every request names the configuration epoch the proposer believes the key's group is at;
 * an acceptor at another epoch answers `EpochMismatch` with its own, so membership can change
 * one acceptor at a time without mixing quorums of two configurations.
 */

export const COORD_PROTOCOL = '/chordkv/coord/1.0.0'

/** Largest register value, in bytes. */
export const MAX_REGISTER_BYTES = 64 * 1024
/** Largest coordination key (a register name), in bytes. */
export const MAX_REGISTER_KEY_BYTES = 512
/** Largest encoded coordination message, in bytes. */
export const MAX_COORD_MESSAGE_BYTES = 256 * 1024

/** A CASPaxos ballot: ordered by counter, then by proposer id (unique per proposer). */
export interface Ballot {
  readonly counter: bigint
  readonly proposer: string
}

/**
 * The state of one register. `version` increases by one with every committed change (0: never
 * written); `writeId` names the change that produced it, so a client whose write timed out can
 * find out by reading whether it applied.
 */
export interface RegisterState {
  readonly value: Uint8Array | null
  readonly version: bigint
  readonly writeId: string
}

export type CoordRequest =
  /** Phase 1: promise not to accept ballots below `ballot`; answer what was accepted. */
  | { readonly type: 'prepare', readonly key: string, readonly epoch: bigint, readonly ballot: Ballot }
  /** Phase 2: accept `state` at `ballot` unless a higher ballot was promised. */
  | { readonly type: 'accept', readonly key: string, readonly epoch: bigint, readonly ballot: Ballot, readonly state: RegisterState }

export type CoordResponse =
  | { readonly type: 'promise', readonly accepted: { readonly ballot: Ballot, readonly state: RegisterState } | null }
  | { readonly type: 'accepted' }
  /** The acceptor promised or accepted a higher ballot: retry above `promised`. */
  | { readonly type: 'conflict', readonly promised: Ballot }

/** Typed error codes of the coordination layer. */
export const CoordErrorCode = {
  /** The acceptor's configuration epoch differs from the request's. */
  EpochMismatch: 'EpochMismatch',
  /** No quorum answered before anything could have been chosen: definitely not applied. */
  Unavailable: 'Unavailable',
  /** The outcome is unknown: an accept may have reached a quorum. Read to find out. */
  Indeterminate: 'Indeterminate',
  /** ifVersion did not match. */
  VersionMismatch: 'VersionMismatch',
  BadRequest: 'BadRequest',
  TooLarge: 'TooLarge'
} as const
