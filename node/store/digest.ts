/**
 * Anti-entropy digests. The items of a key range are split into buckets by key id
 * (bucket = keyId mod buckets); a bucket's digest is the sum mod 2^64 of a 64-bit hash of
 * (key, version) of each item in it. A sum does not depend on the order items were stored in,
 * and a store could keep it up to date incrementally (add on put, subtract on removal).
 *
 * Two replicas exchange the digests of a range, then the (key, version) lists of the buckets
 * whose digests differ (keysInBucket), then only the items one side lacks or holds older
 * (diffKeyVersions).
 *
 * The hash covers (key, version) and not the tombstone flag: a version names one write, and the
 * only way the same version is held once as a value and once as a tombstone is an expired item
 * turned into a tombstone by sweep on one replica and not yet on the other — the same state.
 */
import { hash } from 'node:crypto'
import { compareVersions, type Version } from './version.ts'

/** A key and the version held for it: what replicas compare for a differing bucket. */
export interface KeyVersion {
  readonly key: string
  readonly version: Version
  /** The held item is a tombstone. */
  readonly deleted: boolean
}

/** 64-bit hash of (key, version): the first 8 bytes of SHA-256(u32 len ‖ key ‖ u64 hlc ‖ u32 writer). */
export function itemHash (key: string, version: Version): bigint {
  const keyBytes = Buffer.from(key, 'utf8')
  const buf = Buffer.allocUnsafe(4 + keyBytes.length + 12)
  buf.writeUInt32BE(keyBytes.length, 0)
  keyBytes.copy(buf, 4)
  buf.writeBigUInt64BE(version.hlc, 4 + keyBytes.length)
  buf.writeUInt32BE(version.writer, 12 + keyBytes.length)
  return hash('sha256', buf, 'buffer').readBigUInt64BE(0)
}

/** The bucket of a key id: keyId mod buckets. */
export function bucketOf (keyId: bigint, buckets: number): number {
  return Number(keyId % BigInt(buckets))
}

/** Throws RangeError unless buckets is an integer in [1, 65536]. */
export function checkBuckets (buckets: number): void {
  if (!Number.isInteger(buckets) || buckets < 1 || buckets > 65536) {
    throw new RangeError(`buckets must be an integer in [1, 65536], got ${buckets}`)
  }
}

/** A bucket sum as 8 big-endian bytes (the wire form of one digest). */
export function digestBytes (sum: bigint): Uint8Array {
  const out = new Uint8Array(8)
  new DataView(out.buffer).setBigUint64(0, sum)
  return out
}

/** Indexes of the buckets whose digests differ (a missing or malformed digest differs). */
export function differingBuckets (mine: readonly Uint8Array[], theirs: readonly Uint8Array[]): number[] {
  const out: number[] = []
  const n = Math.max(mine.length, theirs.length)
  for (let i = 0; i < n; i++) {
    const a = mine[i]
    const b = theirs[i]
    if (a === undefined || b === undefined || a.length !== b.length || !a.every((x, j) => x === b[j])) out.push(i)
  }
  return out
}

/**
 * Compares the (key, version) lists of one bucket on two replicas: `push` are the keys the
 * remote lacks or holds older (send them), `pull` the keys it holds newer or that are missing
 * here (fetch them). Keys with equal versions need nothing.
 */
export function diffKeyVersions (local: readonly KeyVersion[], remote: readonly KeyVersion[]): { push: string[], pull: string[] } {
  const remoteByKey = new Map(remote.map(kv => [kv.key, kv.version]))
  const push: string[] = []
  const pull: string[] = []
  for (const { key, version } of local) {
    const theirs = remoteByKey.get(key)
    remoteByKey.delete(key)
    if (theirs === undefined) { push.push(key); continue }
    const c = compareVersions(version, theirs)
    if (c > 0) push.push(key)
    else if (c < 0) pull.push(key)
  }
  for (const key of remoteByKey.keys()) pull.push(key)
  return { push, pull }
}
