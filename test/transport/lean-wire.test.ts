import t from 'tap'
import type { Test } from 'tap'
import { Socket } from 'node:net'
import { Uint8ArrayList } from 'uint8arraylist'
import { createLibp2pTransport } from '../../node/transport/libp2p.ts'
import type { Libp2pTransport } from '../../node/transport/libp2p.ts'
import { leanNoiseConnection, Uint16LengthDecoder, windowUpdateAtHalf } from '../../node/transport/lean-wire.ts'
import type { Codec } from '../../node/transport/types.ts'
import type { MessageStream, Stream } from '@libp2p/interface'

/** Bytes in, the same bytes out: a codec that lets a test choose message sizes freely. */
const bytesCodec: Codec<Uint8Array, Uint8Array> = {
  protocol: '/chordkv-test/bytes/1.0.0',
  maxMessageBytes: 1024 * 1024,
  encodeRequest: b => b,
  decodeRequest: b => b,
  encodeResponse: b => b,
  decodeResponse: b => b
}

async function pair (t: Test): Promise<{ a: Libp2pTransport, b: Libp2pTransport }> {
  const b = await createLibp2pTransport()
  t.teardown(async () => { await b.stop() })
  const a = await createLibp2pTransport()
  t.teardown(async () => { await a.stop() })
  // Answers with the request's length as 4 bytes, so responses stay small whatever is sent.
  await b.handle(bytesCodec, async req => new Uint8Array(new Uint32Array([req.length]).buffer))
  return { a, b }
}

function lengthOf (response: Uint8Array): number {
  return new DataView(response.buffer, response.byteOffset, 4).getUint32(0, true)
}

/** Socket writes made by this process while `fn` runs. */
async function countWrites (fn: () => Promise<void>): Promise<number> {
  const original = Socket.prototype.write
  let writes = 0
  Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
    writes++
    return original.apply(this, args)
  } as Socket['write']
  try {
    await fn()
  } finally {
    Socket.prototype.write = original
  }
  return writes
}

t.test('a request and its answer cost one socket write each: no window update, one write per noise message', async t => {
  const { a, b } = await pair(t)
  // The first request opens the connection and the stream (handshakes, protocol selection).
  t.equal(lengthOf(await a.request(b.self, bytesCodec, new Uint8Array(100))), 100)
  const requests = 50
  const answers: number[] = []
  // Nothing else may write meanwhile: tap's own output goes through a Socket too.
  const writes = await countWrites(async () => {
    for (let i = 0; i < requests; i++) answers.push(lengthOf(await a.request(b.self, bytesCodec, new Uint8Array(100 + i))))
  })
  t.strictSame(answers, answers.map((_, i) => 100 + i), 'every answer is its own')
  // Upstream's stack makes 8: two writes (length, ciphertext) for each of the request, the
  // answer and the two window updates acknowledging them. A little slack for yamux pings.
  t.ok(writes <= requests * 2 + 4, `${writes} socket writes for ${requests} sequential requests (at most ${requests * 2 + 4})`)
})

t.test('flow control still works: megabytes in both directions on one stream, sequential and concurrent', async t => {
  const { a, b } = await pair(t)
  const big = new Uint8Array(900 * 1024).map((_, i) => i & 0xff)
  for (let i = 0; i < 4; i++) t.equal(lengthOf(await a.request(b.self, bytesCodec, big)), big.length, `sequential ${i}`)
  const answers = await Promise.all(Array.from({ length: 12 }, async () => lengthOf(await a.request(b.self, bytesCodec, big, { timeoutMs: 20_000 }))))
  t.strictSame(answers, Array(12).fill(big.length), '12 concurrent requests of 900 KiB (10.5 MiB, ~40 windows) all answered')
  // And back: the server asks the client, whose answers are small but whose requests are large.
  await a.handle(bytesCodec, async req => new Uint8Array(new Uint32Array([req.length]).buffer))
  const back = await Promise.all(Array.from({ length: 6 }, async () => lengthOf(await b.request(a.self, bytesCodec, big, { timeoutMs: 20_000 }))))
  t.strictSame(back, Array(6).fill(big.length))
})

t.test('Uint16LengthDecoder reads noise framing split at every byte, without throwing on short input', async t => {
  const messages = [new Uint8Array([1, 2, 3]), new Uint8Array(300).fill(7), new Uint8Array([9])]
  const wire = new Uint8ArrayList()
  for (const m of messages) wire.append(new Uint8Array([m.length >> 8, m.length & 0xff]), m)
  wire.append(new Uint8Array([0, 0])) // an empty message: skipped, as upstream skips it
  const bytes = wire.subarray()
  for (let cut = 0; cut <= bytes.length; cut++) {
    const decoder = new Uint16LengthDecoder()
    const out = [...decoder.decode(bytes.subarray(0, cut)), ...decoder.decode(bytes.subarray(cut))]
    if (out.map(m => m.subarray().join()).join('|') !== messages.map(m => m.join()).join('|')) {
      t.fail(`split at byte ${cut}`)
      return
    }
  }
  t.pass(`all ${bytes.length + 1} splits decode to the same ${messages.length} messages`)
  const decoder = new Uint16LengthDecoder()
  t.strictSame(decoder.decode(new Uint8Array([0])), [], 'half a length prefix: nothing yet')
  t.throws(() => decoder.decode(new Uint8Array(16 * 1024 * 1024 + 1)), /limit exceeded/, 'more than 16 MiB buffered is refused, as noise refuses it')
})

t.test('objects of another shape are left as they are', async t => {
  const notNoise = { sendData: () => ({ sentBytes: 0, canSendMore: true }) }
  const before = notNoise.sendData
  t.equal(leanNoiseConnection(notNoise as unknown as MessageStream), false)
  t.equal(notNoise.sendData, before, 'sendData untouched')
  const notYamux = { sendWindowUpdate: () => {} }
  t.equal(windowUpdateAtHalf(notYamux as unknown as Stream), false)
})
