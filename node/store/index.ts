/**
 * node/store: one peer's local store, pure of networking. The KV layer (node/kv) applies
 * memcached commands with applyOp / Store.apply on the primary, put()s what replicas send
 * (last writer wins by Version), and compares digests for anti-entropy.
 *
 *   const clock = new HybridLogicalClock({ now: Date.now, writer: writerId(peerId) })
 *   const store = dataDir === undefined ? createStore({ memoryBytes }) : await openPersistentStore(dataDir, { memoryBytes })
 *   const result = store.apply(key, { kind: 'set', value, flags: 0, exptime: 0 }, { clock })
 *   if (result.item !== undefined) replicate(key, result.item)
 */
import { MemoryStore, type MemoryStoreInit } from './memory.ts'
import type { Store } from './types.ts'

export type { Store, StoreEntry, StoreStats, StoreCounter, CommandCounter, KeyIdFilter, ApplyContext, SweepResult } from './types.ts'
export { MemoryStore, checkItem, type MemoryStoreInit, type StoreObserver } from './memory.ts'
export {
  PersistentStore, openPersistentStore, LOG_FILE,
  type PersistentStoreInit, type LoadReport, type PersistenceStats
} from './persistent.ts'
export {
  applyOp, expiryToMs, isLive, isExpired, tombstone, parseU64, formatInPlace,
  type Item, type KvOp, type KvOpKind, type StorageOp, type ConcatOp, type CasOp, type DeleteOp, type ArithmeticOp,
  type TouchOp, type OpStatus, type OpErrorCode, type OpResult, type OpContext
} from './semantics.ts'
export {
  HybridLogicalClock, compareVersions, isNewer, casUnique, physicalMs, logicalOf, packHlc, isVersion, writerId,
  type Version, type HybridLogicalClockInit
} from './version.ts'
export { itemHash, bucketOf, checkBuckets, digestBytes, differingBuckets, diffKeyVersions, type KeyVersion } from './digest.ts'
export { StoreError, PersistenceError, type StoreErrorCode } from './errors.ts'
export * from './constants.ts'

/** An in-memory store (the default backend). */
export function createStore (init: MemoryStoreInit = {}): Store {
  return new MemoryStore(init)
}
