/**
 * One peer's in-memory store: last-writer-wins items and tombstones by key, a memory cap with
 * LRU eviction, lazy and periodic expiry, memcached counters and anti-entropy digests.
 * No networking, no timers: the daemon calls sweep() periodically.
 *
 * Layout: one Map from key to entry, and two intrusive doubly linked lists threaded through the
 * entries — values in LRU order and tombstones in the order they were stored — so a get, a put
 * and an eviction are O(1).
 */
import { DEFAULT_M, hashToId } from '../../ring/id.ts'
import { DEFAULT_MAX_VALUE_BYTES, DEFAULT_MEMORY_BYTES, DEFAULT_TOMBSTONE_TTL_MS, ITEM_OVERHEAD_BYTES } from './constants.ts'
import { bucketOf, checkBuckets, digestBytes, itemHash, type KeyVersion } from './digest.ts'
import { StoreError } from './errors.ts'
import { applyOp, isExpired, tombstone, type Item, type KvOp, type KvOpKind, type OpResult } from './semantics.ts'
import type { ApplyContext, CommandCounter, KeyIdFilter, Store, StoreCounter, StoreEntry, StoreStats, SweepResult } from './types.ts'
import { compareVersions, isVersion, type Version } from './version.ts'

/** Told of every change of what is held (PersistentStore logs them). */
export interface StoreObserver {
  /** An item (or tombstone) was stored by put/delete/apply. */
  stored (key: string, item: Item): void
  /** A key was dropped without a tombstone: eviction, removeRange, flush, tombstone reaped. */
  removed (key: string): void
}

export interface MemoryStoreInit {
  /** Memory cap in bytes (default 64 MiB); values are evicted least recently used first. */
  readonly memoryBytes?: number
  /** How long tombstones are kept, in ms (default 10 min). */
  readonly tombstoneTtlMs?: number
  /** Wall time in ms since the Unix epoch (default Date.now): expiry deadlines are wall times. */
  readonly now?: () => number
  /** Key id on the ring (default hashToId(key) with m = 160). Cached per held key. */
  readonly idOf?: (key: string) => bigint
  readonly observer?: StoreObserver
}

interface Entry {
  readonly key: string
  readonly keyId: bigint
  readonly keyBytes: number
  item: Item
  /** keyBytes + value bytes + ITEM_OVERHEAD_BYTES */
  bytes: number
  /** Wall ms when this version was stored here (flush, tombstone age). */
  storedAtMs: number
  /** Read by get() since it was stored (for expired_unfetched). */
  fetched: boolean
  /** itemHash(key, item.version), computed on first digest. */
  hash: bigint | undefined
  prev: Entry | undefined
  next: Entry | undefined
}

/** An intrusive doubly linked list of entries: head is the oldest, tail the newest. */
class EntryList {
  head: Entry | undefined
  tail: Entry | undefined
  length = 0

  push (e: Entry): void {
    e.prev = this.tail
    e.next = undefined
    if (this.tail !== undefined) this.tail.next = e
    else this.head = e
    this.tail = e
    this.length++
  }

  remove (e: Entry): void {
    if (e.prev !== undefined) e.prev.next = e.next
    else this.head = e.next
    if (e.next !== undefined) e.next.prev = e.prev
    else this.tail = e.prev
    e.prev = e.next = undefined
    this.length--
  }

  moveToTail (e: Entry): void {
    if (this.tail === e) return
    this.remove(e)
    this.push(e)
  }
}

const COUNTERS: readonly StoreCounter[] = [
  'total_items', 'evictions', 'expired_unfetched', 'reclaimed',
  'cmd_get', 'cmd_set', 'cmd_touch', 'get_hits', 'get_misses', 'get_expired',
  'delete_hits', 'delete_misses', 'touch_hits', 'touch_misses',
  'incr_hits', 'incr_misses', 'decr_hits', 'decr_misses', 'cas_hits', 'cas_misses', 'cas_badval'
]

/** Throws StoreError('BadItem') unless item is well-formed. */
export function checkItem (item: Item): void {
  if (typeof item !== 'object' || item === null || !(item.value instanceof Uint8Array)) {
    throw new StoreError('BadItem', 'an item needs a Uint8Array value')
  }
  if (!Number.isInteger(item.flags) || item.flags < 0 || item.flags > 0xffffffff) {
    throw new StoreError('BadItem', `item flags must be a u32, got ${item.flags}`)
  }
  if (typeof item.expiresAtMs !== 'number' || !Number.isFinite(item.expiresAtMs)) {
    throw new StoreError('BadItem', `item expiresAtMs must be a finite number, got ${item.expiresAtMs}`)
  }
  if (!isVersion(item.version)) throw new StoreError('BadItem', 'item version must be { hlc: u64 bigint, writer: u32 }')
}

/** Bytes a stored value's buffer may hold beyond the value itself. */
const OWN_SLACK_BYTES = 16

/**
 * The item itself, or a copy whose value owns its memory when it is a view into a larger buffer
 * (a decoded network message, Node's Buffer pool): holding the view would keep the whole buffer
 * alive and the byte accounting would lie.
 */
function ownValue (item: Item): Item {
  const { value } = item
  // A few bytes of slack are fine (the memcached parser's block ends in the "\r\n" it checked).
  if (value.buffer.byteLength - value.byteLength <= OWN_SLACK_BYTES && !(value instanceof Buffer)) return item
  return { ...item, value: new Uint8Array(value) }
}

export class MemoryStore implements Store {
  readonly memoryBytes: number
  readonly tombstoneTtlMs: number
  private readonly now: () => number
  private readonly idOf: (key: string) => bigint
  private readonly observer: StoreObserver | undefined
  private readonly byKey = new Map<string, Entry>()
  /** Values (expired ones included until reclaimed), least recently used first. */
  private readonly lru = new EntryList()
  /** Tombstones, oldest stored first. */
  private readonly tombstones = new EntryList()
  private heldBytes = 0
  private readonly counters = Object.fromEntries(COUNTERS.map(c => [c, 0])) as Record<StoreCounter, number>

  constructor (init: MemoryStoreInit = {}) {
    this.memoryBytes = init.memoryBytes ?? DEFAULT_MEMORY_BYTES
    this.tombstoneTtlMs = init.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS
    if (!Number.isSafeInteger(this.memoryBytes) || this.memoryBytes < 0) {
      throw new RangeError(`memoryBytes must be a non-negative integer, got ${this.memoryBytes}`)
    }
    if (!(this.tombstoneTtlMs >= 0)) throw new RangeError(`tombstoneTtlMs must be >= 0, got ${this.tombstoneTtlMs}`)
    this.now = init.now ?? Date.now
    this.idOf = init.idOf ?? (key => hashToId(key, DEFAULT_M))
    this.observer = init.observer
  }

  get size (): number {
    return this.byKey.size
  }

  get bytes (): number {
    return this.heldBytes
  }

  get (key: string): Item | undefined {
    this.counters.cmd_get++
    const e = this.byKey.get(key)
    if (e === undefined || e.item.deleted === true) {
      this.counters.get_misses++
      return undefined
    }
    if (isExpired(e.item, this.now())) {
      this.expire(e)
      this.counters.get_expired++
      this.counters.get_misses++
      return undefined
    }
    e.fetched = true
    this.lru.moveToTail(e)
    this.counters.get_hits++
    return e.item
  }

  peek (key: string): Item | undefined {
    return this.byKey.get(key)?.item
  }

  put (key: string, item: Item): boolean {
    checkItem(item)
    const held = this.byKey.get(key)
    if (held !== undefined && compareVersions(item.version, held.item.version) <= 0) return false
    const stored = item.deleted === true ? tombstone(item.version) : ownValue(item)
    const keyId = held?.keyId ?? this.idOf(key)
    const keyBytes = held?.keyBytes ?? Buffer.byteLength(key, 'utf8')
    if (held !== undefined) this.unlink(held)
    const e: Entry = {
      key,
      keyId,
      keyBytes,
      item: stored,
      bytes: keyBytes + stored.value.length + ITEM_OVERHEAD_BYTES,
      storedAtMs: this.now(),
      fetched: false,
      hash: undefined,
      prev: undefined,
      next: undefined
    }
    this.link(e)
    if (stored.deleted !== true) this.counters.total_items++
    this.observer?.stored(key, stored)
    this.enforceCap(e)
    return true
  }

  /** Drops a key without leaving a tombstone (replaying a log, handing a key off). Returns whether it was held. */
  forget (key: string): boolean {
    const e = this.byKey.get(key)
    if (e === undefined) return false
    this.drop(e)
    return true
  }

  delete (key: string, version: Version): boolean {
    return this.put(key, tombstone(version))
  }

  apply (key: string, op: KvOp, ctx: ApplyContext): OpResult {
    const current = this.peek(key)
    if (current !== undefined) ctx.clock.observe(current.version)
    const result = applyOp(current, op, {
      nowMs: this.now(),
      version: ctx.clock.next(),
      maxValueBytes: ctx.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES
    })
    if (result.item !== undefined && !this.put(key, result.item)) {
      throw new StoreError('StaleVersion', `the clock issued a version not newer than the one held for ${JSON.stringify(key)}`)
    }
    if (op.kind === 'add' && result.status === 'NOT_STORED') {
      // memcached do_store_item: "add only adds a nonexistent item, but promote to head of LRU".
      const e = this.byKey.get(key)
      if (e !== undefined && e.item.deleted !== true) this.lru.moveToTail(e)
    }
    this.countOp(op.kind, result)
    return result
  }

  * entries (filter?: KeyIdFilter): IterableIterator<StoreEntry> {
    // A snapshot: the caller may put (which re-links entries) while it iterates.
    const out: StoreEntry[] = []
    for (const e of this.byKey.values()) {
      if (filter === undefined || filter(e.keyId)) out.push([e.key, e.keyId, e.item])
    }
    yield * out
  }

  removeRange (predicate: (keyId: bigint, key: string) => boolean): number {
    let removed = 0
    for (const e of this.byKey.values()) {
      if (predicate(e.keyId, e.key)) {
        this.drop(e)
        removed++
      }
    }
    return removed
  }

  flush (beforeMs: number = this.now()): number {
    let flushed = 0
    for (let e = this.lru.head; e !== undefined;) {
      const next = e.next
      if (e.storedAtMs <= beforeMs) {
        this.drop(e)
        flushed++
      }
      e = next
    }
    return flushed
  }

  sweep (nowMs: number = this.now()): SweepResult {
    let expired = 0
    for (let e = this.lru.head; e !== undefined;) {
      const next = e.next
      if (isExpired(e.item, nowMs)) {
        this.expire(e, nowMs)
        expired++
      }
      e = next
    }
    return { expired, reaped: this.reapTombstones(nowMs) }
  }

  digest (range: KeyIdFilter, buckets: number): Uint8Array[] {
    checkBuckets(buckets)
    // BigUint64Array stores wrap mod 2^64: the sum of a bucket is order-independent.
    const sums = new BigUint64Array(buckets)
    for (const e of this.byKey.values()) {
      if (!range(e.keyId)) continue
      e.hash ??= itemHash(e.key, e.item.version)
      sums[bucketOf(e.keyId, buckets)] += e.hash
    }
    return Array.from(sums, digestBytes)
  }

  keysInBucket (range: KeyIdFilter, buckets: number, bucket: number): KeyVersion[] {
    return this.keysInBuckets(range, buckets, [bucket])
  }

  keysInBuckets (range: KeyIdFilter, buckets: number, indexes: Iterable<number>): KeyVersion[] {
    checkBuckets(buckets)
    const wanted = new Set(indexes)
    const out: KeyVersion[] = []
    for (const e of this.byKey.values()) {
      if (range(e.keyId) && wanted.has(bucketOf(e.keyId, buckets))) {
        out.push({ key: e.key, version: e.item.version, deleted: e.item.deleted === true })
      }
    }
    return out
  }

  count (name: CommandCounter): void {
    this.counters[name]++
  }

  countOp (kind: KvOpKind, result: OpResult): void {
    const { status } = result
    switch (kind) {
      case 'set': case 'add': case 'replace': case 'append': case 'prepend':
        this.counters.cmd_set++
        break
      case 'cas':
        this.counters.cmd_set++
        if (status === 'STORED') this.counters.cas_hits++
        else if (status === 'EXISTS') this.counters.cas_badval++
        else if (status === 'NOT_FOUND') this.counters.cas_misses++
        break
      case 'delete':
        if (status === 'DELETED') this.counters.delete_hits++
        else if (status === 'NOT_FOUND') this.counters.delete_misses++
        break
      case 'incr': case 'decr':
        if (status === 'OK') this.counters[`${kind}_hits`]++
        else if (status === 'NOT_FOUND') this.counters[`${kind}_misses`]++
        break
      case 'touch':
        this.counters.cmd_touch++
        if (status === 'TOUCHED') this.counters.touch_hits++
        else if (status === 'NOT_FOUND') this.counters.touch_misses++
        break
    }
  }

  stats (): StoreStats {
    return {
      ...this.counters,
      curr_items: this.lru.length,
      tombstones: this.tombstones.length,
      bytes: this.heldBytes,
      limit_maxbytes: this.memoryBytes
    }
  }

  private link (e: Entry): void {
    this.byKey.set(e.key, e)
    if (e.item.deleted === true) this.tombstones.push(e)
    else this.lru.push(e)
    this.heldBytes += e.bytes
  }

  private unlink (e: Entry): void {
    this.byKey.delete(e.key)
    if (e.item.deleted === true) this.tombstones.remove(e)
    else this.lru.remove(e)
    this.heldBytes -= e.bytes
  }

  /** Drops a key without a tombstone and tells the observer. */
  private drop (e: Entry): void {
    this.unlink(e)
    this.observer?.removed(e.key)
  }

  /**
   * An expired value becomes a tombstone of the same version, so that a replica still holding
   * an older value cannot bring it back through anti-entropy before the TTL. The observer is not
   * told: the value reloaded from disk expires again on load.
   */
  private expire (e: Entry, nowMs: number = this.now()): void {
    this.unlink(e)
    this.counters.reclaimed++
    if (!e.fetched) this.counters.expired_unfetched++
    const dead = tombstone(e.item.version)
    this.link({
      ...e,
      item: dead,
      bytes: e.keyBytes + ITEM_OVERHEAD_BYTES,
      storedAtMs: nowMs,
      prev: undefined,
      next: undefined
    })
  }

  private reapTombstones (nowMs: number): number {
    let reaped = 0
    // Oldest first; a wall clock that stepped back may leave a few old ones for the next sweep.
    while (this.tombstones.head !== undefined && this.tombstones.head.storedAtMs + this.tombstoneTtlMs <= nowMs) {
      this.drop(this.tombstones.head)
      reaped++
    }
    return reaped
  }

  /** Over the cap: drop old tombstones, then values least recently used first, then young tombstones. Never `keep`. */
  private enforceCap (keep: Entry): void {
    if (this.heldBytes <= this.memoryBytes) return
    const nowMs = this.now()
    this.reapTombstones(nowMs)
    for (let e = this.lru.head; e !== undefined && this.heldBytes > this.memoryBytes;) {
      const next = e.next
      if (e !== keep) {
        if (isExpired(e.item, nowMs)) {
          this.expire(e, nowMs)
        } else {
          this.drop(e)
          this.counters.evictions++
        }
      }
      e = next
    }
    for (let e = this.tombstones.head; e !== undefined && this.heldBytes > this.memoryBytes;) {
      const next = e.next
      if (e !== keep) this.drop(e)
      e = next
    }
  }
}
