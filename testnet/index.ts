/**
 * A testnet: N chordkv peers on this machine, each a separate OS process (`chordkv start`),
 * so `kill(i)` is a real SIGKILL. The first peer creates the ring; the others join in waves
 * (1, 1, 2, 4, … peers at a time), each through up to three peers that are already up.
 *
 * Children never outlive the testnet: stop() ends them (SIGTERM, SIGKILL after 5 s), an
 * 'exit' handler SIGKILLs any left when this process exits, and each child runs with
 * --exit-with-stdin so it also stops when this process dies without running handlers.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { rename, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createInterface } from 'node:readline'
import { ringProblems, type RingAnswer } from '../node/chord/consistency.ts'

/** The `chordkv` entry point the children run. */
export const CLI_PATH = fileURLToPath(new URL('../cli/chordkv.js', import.meta.url))

/** How long a child may take to print its ready line, in ms. */
export const DEFAULT_START_TIMEOUT_MS = 30_000
/** How long startTestnet waits for a consistent ring, in ms. */
export const DEFAULT_CONSISTENT_TIMEOUT_MS = 60_000
/** SIGTERM grace period before SIGKILL in stop(), in ms. */
export const STOP_GRACE_MS = 5_000
/** Pause between two rounds of /ring polling, in ms. */
export const POLL_INTERVAL_MS = 100
/** Deadline of one GET /ring, in ms. */
const RING_FETCH_TIMEOUT_MS = 2_000
/** Ports a peer takes from --base-port: libp2p, admin HTTP, one kept for memcached. */
export const PORTS_PER_PEER = 3
/** Stderr lines of a child kept to explain why it failed to start. */
const STDERR_TAIL_LINES = 20

export interface TestnetOptions {
  /** Number of peers (processes). */
  readonly peers: number
  /** Vnodes per peer (default 8). */
  readonly vnodes?: number
  /** Replication factor (default 3). */
  readonly replicas?: number
  /**
   * Peer i listens for libp2p on basePort + 3i, for HTTP on basePort + 3i + 1 and for
   * memcached on basePort + 3i + 2. Default: ephemeral ports.
   */
  readonly basePort?: number
  /** Write the descriptor here once the ring is consistent (and again after each kill). */
  readonly out?: string
  /** Give every peer a memcached port (default true): basePort + 3i + 2, or a free one. */
  readonly memcached?: boolean
  /** Chord stabilization period of every peer, in ms (default: the daemon's). */
  readonly stabilizeIntervalMs?: number
  readonly startTimeoutMs?: number
  readonly consistentTimeoutMs?: number
  /** Progress messages while starting (one line each, no newline). */
  readonly onProgress?: (message: string) => void
  /** Where the children's stderr goes: forwarded to ours with a `[peer i]` prefix (default) or dropped. */
  readonly childStderr?: 'forward' | 'ignore'
  /** Called when a peer that was up exits without kill() or stop() asking it to. */
  readonly onPeerExit?: (index: number, peer: TestnetPeer, code: number | null, signal: NodeJS.Signals | null) => void
  /** Aborting stops the startup (and all children started so far). */
  readonly signal?: AbortSignal
}

/** One peer as the descriptor lists it. */
export interface TestnetPeer {
  readonly peerId: string
  readonly pid: number
  readonly multiaddrs: string[]
  /** Admin HTTP as host:port. */
  readonly http: string
  /** memcached port as host:port; null when the testnet runs without (memcached: false). */
  readonly memcached: string | null
}

/** The descriptor file (testnet --out). */
export interface TestnetDescriptor {
  readonly vnodes: number
  readonly replicas: number
  readonly peers: TestnetPeer[]
}

export interface Testnet {
  /** Every peer started, in start order (index i is peer i, also after it is killed). */
  readonly peers: readonly TestnetPeer[]
  readonly vnodes: number
  readonly replicas: number
  /** Whether peer i's process is still running. */
  isAlive (i: number): boolean
  /** The descriptor of the live peers. */
  descriptor (): TestnetDescriptor
  /** Resolves when every live peer's /ring agrees on a correct ring; rejects with the problems after timeoutMs. */
  waitConsistent (timeoutMs: number): Promise<void>
  /** SIGKILLs peer i and waits for its process to end. */
  kill (i: number): Promise<void>
  /** Stops all peers: SIGTERM (they leave gracefully), SIGKILL after 5 s. */
  stop (): Promise<void>
}

/** The testnet could not start, or its ring did not become consistent in time. */
export class TestnetError extends Error {
  override readonly name = 'TestnetError'
  readonly code = 'Testnet'
}

interface Child {
  readonly index: number
  readonly process: ChildProcess
  readonly exited: Promise<void>
  readonly stderrTail: string[]
  peer?: TestnetPeer
  /** Set when kill() or stop() ends it. */
  expectedExit: boolean
}

/** The ready line a `chordkv start` child prints. */
interface ReadyEvent {
  event: 'ready'
  peerId: string
  pid: number
  multiaddrs: string[]
  http: string | null
  memcached?: string | null
}

function isReadyEvent (value: unknown): value is ReadyEvent {
  const v = value as Partial<ReadyEvent> | null
  return v !== null && typeof v === 'object' && v.event === 'ready' && typeof v.peerId === 'string' &&
    typeof v.pid === 'number' && Array.isArray(v.multiaddrs) && typeof v.http === 'string'
}

/** Starts the testnet and resolves once all peers are up and their ring is consistent. */
export async function startTestnet (options: TestnetOptions): Promise<Testnet> {
  const count = options.peers
  const vnodes = options.vnodes ?? 8
  const replicas = options.replicas ?? 3
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`peers must be a positive integer, got ${count}`)
  const basePort = options.basePort ?? 0
  if (basePort !== 0 && (basePort < 1 || basePort + PORTS_PER_PEER * count > 65536)) {
    throw new RangeError(`base port ${basePort} leaves no room for ${count} peers (${PORTS_PER_PEER} ports each)`)
  }
  const progress = options.onProgress ?? (() => {})
  const children: Child[] = []

  const killAllNow = (): void => {
    for (const child of children) {
      if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL')
    }
  }
  process.on('exit', killAllNow)

  const alive = (child: Child): boolean => child.process.exitCode === null && child.process.signalCode === null

  const spawnPeer = async (index: number, bootstrap: string[]): Promise<TestnetPeer> => {
    const port = (offset: number): string => String(basePort === 0 ? 0 : basePort + PORTS_PER_PEER * index + offset)
    const args = [
      CLI_PATH, 'start',
      '--listen', `/ip4/127.0.0.1/tcp/${port(0)}`,
      '--http-host', '127.0.0.1',
      '--http-port', port(1),
      '--vnodes', String(vnodes),
      '--replicas', String(replicas),
      '--exit-with-stdin',
      ...bootstrap.flatMap(ma => ['--bootstrap', ma])
    ]
    if (options.memcached !== false) args.push('--memcached-port', port(2))
    if (options.stabilizeIntervalMs !== undefined) args.push('--stabilize-interval-ms', String(options.stabilizeIntervalMs))
    // detached: a Ctrl-C in the terminal reaches only the testnet, which stops the peers itself.
    const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true })
    const exited = new Promise<void>(resolve => proc.once('exit', () => { resolve() }))
    const child: Child = { index, process: proc, exited, stderrTail: [], expectedExit: false }
    children.push(child)

    createInterface({ input: proc.stderr! }).on('line', line => {
      child.stderrTail.push(line)
      if (child.stderrTail.length > STDERR_TAIL_LINES) child.stderrTail.shift()
      if (options.childStderr !== 'ignore') process.stderr.write(`[peer ${index}] ${line}\n`)
    })
    const lines = createInterface({ input: proc.stdout! })
    return await new Promise<TestnetPeer>((resolve, reject) => {
      const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
      const fail = (why: string): void => {
        clearTimeout(timer)
        proc.kill('SIGKILL')
        const tail = child.stderrTail.filter(l => l.trim() !== '').slice(-1)[0]
        reject(new TestnetError(`peer ${index} ${why}${tail !== undefined ? `: ${tail}` : ''}`))
      }
      const timer = setTimeout(() => { fail(`was not ready within ${startTimeoutMs} ms`) }, startTimeoutMs)
      const onError = (err: Error): void => { fail(`could not be started (${err.message})`) }
      const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
        fail(`exited before it was ready (${signal ?? `code ${code}`})`)
      }
      proc.once('error', onError)
      proc.once('exit', onExit)
      lines.on('line', line => {
        if (child.peer !== undefined) return
        let event: unknown
        try { event = JSON.parse(line) } catch { return }
        if (!isReadyEvent(event)) return
        clearTimeout(timer)
        proc.off('error', onError)
        proc.off('exit', onExit)
        proc.once('exit', (code, signal) => {
          if (!child.expectedExit) options.onPeerExit?.(index, child.peer!, code, signal)
        })
        child.peer = {
          peerId: event.peerId,
          pid: event.pid,
          multiaddrs: event.multiaddrs,
          http: event.http!,
          memcached: typeof event.memcached === 'string' ? event.memcached : null
        }
        resolve(child.peer)
      })
    })
  }

  const descriptor = (): TestnetDescriptor => ({
    vnodes,
    replicas,
    peers: children.filter(c => c.peer !== undefined && alive(c)).sort((a, b) => a.index - b.index).map(c => c.peer!)
  })

  const writeDescriptor = async (): Promise<void> => {
    if (options.out === undefined) return
    // Written aside and renamed: a reader never sees half a file.
    const tmp = `${options.out}.${process.pid}.tmp`
    await writeFile(tmp, JSON.stringify(descriptor(), null, 2) + '\n')
    await rename(tmp, options.out)
  }

  let stopping: Promise<void> | undefined
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      const running = children.filter(alive)
      for (const child of running) {
        child.expectedExit = true
        child.process.kill('SIGTERM')
      }
      await Promise.all(running.map(async child => {
        let timer: NodeJS.Timeout | undefined
        const grace = new Promise<void>(resolve => { timer = setTimeout(resolve, STOP_GRACE_MS) })
        await Promise.race([child.exited, grace])
        clearTimeout(timer)
        if (alive(child)) {
          child.process.kill('SIGKILL')
          await child.exited
        }
      }))
      process.off('exit', killAllNow)
    })()
    return stopping
  }

  const waitConsistent = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    let problems: string[] = []
    for (;;) {
      options.signal?.throwIfAborted()
      problems = await currentProblems(children.filter(c => c.peer !== undefined && alive(c)).map(c => c.peer!), vnodes)
      if (problems.length === 0) return
      if (Date.now() >= deadline) break
      await new Promise(resolve => setTimeout(resolve, POLL_INTERVAL_MS))
    }
    const shown = problems.slice(0, 3).join('; ')
    throw new TestnetError(`the ring was not consistent after ${timeoutMs} ms: ${shown}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`)
  }

  const testnet: Testnet = {
    get peers () {
      return children.filter(c => c.peer !== undefined).sort((a, b) => a.index - b.index).map(c => c.peer!)
    },
    vnodes,
    replicas,
    isAlive (i) {
      const child = children.find(c => c.index === i)
      return child !== undefined && alive(child)
    },
    descriptor,
    waitConsistent,
    async kill (i) {
      const child = children.find(c => c.index === i)
      if (child === undefined) throw new RangeError(`no peer ${i} in this testnet`)
      child.expectedExit = true
      if (alive(child)) child.process.kill('SIGKILL')
      await child.exited
      await writeDescriptor()
    },
    stop
  }

  const onAbort = (): void => { void stop() }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    options.signal?.throwIfAborted()
    progress(`starting peer 1/${count}`)
    const first = await spawnPeer(0, [])
    progress(`peer 1/${count} created the ring: ${first.peerId}`)
    const up: TestnetPeer[] = [first]
    let next = 1
    while (next < count) {
      options.signal?.throwIfAborted()
      // Each wave is as large as the ring so far: log2(N) waves, each joining through peers already up.
      const wave = Array.from({ length: Math.min(up.length, count - next) }, (_, k) => next + k)
      next += wave.length
      const joined = await Promise.all(wave.map(async i => {
        const peer = await spawnPeer(i, pickBootstrap(up, i))
        progress(`peer ${i + 1}/${count} joined: ${peer.peerId}`)
        return peer
      }))
      up.push(...joined)
    }
    progress(`waiting for the ring of ${count} peers × ${vnodes} vnodes to be consistent`)
    await waitConsistent(options.consistentTimeoutMs ?? DEFAULT_CONSISTENT_TIMEOUT_MS)
    await writeDescriptor()
  } catch (err) {
    await stop()
    throw options.signal?.aborted === true ? options.signal.reason : err
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  return testnet
}

/** Up to three bootstrap multiaddrs among the peers already up, varied by joiner index. */
function pickBootstrap (up: readonly TestnetPeer[], joiner: number): string[] {
  const picked: string[] = []
  for (let k = 0; k < Math.min(3, up.length); k++) {
    const peer = up[(joiner + k) % up.length]
    if (peer.multiaddrs[0] !== undefined) picked.push(peer.multiaddrs[0])
  }
  return picked
}

/** Problems with the ring the given peers describe, including peers that did not answer. */
async function currentProblems (peers: readonly TestnetPeer[], vnodes: number): Promise<string[]> {
  const unreachable: string[] = []
  const answers = await Promise.all(peers.map(async peer => {
    try {
      const res = await fetch(`http://${peer.http}/ring`, { signal: AbortSignal.timeout(RING_FETCH_TIMEOUT_MS) })
      if (!res.ok) throw new Error(`HTTP ${res.status}`)
      return await res.json() as RingAnswer
    } catch (err) {
      unreachable.push(`peer ${peer.peerId} did not answer /ring: ${(err as Error).message}`)
      return undefined
    }
  }))
  const ring = answers.filter((a): a is RingAnswer => a !== undefined)
  return [...unreachable, ...(ring.length > 0 ? ringProblems(ring, { vnodesPerPeer: vnodes }) : [])]
}
