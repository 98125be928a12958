/**
 * `npm run bench:memcached`: get and set through the memcached port of one chordkv peer, next
 * to a real memcached started here (`memcached -t 1` and its default 4 threads), all driven by
 * the same Node load generator: 100-byte values, 1 and 16 connections, one command at a time
 * and pipelined 100 deep. Then a testnet of 4 peer processes with r = 3 through one peer's
 * port, for the cost of replication. Prints a table (with ratios to memcached -t 1), writes
 * benchmarks/results/memcached.json and memcached.svg.
 *
 *   npm run bench:memcached              # 2 s per cell, 3 rounds (median reported)
 *   npm run bench:memcached -- --quick   # 0.3 s per cell, 1 round, smoke
 *
 * The 1-peer ring (r = 1) runs as its own process (`chordkv start`), like memcached; the load
 * generator shares the machine's cores with whichever server it measures. The three servers
 * run side by side and take turns cell by cell, round after round.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { connect, createServer, type Socket } from 'node:net'
import { createInterface } from 'node:readline'
import { CLI_PATH, startTestnet, type Testnet } from '../testnet/index.ts'
import { barChart } from './lib/svg.ts'
import { benchFlags, endProgress, latencySummary, machine, printTable, progress, writeResults } from './lib/report.ts'

interface Cell {
  target: string
  op: 'set' | 'get'
  connections: number
  depth: number
  ops: number
  opsPerSec: number
  p50Ms: number
  p99Ms: number
  /** ops/s over memcached -t 1's in the same cell. */
  ratio?: number
  /** ops/s of every round of the cell (the cell reports the median one). */
  rounds?: number[]
}

const flags = benchFlags()
const cellMs = flags.quick ? 300 : 2000
/** Times each cell runs on each target. */
const rounds = flags.quick ? 1 : 3
const VALUE = Buffer.alloc(100, 0x61)
const KEYS = 1000
/** Fixed-length keys, so every reply of a cell has the same length and is counted by bytes. */
const keyOf = (i: number): string => `bench:${String(i % KEYS).padStart(6, '0')}`
const SET_REPLY = 'STORED\r\n'.length
const GET_REPLY = `VALUE ${keyOf(0)} 0 ${VALUE.length}\r\n`.length + VALUE.length + '\r\nEND\r\n'.length

async function dial (port: number): Promise<Socket> {
  const socket = connect({ host: '127.0.0.1', port, noDelay: true })
  await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
  return socket
}

function request (op: 'set' | 'get', i: number): Buffer {
  return op === 'set'
    ? Buffer.concat([Buffer.from(`set ${keyOf(i)} 0 0 ${VALUE.length}\r\n`), VALUE, Buffer.from('\r\n')])
    : Buffer.from(`get ${keyOf(i)}\r\n`)
}

/** One connection for `ms`: batches of `depth` commands, each batch sent in one write. */
async function driveConnection (socket: Socket, op: 'set' | 'get', depth: number, ms: number, offset: number): Promise<number[]> {
  const replyBytes = op === 'set' ? SET_REPLY : GET_REPLY
  const latencies: number[] = []
  const batches = Array.from({ length: Math.ceil(KEYS / depth) }, (_, b) => Buffer.concat(Array.from({ length: depth }, (_, j) => request(op, offset + b * depth + j))))
  const deadline = performance.now() + ms
  let batch = 0
  let received = 0
  let want = 0
  let sentAt = 0
  let done: (() => void) | undefined
  socket.on('data', chunk => {
    const before = Math.floor(received / replyBytes)
    received += chunk.length
    const now = performance.now()
    for (let n = Math.floor(received / replyBytes); n > before; n--) latencies.push(now - sentAt)
    if (received >= want) done?.()
  })
  while (performance.now() < deadline) {
    want += replyBytes * depth
    const finished = new Promise<void>(resolve => { done = resolve })
    sentAt = performance.now()
    socket.write(batches[batch++ % batches.length])
    await finished
  }
  socket.removeAllListeners('data')
  return latencies
}

async function runCell (target: string, port: number, op: 'set' | 'get', connections: number, depth: number): Promise<Cell> {
  progress(`bench:memcached: ${target}, ${op}, ${connections} connection(s), depth ${depth}`)
  const sockets = await Promise.all(Array.from({ length: connections }, async () => await dial(port)))
  try {
    const started = performance.now()
    const all = await Promise.all(sockets.map(async (s, i) => await driveConnection(s, op, depth, cellMs, i * 7919)))
    const seconds = (performance.now() - started) / 1000
    const latencies = all.flat()
    const lat = latencySummary(latencies)
    return { target, op, connections, depth, ops: latencies.length, opsPerSec: latencies.length / seconds, p50Ms: lat.p50, p99Ms: lat.p99 }
  } finally {
    for (const s of sockets) s.destroy()
  }
}

const CELLS = (['set', 'get'] as const).flatMap(op => [1, 16].flatMap(connections => [1, 100].map(depth => ({ op, connections, depth }))))

/** Sets every key once, so every get is a hit. */
async function fill (port: number): Promise<void> {
  const warm = await dial(port)
  await driveConnection(warm, 'set', KEYS, 1, 0)
  warm.destroy()
}

/**
 * Every cell on every target, `rounds` times, the targets taking turns cell by cell (this VM's
 * speed drifts by 2-4 × over minutes: measured one target after the other, a ratio compared
 * different machines). Each reported cell is the round with the median ops/s.
 */
async function runTargets (targets: ReadonlyArray<{ name: string, port: number }>): Promise<Cell[]> {
  for (const target of targets) await fill(target.port)
  const cells: Cell[] = []
  for (const { op, connections, depth } of CELLS) {
    const runs = new Map<string, Cell[]>(targets.map(target => [target.name, []]))
    for (let round = 0; round < rounds; round++) {
      for (const target of targets) runs.get(target.name)!.push(await runCell(target.name, target.port, op, connections, depth))
    }
    for (const [, list] of runs) {
      const sorted = [...list].sort((a, b) => a.opsPerSec - b.opsPerSec)
      cells.push({ ...sorted[Math.floor(sorted.length / 2)], rounds: list.map(c => Math.round(c.opsPerSec)) })
    }
  }
  return cells
}

async function freePort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as { port: number }).port
  await new Promise<void>(resolve => server.close(() => { resolve() }))
  return port
}

async function waitForPort (port: number, child: ChildProcess): Promise<void> {
  for (const deadline = Date.now() + 10_000; ;) {
    try {
      (await dial(port)).destroy()
      return
    } catch (err) {
      if (child.exitCode !== null || Date.now() > deadline) throw err
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }
}

async function startMemcached (threads: number | undefined): Promise<{ port: number, stop: () => void }> {
  const path = spawnSync('sh', ['-c', 'command -v memcached'], { encoding: 'utf8' }).stdout.trim()
  if (path === '') throw new Error('memcached is not installed (apt-get install memcached)')
  const port = await freePort()
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '64', '-c', '1024', ...(threads !== undefined ? ['-t', String(threads)] : [])]
  if (process.getuid?.() === 0) args.push('-u', 'root')
  const child = spawn(path, args, { stdio: 'ignore' })
  await waitForPort(port, child)
  return { port, stop: () => { child.kill('SIGKILL') } }
}

/** One chordkv peer process with r = 1 and a memcached port. */
async function startPeer (): Promise<{ port: number, stop: () => void }> {
  const child = spawn(process.execPath, [CLI_PATH, 'start', '--replicas', '1', '--http-port', 'off', '--memcached-port', '0', '--exit-with-stdin'],
    { stdio: ['pipe', 'pipe', 'inherit'] })
  const ready = await new Promise<{ memcached: string }>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', line => {
      try {
        const event = JSON.parse(line) as { event?: string, memcached?: string }
        if (event.event === 'ready' && typeof event.memcached === 'string') resolve(event as { memcached: string })
      } catch {}
    })
    child.once('exit', code => { reject(new Error(`chordkv start exited with ${code}`)) })
  })
  return { port: Number(ready.memcached.split(':')[1]), stop: () => { child.kill('SIGKILL') } }
}

const cells: Cell[] = []
const servers: Array<{ name: string, port: number, stop: () => void }> = []
for (const { name, start } of [
  { name: 'memcached -t 1', start: async () => await startMemcached(1) },
  { name: 'memcached (4 threads)', start: async () => await startMemcached(undefined) },
  { name: 'chordkv 1 peer r=1', start: startPeer }
]) {
  try {
    servers.push({ name, ...await start() })
  } catch (err) {
    endProgress()
    console.error(`bench:memcached: ${name}: ${(err as Error).message}`)
  }
}
try {
  cells.push(...await runTargets(servers))
} finally {
  for (const server of servers) server.stop()
}
let testnet: Testnet | undefined
try {
  progress('bench:memcached: starting a testnet of 4 peers, r = 3')
  testnet = await startTestnet({ peers: 4, replicas: 3, childStderr: 'ignore' })
  cells.push(...await runTargets([{ name: 'chordkv 4 peers r=3', port: Number(testnet.peers[0].memcached!.split(':')[1]) }]))
} finally {
  await testnet?.stop()
}
endProgress()

for (const c of cells) {
  const base = cells.find(b => b.target === 'memcached -t 1' && b.op === c.op && b.connections === c.connections && b.depth === c.depth)
  if (base !== undefined) c.ratio = c.opsPerSec / base.opsPerSec
}
printTable(['target', 'op', 'conns', 'depth', 'ops/s', 'p50 ms', 'p99 ms', 'x memcached -t 1', 'rounds (ops/s)'],
  cells.map(c => [c.target, c.op, c.connections, c.depth, c.opsPerSec, c.p50Ms, c.p99Ms, c.ratio ?? NaN, (c.rounds ?? []).join(' ')]))

const targets = [...new Set(cells.map(c => c.target))]
const categories = (['set', 'get'] as const).flatMap(op => [1, 16].flatMap(n => [1, 100].map(d => `${op} ${n}c d${d}`)))
const svg = barChart({
  title: 'memcached protocol: ops/s by target (100-byte values, same Node load generator)',
  yLabel: 'operations per second',
  xLabel: 'operation, connections, pipeline depth',
  categories,
  yScale: 'log',
  series: targets.map(target => ({
    name: target,
    values: categories.map(cat => {
      const [op, conns, depth] = cat.split(' ')
      return cells.find(c => c.target === target && c.op === op && `${c.connections}c` === conns && `d${c.depth}` === depth)?.opsPerSec ?? NaN
    })
  }))
})
const files = writeResults('memcached', { benchmark: 'memcached', quick: flags.quick, valueBytes: VALUE.length, cellMs, rounds, machine: machine(), cells }, svg)
console.log(`\nwrote ${files.join(', ')}`)
process.exit(0)
