/**
 * The JSON form of a peer's ring state: the body of `GET /ring` (the contract of issue 3),
 * and the input of the consistency check (consistency.ts). Ids are zero-padded hex.
 */
import { idToHex } from '../../ring/id.ts'
import type { NodeRef } from './messages.ts'
import type { PeerSnapshot } from './types.ts'

/** One vnode in GET /ring. Peer ids run parallel to the id fields they belong to. */
export interface VnodeJson {
  readonly index: number
  readonly id: string
  readonly predecessor: string | null
  readonly predecessorPeer: string | null
  readonly successors: string[]
  readonly successorPeers: string[]
  readonly fingers: string[]
  readonly fingerPeers: string[]
  readonly keys: number
  readonly member: boolean
}

/** The body of GET /ring. */
export interface RingJson {
  readonly peerId: string
  readonly m: number
  readonly vnodes: VnodeJson[]
}

/** A peer snapshot as served by GET /ring. */
export function ringJson (snapshot: PeerSnapshot, keysPerVnode?: (index: number) => number): RingJson {
  const hex = (ref: NodeRef): string => idToHex(ref.id, snapshot.m)
  return {
    peerId: snapshot.peerId,
    m: snapshot.m,
    vnodes: snapshot.vnodes.map(v => ({
      index: v.index,
      id: idToHex(v.id, snapshot.m),
      predecessor: v.predecessor === null ? null : hex(v.predecessor),
      predecessorPeer: v.predecessor === null ? null : v.predecessor.peerId,
      successors: v.successors.map(hex),
      successorPeers: v.successors.map(s => s.peerId),
      fingers: v.fingers.map(hex),
      fingerPeers: v.fingers.map(f => f.peerId),
      keys: keysPerVnode?.(v.index) ?? 0,
      member: v.member
    }))
  }
}

