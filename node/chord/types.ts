/**
 * Public shapes of the Chord layer: options of a peer and the snapshot it reports
 * (what `GET /ring` serves and what the testnet checks for consistency).
 */
import type { NodeRef } from './messages.ts'

export interface ChordOptions {
  /** Identifier bits (default 160). */
  readonly m: number
  /** Virtual nodes hosted by this peer (default 8). */
  readonly vnodes: number
  /** Replication factor r the ring must support (default 3); successor lists hold >= r + 1. */
  readonly replicas: number
  /** Successor list length s (default max(r, ceil(log2 N)) + 1 with N estimated, never < r + 1). */
  readonly successorListLength: number
  /** Mean period of stabilize, in ms (each round is jittered ±25 %). */
  readonly stabilizeIntervalMs: number
  /** Mean period of fix_fingers, in ms. */
  readonly fixFingersIntervalMs: number
  /** Fingers refreshed per fix_fingers round. */
  readonly fingersPerRound: number
  /** Mean period of check_predecessor, in ms. */
  readonly checkPredecessorIntervalMs: number
  /** Deadline of one ring RPC, in ms. */
  readonly rpcTimeoutMs: number
  /** Most hops one lookup may take before it fails. */
  readonly maxLookupHops: number
  /**
   * This peer's zone (a host, rack or data centre; ZONE_PATTERN), carried in its NodeRefs.
   * A zoned vnode's successor list is extended until it spans two zones, so KV replica sets
   * drawn from it can spread over zones.
   */
  readonly zone?: string
}

export interface VnodeSnapshot {
  readonly index: number
  readonly id: bigint
  readonly predecessor: NodeRef | null
  readonly successors: readonly NodeRef[]
  /** Distinct finger entries, in finger order (duplicates of the previous finger removed). */
  readonly fingers: readonly NodeRef[]
  /** Zave: a vnode is a member once it has joined with a full successor list. */
  readonly member: boolean
}

export interface PeerSnapshot {
  readonly peerId: string
  readonly m: number
  readonly vnodes: readonly VnodeSnapshot[]
}

export interface LookupResult {
  /** The key's successor: the vnode that owns it. */
  readonly owner: NodeRef
  /** Successors following the owner, as reported by the last hop (may be empty). */
  readonly successors: readonly NodeRef[]
  /** Remote peers queried (0 when this peer already knew the owner). */
  readonly hops: number
}
