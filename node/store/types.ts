/**
 * The local store as the KV layer sees it. MemoryStore implements it; PersistentStore
 * implements it over a MemoryStore with a write-through log.
 */
import type { KeyVersion } from './digest.ts'
import type { Item, KvOp, KvOpKind, OpResult } from './semantics.ts'
import type { HybridLogicalClock, Version } from './version.ts'

/** One held key: [key, key id on the ring, item (a tombstone when item.deleted)]. */
export type StoreEntry = readonly [key: string, keyId: bigint, item: Item]

/** A set of key ids, e.g. "in (from, to]": `id => inHalfOpen(id, from, to)`. */
export type KeyIdFilter = (keyId: bigint) => boolean

/** Counters a caller bumps with count(); the store bumps the others itself. */
export type CommandCounter = 'cmd_get' | 'cmd_set' | 'cmd_touch' |
  'get_hits' | 'get_misses' | 'get_expired' |
  'delete_hits' | 'delete_misses' | 'touch_hits' | 'touch_misses' |
  'incr_hits' | 'incr_misses' | 'decr_hits' | 'decr_misses' |
  'cas_hits' | 'cas_misses' | 'cas_badval'

/** Counters the store keeps (memcached's names, see its doc/protocol.txt "General-purpose statistics"). */
export type StoreCounter = CommandCounter | 'total_items' | 'evictions' | 'expired_unfetched' | 'reclaimed'

/**
 * memcached-named statistics. `curr_items` counts values (expired ones not yet reclaimed
 * included, tombstones not); `tombstones` (ours) counts tombstones; `bytes` charges every held
 * key (tombstones included) key bytes + value bytes + ITEM_OVERHEAD_BYTES; `limit_maxbytes` is
 * the memory cap; `reclaimed` counts expired values whose memory was taken back (on get, sweep
 * or when over the cap); `expired_unfetched` those of them never read.
 */
export type StoreStats = Readonly<Record<StoreCounter | 'curr_items' | 'tombstones' | 'bytes' | 'limit_maxbytes', number>>

export interface ApplyContext {
  /** This peer's clock: it observes the held version and issues the new item's version. */
  readonly clock: HybridLogicalClock
  /** Largest value in bytes (default DEFAULT_MAX_VALUE_BYTES). */
  readonly maxValueBytes?: number
}

export interface SweepResult {
  /** Expired values turned into tombstones. */
  readonly expired: number
  /** Tombstones older than the tombstone TTL dropped. */
  readonly reaped: number
}

export interface Store {
  /** Keys held, tombstones included (what entries() yields). */
  readonly size: number
  /** Bytes charged for everything held (see StoreStats.bytes). */
  readonly bytes: number
  /** The live item (not a tombstone, not expired), or undefined. Counts cmd_get, get_hits/misses/expired; marks it most recently used. */
  get (key: string): Item | undefined
  /** Whatever is held, tombstones and expired items included; no LRU bump, no counters. */
  peek (key: string): Item | undefined
  /** Last writer wins: stores item only if its version is newer than the held one (tombstones included). Returns whether it did. */
  put (key: string, item: Item): boolean
  /** Drops one key without leaving a tombstone (handoff of a key this peer no longer replicates). Returns whether it was held. */
  forget (key: string): boolean
  /** put(key, tombstone(version)). */
  delete (key: string, version: Version): boolean
  /** A memcached command on the primary: peek, observe, applyOp with clock.next(), put, count. */
  apply (key: string, op: KvOp, ctx: ApplyContext): OpResult
  /** A snapshot of the held keys whose id passes the filter, tombstones included. */
  entries (filter?: KeyIdFilter): IterableIterator<StoreEntry>
  /** Drops every key (tombstones too) for which predicate holds, without leaving tombstones. Returns how many. */
  removeRange (predicate: (keyId: bigint, key: string) => boolean): number
  /** memcached flush_all: drops the values stored at or before beforeMs (default now). Tombstones stay. Returns how many. */
  flush (beforeMs?: number): number
  /** Turns expired values into tombstones and drops tombstones older than the TTL. */
  sweep (nowMs?: number): SweepResult
  /** Per-bucket digests (8 bytes each) of the keys in range; bucket = keyId mod buckets. */
  digest (range: KeyIdFilter, buckets: number): Uint8Array[]
  /** The (key, version) list of one bucket of the range. */
  keysInBucket (range: KeyIdFilter, buckets: number, bucket: number): KeyVersion[]
  /** The (key, version) lists of several buckets in one pass. */
  keysInBuckets (range: KeyIdFilter, buckets: number, indexes: Iterable<number>): KeyVersion[]
  /** Bumps a command counter. */
  count (name: CommandCounter): void
  /** Bumps the counters memcached bumps for this command and its answer. */
  countOp (kind: KvOpKind, result: OpResult): void
  stats (): StoreStats
}
