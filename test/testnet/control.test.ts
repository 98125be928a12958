/**
 * Testnet control over real processes: one 4-peer testnet (r = 3) for the whole file, driven
 * through the programmatic API and through `chordkv testnet ctl`. Each test states what the
 * ring and the descriptor file must show after the change.
 */
import t from 'tap'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { connect } from '../../client/index.ts'
import { startTestnet, type Testnet, type TestnetDescriptor } from '../../testnet/index.ts'

const CLI = fileURLToPath(new URL('../../cli/chordkv.js', import.meta.url))

function isRunning (pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** `ps` state of a process: T when stopped (SIGSTOP). */
async function processState (pid: number): Promise<string> {
  const text = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')
  return text.slice(text.lastIndexOf(')') + 2).split(' ')[0] ?? ''
}

/** Polls check every 20 ms until it holds; false after 5 s. */
async function eventually (check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return false
}

function chordkv (...args: string[]): Promise<{ code: number | null, stdout: string, stderr: string }> {
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

async function stats (http: string): Promise<{ store: { curr_items: number } }> {
  return await (await fetch(`http://${http}/stats`)).json() as { store: { curr_items: number } }
}

let dir: string
let out: string
let net: Testnet
const fileDescriptor = async (): Promise<TestnetDescriptor> => JSON.parse(await readFile(out, 'utf8')) as TestnetDescriptor

t.before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'chordkv-control-'))
  out = join(dir, 'testnet.json')
  net = await startTestnet({ peers: 4, vnodes: 4, replicas: 3, out, stabilizeIntervalMs: 100, childStderr: 'ignore', stateDir: join(dir, 'state') })
})

t.teardown(async () => {
  const pids = net?.peers.map(p => p.pid) ?? []
  await net?.stop()
  for (const pid of pids) if (isRunning(pid)) process.kill(pid, 'SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

t.test('pause stops the process (SIGSTOP) and takes it out of the descriptor; resume brings it back', async t => {
  const peer = net.peers[2]
  await net.pause(2)
  t.ok(await eventually(async () => await processState(peer.pid) === 'T'), 'the process is stopped')
  t.equal(net.state(2), 'paused')
  let d = await fileDescriptor()
  t.notOk(d.peers.some(p => p.index === 2), 'a paused peer is not offered to clients')
  t.match(d.down, [{ index: 2, peerId: peer.peerId, pid: peer.pid, state: 'paused' }])
  await t.rejects(net.pause(2), /cannot pause peer 2: it is paused/)

  await net.resume(2)
  t.ok(await eventually(async () => await processState(peer.pid) !== 'T'), 'the process runs again')
  d = await fileDescriptor()
  t.same(d.peers.map(p => p.index), [0, 1, 2, 3])
  t.same(d.down, [])
  await net.waitConsistent(20_000)
})

t.test('restart after kill -9 keeps the peer id and the stored items (key file and data dir under the state dir)', async t => {
  const db = await connect({ bootstrap: net.descriptor().peers.flatMap(p => p.multiaddrs) })
  try {
    for (let i = 0; i < 30; i++) await db.set(`restart-${i}`, `value-${i}`)
  } finally {
    await db.close()
  }
  const before = net.peers[1]
  const held = (await stats(before.http)).store.curr_items
  t.ok(held > 0, `peer 1 holds ${held} items`)

  await net.kill(1)
  t.notOk(isRunning(before.pid), 'kill is a real SIGKILL')
  t.equal(net.state(1), 'killed')
  t.match((await fileDescriptor()).down, [{ index: 1, peerId: before.peerId, pid: null, state: 'killed' }])

  await net.restart(1)
  const after = net.peers[1]
  t.equal(after.peerId, before.peerId, 'same identity')
  t.not(after.pid, before.pid, 'a new process')
  t.ok((await stats(after.http)).store.curr_items >= held, 'its items came back from its data dir')
  const d = await fileDescriptor()
  t.same(d.peers.find(p => p.index === 1)?.pid, after.pid, 'the descriptor names the new pid')
  await net.waitConsistent(20_000)
})

t.test('stop leaves gracefully; add joins a new peer; both show in the descriptor', async t => {
  const leaver = net.peers[3]
  await net.stopPeer(3)
  t.equal(net.state(3), 'stopped')
  t.notOk(isRunning(leaver.pid))
  await net.waitConsistent(20_000)

  const index = await net.add()
  t.equal(index, 4)
  const d = await fileDescriptor()
  t.same(d.peers.map(p => p.index), [0, 1, 2, 4])
  t.match(d.down, [{ index: 3, state: 'stopped' }])
  await net.waitConsistent(20_000)
  t.equal(net.descriptor().peers.length, 4)
})

t.test('churn never has more than r − 1 peers down (the stopped peer counts) and the ring is whole again afterwards', async t => {
  const report = await net.churn({ ratePerSecond: 4, durationMs: 1000, seed: 42 })
  t.comment(report.events.map(e => `${e.atMs} ms: ${e.action} ${e.index} (${e.down} down)`).join('\n'))
  t.ok(report.events.length >= 4, `${report.events.length} events`)
  t.ok(report.maxDown <= net.replicas - 1, `at most ${report.maxDown} down at once`)
  t.ok(report.events.every(e => e.down <= net.replicas - 1))
  t.same(report.events.filter(e => e.error !== undefined), [], 'no action failed')
  t.ok(report.events.some(e => e.action === 'kill' || e.action === 'stop' || e.action === 'pause'))
  t.same(net.descriptor().down.map(d => d.index), [3], 'every peer the churn took down is back (3 was stopped by hand)')
  await net.waitConsistent(30_000)
  t.same((await fileDescriptor()).peers.length, 4)
})

t.test('chordkv testnet ctl drives the running testnet through the descriptor', async t => {
  const victim = net.peers[4]
  const kill = await chordkv('testnet', 'ctl', '--testnet', out, 'kill', victim.peerId.slice(-10))
  t.equal(kill.code, 0, kill.stderr)
  t.match(kill.stdout, `killed peer 4 (${victim.peerId})`)
  t.notOk(isRunning(victim.pid))
  t.equal(net.state(4), 'killed')
  t.match((await fileDescriptor()).down, [{ index: 3, state: 'stopped' }, { index: 4, state: 'killed' }])

  const json = await chordkv('testnet', 'ctl', '--testnet', out, '--json', 'status')
  t.equal(json.code, 0, json.stderr)
  t.match(JSON.parse(json.stdout), { command: ['status'], ok: true, output: new RegExp(`${victim.peerId}\\s+-\\s+-\\s+-\\s+-\\s+killed`) })

  const [unknown, bad, missing] = await Promise.all([
    chordkv('testnet', 'ctl', '--testnet', out, 'frobnicate'),
    chordkv('testnet', 'ctl', '--testnet', out, 'resume', '0'),
    chordkv('testnet', 'ctl', '--testnet', join(dir, 'nope.json'), 'status')
  ])
  t.equal(unknown.code, 2, 'a malformed command is a usage error')
  t.match(unknown.stderr, /unknown command "frobnicate"/)
  t.equal(bad.code, 1, 'a command the testnet cannot do fails')
  t.match(bad.stderr, /^chordkv testnet ctl: cannot resume peer 0: it is up\n$/)
  t.equal(missing.code, 1)
  t.match(missing.stderr, /cannot read the testnet descriptor/)
})
