/**
 * What the client needs from the network, so tests can run it over an in-memory fake: send a
 * request, dial a multiaddr, and tell whether a connection to a peer is already open (a write
 * is only retried elsewhere when it failed before anything was sent, which the client knows
 * by dialing first).
 */
import { peerIdFromString } from '@libp2p/peer-id'
import { UnreachableError } from '../node/transport/errors.ts'
import type { Libp2pTransport } from '../node/transport/libp2p.ts'
import type { Codec, PeerAddress, RequestOptions } from '../node/transport/types.ts'

export interface ClientTransport {
  request<Req, Res> (to: PeerAddress, codec: Codec<Req, Res>, req: Req, options?: RequestOptions): Promise<Res>
  /** Dials a multiaddr (with or without /p2p/); the peer's address. Throws UnreachableError. */
  connect (multiaddr: string, options?: { timeoutMs?: number }): Promise<PeerAddress>
  /** Whether an open connection to the peer exists now. */
  isConnected (peerId: string): boolean
  stop (): Promise<void>
}

/** The client transport over a libp2p host. */
export function libp2pClientTransport (transport: Libp2pTransport): ClientTransport {
  return {
    request: async (to, codec, req, options) => await transport.request(to, codec, req, options),
    connect: async (multiaddr, options) => await transport.connect(multiaddr, options),
    isConnected: peerId => {
      try {
        return transport.libp2p.getConnections(peerIdFromString(peerId)).some(c => c.status === 'open')
      } catch {
        return false
      }
    },
    stop: async () => { await transport.stop() }
  }
}

/**
 * Makes sure a connection to `peer` is open, dialing its addresses in turn. Throws
 * UnreachableError when none answers: then nothing was sent to it.
 */
export async function ensureConnected (transport: ClientTransport, peer: PeerAddress, timeoutMs: number): Promise<void> {
  if (transport.isConnected(peer.peerId)) return
  const reasons: string[] = []
  for (const addr of peer.addrs) {
    try {
      const reached = await transport.connect(withPeerId(addr, peer.peerId), { timeoutMs })
      if (reached.peerId === peer.peerId) return
      reasons.push(`${addr} is peer ${reached.peerId}`)
    } catch (err) {
      reasons.push((err as Error).message)
    }
  }
  throw new UnreachableError(`cannot connect to ${peer.peerId}: ${reasons.length === 0 ? 'no address known' : reasons.join('; ')}`)
}

function withPeerId (addr: string, peerId: string): string {
  return addr.includes('/p2p/') ? addr : `${addr}/p2p/${peerId}`
}
