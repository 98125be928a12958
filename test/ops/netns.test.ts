/**
 * Multi-host operation: three peers, each in its own Linux network namespace, joined by veth
 * pairs to a bridge this test creates, with addresses in a private 10.x.y.0/24 it picks. They
 * find each other through the first peer's DNS-free multiaddr (no /p2p/ part), talk over
 * those non-loopback interfaces only, agree on one ring, store and serve keys, and heal after
 * kill -9. Needs root and iproute2; skipped with the reason otherwise. Everything it creates
 * is removed in teardown, whatever happened.
 */
import t from 'tap'
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { connect } from '../../client/index.ts'
import { ringProblems, type RingAnswer } from '../../node/chord/consistency.ts'

const run = promisify(execFile)
const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))
const PEERS = 3
const VNODES = 4

async function ip (...args: string[]): Promise<string> {
  return (await run('ip', args)).stdout
}

/** Why this test cannot run here, or false. */
async function cannotRun (): Promise<string | false> {
  if (process.platform !== 'linux') return 'network namespaces are Linux only'
  if (process.getuid?.() !== 0) return 'needs root to create network namespaces (run as root, as CI does)'
  try {
    await ip('-V')
  } catch {
    return 'needs the ip command (iproute2)'
  }
  const probe = `ckvprobe${process.pid}`
  try {
    await ip('netns', 'add', probe)
    await ip('netns', 'del', probe)
  } catch (err) {
    return `cannot create a network namespace here: ${(err as Error).message.split('\n')[0]}`
  }
  return false
}

/** A /24 in 10.0.0.0/8 that no interface or route of this host uses. */
async function freeSubnet (): Promise<string> {
  const used = await ip('-4', 'addr') + await ip('-4', 'route')
  for (let attempt = 0; attempt < 50; attempt++) {
    const prefix = `10.${100 + Math.floor(Math.random() * 150)}.${Math.floor(Math.random() * 256)}`
    if (!used.includes(`${prefix}.`) && !/\b10\.0\.0\.0\/8\b/.test(used)) return prefix
  }
  throw new Error('found no free 10.x.y.0/24 for the test network')
}

async function waitFor<T> (what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check().catch(() => undefined)
    if (value !== undefined) return value
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

interface NsPeer { ns: string, address: string, process: ChildProcess, peerId: string, multiaddrs: string[], http: string }

const skip = await cannotRun()

t.test('peers in separate network namespaces form one ring over a bridge and survive kill -9', { skip }, async t => {
  const tag = `${process.pid % 100000}`
  const bridge = `ckvbr${tag}`
  const namespaces = Array.from({ length: PEERS }, (_, i) => `chordkv-${tag}-${i}`)
  const prefix = await freeSubnet()
  const state = await mkdtemp(join(tmpdir(), 'chordkv-netns-'))
  const peers: NsPeer[] = []
  t.teardown(async () => {
    for (const p of peers) if (p.process.exitCode === null && p.process.signalCode === null) p.process.kill('SIGKILL')
    await Promise.all(peers.map(async p => { if (p.process.exitCode === null && p.process.signalCode === null) await new Promise(resolve => p.process.once('exit', resolve)) }))
    for (const ns of namespaces) await ip('netns', 'del', ns).catch(() => {})
    await ip('link', 'del', bridge).catch(() => {})
    await rm(state, { recursive: true, force: true })
  })

  // The network: a bridge with the test's own address, one namespace per peer behind a veth pair.
  await ip('link', 'add', bridge, 'type', 'bridge')
  await ip('addr', 'add', `${prefix}.254/24`, 'dev', bridge)
  await ip('link', 'set', bridge, 'up')
  for (const [i, ns] of namespaces.entries()) {
    const outside = `ckv${tag}o${i}`
    const inside = `ckv${tag}i${i}`
    await ip('netns', 'add', ns)
    await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside)
    await ip('link', 'set', inside, 'netns', ns)
    await ip('link', 'set', outside, 'master', bridge)
    await ip('link', 'set', outside, 'up')
    await ip('-n', ns, 'addr', 'add', `${prefix}.${i + 1}/24`, 'dev', inside)
    await ip('-n', ns, 'link', 'set', inside, 'up')
    await ip('-n', ns, 'link', 'set', 'lo', 'up')
  }

  const start = async (i: number, bootstrap: string[]): Promise<NsPeer> => {
    const address = `${prefix}.${i + 1}`
    const args = ['netns', 'exec', namespaces[i], process.execPath, CLI, 'start',
      '--listen', `/ip4/${address}/tcp/4001`, '--http-host', address, '--http-port', '8001',
      '--vnodes', String(VNODES), '--stabilize-interval-ms', '150', '--key-file', join(state, `peer-${i}.key`),
      '--exit-with-stdin', ...bootstrap.flatMap(b => ['--bootstrap', b])]
    const child = spawn('ip', args, { stdio: ['pipe', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', chunk => { stderr += String(chunk) })
    const ready = await new Promise<{ peerId: string, multiaddrs: string[], http: string }>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`peer ${i} was not ready in 30 s: ${stderr}`)) }, 30_000)
      child.once('exit', code => { clearTimeout(timer); reject(new Error(`peer ${i} exited (${code}): ${stderr}`)) })
      createInterface({ input: child.stdout }).on('line', line => {
        try {
          const event = JSON.parse(line)
          if (event.event === 'ready') { clearTimeout(timer); resolve(event) }
        } catch {}
      })
    })
    const peer = { ns: namespaces[i], address, process: child, ...ready }
    peers.push(peer)
    return peer
  }

  const first = await start(0, [])
  // A bare address (no /p2p/ part), as an operator would write it for another host.
  const rest = await Promise.all([1, 2].map(async i => await start(i, [`/ip4/${first.address}/tcp/4001`])))
  for (const p of [first, ...rest]) {
    t.ok(p.multiaddrs.length > 0 && p.multiaddrs.every(ma => ma.startsWith(`/ip4/${p.address}/tcp/4001/p2p/`)), `peer in ${p.ns} announces only ${p.address}`)
    t.equal(p.http, `${p.address}:8001`)
  }

  const rings = async (live: readonly NsPeer[]): Promise<RingAnswer[]> =>
    await Promise.all(live.map(async p => await (await fetch(`http://${p.http}/ring`, { signal: AbortSignal.timeout(2000) })).json() as RingAnswer))
  await waitFor('one consistent ring of 3 peers', 30_000, async () => ringProblems(await rings(peers), { vnodesPerPeer: VNODES }).length === 0 ? true : undefined)
  const answers = await rings(peers)
  t.equal(new Set(answers.flatMap(a => a.vnodes.flatMap(v => v.successorPeers))).size, PEERS, 'every peer is someone\'s successor')

  // Keys through the client, from the host side of the bridge.
  const db = await connect({ bootstrap: peers.flatMap(p => p.multiaddrs) })
  try {
    for (let i = 0; i < 30; i++) await db.set(`netns-${i}`, `value-${i}`)
    t.equal(await db.getString('netns-7'), 'value-7')
  } finally {
    await db.close()
  }

  // kill -9 one peer: the other two heal and still hold every key (r = 3, so each has a copy).
  const victim = peers[2]
  victim.process.kill('SIGKILL')
  await new Promise(resolve => victim.process.once('exit', resolve))
  const survivors = peers.slice(0, 2)
  await waitFor('the two survivors to agree on a ring', 30_000, async () => ringProblems(await rings(survivors), { vnodesPerPeer: VNODES }).length === 0 ? true : undefined)
  const after = await connect({ bootstrap: survivors.flatMap(p => p.multiaddrs) })
  try {
    for (let i = 0; i < 30; i += 7) t.equal(await after.getString(`netns-${i}`), `value-${i}`, `netns-${i} survives`)
  } finally {
    await after.close()
  }
})
