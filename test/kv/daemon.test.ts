import t from 'tap'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createPeer, type Peer, type PeerOptions } from '../../node/daemon.ts'
import { KV_PROTOCOL } from '../../node/kv/messages.ts'
import type { KvRequest, KvResponse } from '../../node/kv/messages.ts'
import type { Codec } from '../../node/transport/types.ts'

const enc = new TextEncoder()
const dec = new TextDecoder()
const R = 3

/** Fast maintenance so rings converge and repair in seconds. */
const FAST: PeerOptions = {
  vnodes: 4,
  replicas: R,
  stabilizeIntervalMs: 100,
  fixFingersIntervalMs: 100,
  checkPredecessorIntervalMs: 150,
  rpcTimeoutMs: 1000,
  antiEntropyIntervalMs: 300
}

async function waitFor (what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await condition()) return true
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return await condition()
}

/** n peers, returned once every vnode's first successor list spans r distinct peers (or all of them). */
async function startRing (n: number): Promise<Peer[]> {
  const peers: Peer[] = [await createPeer(FAST)]
  for (let i = 1; i < n; i++) peers.push(await createPeer({ ...FAST, bootstrap: [peers[i - 1].multiaddrs[0]] }))
  const want = Math.min(R, n) - 1
  await waitFor('replica sets', () => peers.every(p => p.chord.vnodes.every(v => p.kv.replicaPeers(v).length >= want)), 20_000)
  return peers
}

function copies (peers: readonly Peer[], key: string): number {
  return peers.filter(p => { const item = p.kv.store.peek(key); return item !== undefined && item.deleted !== true }).length
}

async function readThrough (peer: Peer, keys: readonly string[]): Promise<Map<string, string>> {
  const res = await peer.kv.get(keys, undefined, 0)
  return new Map(res.hits.map(h => [h.key, dec.decode(h.value)]))
}

t.test('over libp2p: acked writes survive kill -9 of r - 1 peers and return to r copies', async t => {
  const peers = await startRing(6)
  t.teardown(async () => { await Promise.all(peers.map(p => p.kill())) })
  const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`)
  let acked = 0
  for (let i = 0; i < keys.length; i += 50) {
    const results = await Promise.all(keys.slice(i, i + 50).map(async (key, j) =>
      await peers[(i + j) % peers.length].kv.mutate({ type: 'mutate', op: 'set', key, value: enc.encode(`value-${key}`), hops: 0 })))
    acked += results.filter(r => r.status === 'STORED' && r.copies >= 2).length
  }
  t.equal(acked, keys.length, 'every write acknowledged with at least W = 2 copies')
  // kill -9 two peers at once (in-process: stop without leaving).
  const dead = [peers[1], peers[4]]
  await Promise.all(dead.map(p => p.kill()))
  const live = peers.filter(p => !dead.includes(p))
  const readable = await waitFor('all keys readable', async () => {
    try {
      const got = await readThrough(live[0], keys)
      return keys.every(k => got.get(k) === `value-${k}`)
    } catch {
      return false
    }
  }, 20_000)
  t.ok(readable, 'every acknowledged key is readable with its value after the crash')
  const full = await waitFor('r copies', () => keys.every(k => copies(live, k) >= R), 30_000)
  t.ok(full, `every key is back at ${R} copies`, { short: keys.filter(k => copies(live, k) < R).slice(0, 5) })
})

t.test('a restarted peer with --data-dir comes back with its data', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-data-'))
  t.teardown(async () => { await rm(dir, { recursive: true, force: true }) })
  const keyFile = join(dir, 'peer.key')
  const dataDir = join(dir, 'data')
  // One peer: its own copy is the only one (r = 1, so W = 1).
  let peer = await createPeer({ ...FAST, replicas: 1, keyFile, dataDir })
  for (let i = 0; i < 50; i++) await peer.kv.mutate({ type: 'mutate', op: 'set', key: `d${i}`, value: enc.encode(`v${i}`), hops: 0 })
  const id = peer.peerId
  await peer.kill()
  peer = await createPeer({ ...FAST, replicas: 1, keyFile, dataDir })
  t.teardown(async () => { await peer.kill() })
  t.equal(peer.peerId, id, 'same identity')
  const got = await readThrough(peer, Array.from({ length: 50 }, (_, i) => `d${i}`))
  t.equal(got.size, 50, 'all 50 keys back')
  t.equal(got.get('d7'), 'v7')
})

t.test('bad input on the kv protocol gets a typed error and the peer keeps serving', async t => {
  const peers = await startRing(2)
  t.teardown(async () => { await Promise.all(peers.map(p => p.kill())) })
  const [a, b] = peers
  // A codec that puts arbitrary bytes on the wire under the KV protocol id.
  const raw = (bytes: Uint8Array): Codec<KvRequest, KvResponse> => ({
    protocol: KV_PROTOCOL,
    maxMessageBytes: 16 * 1024 * 1024,
    encodeRequest: () => bytes,
    decodeRequest: () => { throw new Error('unused') },
    encodeResponse: () => { throw new Error('unused') },
    decodeResponse: () => ({ type: 'ok', applied: 0 })
  })
  const to = { peerId: b.peerId, addrs: b.multiaddrs }
  for (const garbage of [randomBytes(64), new Uint8Array([0x0a, 0x05, 0xff]), randomBytes(4096)]) {
    await t.rejects(a.transport.request(to, raw(garbage), { type: 'ringView' }), { name: 'RemoteError', code: 'BadMessage' }, 'garbage answered with BadMessage')
  }
  await t.rejects(a.kv.mutate({ type: 'mutate', op: 'set', key: 'k'.repeat(251), value: enc.encode('x'), hops: 0 }), { code: 'BadKey' }, 'a 251-byte key is refused')
  await t.rejects(a.kv.mutate({ type: 'mutate', op: 'set', key: 'a b', value: enc.encode('x'), hops: 0 }), { code: 'BadKey' }, 'a key with a space is refused')
  await t.rejects(a.kv.get(['ok', 'bad\u0001key'], undefined, 0), { code: 'BadKey' }, 'a key with a control character is refused')
  await t.rejects(a.kv.mutate({ type: 'mutate', op: 'set', key: 'big', value: new Uint8Array(1024 * 1024 + 1), hops: 0 }), { code: 'TooLarge' }, 'a value over 1 MiB is refused')
  const ok = await b.kv.mutate({ type: 'mutate', op: 'set', key: 'still', value: enc.encode('serving'), hops: 0 })
  t.equal(ok.status, 'STORED', 'the peer still serves')
  t.equal((await readThrough(a, ['still'])).get('still'), 'serving')
})

t.test('GET /stats exposes store, kv (keys and bytes moved), chord and transport counters', async t => {
  const peers = await startRing(2)
  t.teardown(async () => { await Promise.all(peers.map(p => p.kill())) })
  for (let i = 0; i < 20; i++) await peers[0].kv.mutate({ type: 'mutate', op: 'set', key: `s${i}`, value: enc.encode('x'), hops: 0 })
  const { host, port } = peers[1].http!
  const body = await (await fetch(`http://${host}:${port}/stats`)).json() as { peerId: string, store: Record<string, number>, kv: Record<string, number>, chord: Record<string, number>, transport: Record<string, number> }
  t.equal(body.peerId, peers[1].peerId)
  t.ok(body.store.curr_items > 0, `the store counts its items (${body.store.curr_items})`)
  t.type(body.kv.keysMovedIn, 'number')
  t.type(body.kv.bytesMovedOut, 'number')
  t.ok(body.chord.stabilizeRounds > 0, 'stabilization rounds are counted')
  t.ok(body.transport.requestsSent > 0 && body.transport.requestsHandled > 0, 'libp2p requests sent and handled are counted')
})
