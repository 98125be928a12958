/**
 * Key movement when the set of peers changes, counted the same way for every placement scheme:
 * a key "changes primary" when the physical peer holding its first copy differs, and the copies
 * "moved" are the (key, peer) pairs of the new replica sets that were not in the old ones (what
 * has to be transferred; copies that become surplus cost nothing to drop).
 */
import { hashToId } from '../../ring/id.ts'
import { allocateVnodeIds } from '../../ring/placement.ts'
import type { TokenStrategy } from '../../ring/placement.ts'
import { RingView } from '../../ring/view.ts'
import type { RingVnode } from '../../ring/view.ts'
import { rendezvousTop, rendezvousWeight } from './rendezvous.ts'
import type { Hash64 } from './rendezvous.ts'

/** Replica sets of K keys: peers[k] lists key k's peers, primary first. */
export interface Assignment {
  readonly peers: ReadonlyArray<readonly string[]>
}

export interface Moved {
  /** Keys whose primary (physical peer) changed. */
  readonly primaries: number
  /** (key, peer) copies in `after` that were not in `before`. */
  readonly copies: number
}

/** Key names of a run: `key-<seed>-<i>`, i < count. */
export function keyNames (seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `key-${seed}-${i}`)
}

/** Peer names of a run: `peer-<seed>-<i>`, i < count. */
export function peerNames (seed: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `peer-${seed}-${i}`)
}

/** Ring ids of keys, as the KV layer computes them (SHA-256 of the UTF-8 key, top m bits). */
export function keyIds (keys: readonly string[], m?: number): bigint[] {
  return keys.map(k => hashToId(k, m))
}

/** The top 64 bits of a 160-bit ring id: the key hash the non-ring schemes use, on the same keys. */
export function hash64 (id: bigint): bigint {
  return id >> 96n
}

/**
 * The vnodes of `onto` followed by those of `peers` joining one after another under `strategy`
 * (the balanced strategy sees the ring as it stands when each peer joins), with vnode indexes.
 */
export function buildRing (strategy: TokenStrategy, peers: readonly string[], vnodes: number, onto: readonly RingVnode[] = [], m?: number): RingVnode[] {
  const all: RingVnode[] = [...onto]
  for (const peerId of peers) {
    allocateVnodeIds(strategy, peerId, vnodes, all, m).forEach((id, index) => all.push({ id, peerId, index }))
  }
  return all
}

/** Replica sets of every key in `view` (ring/placement's replicaSet), r copies each. */
export function ringAssignment (view: RingView, ids: readonly bigint[], r: number): Assignment {
  return { peers: ids.map(id => view.replicas(id, r).map(v => v.peerId)) }
}

/** Counts what moves from `before` to `after` (the same keys, in the same order). */
export function countMoved (before: Assignment, after: Assignment): Moved {
  let primaries = 0
  let copies = 0
  for (let k = 0; k < before.peers.length; k++) {
    const old = before.peers[k]
    const now = after.peers[k]
    if (old[0] !== now[0]) primaries++
    for (const p of now) if (!old.includes(p)) copies++
  }
  return { primaries, copies }
}

// ------------------------------------------------------------------ reference schemes

/** mod-N hashing: key h is held by peers[(h + j) mod N], j < r (the naive sharded-cache scheme). */
export function modNAssignment (hashes: readonly bigint[], peers: readonly string[], r: number): Assignment {
  const n = BigInt(peers.length)
  const copies = Math.min(r, peers.length)
  return { peers: hashes.map(h => Array.from({ length: copies }, (_, j) => peers[Number((h + BigInt(j)) % n)])) }
}

/**
 * Jump consistent hash: key h is held by peers[jumpHash(h, N)] (one copy: jump hash has no
 * replica sets of its own). Buckets are positions in `peers`, so a peer that leaves from the
 * middle is replaced by the last one (see jumpRemove).
 */
export function jumpAssignment (hashes: readonly bigint[], peers: readonly string[], jumpHash: (key: bigint, buckets: number) => number): Assignment {
  return { peers: hashes.map(h => [peers[jumpHash(h, peers.length)]]) }
}

/** Bucket list after removing peers[i] under jump hashing: the last peer takes bucket i (moves ≈ 2/N of the keys). */
export function jumpRemove (peers: readonly string[], i: number): string[] {
  const out = peers.slice(0, -1)
  if (i < out.length) out[i] = peers[peers.length - 1]
  return out
}

/**
 * Rendezvous hashing's top r + 1 peers of every key: enough to derive the exact top r after one
 * peer joins (compare its weight with the r stored) or leaves (drop it), without rescoring all
 * N peers for every event.
 */
export class RendezvousTable {
  readonly r: number
  readonly names: readonly string[]
  private readonly keys: readonly Hash64[]
  /** top[k·(r+1) + j]: peer index of key k's j-th highest weight. */
  private readonly top: Int32Array
  private readonly weights: Float64Array

  constructor (keys: readonly Hash64[], names: readonly string[], peerHashes: readonly Hash64[], r: number) {
    if (names.length < r + 1) throw new RangeError(`a rendezvous table of r = ${r} needs at least ${r + 1} peers`)
    this.r = r
    this.names = names
    this.keys = keys
    this.top = new Int32Array(keys.length * (r + 1))
    this.weights = new Float64Array(keys.length * (r + 1))
    keys.forEach((key, k) => {
      rendezvousTop(key, peerHashes, r + 1).forEach((p, j) => {
        this.top[k * (r + 1) + j] = p
        this.weights[k * (r + 1) + j] = rendezvousWeight(key, peerHashes[p])
      })
    })
  }

  /** Every key's top r over the N peers. */
  assignment (): Assignment {
    const w = this.r + 1
    return { peers: this.keys.map((_, k) => Array.from({ length: this.r }, (_, j) => this.names[this.top[k * w + j]])) }
  }

  /** Every key's top r once `name` (hash `peer`) has joined. */
  afterJoin (name: string, peer: Hash64): Assignment {
    const w = this.r + 1
    return {
      peers: this.keys.map((key, k) => {
        const weight = rendezvousWeight(key, peer)
        const out: string[] = []
        let placed = false
        for (let j = 0; j < this.r && out.length < this.r; j++) {
          if (!placed && weight > this.weights[k * w + j]) {
            out.push(name)
            placed = true
            if (out.length === this.r) break
          }
          out.push(this.names[this.top[k * w + j]])
        }
        return out
      })
    }
  }

  /** Every key's top r once peer index `victim` has left. */
  afterLeave (victim: number): Assignment {
    const w = this.r + 1
    return {
      peers: this.keys.map((_, k) => {
        const out: string[] = []
        for (let j = 0; j < w && out.length < this.r; j++) {
          const p = this.top[k * w + j]
          if (p !== victim) out.push(this.names[p])
        }
        return out
      })
    }
  }
}
