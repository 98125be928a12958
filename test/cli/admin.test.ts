/**
 * chordkv ring, stats and lookup against a 3-process testnet: happy paths (text and --json
 * matching the contract), the SVG and HTML outputs, usage errors (exit 2) and unreachable
 * peers (exit 1, one sentence). Also `start` reading a config file and CHORDKV_* variables.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { XMLValidator } from 'fast-xml-parser'
import { resolveStartArgs } from '../../cli/commands/start.ts'
import { connect } from '../../client/index.ts'
import { hashToId, idToHex } from '../../ring/id.ts'
import { RingView } from '../../ring/view.ts'
import { startTestnet, type Testnet } from '../../testnet/index.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

interface Result { code: number | null, stdout: string, stderr: string }

function chordkv (...args: string[]): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => { stdout += String(chunk) })
    child.stderr.on('data', chunk => { stderr += String(chunk) })
    child.on('error', reject)
    child.on('close', code => { resolve({ code, stdout, stderr }) })
  })
}

/**
 * Runs `chordkv` in this process (for usage errors and --help: no network, no process start),
 * with its stdout and stderr captured.
 */
async function inProcess (...args: string[]): Promise<Result> {
  const { main } = await import('../../cli/main.ts')
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write
  const err = process.stderr.write
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true }) as typeof process.stdout.write
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true }) as typeof process.stderr.write
  try {
    const code = await main(args)
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

let dir: string
let descriptor: string
let testnet: Testnet
const KEYS = Array.from({ length: 40 }, (_, i) => `admin-${i}`)

t.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chordkv-admin-'))
  descriptor = join(dir, 'testnet.json')
  testnet = await startTestnet({ peers: 3, vnodes: 4, stabilizeIntervalMs: 100, out: descriptor, childStderr: 'ignore' })
  const db = await connect({ bootstrap: testnet.peers.flatMap(p => p.multiaddrs) })
  try {
    for (const key of KEYS) await db.set(key, 'x')
  } finally {
    await db.close()
  }
})

t.teardown(async () => {
  await testnet?.stop()
  await rm(dir, { recursive: true, force: true })
})

/** Where the keys should be, by the ring the peers report. */
function expectedCounts (vnodes: ReadonlyArray<{ id: string, peerId: string }>): Map<string, number> {
  const view = RingView.from(vnodes.map(v => ({ id: BigInt(`0x${v.id}`), peerId: v.peerId })))
  return view.keyCountsByPeer(KEYS.map(k => hashToId(k)))
}

t.test('ring --json lists every vnode with its owner, arc share and keys, per-peer totals and the imbalance', async t => {
  const r = await chordkv('ring', '--testnet', descriptor, '--json')
  t.equal(r.code, 0, r.stderr)
  const ring = JSON.parse(r.stdout)
  t.equal(ring.m, 160)
  t.equal(ring.vnodes.length, 12, '3 peers × 4 vnodes')
  t.same(new Set(ring.vnodes.map((v: { peerId: string }) => v.peerId)), new Set(testnet.peers.map(p => p.peerId)))
  const ids = ring.vnodes.map((v: { id: string }) => v.id)
  t.same(ids, [...ids].sort(), 'ascending by id')
  t.ok(Math.abs(ring.vnodes.reduce((s: number, v: { arcShare: number }) => s + v.arcShare, 0) - 1) < 1e-9, 'arc shares sum to 1')
  t.equal(ring.totalKeys, KEYS.length, 'every key counted once, at its primary')
  const expected = expectedCounts(ring.vnodes)
  for (const p of ring.peers) t.equal(p.keys, expected.get(p.peerId), `keys of ${p.peerId}`)
  const max = Math.max(...ring.peers.map((p: { keys: number }) => p.keys))
  t.ok(Math.abs(ring.keyImbalance - max / (KEYS.length / 3)) < 1e-9, 'imbalance is max/mean keys per peer')
  for (const v of ring.vnodes) t.type(v.fingers, Array)
})

t.test('ring prints a table, and --svg/--html write well-formed pictures with one mark per vnode', async t => {
  const svg = join(dir, 'ring.svg')
  const html = join(dir, 'ring.html')
  const r = await chordkv('ring', '--testnet', descriptor, '--svg', svg, '--html', html)
  t.equal(r.code, 0, r.stderr)
  t.match(r.stdout, /vnode\s+id\s+peer\s+arc\s+keys/)
  t.match(r.stdout, /peer\s+vnodes\s+arc\s+keys/)
  t.match(r.stdout, new RegExp(`3 peers, 12 vnodes, ${KEYS.length} keys; imbalance \\(max/mean per peer\\): keys \\d\\.\\d\\d, arc \\d\\.\\d\\d`))
  const text = await readFile(svg, 'utf8')
  t.equal(XMLValidator.validate(text), true, 'the SVG is well-formed XML')
  t.equal(text.match(/<circle class="vnode"/g)?.length, 12, 'one dot per vnode')
  t.match(await readFile(html, 'utf8'), /^<!doctype html>[\s\S]*<svg[\s\S]*<h2>Peers<\/h2>/)

  // One peer's admin HTTP: it walks the ring and asks every peer over the admin protocol.
  const one = await chordkv('ring', '--http', testnet.peers[1].http, '--json')
  t.equal(one.code, 0, one.stderr)
  const walked = JSON.parse(one.stdout)
  t.equal(walked.vnodes.length, 12)
  t.equal(walked.totalKeys, KEYS.length, 'keys of every peer, not only its own')
})

t.test('lookup names the owner, the replicas and the hops, as the ring places the key', async t => {
  const r = await chordkv('lookup', 'admin-7', '--testnet', descriptor, '--json')
  t.equal(r.code, 0, r.stderr)
  const answer = JSON.parse(r.stdout)
  t.equal(answer.key, 'admin-7')
  t.equal(answer.keyId, idToHex(hashToId('admin-7')))
  t.type(answer.hops, 'number')
  t.equal(answer.replicas.length, 3, 'r = 3 copies on the 3 peers')
  t.same(answer.replicas[0], answer.owner, 'the primary comes first')
  t.equal(new Set(answer.replicas.map((x: { peerId: string }) => x.peerId)).size, 3, 'on distinct peers')
  const ring = JSON.parse((await inProcess('ring', '--testnet', descriptor, '--json')).stdout)
  const view = RingView.from(ring.vnodes.map((v: { id: string, peerId: string }) => ({ id: BigInt(`0x${v.id}`), peerId: v.peerId })))
  t.equal(answer.owner.peerId, view.primary(hashToId('admin-7'))!.peerId)

  const text = await chordkv('lookup', 'admin-7', '--testnet', descriptor)
  t.equal(text.code, 0)
  t.match(text.stdout, /^key\s+admin-7\nkey id\s+[0-9a-f]{40}\nowner\s+12D3KooW\S+ \(vnode [0-9a-f]{16}…\)\nhops\s+\d+\n/)
  t.match(text.stdout, /primary\s+[0-9a-f]{40}\s+12D3KooW/)
})

t.test('stats prints one row per peer; --json one /stats answer per line', async t => {
  const r = await chordkv('stats', '--testnet', descriptor)
  t.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trim().split('\n')
  t.match(lines[0], /^peer\s+http\s+items\s+bytes\s+evict\s+hits\s+miss\s+ops/)
  t.equal(lines.length, 4)
  const json = await chordkv('stats', '--testnet', descriptor, '--json')
  t.equal(json.code, 0)
  const rows = json.stdout.trim().split('\n').map(l => JSON.parse(l))
  t.equal(rows.length, 3)
  for (const row of rows) t.match(row, { http: String, peerId: String, store: { curr_items: Number }, kv: Object, chord: Object, ops: { client: Number } })
  t.equal(rows.reduce((n: number, s: { ops: { client: number } }) => n + s.ops.client, 0), KEYS.length, 'every client set counted once, at the peer it was sent to')
})

t.test('usage errors exit 2 with the usage; unreachable peers exit 1 with one sentence', async t => {
  const usage: Result[] = []
  for (const args of [['ring'], ['ring', '--simulate', '--testnet', descriptor], ['ring', '--peers', '4'], ['lookup', '--testnet', descriptor],
    ['lookup', 'a b', '--testnet', descriptor], ['stats', '--peer', '/ip4/127.0.0.1/tcp/1'], ['stats', '--http', 'nonsense']]) {
    usage.push(await inProcess(...args))
  }
  const messages = [/give --testnet FILE, --http HOST:PORT or --peer MULTIADDR/, /--simulate takes no --testnet/, /--peers, --vnodes, --seed and --keys go with --simulate/,
    /missing KEY/, /bad key "a b"/, /stats reads admin HTTP/, /--http must be HOST:PORT/]
  usage.forEach((r, i) => {
    t.equal(r.code, 2, `case ${i} exits 2`)
    t.match(r.stderr, messages[i])
    t.match(r.stderr, /Usage: chordkv (ring|lookup|stats)/)
  })
  const down = await chordkv('stats', '--http', '127.0.0.1:1')
  const helps: Result[] = []
  for (const c of ['ring', 'stats', 'lookup']) helps.push(await inProcess(c, '--help'))
  t.equal(down.code, 1)
  t.match(down.stderr, /^chordkv stats: cannot reach the admin HTTP of 127\.0\.0\.1:1: .*\n$/)
  for (const help of helps) {
    t.equal(help.code, 0)
    t.match(help.stdout, /Examples:/)
  }
})

t.test('ring --simulate draws a simulated ring without any network', async t => {
  const svg = join(dir, 'sim.svg')
  const r = await chordkv('ring', '--simulate', '--peers', '8', '--vnodes', '4', '--keys', '2000', '--svg', svg, '--json')
  t.equal(r.code, 0, r.stderr)
  const ring = JSON.parse(r.stdout)
  t.equal(ring.vnodes.length, 32)
  t.equal(ring.peers.length, 8)
  t.equal(ring.totalKeys, 2000)
  const text = await readFile(svg, 'utf8')
  t.equal(XMLValidator.validate(text), true)
  t.equal(text.match(/<circle class="vnode"/g)?.length, 32)
})

t.test('start takes settings from a config file and CHORDKV_* variables; flags win', async t => {
  const file = join(dir, 'peer.json')
  await writeFile(file, JSON.stringify({ vnodes: 4, httpPort: 8100, bootstrap: ['/ip4/127.0.0.1/tcp/4001'], 'data-dir': '/var/lib/chordkv' }))
  const fromFile = await resolveStartArgs(['--config', file], {})
  t.match(fromFile.peer, { vnodes: 4, httpPort: 8100, bootstrap: ['/ip4/127.0.0.1/tcp/4001'], dataDir: '/var/lib/chordkv' })
  const fromEnv = await resolveStartArgs(['--config', file], { CHORDKV_HTTP_PORT: '8200', CHORDKV_BOOTSTRAP: '/ip4/127.0.0.1/tcp/5001,/ip4/127.0.0.1/tcp/5002' })
  t.match(fromEnv.peer, { vnodes: 4, httpPort: 8200, bootstrap: ['/ip4/127.0.0.1/tcp/5001', '/ip4/127.0.0.1/tcp/5002'] })
  const fromFlags = await resolveStartArgs(['--http-port', '8300', '--bootstrap', '/ip4/127.0.0.1/tcp/6001'], { CHORDKV_HTTP_PORT: '8200', CHORDKV_CONFIG: file })
  t.match(fromFlags.peer, { vnodes: 4, httpPort: 8300, bootstrap: ['/ip4/127.0.0.1/tcp/6001'] })

  await writeFile(file, JSON.stringify({ vnodez: 4 }))
  const bad = await inProcess('start', '--config', file)
  t.equal(bad.code, 2)
  t.match(bad.stderr, /has an unknown setting "vnodez"/)
  const missing = await inProcess('start', '--config', join(dir, 'none.json'))
  t.equal(missing.code, 1)
  t.match(missing.stderr, /^chordkv start: cannot read the config file .*none\.json/)
})
