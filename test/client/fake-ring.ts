/**
 * An in-memory ring of fake KV peers for the client's routing tests: each peer knows the
 * true ring (a RingView), forwards ops it does not own as node/kv/service.ts does (get: served
 * locally at MAX_FORWARD_HOPS or when the primary fails; the answer names the owner), applies
 * set/add/delete/incr to a plain Map and copies writes to its live replicas. Every message
 * goes through the real KV codec, so what the client sends is what a peer would decode.
 *
 * Faults per peer: 'down' (dials refused, as a killed process), 'paused' (connections stay
 * open but nothing answers, as SIGSTOP), and scripted errors for the next requests.
 */
import { hashToId } from '../../ring/id.ts'
import { RingView } from '../../ring/view.ts'
import { vnodeIds } from '../../ring/placement.ts'
import { kvCodec } from '../../node/protocol/kv-codec.ts'
import { KvErrorCode, MAX_FORWARD_HOPS } from '../../node/kv/messages.ts'
import type { GetHit, KvRequest, KvResponse, ViewVnode } from '../../node/kv/messages.ts'
import { RemoteError, TimeoutError, UnreachableError } from '../../node/transport/errors.ts'
import type { Codec, PeerAddress, RequestOptions } from '../../node/transport/types.ts'
import type { ClientTransport } from '../../client/transport.ts'

export const M = 32
export const codec = kvCodec(M)

interface Stored { value: Uint8Array, flags: number, cas: bigint }

export type PeerState = 'up' | 'down' | 'paused'

export class FakePeer {
  readonly peerId: string
  state: PeerState = 'up'
  readonly store = new Map<string, Stored>()
  /** Requests this peer received, decoded, in order. */
  readonly received: KvRequest[] = []
  /** Errors to throw (RemoteError code) for the next requests of these types. */
  readonly scriptedErrors: Array<{ type: KvRequest['type'], code: string }> = []
  /** Write quorum failure: mutations are applied but answered Unavailable. */
  failQuorum = false
  constructor (peerId: string) {
    this.peerId = peerId
  }

  get addr (): string {
    return `/fake/${this.peerId}`
  }
}

export class FakeRing {
  readonly peers = new Map<string, FakePeer>()
  readonly replicas: number
  readonly vnodesPerPeer: number
  truth: RingView<ViewVnode>
  /** Largest sum of value bytes one get answer may carry; beyond it the peer answers TooLarge (as the KV service). */
  maxAnswerBytes = Infinity
  /** Every request any peer received, in arrival order. */
  private readonly arrivals: Array<{ peer: string, req: KvRequest }> = []
  private cas = 1n

  constructor (peerCount: number, options: { replicas?: number, vnodes?: number } = {}) {
    this.replicas = options.replicas ?? 3
    this.vnodesPerPeer = options.vnodes ?? 4
    for (let i = 0; i < peerCount; i++) this.addPeer()
    this.truth = this.viewOf([...this.peers.keys()])
  }

  /** A new peer, not yet in `truth` (call rebuild() to make it a member). */
  addPeer (): FakePeer {
    const peer = new FakePeer(`12D3KooFake${String(this.peers.size).padStart(3, '0')}`)
    this.peers.set(peer.peerId, peer)
    return peer
  }

  /** Makes `truth` the ring of these peers (default: all peers not down). */
  rebuild (peerIds: readonly string[] = [...this.peers.values()].filter(p => p.state !== 'down').map(p => p.peerId)): void {
    this.truth = this.viewOf(peerIds)
  }

  viewOf (peerIds: readonly string[]): RingView<ViewVnode> {
    return RingView.from(peerIds.flatMap(peerId => vnodeIds(peerId, this.vnodesPerPeer, M)
      .map(id => ({ id, peerId, addrs: [`/fake/${peerId}`] }))), M)
  }

  /** The ringView answer of a view (to hand a client a deliberately stale one). */
  answerOf (view: RingView<ViewVnode>): Extract<KvResponse, { type: 'ringView' }> {
    return { type: 'ringView', m: M, replicas: this.replicas, vnodes: view.vnodes.map(v => ({ id: v.id, peerId: v.peerId, addrs: v.addrs })) }
  }

  primaryOf (key: string): FakePeer {
    return this.peers.get((this.truth.primary(hashToId(key, M)) as ViewVnode).peerId) as FakePeer
  }

  replicasOf (key: string): FakePeer[] {
    return this.truth.replicas(hashToId(key, M), this.replicas).map(v => this.peers.get(v.peerId) as FakePeer)
  }

  /** The requests (of a type) the peers received, in arrival order, with who received them. */
  received (type?: KvRequest['type']): Array<{ peer: string, req: KvRequest }> {
    return this.arrivals.filter(r => type === undefined || r.req.type === type)
  }

  clearReceived (): void {
    this.arrivals.length = 0
    for (const p of this.peers.values()) p.received.length = 0
  }

  /** A client transport into this ring (connections are remembered per peer until it goes down). */
  transport (): ClientTransport & { stopped: boolean } {
    const connected = new Set<string>()
    const ring = this
    return {
      stopped: false,
      async request<Req, Res> (to: PeerAddress, c: Codec<Req, Res>, req: Req, options: RequestOptions = {}): Promise<Res> {
        if (this.stopped) throw new UnreachableError('transport is stopped')
        const peer = ring.peers.get(to.peerId)
        if (peer === undefined || peer.state === 'down') {
          connected.delete(to.peerId)
          throw new UnreachableError(`cannot open to ${to.peerId}`)
        }
        connected.add(to.peerId)
        const bytes = c.encodeRequest(req)
        const res = await ring.deliver(peer, c.decodeRequest(bytes) as KvRequest, options.timeoutMs ?? 5000, options.signal)
        return c.decodeResponse(c.encodeResponse(res as Res))
      },
      async connect (multiaddr: string): Promise<PeerAddress> {
        const peerId = /^\/fake\/([^/]+)/.exec(multiaddr)?.[1]
        const peer = peerId === undefined ? undefined : ring.peers.get(peerId)
        if (peer === undefined || peer.state === 'down') throw new UnreachableError(`cannot connect to ${multiaddr}`)
        connected.add(peer.peerId)
        return { peerId: peer.peerId, addrs: [peer.addr] }
      },
      isConnected: peerId => connected.has(peerId) && ring.peers.get(peerId)?.state !== 'down',
      async stop () { this.stopped = true }
    }
  }

  /** A request reaching `peer`; a paused peer never answers, so the caller's deadline decides. */
  private async deliver (peer: FakePeer, req: KvRequest, timeoutMs: number, signal?: AbortSignal): Promise<KvResponse> {
    this.arrivals.push({ peer: peer.peerId, req })
    peer.received.push(req)
    if (peer.state === 'paused') {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, timeoutMs)
        signal?.addEventListener('abort', () => { clearTimeout(timer); reject(signal.reason) }, { once: true })
      })
      throw new TimeoutError(`request to ${peer.peerId} timed out after ${timeoutMs} ms`)
    }
    const scripted = peer.scriptedErrors.findIndex(e => e.type === req.type)
    if (scripted >= 0) {
      const [{ code }] = peer.scriptedErrors.splice(scripted, 1)
      throw new RemoteError(code, `scripted ${code}`)
    }
    return await this.serve(peer, req, timeoutMs)
  }

  /** Peer to peer (forwarding): fails as the client's requests do. */
  private async forward (to: FakePeer, req: KvRequest, timeoutMs: number): Promise<KvResponse> {
    if (to.state === 'down') throw new UnreachableError(`cannot open to ${to.peerId}`)
    try {
      return await this.deliver(to, req, timeoutMs)
    } catch (err) {
      // A remote error travels back with its code, as over libp2p.
      throw new RemoteError((err as { code?: string }).code ?? 'Internal', (err as Error).message)
    }
  }

  private async serve (peer: FakePeer, req: KvRequest, timeoutMs: number): Promise<KvResponse> {
    switch (req.type) {
      case 'ringView':
        return this.answerOf(this.truth)
      case 'get': {
        const hits: GetHit[] = []
        const remote = new Map<FakePeer, string[]>()
        for (const key of req.keys) {
          const owner = this.primaryOf(key)
          if (owner === peer || req.hops >= MAX_FORWARD_HOPS) {
            const s = peer.store.get(key)
            if (s !== undefined) hits.push({ key, ...s })
          } else {
            remote.set(owner, [...(remote.get(owner) ?? []), key])
          }
        }
        for (const [owner, keys] of remote) {
          try {
            const res = await this.forward(owner, { type: 'get', keys, hops: req.hops + 1 }, timeoutMs)
            if (res.type === 'values') hits.push(...res.hits)
          } catch {
            for (const key of keys) {
              const s = peer.store.get(key)
              if (s !== undefined) hits.push({ key, ...s })
            }
          }
        }
        if (hits.reduce((n, h) => n + h.value.length, 0) > this.maxAnswerBytes) {
          throw new RemoteError(KvErrorCode.TooLarge, `the values of these ${req.keys.length} keys exceed one answer`)
        }
        return { type: 'values', hits, owner: peer.peerId }
      }
      case 'mutate': {
        const owner = this.primaryOf(req.key)
        if (owner !== peer) {
          if (req.hops >= MAX_FORWARD_HOPS) throw new RemoteError(KvErrorCode.WrongOwner, 'too many forwards')
          return await this.forward(owner, { ...req, hops: req.hops + 1 }, timeoutMs)
        }
        const held = peer.store.get(req.key)
        let status: Extract<KvResponse, { type: 'mutated' }>['status']
        let value: bigint | undefined
        let stored: Stored | undefined
        switch (req.op) {
          case 'set':
            stored = { value: req.value as Uint8Array, flags: req.flags ?? 0, cas: this.cas++ }
            status = 'STORED'
            break
          case 'add':
            if (held !== undefined) { status = 'NOT_STORED'; break }
            stored = { value: req.value as Uint8Array, flags: req.flags ?? 0, cas: this.cas++ }
            status = 'STORED'
            break
          case 'delete':
            status = held === undefined ? 'NOT_FOUND' : 'DELETED'
            break
          case 'incr': {
            if (held === undefined) { status = 'NOT_FOUND'; break }
            value = BigInt(new TextDecoder().decode(held.value)) + (req.delta as bigint)
            stored = { value: new TextEncoder().encode(String(value)), flags: held.flags, cas: this.cas++ }
            status = 'OK'
            break
          }
          default:
            throw new RemoteError(KvErrorCode.BadRequest, `the fake ring does not do ${req.op}`)
        }
        for (const replica of this.replicasOf(req.key)) {
          if (replica.state !== 'up') continue
          if (req.op === 'delete' && held !== undefined) replica.store.delete(req.key)
          else if (stored !== undefined) replica.store.set(req.key, stored)
        }
        if (peer.failQuorum) throw new RemoteError(KvErrorCode.Unavailable, 'write reached 1 of the 2 copies required')
        return { type: 'mutated', status, copies: this.replicas, owner: peer.peerId, ...(stored !== undefined ? { cas: stored.cas } : {}), ...(value !== undefined ? { value } : {}) }
      }
      default:
        throw new RemoteError(KvErrorCode.BadRequest, `the fake ring does not serve ${req.type}`)
    }
  }
}
