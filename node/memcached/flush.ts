/**
 * flush_all on a ring. memcached's flush_all empties one server; here the cache spans the
 * ring, so flushing only this peer's store would leave every other copy (and every key this
 * peer is not primary for) in place. Instead the peer walks the ring and asks every physical
 * peer, itself included, to drop the values it stored up to the moment it gets the request
 * (KV request `flush`, node/kv/service.ts). flush_all answers OK only when every peer did.
 */
import type { ChordPeer } from '../chord/peer.ts'
import type { KvService } from '../kv/service.ts'
import type { KvRequest, KvResponse } from '../kv/messages.ts'
import type { Codec, Transport } from '../transport/types.ts'
import { FlushError } from './errors.ts'

export interface RingFlushComponents {
  readonly chord: Pick<ChordPeer, 'walkRing' | 'peerId'>
  readonly transport: Pick<Transport, 'request'>
  readonly codec: Codec<KvRequest, KvResponse>
  readonly kv: Pick<KvService, 'handle'>
}

export interface RingFlushInit {
  /** Deadline of one peer's flush, in ms (default 5000). */
  readonly timeoutMs?: number
}

/** What flush_all calls: resolves when every peer flushed, else throws a FlushError. */
export type FlushAll = () => Promise<void>

/** A FlushAll that flushes every peer of the ring `components.chord` is on. */
export function ringFlusher (components: RingFlushComponents, init: RingFlushInit = {}): FlushAll {
  const timeoutMs = init.timeoutMs ?? 5000
  const request: KvRequest = { type: 'flush' }
  return async () => {
    const vnodes = await components.chord.walkRing()
    const peers = new Map(vnodes.map(v => [v.peerId, v]))
    const failed: string[] = []
    await Promise.all([...peers.values()].map(async peer => {
      try {
        if (peer.peerId === components.chord.peerId) await components.kv.handle(request)
        else await components.transport.request(peer, components.codec, request, { timeoutMs })
      } catch (err) {
        failed.push(`${peer.peerId}: ${(err as Error).message}`)
      }
    }))
    if (failed.length > 0) {
      throw new FlushError(`flush_all reached ${peers.size - failed.length} of ${peers.size} peers (${failed.join('; ')})`)
    }
  }
}
