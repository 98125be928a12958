/**
 * The ring protocol (`/chordkv/ring/1.0.0`) as plain objects. The libp2p transport encodes
 * them with the protons schema in node/protocol/ring.proto (node/protocol/ring-codec.ts);
 * the simulator passes them as they are. Ids are bigints in [0, 2^m).
 */

export const RING_PROTOCOL = '/chordkv/ring/1.0.0'

/** A vnode somewhere on the ring: its id and the physical peer that hosts it. */
export interface NodeRef {
  readonly id: bigint
  readonly peerId: string
  /** Multiaddrs of the hosting peer (empty in the simulator). */
  readonly addrs: readonly string[]
  /**
   * The hosting peer's zone (`chordkv start --zone`: a host, rack or data centre), absent when
   * it has none. Replica sets spread over zones (docs/operations.md).
   */
  readonly zone?: string
}

export type RingRequest =
  /** Liveness of a peer, or of one of its vnodes when `target` is set. */
  | { readonly type: 'ping', readonly target?: bigint }
  /** The hosting peer's vnodes (used to bootstrap from a bare multiaddr). */
  | { readonly type: 'vnodes' }
  /** Predecessor and successor list of vnode `target` (stabilize). */
  | { readonly type: 'getState', readonly target: bigint }
  /** `candidate` thinks it may be the predecessor of vnode `target`. */
  | { readonly type: 'notify', readonly target: bigint, readonly candidate: NodeRef }
  /**
   * One step of an iterative lookup, answered by the peer with the union of its vnodes'
   * routing state: either the key's successor (done) or closer nodes to ask next.
   * `exclude` names peers the requester found dead during this lookup; the answer treats
   * their vnodes as gone (a hint for this answer only, never applied to the ring state).
   */
  | { readonly type: 'findSuccessor', readonly key: bigint, readonly exclude?: readonly string[] }
  /**
   * Graceful leave: `leaver` tells its neighbour `target` who its predecessor and
   * successors were, so the neighbour can splice it out at once.
   */
  | { readonly type: 'leaving', readonly target: bigint, readonly leaver: NodeRef, readonly predecessor: NodeRef | null, readonly successors: readonly NodeRef[] }

export type RingResponse =
  | { readonly type: 'pong' }
  | { readonly type: 'ok' }
  | { readonly type: 'vnodes', readonly vnodes: readonly NodeRef[] }
  /** `member` is false while the vnode is still joining (Zave: not yet a ring member). */
  | { readonly type: 'state', readonly predecessor: NodeRef | null, readonly successors: readonly NodeRef[], readonly member: boolean }
  /**
   * done: nodes[0] is the key's successor (nodes[1..] the following successors).
   * not done: nodes are candidates closer to the key, best first.
   */
  | { readonly type: 'step', readonly done: boolean, readonly nodes: readonly NodeRef[] }

/** Largest number of NodeRefs in one message (successor lists, lookup candidates). */
export const MAX_NODE_REFS = 64
/** Largest number of peers a findSuccessor request may exclude. */
export const MAX_EXCLUDED_PEERS = 16
/** Largest number of multiaddrs of one NodeRef. */
export const MAX_ADDRS = 16
/** Largest multiaddr string, in bytes. */
export const MAX_ADDR_BYTES = 256
/** Largest peer id string, in bytes. */
export const MAX_PEER_ID_BYTES = 128
/** What a zone name may look like: 1 to 64 of letters, digits and `._:-`. */
export const ZONE_PATTERN = /^[A-Za-z0-9._:-]{1,64}$/

/** What is wrong with a zone name, or null. */
export function zoneProblem (zone: unknown, field: string = 'zone'): string | null {
  if (typeof zone !== 'string') return `${field}: not a string`
  if (!ZONE_PATTERN.test(zone)) return `${field}: ${JSON.stringify(zone.slice(0, 80))} is not 1 to 64 letters, digits, '.', '_', ':' or '-'`
  return null
}
/** Largest encoded ring message, in bytes. */
export const MAX_RING_MESSAGE_BYTES = 64 * 1024

/** Typed error codes a ring handler answers with. */
export const RingErrorCode = {
  /** The addressed vnode is not hosted here (it left, or never existed). */
  NoSuchVnode: 'NoSuchVnode',
  /** The addressed vnode has not finished joining. */
  NotMember: 'NotMember',
  /** The request was malformed. */
  BadRequest: 'BadRequest'
} as const
