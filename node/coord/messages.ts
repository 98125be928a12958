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
  /**
   * Earlier versions, newest first, each exactly one below the one before it (absent: none
   * kept). Bounded by MAX_HISTORY entries and MAX_HISTORY_BYTES of values; watches resume
   * from it and answer a resync when what they need is older.
   */
  readonly history?: readonly HistoryEntry[]
}

/** One earlier version of a register. */
export interface HistoryEntry {
  readonly value: Uint8Array | null
  readonly version: bigint
  readonly writeId: string
}

/** Most earlier versions a register keeps. */
export const MAX_HISTORY = 16
/** Most bytes of values a register's history keeps. */
export const MAX_HISTORY_BYTES = 64 * 1024

/** Most members a coordination group may have. */
export const MAX_GROUP_MEMBERS = 15
/** Longest acceptor incarnation id, in characters. */
export const MAX_INCARNATION_CHARS = 64
/** Most keys one listKeys answer carries. */
export const MAX_LIST_KEYS = 256
/** Longest watch wait a peer grants, in ms. */
export const MAX_WATCH_WAIT_MS = 60_000
/** Most events one watch answer carries. */
export const MAX_WATCH_EVENTS = 64

/**
 * One acceptor of the coordination group. `incarnation` names its acceptor state: an acceptor
 * whose state starts empty (first start, or restarted without its data) draws a new one, so a
 * peer that forgot its promises is never mistaken for the member it used to be.
 */
export interface GroupMember {
  readonly peerId: string
  readonly incarnation: string
  readonly addrs: readonly string[]
}

/** The coordination group at one configuration epoch; members sorted by peer id, distinct. */
export interface GroupConfig {
  readonly epoch: bigint
  readonly members: readonly GroupMember[]
}

export type CoordRequest =
  /** Phase 1: promise not to accept ballots below `ballot`; answer what was accepted. */
  | { readonly type: 'prepare', readonly key: string, readonly epoch: bigint, readonly ballot: Ballot }
  /** Phase 2: accept `state` at `ballot` unless a higher ballot was promised. */
  | { readonly type: 'accept', readonly key: string, readonly epoch: bigint, readonly ballot: Ballot, readonly state: RegisterState }
  /** Move to `config` (chosen by consensus in the epoch before it) if it is newer. */
  | { readonly type: 'adopt', readonly config: GroupConfig }
  /** The acceptor's configuration and incarnation. */
  | { readonly type: 'status' }
  /** Keys with acceptor state, sorted, after `after` (at most `limit`). */
  | { readonly type: 'listKeys', readonly epoch: bigint, readonly after: string, readonly limit: number }
  /** Client operations (any peer serves them by running the proposer). */
  | { readonly type: 'get', readonly key: string, readonly stale: boolean }
  | { readonly type: 'put', readonly key: string, readonly value: Uint8Array | null, readonly ifVersion: bigint | null, readonly writeId: string }
  | { readonly type: 'watch', readonly key: string, readonly after: bigint, readonly waitMs: number }

export type CoordResponse =
  | { readonly type: 'promise', readonly accepted: { readonly ballot: Ballot, readonly state: RegisterState } | null }
  | { readonly type: 'accepted' }
  /** The acceptor promised or accepted a higher ballot: retry above `promised`. */
  | { readonly type: 'conflict', readonly promised: Ballot }
  /**
   * The acceptor's configuration (null: none, it serves nothing) and incarnation. `mismatch`:
   * the request was refused because its epoch is not the acceptor's or the acceptor is not a
   * member of its own configuration; nothing was done.
   */
  | { readonly type: 'status', readonly config: GroupConfig | null, readonly incarnation: string, readonly mismatch: boolean }
  | { readonly type: 'keys', readonly keys: readonly string[], readonly more: boolean }
  | { readonly type: 'entry', readonly state: RegisterState }
  | { readonly type: 'put', readonly ok: true, readonly version: bigint }
  | { readonly type: 'put', readonly ok: false, readonly current: RegisterState }
  | { readonly type: 'watch', readonly events: readonly RegisterState[], readonly resync: boolean }

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
