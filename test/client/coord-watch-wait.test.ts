/**
 * RemoteCoordApi.watchNext sends whole milliseconds: the lock recipe computes its waits from
 * clock readings (fractions of a ms), and the wire codec refuses a non-integer waitMs. Before
 * this was rounded, every such watch failed locally ("no peer could serve the request"), and
 * a lock waiter noticed its predecessor's release only after waiting out its TTL.
 */
import t from 'tap'
import { RemoteCoordApi } from '../../client/coord.ts'
import type { ClientTransport } from '../../client/transport.ts'
import type { CoordRequest, CoordResponse } from '../../node/coord/messages.ts'
import { MAX_WATCH_WAIT_MS } from '../../node/coord/messages.ts'
import type { Codec, PeerAddress } from '../../node/transport/types.ts'

const peer: PeerAddress = { peerId: '12D3KooWfake', addrs: ['/ip4/127.0.0.1/tcp/1'] }

/** A transport that encodes and decodes every request with the real codec, as the wire does. */
function wireTransport (sent: CoordRequest[]): ClientTransport {
  return {
    async request<Req, Res> (_to: PeerAddress, codec: Codec<Req, Res>, req: Req): Promise<Res> {
      const decoded = codec.decodeRequest(codec.encodeRequest(req)) as unknown as CoordRequest
      sent.push(decoded)
      const res: CoordResponse = { type: 'watch', events: [], resync: false }
      return codec.decodeResponse(codec.encodeResponse(res as unknown as Res))
    },
    async connect () { return peer },
    isConnected: () => true,
    async stop () {}
  }
}

t.test('a fractional waitMs is sent rounded up to whole milliseconds, and the watch answers', async t => {
  const sent: CoordRequest[] = []
  const api = new RemoteCoordApi({ transport: wireTransport(sent), peers: () => [peer], timeoutMs: 1000 })
  const batch = await api.watchNext('lock-slot/2/L', 3n, { waitMs: 10999.837498 })
  t.same(batch, { events: [], resync: false })
  t.equal(sent.length, 1)
  t.match(sent[0], { type: 'watch', key: 'lock-slot/2/L', after: 3n, waitMs: 11000 })
})

t.test('waitMs is clamped to [0, MAX_WATCH_WAIT_MS]; NaN is a BadRequest sent nowhere', async t => {
  const sent: CoordRequest[] = []
  const api = new RemoteCoordApi({ transport: wireTransport(sent), peers: () => [peer], timeoutMs: 1000 })
  await api.watchNext('k', 0n, { waitMs: -5.5 })
  await api.watchNext('k', 0n, { waitMs: MAX_WATCH_WAIT_MS + 0.5 })
  t.same(sent.map(r => (r as { waitMs: number }).waitMs), [0, MAX_WATCH_WAIT_MS])
  await t.rejects(api.watchNext('k', 0n, { waitMs: NaN }), { name: 'CoordError', code: 'BadRequest' })
  t.equal(sent.length, 2)
})
