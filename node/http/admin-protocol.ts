/**
 * The admin protocol (`/chordkv/admin/1.0.0`, node/protocol/admin.proto): one peer asks
 * another to describe its vnodes (ids, membership, keys, fingers) and where its admin HTTP
 * is. With it any peer can draw the whole ring with every peer's key counts: the ring walk
 * finds the vnodes, one describe per peer fills in the rest (gatherRing).
 *
 * Read-only and small; every answer is validated like the other protocols' (sizes capped,
 * ids of exactly the ring's width, counts within range).
 */
import type { NodeRef } from '../chord/messages.ts'
import type { PeerSnapshot } from '../chord/types.ts'
import { checkEncodedSize, decodeWire, IdCodec, utf8Length } from '../protocol/common.ts'
import { AdminRequest as WireRequest, AdminResponse as WireResponse } from '../protocol/admin.js'
import { BadMessageError } from '../transport/errors.ts'
import type { Codec, Transport } from '../transport/types.ts'
import { ringModel, type ModelVnode, type RingModel } from './ring-model.ts'

export const ADMIN_PROTOCOL = '/chordkv/admin/1.0.0'
/** Most vnodes one describe answer lists (a peer has at most 1024). */
export const MAX_DESCRIBED_VNODES = 1024
/** Most fingers listed per vnode (distinct targets; a ring of a million vnodes has ~20). */
export const MAX_DESCRIBED_FINGERS = 64
/** Largest admin message, in bytes. */
export const MAX_ADMIN_MESSAGE_BYTES = 1024 * 1024
/** Largest http field, in bytes. */
const MAX_HTTP_BYTES = 300
/** Deadline of one describe while gathering the ring, in ms. */
export const DESCRIBE_TIMEOUT_MS = 2000
/** Describes in flight at once while gathering the ring. */
const DESCRIBE_CONCURRENCY = 16

export type AdminRequest = { readonly type: 'describe' }

export interface DescribedVnode {
  readonly id: bigint
  readonly index: number
  readonly member: boolean
  readonly keys: number
  readonly fingers: readonly bigint[]
}

export type AdminResponse = { readonly type: 'described', readonly vnodes: readonly DescribedVnode[], readonly http: string | null }

/** The codec for ADMIN_PROTOCOL on an m-bit ring. */
export function adminCodec (m: number): Codec<AdminRequest, AdminResponse> {
  const ids = new IdCodec(m)
  const limits = { describe: { vnodes: MAX_DESCRIBED_VNODES, vnodes$: { fingers: MAX_DESCRIBED_FINGERS } } }
  return {
    protocol: ADMIN_PROTOCOL,
    maxMessageBytes: MAX_ADMIN_MESSAGE_BYTES,
    encodeRequest: () => checkEncodedSize(WireRequest.encode({ describe: {} }), MAX_ADMIN_MESSAGE_BYTES, 'admin request'),
    decodeRequest: bytes => {
      const wire = decodeWire(bytes, b => WireRequest.decode(b), MAX_ADMIN_MESSAGE_BYTES, 'admin request')
      if (wire.describe == null) throw new BadMessageError('admin request: no known request type')
      return { type: 'describe' }
    },
    encodeResponse: res => {
      if (res.vnodes.length > MAX_DESCRIBED_VNODES) throw new RangeError(`admin response: ${res.vnodes.length} vnodes, more than ${MAX_DESCRIBED_VNODES}`)
      return checkEncodedSize(WireResponse.encode({
        describe: {
          http: res.http ?? '',
          vnodes: res.vnodes.map(v => ({
            id: ids.encode(v.id, 'vnodes[].id'),
            index: v.index,
            member: v.member,
            keys: BigInt(v.keys),
            fingers: v.fingers.slice(0, MAX_DESCRIBED_FINGERS).map(f => ids.encode(f, 'vnodes[].fingers[]'))
          }))
        }
      }), MAX_ADMIN_MESSAGE_BYTES, 'admin response')
    },
    decodeResponse: bytes => {
      const wire = decodeWire(bytes, b => WireResponse.decode(b, { limits }), MAX_ADMIN_MESSAGE_BYTES, 'admin response')
      const described = wire.describe
      if (described == null) throw new BadMessageError('admin response: no known response type')
      if (utf8Length(described.http) > MAX_HTTP_BYTES) throw new BadMessageError(`admin response: http is more than ${MAX_HTTP_BYTES} bytes`)
      return {
        type: 'described',
        http: described.http === '' ? null : described.http,
        vnodes: described.vnodes.map((v, i) => {
          if (v.keys > BigInt(Number.MAX_SAFE_INTEGER)) throw new BadMessageError(`admin response: vnodes[${i}].keys is out of range`)
          if (v.index > MAX_DESCRIBED_VNODES) throw new BadMessageError(`admin response: vnodes[${i}].index is out of range`)
          return {
            id: ids.decode(v.id, `vnodes[${i}].id`),
            index: v.index,
            member: v.member,
            keys: Number(v.keys),
            fingers: v.fingers.map((f, j) => ids.decode(f, `vnodes[${i}].fingers[${j}]`))
          }
        })
      }
    }
  }
}

/** What the describe handler reads from its peer. */
export interface DescribeSource {
  snapshot (): PeerSnapshot
  keysPerVnode (index: number): number
  /** The admin HTTP address, or null. */
  http (): string | null
}

/** This peer's own answer to describe. */
export function describeSelf (source: DescribeSource): AdminResponse {
  const snapshot = source.snapshot()
  return {
    type: 'described',
    http: source.http(),
    vnodes: snapshot.vnodes.map(v => ({
      id: v.id,
      index: v.index,
      member: v.member,
      keys: source.keysPerVnode(v.index),
      fingers: [...new Set(v.fingers.map(f => f.id))]
    }))
  }
}

/** Serves describe on the transport. */
export async function serveAdminProtocol (transport: Transport, codec: Codec<AdminRequest, AdminResponse>, source: DescribeSource): Promise<void> {
  await transport.handle(codec, async () => describeSelf(source))
}

export interface GatherInit {
  readonly m: number
  readonly selfPeerId: string
  /** The vnodes of the ring (a ring walk). */
  readonly walk: () => Promise<readonly NodeRef[]>
  /** This peer's own description (no network). */
  readonly self: () => AdminResponse
  /** Asks another peer. */
  readonly describe: (peer: NodeRef) => Promise<AdminResponse>
}

/** Where each peer's admin HTTP is, as the peers said (for links between pages). */
export type AdminAddresses = Map<string, string | null>

/**
 * The whole ring: the walk's vnodes, each peer's keys and fingers from its own describe
 * (null keys for a peer that did not answer).
 */
export async function gatherRing (init: GatherInit): Promise<{ model: RingModel, http: AdminAddresses }> {
  const walked = await init.walk()
  const byPeer = new Map<string, NodeRef>()
  for (const n of walked) if (!byPeer.has(n.peerId)) byPeer.set(n.peerId, n)
  const answers = new Map<string, AdminResponse | undefined>()
  answers.set(init.selfPeerId, init.self())
  const others = [...byPeer.values()].filter(n => n.peerId !== init.selfPeerId)
  let next = 0
  await Promise.all(Array.from({ length: Math.min(DESCRIBE_CONCURRENCY, others.length) }, async () => {
    while (next < others.length) {
      const peer = others[next++]
      answers.set(peer.peerId, await init.describe(peer).catch(() => undefined))
    }
  }))
  const vnodes: ModelVnode[] = walked.map(n => {
    const described = answers.get(n.peerId)?.vnodes.find(v => v.id === n.id)
    return described === undefined
      ? { id: n.id, peerId: n.peerId, keys: null }
      : { id: n.id, peerId: n.peerId, index: described.index, keys: described.keys, fingers: described.fingers }
  })
  const http: AdminAddresses = new Map([...answers].map(([peerId, a]) => [peerId, a?.http ?? null]))
  const answered = [...answers.values()].filter(a => a !== undefined).length
  const source = `ring walked from …${init.selfPeerId.slice(-8)}; ${answered} of ${answers.size} peers reported their keys`
  return { model: ringModel(init.m, vnodes, source), http }
}
