/**
 * Latency of sequential ring pings between two in-process libp2p transports on 127.0.0.1,
 * all on one reused stream (DESIGN.md §3 quotes ~0.22 ms p50 for a reused stream).
 *
 *   npx node benchmarks/transport-latency.ts [requests=5000] [warmup=500]
 *
 * Prints p50/p90/p99/max in milliseconds and, for comparison, the same for a new libp2p
 * stream per request (raw, without envelopes) so the cost of not reusing is visible.
 */
import { createLibp2pTransport } from '../node/transport/libp2p.ts'
import { ringCodec } from '../node/protocol/ring-codec.ts'
import { DEFAULT_M } from '../ring/id.ts'

const requests = Number(process.argv[2] ?? 5000)
const warmup = Number(process.argv[3] ?? 500)
const codec = ringCodec(DEFAULT_M)

const client = await createLibp2pTransport()
const server = await createLibp2pTransport()
try {
  await server.handle(codec, async () => ({ type: 'pong' }))

  for (let i = 0; i < warmup; i++) await client.request(server.self, codec, { type: 'ping' })
  const reused: number[] = []
  for (let i = 0; i < requests; i++) {
    const start = performance.now()
    await client.request(server.self, codec, { type: 'ping' })
    reused.push(performance.now() - start)
  }

  // Baseline: a fresh stream per request on the same connection (echo of one byte).
  const ECHO = '/chordkv/bench-echo/1.0.0'
  await server.libp2p.handle(ECHO, stream => {
    stream.addEventListener('message', evt => {
      stream.send(evt.data)
      void stream.close()
    }, { once: true })
  }, { maxInboundStreams: 1024 })
  const target = server.libp2p.getMultiaddrs()[0]
  const fresh: number[] = []
  for (let i = 0; i < Math.min(requests, 2000) + warmup; i++) {
    const start = performance.now()
    const stream = await client.libp2p.dialProtocol(target, ECHO)
    const answered = new Promise<void>(resolve => { stream.addEventListener('message', () => { resolve() }, { once: true }) })
    stream.send(new Uint8Array([1]))
    await answered
    await stream.close()
    if (i >= warmup) fresh.push(performance.now() - start)
  }

  console.log(`transport latency, ${requests} sequential requests after ${warmup} warm-up (ms)`)
  console.log(`  reused stream (request/response over envelopes): ${summary(reused)}`)
  console.log(`  new stream per request (raw 1-byte echo):         ${summary(fresh)}`)
  console.log(`  streams opened by the client transport: ${client.stats().streamsOpened}`)
} finally {
  await client.stop()
  await server.stop()
}

function summary (samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (q: number): string => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(3)
  return `p50 ${at(0.5)}  p90 ${at(0.9)}  p99 ${at(0.99)}  max ${sorted[sorted.length - 1].toFixed(3)}`
}
