/**
 * Where the client sends a key: a ring view as one peer answered it, with the peers'
 * addresses. Pure: no I/O, no clock.
 */
import type { KvResponse, ViewVnode } from '../node/kv/messages.ts'
import type { PeerAddress } from '../node/transport/types.ts'
import { RingView } from '../ring/view.ts'
import { ProtocolError } from './errors.ts'

type RingViewAnswer = Extract<KvResponse, { type: 'ringView' }>

export class Routing {
  readonly view: RingView<ViewVnode>
  /** Replication factor r the ring runs with. */
  readonly replicas: number
  /** Address of every peer of the view (the union of its vnodes' multiaddrs). */
  readonly addresses: ReadonlyMap<string, PeerAddress>
  /** Zone of a peer ('' for one without), or undefined when no peer of the view has a zone. */
  readonly zoneOf: ((peerId: string) => string) | undefined

  private constructor (view: RingView<ViewVnode>, replicas: number) {
    this.view = view
    this.replicas = replicas
    const addrs = new Map<string, Set<string>>()
    for (const vnode of view.vnodes) {
      let set = addrs.get(vnode.peerId)
      if (set === undefined) addrs.set(vnode.peerId, set = new Set())
      for (const addr of vnode.addrs) set.add(addr)
    }
    this.addresses = new Map([...addrs].map(([peerId, set]) => [peerId, { peerId, addrs: [...set] }]))
    const zones = new Map(view.vnodes.filter(v => v.zone !== undefined).map(v => [v.peerId, v.zone as string]))
    this.zoneOf = zones.size === 0 ? undefined : peerId => zones.get(peerId) ?? ''
  }

  /**
   * The routing of a ringView answer on an m-bit ring. Throws ProtocolError for an answer
   * about another ring size, without vnodes (the peer is not on a ring yet) or with r < 1.
   */
  static from (answer: RingViewAnswer, m: number): Routing {
    if (answer.m !== m) {
      throw new ProtocolError('WrongRingSize', `the ring uses ${answer.m}-bit ids, this client ${m}-bit ones (set the m option)`)
    }
    if (answer.vnodes.length === 0) throw new ProtocolError('EmptyView', 'the peer knows no vnode of a ring (it is not a member yet)')
    if (!Number.isInteger(answer.replicas) || answer.replicas < 1) {
      throw new ProtocolError('BadView', `the peer claims a replication factor of ${answer.replicas}`)
    }
    let view: RingView<ViewVnode>
    try {
      view = RingView.from(answer.vnodes, m)
    } catch (err) {
      throw new ProtocolError('BadView', `the peer sent an invalid ring view: ${(err as Error).message}`)
    }
    return new Routing(view, answer.replicas)
  }

  /**
   * The peers of keyId's replica set, primary first (r distinct peers, fewer on a small ring);
   * spread over zones when the peers carry zone tags, as the peers place copies.
   */
  candidates (keyId: bigint): PeerAddress[] {
    return this.view.replicas(keyId, this.replicas, this.zoneOf).map(v => this.addresses.get(v.peerId) as PeerAddress)
  }

  /** The peer hosting keyId's primary vnode. */
  primary (keyId: bigint): PeerAddress {
    return this.addresses.get((this.view.primary(keyId) as ViewVnode).peerId) as PeerAddress
  }

  /** Same vnodes on the same peers (addresses aside). */
  sameRingAs (other: Routing): boolean {
    const a = this.view.vnodes
    const b = other.view.vnodes
    return a.length === b.length && a.every((v, i) => v.id === b[i].id && v.peerId === b[i].peerId)
  }
}
