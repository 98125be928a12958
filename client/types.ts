import type { ClientCoord } from './coord.ts'
/**
 * The client's public types: what `connect()` takes and the Client it returns.
 */
import type { ComponentLogger } from '@libp2p/interface'
import type { ViewVnode } from '../node/kv/messages.ts'
import type { RingView } from '../ring/view.ts'

export interface ConnectOptions {
  /**
   * Multiaddrs of ring members (with or without /p2p/<peerId>), tried in turn until one
   * gives a ring view. Also used later when no peer of the current view answers.
   */
  readonly bootstrap: readonly string[]
  /** Deadline of one request to one peer, in ms (default 5000). */
  readonly timeoutMs?: number
  /** Further attempts an operation may make after its first (default 3). */
  readonly retries?: number
  /** Identifier bits of the ring (default 160, as the daemon). */
  readonly m?: number
  /** The ring's swarm key (file contents), when its peers run as a private network. */
  readonly swarmKey?: Uint8Array
  /** Least time between two ring view fetches, in ms (default 100). */
  readonly minRefreshIntervalMs?: number
  /** @libp2p/logger ComponentLogger; components are named 'chordkv:client…' (DEBUG=chordkv:client*). */
  readonly logger?: ComponentLogger
}

/** A value with its memcached metadata, as gets returns it. */
export interface Item {
  readonly value: Uint8Array
  /** u32 memcached client flags. */
  readonly flags: number
  /** The CAS unique: pass it to cas() to write only if nobody wrote since. */
  readonly cas: bigint
}

export interface StoreOptions {
  /** u32 memcached client flags, stored with the value and returned by gets (default 0). */
  readonly flags?: number
  /**
   * Time to live in whole seconds; 0 or absent: never expires. Always relative to now (the
   * client turns ttls beyond memcached's 30 days into the absolute time memcached expects).
   */
  readonly ttl?: number
}

/** What a cas did: stored, refused because the key changed since `cas` was read, or the key is gone. */
export type CasOutcome = 'stored' | 'exists' | 'not_found'

/** Values are bytes; strings are sent as UTF-8. */
export type Value = Uint8Array | string

/** Counters since connect(). */
export interface ClientStats {
  /** Requests sent to peers (all attempts, view fetches included). */
  requests: number
  /** Answers whose owner was not the peer asked: the view was stale and the peer forwarded. */
  redirects: number
  /** Ring views fetched (the first one included). */
  viewRefreshes: number
  /** Attempts beyond the first of an operation. */
  retries: number
  /** Reads answered by a peer other than the first one tried. */
  fallbackReads: number
}

/**
 * A connection to a chordkv ring. Every operation goes straight to the key's primary as the
 * current ring view places it (one network hop while the view is fresh). Keys are strings
 * of 1 to 250 UTF-8 bytes without spaces or control characters (BadKeyError otherwise);
 * values are at most 1 MiB (TooLargeError). See client/errors.ts for what fails how.
 */
export interface Client {
  /** Coordination: linearizable registers, locks, election, membership, watches (docs/coordination.md). */
  readonly coord: ClientCoord
  /** The value of `key`, or undefined when it is not stored. */
  get (key: string): Promise<Uint8Array | undefined>
  /** The value of `key` decoded as UTF-8, or undefined when it is not stored. */
  getString (key: string): Promise<string | undefined>
  /** The value of `key` with its flags and CAS unique, or undefined. */
  gets (key: string): Promise<Item | undefined>
  /**
   * Values of many keys at once: one request per peer holding some of them, sent in
   * parallel. The map holds the keys found (absent keys are missing from it).
   */
  getMany (keys: Iterable<string>): Promise<Map<string, Item>>
  /** get and touch: the value of `key`, whose ttl becomes `ttl`; undefined when not stored. */
  gat (key: string, ttl: number): Promise<Uint8Array | undefined>
  /** gets and touch. */
  gats (key: string, ttl: number): Promise<Item | undefined>

  /** Stores `value` under `key` whatever was there. */
  set (key: string, value: Value, options?: StoreOptions): Promise<void>
  /** Stores only if `key` is not stored; false when it is. */
  add (key: string, value: Value, options?: StoreOptions): Promise<boolean>
  /** Stores only if `key` is stored; false when it is not. */
  replace (key: string, value: Value, options?: StoreOptions): Promise<boolean>
  /** Appends to the stored value (flags and ttl unchanged); false when `key` is not stored. */
  append (key: string, value: Value): Promise<boolean>
  /** Prepends to the stored value (flags and ttl unchanged); false when `key` is not stored. */
  prepend (key: string, value: Value): Promise<boolean>
  /** Stores only if the key's CAS unique is still `cas` (as read by gets). */
  cas (key: string, value: Value, cas: bigint, options?: StoreOptions): Promise<CasOutcome>
  /** Deletes `key`; false when it was not stored. */
  delete (key: string): Promise<boolean>
  /**
   * Adds `delta` (default 1) to a value holding a decimal u64, wrapping at 2^64 as memcached
   * does; the new value, or undefined when `key` is not stored. NonNumericError otherwise.
   */
  incr (key: string, delta?: bigint | number): Promise<bigint | undefined>
  /** Subtracts `delta` (default 1), stopping at 0 as memcached does; undefined when not stored. */
  decr (key: string, delta?: bigint | number): Promise<bigint | undefined>
  /** Sets the ttl of `key` (0: never expires); false when it is not stored. */
  touch (key: string, ttl: number): Promise<boolean>

  /** The ring view operations are routed by (as last fetched). */
  ring (): RingView<ViewVnode>
  /** Fetches a fresh ring view now (subject to the refresh rate limit) and returns it. */
  refreshRing (): Promise<RingView<ViewVnode>>
  stats (): ClientStats
  /** Stops the client's libp2p node; operations still running fail, later ones throw ClientClosedError. */
  close (): Promise<void>
}
