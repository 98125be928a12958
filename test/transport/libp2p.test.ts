import t from 'tap'
import type { Test } from 'tap'
import { generateKeyPair } from '@libp2p/crypto/keys'
import { multiaddr } from '@multiformats/multiaddr'
import type { Stream } from '@libp2p/interface'
import { createLibp2pTransport, MAX_IN_FLIGHT_PER_STREAM } from '../../node/transport/libp2p.ts'
import type { Libp2pTransport, Libp2pTransportInit } from '../../node/transport/libp2p.ts'
import { ringCodec } from '../../node/protocol/ring-codec.ts'
import { Envelope } from '../../node/protocol/envelope.js'
import { RingRequest as WireRequest } from '../../node/protocol/ring.js'
import { encodeFrame, FrameDecoder } from '../../node/protocol/framing.ts'
import { MAX_RING_MESSAGE_BYTES, RING_PROTOCOL } from '../../node/chord/messages.ts'
import type { RingRequest, RingResponse } from '../../node/chord/messages.ts'
import type { Codec, Handler, RequestContext } from '../../node/transport/types.ts'
import { seededRandom } from '../../node/transport/clock.ts'

const codec = ringCodec(160)

async function startPeer (t: Test, init: Libp2pTransportInit = {}): Promise<Libp2pTransport> {
  const transport = await createLibp2pTransport(init)
  t.teardown(async () => { await transport.stop() })
  return transport
}

/** A ring server: pong for pings, the key echoed back as a one-node step for lookups. */
async function startServer (t: Test, handler?: Handler<RingRequest, RingResponse>, init?: Libp2pTransportInit): Promise<Libp2pTransport> {
  const transport = await startPeer(t, init)
  await transport.handle(codec, handler ?? echoHandler)
  return transport
}

const echoHandler: Handler<RingRequest, RingResponse> = async (req, ctx) => {
  if (req.type === 'findSuccessor') return { type: 'step', done: true, nodes: [{ id: req.key, peerId: ctx.from, addrs: [] }] }
  return { type: 'pong' }
}

/** Settles like `promise`, or rejects once `ms` pass: a bound on waiting, never a sleep. */
async function within<T> (ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const expired = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new Error(`${what}: nothing after ${ms} ms`)) }, ms)
  })
  try {
    return await Promise.race([promise, expired])
  } finally {
    clearTimeout(timer)
  }
}

function deferred<T = void> (): { promise: Promise<T>, resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>(r => { resolve = r })
  return { promise, resolve }
}

t.test('a ring request gets its response, and the handler sees who asked', async t => {
  const b = await startServer(t)
  const a = await startPeer(t)
  t.match(b.self.addrs[0], new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${b.self.peerId}$`), 'self.addrs end in /p2p/<id>')
  t.strictSame(await a.request(b.self, codec, { type: 'ping' }), { type: 'pong' })
  const res = await a.request(b.self, codec, { type: 'findSuccessor', key: 2n ** 150n + 3n })
  t.strictSame(res, { type: 'step', done: true, nodes: [{ id: 2n ** 150n + 3n, peerId: a.self.peerId, addrs: [] }] })
  t.equal(a.stats().streamsOpened, 1, 'both requests rode one stream')
})

t.test('an address without /p2p/ and an address given only by peer id once connected both work', async t => {
  const b = await startServer(t)
  const a = await startPeer(t)
  const bare = b.self.addrs[0].replace(/\/p2p\/.*$/, '')
  t.strictSame(await a.request({ peerId: b.self.peerId, addrs: [bare] }, codec, { type: 'ping' }), { type: 'pong' })
  t.strictSame(await a.request({ peerId: b.self.peerId, addrs: [] }, codec, { type: 'vnodes' }), { type: 'pong' })
})

t.test('200 concurrent requests on one connection complete on a single stream, answered out of order', async t => {
  const random = seededRandom(200)
  const b = await startServer(t, async (req, ctx) => {
    // Random handler delays make the responses come back in a different order than sent.
    await new Promise(resolve => setTimeout(resolve, Math.floor(random() * 20)))
    return await echoHandler(req, ctx)
  })
  const a = await startPeer(t)
  const keys = Array.from({ length: 200 }, (_, i) => BigInt(i) * 7919n)
  const responses = await Promise.all(keys.map(key => a.request(b.self, codec, { type: 'findSuccessor', key })))
  responses.forEach((res, i) => {
    if (res.type !== 'step' || res.nodes[0].id !== keys[i]) t.fail(`request ${i} got the response of another request`)
  })
  t.equal(responses.length, 200)
  t.equal(a.stats().streamsOpened, 1, 'one outbound stream')
  t.equal(a.stats().requestsSent, 200)
  t.equal(b.stats().streamsAccepted, 1, 'one inbound stream')
  t.equal(b.stats().requestsHandled, 200)
})

t.test('a slow handler does not hold up later requests on the same stream', async t => {
  const gate = deferred()
  const b = await startServer(t, async (req, ctx) => {
    if (req.type === 'getState') await gate.promise
    return await echoHandler(req, ctx)
  })
  const a = await startPeer(t)
  const slow = a.request(b.self, codec, { type: 'getState', target: 1n })
  t.strictSame(await a.request(b.self, codec, { type: 'ping' }), { type: 'pong' }, 'the ping overtook the slow request')
  gate.resolve()
  t.strictSame(await slow, { type: 'pong' })
  t.equal(a.stats().streamsOpened, 1)
})

t.test(`at most ${MAX_IN_FLIGHT_PER_STREAM} handler calls run at once per stream; the rest wait their turn`, async t => {
  const gate = deferred()
  let running = 0
  let peak = 0
  const full = deferred()
  const b = await startServer(t, async () => {
    running++
    peak = Math.max(peak, running)
    if (running === MAX_IN_FLIGHT_PER_STREAM) full.resolve()
    await gate.promise
    running--
    return { type: 'ok' }
  })
  const a = await startPeer(t)
  const all = Promise.all(Array.from({ length: MAX_IN_FLIGHT_PER_STREAM + 44 }, () => a.request(b.self, codec, { type: 'vnodes' }, { timeoutMs: 10_000 })))
  await within(5_000, full.promise, 'handlers filling up')
  t.equal(running, MAX_IN_FLIGHT_PER_STREAM, 'the stream stops dispatching at the cap')
  gate.resolve()
  const responses = await all
  t.equal(responses.length, MAX_IN_FLIGHT_PER_STREAM + 44, 'every request was served once slots freed up')
  t.equal(peak, MAX_IN_FLIGHT_PER_STREAM)
})

t.test('handler errors arrive as RemoteError with their code', async t => {
  const b = await startServer(t, async req => {
    if (req.type === 'getState') throw Object.assign(new Error('vnode 5 is not here'), { code: 'NoSuchVnode' })
    if (req.type === 'notify') throw Object.assign(new Error('still joining'), { code: 'NotMember' })
    if (req.type === 'vnodes') throw new TypeError('a bug in the handler')
    throw 'not even an Error' // eslint-disable-line no-throw-literal, @typescript-eslint/only-throw-error
  })
  const a = await startPeer(t)
  await t.rejects(a.request(b.self, codec, { type: 'getState', target: 5n }), { name: 'RemoteError', code: 'NoSuchVnode', message: 'vnode 5 is not here' })
  await t.rejects(a.request(b.self, codec, { type: 'notify', target: 5n, candidate: { id: 4n, peerId: 'x', addrs: [] } }), { name: 'RemoteError', code: 'NotMember' })
  await t.rejects(a.request(b.self, codec, { type: 'vnodes' }), { name: 'RemoteError', code: 'Internal', message: 'a bug in the handler' })
  await t.rejects(a.request(b.self, codec, { type: 'ping' }), { name: 'RemoteError', code: 'Internal' })
  t.strictSame(await a.request(b.self, codec, { type: 'findSuccessor', key: 1n }).catch(err => err.code), 'Internal', 'the stream still serves after errors')
  t.equal(a.stats().streamsOpened, 1)
})

t.test('a handler that never answers: TimeoutError at the deadline, its signal aborted, a late answer ignored', async t => {
  const aborted = deferred<unknown>()
  const late = deferred()
  const b = await startServer(t, async (req, ctx: RequestContext) => {
    if (req.type === 'getState') {
      ctx.signal.addEventListener('abort', () => { aborted.resolve(ctx.signal.reason) })
      return await new Promise<never>(() => {}) // never settles
    }
    if (req.type === 'notify') {
      await late.promise // answers only after the requester gave up
      return { type: 'ok' }
    }
    return { type: 'pong' }
  })
  const a = await startPeer(t)
  await a.request(b.self, codec, { type: 'ping' }) // connection up, so the deadline measures the request

  const start = performance.now()
  await t.rejects(a.request(b.self, codec, { type: 'getState', target: 1n }, { timeoutMs: 300 }), { name: 'TimeoutError', code: 'Timeout' })
  const elapsed = performance.now() - start
  t.ok(elapsed >= 295 && elapsed < 2_000, `rejected at the deadline (${elapsed.toFixed(0)} ms)`)
  t.match(await within(5_000, aborted.promise, 'handler signal'), { name: 'TimeoutError' }, "the handler's signal was aborted by the deadline")

  await t.rejects(a.request(b.self, codec, { type: 'notify', target: 1n, candidate: { id: 2n, peerId: 'p', addrs: [] } }, { timeoutMs: 100 }), { name: 'TimeoutError' })
  late.resolve()
  t.strictSame(await a.request(b.self, codec, { type: 'ping' }), { type: 'pong' }, 'the next request gets its own answer, not the late one')
  t.equal(a.stats().requestsTimedOut, 2)
  t.equal(a.stats().streamsOpened, 1, 'a timeout does not cost the stream')
})

t.test('an AbortSignal ends the request at once', async t => {
  const b = await startServer(t, async () => await new Promise<never>(() => {}))
  const a = await startPeer(t)
  const controller = new AbortController()
  const pending = a.request(b.self, codec, { type: 'ping' }, { signal: controller.signal, timeoutMs: 10_000 })
  controller.abort()
  await t.rejects(within(1_000, pending, 'aborted request'), { name: 'AbortError' })
  await t.rejects(a.request(b.self, codec, { type: 'ping' }, { signal: AbortSignal.abort(new Error('gone')) }), { message: 'gone' }, 'an already aborted signal')
})

t.test('a stopped peer is unreachable; after it restarts on the same address with the same key, requests work again', async t => {
  const privateKey = await generateKeyPair('Ed25519')
  const started = deferred()
  const b1 = await startServer(t, async req => {
    if (req.type === 'getState') {
      started.resolve()
      return await new Promise<never>(() => {})
    }
    return { type: 'pong' }
  }, { privateKey })
  const a = await startPeer(t)
  const address = b1.self
  await a.request(address, codec, { type: 'ping' })

  const pending = a.request(address, codec, { type: 'getState', target: 1n }, { timeoutMs: 20_000 })
  await within(5_000, started.promise, 'hanging handler')
  await b1.stop()
  await t.rejects(within(5_000, pending, 'pending request'), { name: 'UnreachableError' }, 'a request in flight fails at once, not at its deadline')
  await t.rejects(a.request(address, codec, { type: 'ping' }, { timeoutMs: 3_000 }), { name: 'UnreachableError' }, 'a new request cannot dial')

  const listen = [address.addrs[0].replace(/\/p2p\/.*$/, '')]
  const b2 = await startServer(t, undefined, { privateKey, listen })
  t.equal(b2.self.peerId, address.peerId, 'same key, same peer id')
  t.strictSame(await a.request(address, codec, { type: 'ping' }), { type: 'pong' }, 'requests work again')
  t.equal(a.stats().streamsOpened, 2, 'one fresh stream after the restart')
})

t.test('unknown peers, bad peer ids and protocols the peer does not speak are UnreachableError', async t => {
  const b = await startPeer(t) // no ring handler
  const a = await startPeer(t)
  await t.rejects(a.request(b.self, codec, { type: 'ping' }), { name: 'UnreachableError' }, 'protocol not served')
  await t.rejects(a.request({ peerId: 'not-a-peer-id', addrs: [] }, codec, { type: 'ping' }), { name: 'UnreachableError' })
  const nobody = (await startPeer(t)).self.peerId
  await t.rejects(a.request({ peerId: nobody, addrs: [] }, codec, { type: 'ping' }, { timeoutMs: 3_000 }), { name: 'UnreachableError' }, 'no known address')
})

t.test('a response that does not decode is a BadMessageError', async t => {
  // A peer speaking the ring protocol id but answering bytes that are not a ring response.
  const broken: Codec<Uint8Array, Uint8Array> = {
    protocol: RING_PROTOCOL,
    maxMessageBytes: MAX_RING_MESSAGE_BYTES,
    encodeRequest: b => b,
    decodeRequest: b => b,
    encodeResponse: b => b,
    decodeResponse: b => b
  }
  const b = await startPeer(t)
  await b.handle(broken, async () => WireRequest.encode({ getState: { target: new Uint8Array(3) } }))
  const a = await startPeer(t)
  await t.rejects(a.request(b.self, codec, { type: 'ping' }), { name: 'BadMessageError' })
})

t.test('requests to this very peer are served by its own handler', async t => {
  const a = await startServer(t)
  t.strictSame(await a.request(a.self, codec, { type: 'findSuccessor', key: 9n }), { type: 'step', done: true, nodes: [{ id: 9n, peerId: a.self.peerId, addrs: [] }] })
  await a.unhandle(RING_PROTOCOL)
  await t.rejects(a.request(a.self, codec, { type: 'ping' }), { name: 'UnreachableError' })
})

t.test('connect() dials a multiaddr and returns the peer address', async t => {
  const b = await startServer(t)
  const a = await startPeer(t)
  const bare = b.self.addrs[0].replace(/\/p2p\/.*$/, '')
  const peer = await a.connect(bare)
  t.strictSame(peer, { peerId: b.self.peerId, addrs: [b.self.addrs[0]] })
  t.strictSame(await a.request(peer, codec, { type: 'ping' }), { type: 'pong' })
  await t.rejects(a.connect('/ip4/127.0.0.1/tcp/1', { timeoutMs: 2_000 }), { name: 'UnreachableError' })
  await t.rejects(a.connect('not a multiaddr'), { name: 'UnreachableError' })
})

/** A stream of the ring protocol written to by hand, with the envelopes that come back. */
class RawStream {
  readonly received: Envelope[] = []
  readonly closed: Promise<void>
  private readonly stream: Stream
  private readonly decoder = new FrameDecoder(1 << 20)
  private waiters: Array<() => void> = []

  constructor (stream: Stream) {
    this.stream = stream
    stream.addEventListener('message', evt => {
      this.decoder.push(evt.data)
      for (let f = this.decoder.next(); f != null; f = this.decoder.next()) this.received.push(Envelope.decode(f))
      for (const wake of this.waiters) wake()
    })
    this.closed = new Promise(resolve => { stream.addEventListener('close', () => { resolve() }) })
  }

  static async open (from: Libp2pTransport, to: Libp2pTransport): Promise<RawStream> {
    return new RawStream(await from.libp2p.dialProtocol(multiaddr(to.self.addrs[0]), RING_PROTOCOL))
  }

  send (bytes: Uint8Array): void {
    this.stream.send(bytes)
  }

  async closeWrite (): Promise<void> {
    await this.stream.close()
  }

  request (id: number, payload: Uint8Array, kind = Envelope.Kind.REQUEST): void {
    this.send(encodeFrame(Envelope.encode({ id, kind, payload: payload as Uint8Array<ArrayBuffer>, timeoutMs: 5_000 })))
  }

  /** The first envelope with this id, waiting for it up to a deadline. */
  async answer (id: number): Promise<Envelope> {
    return await within(5_000, new Promise<Envelope>(resolve => {
      const check = (): void => {
        const found = this.received.find(e => e.id === id)
        if (found != null) resolve(found)
      }
      this.waiters.push(check)
      check()
    }), `answer to request ${id}`)
  }
}

const pingPayload = (): Uint8Array => codec.encodeRequest({ type: 'ping' })

t.test('garbage on a raw ring stream gets typed errors or a closed stream, and the peer serves on', async t => {
  const b = await startServer(t)
  const a = await startPeer(t)
  const raw = await RawStream.open(a, b)

  t.test('a valid envelope whose payload is not protobuf: BadMessage for that id', async t => {
    raw.request(7, new Uint8Array([0xff, 0xff, 0xff]))
    t.match(await raw.answer(7), { kind: Envelope.Kind.ERROR, errorCode: 'BadMessage', errorMessage: /not valid protobuf/ })
  })

  t.test('an id of the wrong length: BadMessage for that id', async t => {
    raw.request(8, WireRequest.encode({ getState: { target: new Uint8Array(19) } }))
    t.match(await raw.answer(8), { kind: Envelope.Kind.ERROR, errorCode: 'BadMessage', errorMessage: /an id is 20 bytes, got 19/ })
  })

  t.test('a payload over the protocol cap, inside the frame cap: TooLarge for that id', async t => {
    raw.request(9, new Uint8Array(MAX_RING_MESSAGE_BYTES + 1))
    t.match(await raw.answer(9), { kind: Envelope.Kind.ERROR, errorCode: 'TooLarge' })
  })

  t.test('a RESPONSE envelope sent to the server: BadMessage', async t => {
    raw.request(10, pingPayload(), Envelope.Kind.RESPONSE)
    t.match(await raw.answer(10), { kind: Envelope.Kind.ERROR, errorCode: 'BadMessage' })
  })

  t.test('random frames: each is answered or dropped, and a ping after them is answered', async t => {
    const random = seededRandom(42)
    for (let i = 0; i < 50; i++) {
      const body = Uint8Array.from({ length: Math.floor(random() * 64) }, () => Math.floor(random() * 256))
      raw.send(encodeFrame(body))
    }
    raw.request(1_000_000, pingPayload())
    t.match(await raw.answer(1_000_000), { kind: Envelope.Kind.RESPONSE })
    t.notOk(raw.received.some(e => e.kind === Envelope.Kind.REQUEST), 'nothing but answers came back')
  })

  t.test('the same stream still serves a normal request', async t => {
    raw.request(11, pingPayload())
    t.strictSame(codec.decodeResponse((await raw.answer(11)).payload), { type: 'pong' })
  })

  t.test('a huge length prefix closes that stream', async t => {
    raw.send(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])) // 2^32 - 1 bytes announced
    await within(5_000, raw.closed, 'stream close')
    t.pass('stream closed')
  })

  t.test('the peer still answers normal requests, on its other streams and on new ones', async t => {
    t.strictSame(await a.request(b.self, codec, { type: 'ping' }), { type: 'pong' })
    const fresh = await RawStream.open(a, b)
    fresh.request(1, pingPayload())
    t.match(await fresh.answer(1), { kind: Envelope.Kind.RESPONSE })
    t.ok(b.stats().badFrames >= 5, `bad frames counted (${b.stats().badFrames})`)
  })
})

t.test('a requester that closes its side still gets every answer, then the stream closes', async t => {
  const gate = deferred()
  const b = await startServer(t, async (req, ctx) => {
    if (req.type === 'getState') await gate.promise
    return await echoHandler(req, ctx)
  })
  const a = await startPeer(t)
  const raw = await RawStream.open(a, b)
  raw.request(1, codec.encodeRequest({ type: 'getState', target: 3n }))
  raw.request(2, pingPayload())
  const closing = raw.closeWrite()
  t.match(await raw.answer(2), { kind: Envelope.Kind.RESPONSE })
  gate.resolve()
  t.match(await raw.answer(1), { kind: Envelope.Kind.RESPONSE }, 'the slow answer still arrives after the requester closed')
  await within(5_000, Promise.all([closing, raw.closed]), 'stream close')
  t.pass('the server closed its side once done')
})
