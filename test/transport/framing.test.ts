import t from 'tap'
import { encodeFrame, FrameDecoder, varintLength } from '../../node/protocol/framing.ts'

const bytes = (n: number, fill = 7): Uint8Array => new Uint8Array(n).fill(fill)

t.test('frames of any size come back whole, however the bytes are chunked', async t => {
  const bodies = [bytes(0), bytes(1, 1), bytes(127, 2), bytes(128, 3), bytes(300, 4), bytes(20_000, 5)]
  const wire = Buffer.concat(bodies.map(encodeFrame))
  for (const chunkSize of [1, 2, 3, 7, 1000, wire.length]) {
    const decoder = new FrameDecoder(1 << 20)
    const out: Uint8Array[] = []
    for (let i = 0; i < wire.length; i += chunkSize) {
      decoder.push(wire.subarray(i, i + chunkSize))
      for (let f = decoder.next(); f != null; f = decoder.next()) out.push(f)
    }
    t.same(out.map(f => Buffer.from(f)), bodies.map(b => Buffer.from(b)), `chunks of ${chunkSize}`)
    t.equal(decoder.bufferedBytes, 0)
  }
})

t.test('the length prefix is an unsigned LEB128 varint', async t => {
  t.same([...encodeFrame(bytes(0))], [0])
  t.same([...encodeFrame(bytes(300)).subarray(0, 2)], [0xac, 0x02])
  t.equal(varintLength(127), 1)
  t.equal(varintLength(128), 2)
  t.equal(varintLength(2 ** 21), 4)
})

t.test('an oversize length prefix is refused before its body is buffered', async t => {
  const decoder = new FrameDecoder(1000)
  decoder.push(encodeFrame(bytes(1000)).subarray(0, 2))
  t.equal(decoder.next(), null, 'exactly the cap is accepted, and waits for its body')
  const big = new FrameDecoder(1000)
  big.push(encodeFrame(bytes(1001)).subarray(0, 2))
  t.throws(() => big.next(), { name: 'TooLargeError' })
  const huge = new FrameDecoder(1000)
  huge.push(new Uint8Array([0xff, 0xff, 0xff])) // incomplete, but already over the cap
  t.throws(() => huge.next(), { name: 'TooLargeError' })
  const endless = new FrameDecoder(2 ** 40)
  endless.push(new Uint8Array([0x80, 0x80, 0x80, 0x80, 0x80, 0x80]))
  t.throws(() => endless.next(), { name: 'TooLargeError' }, 'a prefix longer than 5 bytes')
})

t.test('a non-minimal length prefix is malformed', async t => {
  const decoder = new FrameDecoder(1000)
  decoder.push(new Uint8Array([0x81, 0x00, 0x01]))
  t.throws(() => decoder.next(), { name: 'BadMessageError' })
})
