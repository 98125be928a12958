/**
 * The server under hostile input, over real sockets to a 1-peer ring (r = 1): random and
 * mutated sessions in random pieces on parallel connections for a bounded time. Whatever a
 * client sends, the peer neither crashes nor hangs (every connection is answered and closed
 * once its client is done), its memory stays bounded, and it still serves afterwards. Also:
 * a client that does not read makes the peer stop reading it rather than buffer without bound.
 */
import t from 'tap'
import { createPeer } from '../../node/daemon.ts'
import { RawClient } from './harness.ts'
import { chunks, mutate, randomSession, seeded } from './sessions.ts'

const peer = await createPeer({ vnodes: 2, replicas: 1, httpPort: null, memcachedPort: 0 })
t.teardown(async () => { await peer.kill() })
const { host, port } = peer.memcached!

async function statsOf (): Promise<Map<string, string>> {
  const c = await RawClient.connect(host, port)
  c.write('stats\r\n')
  const text = (await c.readUntil('END\r\n')).toString('latin1')
  c.close()
  return new Map(text.split('\r\n').filter(l => l.startsWith('STAT ')).map(l => [l.split(' ')[1], l.split(' ')[2]]))
}

t.test('fuzz: random and mutated sessions never crash or hang the peer (bounded time)', async t => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)
  const r = seeded(seed)
  const deadline = Date.now() + Number(process.env.FUZZ_MS ?? 5000)
  const heapBefore = process.memoryUsage().heapUsed
  let sessions = 0
  const hung: string[] = []
  const lanes = 8
  while (Date.now() < deadline) {
    await Promise.all(Array.from({ length: lanes }, async () => {
      const base = randomSession(r)
      const bytes = r() < 0.5 ? base : mutate(r, base)
      const pieces = chunks(r, bytes)
      const c = await RawClient.connect(host, port)
      try {
        for (const piece of pieces) c.write(piece)
        // Half-close: the peer answers what it can and then closes its side.
        ;(c as unknown as { socket: { end (): void } }).socket.end()
        if (!await c.closedByServer(10_000)) hung.push(bytes.subarray(0, 200).toString('latin1'))
      } finally {
        c.close()
      }
      sessions++
    }))
  }
  t.same(hung.slice(0, 3), [], `seed ${seed} (FUZZ_SEED=${seed} replays it): ${sessions} sessions, every connection closed`)
  const c = await RawClient.connect(host, port)
  t.equal(await c.exchange('set after-fuzz 0 0 2\r\nok\r\nget after-fuzz\r\n', 'STORED\r\nVALUE after-fuzz 0 2\r\nok\r\nEND\r\n'),
    'STORED\r\nVALUE after-fuzz 0 2\r\nok\r\nEND\r\n', 'the peer still serves')
  c.close()
  // Closed sockets leave the count when the peer sees their 'close': wait for it a little.
  let connections = ''
  for (const deadline = Date.now() + 5000; Date.now() < deadline;) {
    connections = (await statsOf()).get('curr_connections') ?? ''
    if (connections === '1') break
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  t.equal(connections, '1', 'no connection left behind')
  const grownMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20
  t.ok(grownMiB < 256, `heap grew ${grownMiB.toFixed(1)} MiB (bounded by the 64 MiB store and per-connection limits)`)
})

t.test('back-pressure: a client that does not read is not buffered without bound', async t => {
  const c = await RawClient.connect(host, port)
  const value = Buffer.alloc(64 * 1024, 'v')
  t.equal(await c.exchange(Buffer.concat([Buffer.from(`set bp 0 0 ${value.length}\r\n`), value, Buffer.from('\r\n')]), 'STORED\r\n'), 'STORED\r\n')
  const before = Number((await statsOf()).get('cmd_get'))
  const gets = 4000
  // Pause our reading side so the peer's replies pile up in the kernel and its socket.
  const socket = (c as unknown as { socket: import('node:net').Socket }).socket
  socket.pause()
  socket.write('get bp\r\n'.repeat(gets))
  await new Promise(resolve => setTimeout(resolve, 1000))
  const served = Number((await statsOf()).get('cmd_get')) - before
  t.ok(served < gets / 2, `the peer stopped after ${served} of ${gets} gets (${(served * value.length / 2 ** 20).toFixed(0)} MiB of replies) while the client did not read`)
  let received = 0
  const replyBytes = `VALUE bp 0 ${value.length}\r\n`.length + value.length + 7
  const all = new Promise<void>(resolve => {
    socket.removeAllListeners('data')
    socket.on('data', chunk => {
      received += chunk.length
      if (received >= replyBytes * gets) resolve()
    })
  })
  socket.resume()
  let timer: NodeJS.Timeout | undefined
  await Promise.race([all, new Promise(resolve => { timer = setTimeout(resolve, 30_000) })])
  clearTimeout(timer)
  t.equal(received, replyBytes * gets, 'once the client reads, every reply arrives')
  c.close()
})
