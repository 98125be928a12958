import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ringProblems, type RingAnswer } from '../../node/chord/consistency.ts'
import { startTestnet, type TestnetDescriptor } from '../../testnet/index.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Polls `check` until it returns a value; fails at the deadline with `what`. */
async function waitFor<T> (what: string, timeoutMs: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const value = await check()
    if (value !== undefined) return value
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
}

async function ringAnswers (d: TestnetDescriptor): Promise<RingAnswer[]> {
  return await Promise.all(d.peers.map(async p => await (await fetch(`http://${p.http}/ring`)).json() as RingAnswer))
}

t.test('chordkv testnet --peers 4 --out FILE comes up, FILE matches the contract, SIGTERM stops every peer', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-testnet-'))
  const out = join(dir, 'testnet.json')
  const testnet = spawn(process.execPath, [CLI, 'testnet', '--peers', '4', '--out', out, '--stabilize-interval-ms', '150'], {
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  testnet.stdout.on('data', chunk => { stdout += String(chunk) })
  testnet.stderr.on('data', chunk => { stderr += String(chunk) })
  const exited = new Promise<number | null>(resolve => testnet.on('exit', code => { resolve(code) }))
  let pids: number[] = []
  t.teardown(async () => {
    // Whatever happened above, nothing outlives the test.
    testnet.kill('SIGKILL')
    for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
    await rm(dir, { recursive: true, force: true })
  })

  const text = await waitFor('the descriptor file', 90_000, async () => {
    if (testnet.exitCode !== null) throw new Error(`testnet exited with ${testnet.exitCode}: ${stderr}`)
    return await readFile(out, 'utf8').catch(() => undefined)
  })
  const d = JSON.parse(text) as TestnetDescriptor
  pids = d.peers.map(p => p.pid)

  t.same(Object.keys(d).sort(), ['control', 'down', 'inProcess', 'peers', 'replicas', 'stateDir', 'vnodes', 'zones'])
  t.same(d.zones, [], 'no zones unless asked for')
  t.same(d.down, [])
  t.equal(d.inProcess, false)
  t.match(d.control, { url: /^http:\/\/127\.0\.0\.1:\d+$/, token: /^[0-9a-f]{32}$/ })
  t.equal(d.vnodes, 8)
  t.equal(d.replicas, 3)
  t.equal(d.peers.length, 4)
  t.same(d.peers.map(p => p.index), [0, 1, 2, 3])
  for (const p of d.peers) {
    t.same(Object.keys(p).sort(), ['build', 'entry', 'http', 'index', 'memcached', 'multiaddrs', 'peerId', 'pid', 'version', 'zone'])
    t.equal(p.zone, null)
    t.match(p.build, /^[A-Za-z0-9._+:@-]{1,64}$/, 'every peer reports its build id')
    t.equal(p.entry, fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url)), 'and runs this checkout')
    t.match(p.peerId, /^12D3KooW[1-9A-HJ-NP-Za-km-z]+$/)
    t.type(p.pid, 'number')
    t.ok(isRunning(p.pid), `pid ${p.pid} is alive`)
    t.not(p.pid, testnet.pid, 'peers are processes of their own')
    t.ok(p.multiaddrs.length > 0)
    for (const ma of p.multiaddrs) t.match(ma, new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${p.peerId}$`))
    t.match(p.http, /^127\.0\.0\.1:\d+$/)
    t.match(p.memcached, /^127\.0\.0\.1:\d+$/, 'every peer has a memcached port by default')
  }
  t.equal(new Set(d.peers.map(p => p.peerId)).size, 4, 'distinct peer ids')

  const answers = await ringAnswers(d)
  t.same(answers.map(a => a.peerId), d.peers.map(p => p.peerId), 'each /ring is its own peer')
  t.same(ringProblems(answers, { vnodesPerPeer: 8 }), [], 'the four /ring answers describe one correct ring')
  for (const p of d.peers) t.equal((await fetch(`http://${p.http}/health`)).status, 200)

  for (const p of d.peers) t.match(stdout, p.peerId, 'the table lists every peer')
  t.match(stdout, /peer\s+pid\s+multiaddr\s+http/)
  t.match(stderr, /starting peer 1\/4/)

  testnet.kill('SIGTERM')
  t.equal(await exited, 0, 'the testnet exits 0 on SIGTERM')
  await waitFor('every peer process to end', 10_000, async () => pids.every(pid => !isRunning(pid)) ? true : undefined)
  t.pass('no peer outlives the testnet')
})

t.test('startTestnet: a peer killed with SIGKILL is routed around and the ring heals', async t => {
  const dir = await mkdtemp(join(tmpdir(), 'chordkv-testnet-'))
  const out = join(dir, 'testnet.json')
  const net = await startTestnet({ peers: 4, vnodes: 4, replicas: 2, out, stabilizeIntervalMs: 150, childStderr: 'ignore' })
  t.teardown(async () => {
    await net.stop()
    await rm(dir, { recursive: true, force: true })
  })
  t.equal(net.peers.length, 4)
  t.same(JSON.parse(await readFile(out, 'utf8')), net.descriptor())

  const victim = net.peers[1]
  await net.kill(1)
  t.notOk(isRunning(victim.pid), 'kill -9 is real')
  t.notOk(net.isAlive(1))
  t.equal(net.descriptor().peers.length, 3)
  t.notOk(net.descriptor().peers.some(p => p.peerId === victim.peerId))
  t.same(JSON.parse(await readFile(out, 'utf8')).peers.length, 3, 'the descriptor file follows')

  await net.waitConsistent(30_000)
  t.same(ringProblems(await ringAnswers(net.descriptor()), { vnodesPerPeer: 4 }), [])

  const pids = net.descriptor().peers.map(p => p.pid)
  await net.stop()
  t.ok(pids.every(pid => !isRunning(pid)), 'stop() ends every peer')
})
