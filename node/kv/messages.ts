/**
 * The KV protocol (`/chordkv/kv/1.0.0`) as plain objects. The libp2p transport encodes them
 * with node/protocol/kv.proto (node/protocol/kv-codec.ts); the simulator passes them as they are.
 *
 * Clients (and memcached front ends) send `mutate` and `get` to the peer hosting the key's
 * primary vnode; a peer that is not the primary forwards (at most MAX_FORWARD_HOPS times) and
 * names the owner in its answer. Peers send each other `replicate`, `fetchRange`, `digest`
 * and `fetchBuckets` to keep r copies of every key. `ringView` gives a client the whole ring.
 */

export const KV_PROTOCOL = '/chordkv/kv/1.0.0'

/** memcached's key limit, in bytes (protocol.txt: 250 bytes, no spaces or control characters). */
export const MAX_KEY_BYTES = 250
/** Largest value, in bytes (memcached's default item size). */
export const MAX_VALUE_BYTES = 1024 * 1024
/** Most keys in one multi-get. */
export const MAX_GET_KEYS = 1024
/** Most items in one replicate / items message. */
export const MAX_BATCH_ITEMS = 1024
/** Most anti-entropy buckets of one digest. */
export const MAX_BUCKETS = 1024
/** Largest encoded KV message, in bytes: a batch of values with room for keys and framing. */
export const MAX_KV_MESSAGE_BYTES = 8 * 1024 * 1024
/** How many times an op may be forwarded between peers before it fails with WrongOwner. */
export const MAX_FORWARD_HOPS = 3
/** Largest relative or absolute memcached exptime accepted (seconds; beyond year 2100 is refused). */
export const MAX_EXPTIME = 4_102_444_800

/** Last-writer-wins version: hybrid logical clock (the memcached CAS unique) + writing peer. */
export interface WireVersion {
  /** u64: (wall ms << 16) | logical counter. */
  readonly hlc: bigint
  /** u32 id of the peer that wrote it. */
  readonly writer: number
}

/** A stored item as replicas exchange it (tombstones included). */
export interface WireItem {
  readonly key: string
  readonly value: Uint8Array
  /** u32 memcached client flags. */
  readonly flags: number
  /** Absolute expiry, ms since the Unix epoch; 0 = never. */
  readonly expiresAtMs: number
  readonly version: WireVersion
  readonly deleted: boolean
}

export type KvOpName = 'set' | 'add' | 'replace' | 'append' | 'prepend' | 'cas' | 'delete' | 'incr' | 'decr' | 'touch'

export type KvRequest =
  /** A memcached storage/delete/arithmetic/touch command on one key. */
  | {
    readonly type: 'mutate'
    readonly op: KvOpName
    readonly key: string
    /** set/add/replace/append/prepend/cas */
    readonly value?: Uint8Array
    /** u32; set/add/replace/cas */
    readonly flags?: number
    /** memcached exptime (seconds, relative up to 30 days, else absolute); set/add/replace/cas/touch */
    readonly exptime?: number
    /** The CAS unique the client read (cas). */
    readonly cas?: bigint
    /** u64 amount (incr/decr). */
    readonly delta?: bigint
    /** Times forwarded so far. */
    readonly hops: number
  }
  /** get/gets (and gat/gats with `touchExptime`) of one or more keys. */
  | { readonly type: 'get', readonly keys: readonly string[], readonly touchExptime?: number, readonly hops: number }
  /** Primary → replica: store these items unless what is held is newer (LWW). */
  | { readonly type: 'replicate', readonly items: readonly WireItem[] }
  /** Items whose key id lies in (from, to], tombstones included, after `afterKey` (paging). */
  | { readonly type: 'fetchRange', readonly from: bigint, readonly to: bigint, readonly afterKey?: string, readonly limit: number }
  /** Anti-entropy: one digest per bucket (key id mod buckets) of the items in (from, to]. */
  | { readonly type: 'digest', readonly from: bigint, readonly to: bigint, readonly buckets: number }
  /** Anti-entropy: the items of the given buckets of (from, to]. */
  | { readonly type: 'fetchBuckets', readonly from: bigint, readonly to: bigint, readonly buckets: number, readonly indexes: readonly number[] }
  /** The whole ring as this peer knows it (for clients). */
  | { readonly type: 'ringView' }
  /**
   * memcached flush_all, sent to every peer of the ring: drop the values this peer stored up to
   * now, by its own clock (tombstones stay). Answered `ok` (applied is 0).
   */
  | { readonly type: 'flush' }

/** memcached's answers to a mutation. */
export type KvStatus = 'STORED' | 'NOT_STORED' | 'EXISTS' | 'NOT_FOUND' | 'DELETED' | 'TOUCHED' | 'OK'

export interface GetHit {
  readonly key: string
  readonly value: Uint8Array
  readonly flags: number
  /** The CAS unique (version hlc). */
  readonly cas: bigint
}

export interface ViewVnode {
  readonly id: bigint
  readonly peerId: string
  readonly addrs: readonly string[]
  /** The hosting peer's zone, when it has one. */
  readonly zone?: string
}

export type KvResponse =
  | {
    readonly type: 'mutated'
    readonly status: KvStatus
    /** CAS unique of the stored item (storage commands). */
    readonly cas?: bigint
    /** incr/decr result. */
    readonly value?: bigint
    /** Copies that acknowledged the write, the primary's included. */
    readonly copies: number
    /** Peer id of the primary that executed it (lets a client learn the owner). */
    readonly owner: string
  }
  | { readonly type: 'values', readonly hits: readonly GetHit[], readonly owner: string }
  | { readonly type: 'ok', readonly applied: number }
  | { readonly type: 'items', readonly items: readonly WireItem[], readonly more: boolean }
  | { readonly type: 'digests', readonly digests: readonly Uint8Array[] }
  | { readonly type: 'ringView', readonly m: number, readonly replicas: number, readonly vnodes: readonly ViewVnode[] }

/** Typed error codes of the KV protocol (RemoteError.code on the requester). */
export const KvErrorCode = {
  /** Key empty, longer than 250 bytes, or containing spaces or control characters. */
  BadKey: 'BadKey',
  /** Value over MAX_VALUE_BYTES (memcached: SERVER_ERROR object too large for cache). */
  TooLarge: 'TooLarge',
  /** incr/decr on a value that is not a decimal u64. */
  NonNumeric: 'NonNumeric',
  /** The write reached fewer than W copies: it may or may not survive (outcome unknown). */
  Unavailable: 'Unavailable',
  /** Forwarded too often without reaching the owner. */
  WrongOwner: 'WrongOwner',
  /** Malformed request. */
  BadRequest: 'BadRequest',
  /** This peer is not (yet) on the ring. */
  NotMember: 'NotMember'
} as const
