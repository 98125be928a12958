/**
 * Where a testnet peer runs: a `chordkv start` OS process (the default, so SIGKILL and
 * SIGSTOP are real) or a createPeer() inside this process (--in-process, for large N).
 * The testnet (index.ts) drives both through the same PeerHandle.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { createInterface } from 'node:readline'

/** The `chordkv` entry point the children run. */
export const CLI_PATH = fileURLToPath(new URL('../cli/chordkv.js', import.meta.url))

/** Stderr lines of a child kept to explain why it failed to start. */
const STDERR_TAIL_LINES = 20

/** Peer processes still running; one 'exit' listener kills them all (one per child would pass Node's listener limit). */
const liveChildren = new Set<ChildProcess>()
let exitHookInstalled = false

function killOnExit (proc: ChildProcess): void {
  liveChildren.add(proc)
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.on('exit', () => {
    for (const child of liveChildren) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  })
}

/** What one peer is started with. */
export interface PeerLaunch {
  readonly index: number
  /** libp2p, admin HTTP and memcached ports; 0 picks a free one. */
  readonly ports: { readonly libp2p: number, readonly http: number, readonly memcached: number | null }
  readonly bootstrap: readonly string[]
  readonly vnodes: number
  readonly replicas: number
  readonly keyFile: string
  readonly dataDir?: string
  readonly stabilizeIntervalMs?: number
  readonly antiEntropyIntervalMs?: number
  /** The peer's zone (`--zone`). */
  readonly zone?: string
  /**
   * The build to run: its `cli/chordkv.js` (default CLI_PATH, this checkout). In-process, the
   * `node/daemon.ts` next to it is imported instead.
   */
  readonly cli?: string
  /** Build id the peer reports (CHORDKV_BUILD_ID); default: the build's own (node/build-info.ts). */
  readonly buildId?: string
  readonly startTimeoutMs: number
  /** Each stderr line of the peer (process mode). */
  readonly onStderr?: (line: string) => void
}

/** A started peer's addresses, as its ready line gives them. */
export interface PeerInfo {
  readonly peerId: string
  readonly pid: number
  readonly multiaddrs: string[]
  /** Admin HTTP as host:port. */
  readonly http: string
  /** memcached port as host:port, or null. */
  readonly memcached: string | null
  /** Package version and build id it reports; null from a build that predates them. */
  readonly version: string | null
  readonly build: string | null
  /** Its zone, or null. */
  readonly zone: string | null
}

/** How the peer ended: an exit code or a signal (process mode), or 'stopped' (in-process). */
export interface PeerExit {
  readonly code: number | null
  readonly signal: string | null
}

export interface PeerHandle {
  readonly info: PeerInfo
  /** Resolves when the peer has ended, for whatever reason. */
  readonly exited: Promise<PeerExit>
  /** Whether it is still running (paused counts as running). */
  running (): boolean
  /** SIGKILL (in-process: stop without leaving, as a crash would). */
  kill (): void
  /** SIGTERM: the peer leaves the ring gracefully and exits (in-process: leave()). */
  terminate (): void
  /** SIGSTOP / SIGCONT; only OS processes can be paused. */
  pause (): void
  resume (): void
}

export interface PeerHost {
  readonly kind: 'process' | 'in-process'
  /** Starts a peer; resolves once it serves, rejects with a one-sentence Error otherwise. */
  start (launch: PeerLaunch): Promise<PeerHandle>
}

/** The ready line a `chordkv start` child prints. */
interface ReadyEvent {
  event: 'ready'
  peerId: string
  pid: number
  multiaddrs: string[]
  http: string | null
  memcached?: string | null
  version?: string
  build?: string
  zone?: string | null
}

function isReadyEvent (value: unknown): value is ReadyEvent {
  const v = value as Partial<ReadyEvent> | null
  return v !== null && typeof v === 'object' && v.event === 'ready' && typeof v.peerId === 'string' &&
    typeof v.pid === 'number' && Array.isArray(v.multiaddrs) && typeof v.http === 'string'
}

/**
 * Peers as `chordkv start` children. Each runs with --exit-with-stdin so it stops when this
 * process dies without running handlers, and detached, so a Ctrl-C in the terminal reaches
 * only the testnet, which stops the peers itself.
 */
export function processHost (): PeerHost {
  return {
    kind: 'process',
    async start (launch) {
      const args = [
        launch.cli ?? CLI_PATH, 'start',
        '--listen', `/ip4/127.0.0.1/tcp/${launch.ports.libp2p}`,
        '--http-host', '127.0.0.1',
        '--http-port', String(launch.ports.http),
        '--vnodes', String(launch.vnodes),
        '--replicas', String(launch.replicas),
        '--key-file', launch.keyFile,
        '--exit-with-stdin',
        ...launch.bootstrap.flatMap(ma => ['--bootstrap', ma])
      ]
      if (launch.ports.memcached !== null) args.push('--memcached-port', String(launch.ports.memcached))
      if (launch.dataDir !== undefined) args.push('--data-dir', launch.dataDir)
      if (launch.stabilizeIntervalMs !== undefined) args.push('--stabilize-interval-ms', String(launch.stabilizeIntervalMs))
      if (launch.antiEntropyIntervalMs !== undefined) args.push('--anti-entropy-interval-ms', String(launch.antiEntropyIntervalMs))
      if (launch.zone !== undefined) args.push('--zone', launch.zone)
      const env = { ...process.env }
      // Another build reports its own id (its BUILD_ID file) unless one is given for it.
      if (launch.buildId !== undefined) env.CHORDKV_BUILD_ID = launch.buildId
      else if (launch.cli !== undefined && launch.cli !== CLI_PATH) delete env.CHORDKV_BUILD_ID
      const proc = spawn(process.execPath, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true, env })
      const exited = new Promise<PeerExit>(resolve => proc.once('exit', (code, signal) => { resolve({ code, signal }) }))
      const running = (): boolean => proc.exitCode === null && proc.signalCode === null
      // Whatever happens to this process, the child must not outlive it.
      killOnExit(proc)
      void exited.then(() => { liveChildren.delete(proc) })

      const stderrTail: string[] = []
      createInterface({ input: proc.stderr }).on('line', line => {
        stderrTail.push(line)
        if (stderrTail.length > STDERR_TAIL_LINES) stderrTail.shift()
        launch.onStderr?.(line)
      })
      const lines = createInterface({ input: proc.stdout })
      const info = await new Promise<PeerInfo>((resolve, reject) => {
        let ready = false
        const fail = (why: string): void => {
          clearTimeout(timer)
          proc.kill('SIGKILL')
          const tail = stderrTail.filter(l => l.trim() !== '').slice(-1)[0]
          reject(new Error(`peer ${launch.index} ${why}${tail !== undefined ? `: ${tail}` : ''}`))
        }
        const timer = setTimeout(() => { fail(`was not ready within ${launch.startTimeoutMs} ms`) }, launch.startTimeoutMs)
        const onError = (err: Error): void => { fail(`could not be started (${err.message})`) }
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
          // The last stderr lines may still be in the pipe: let them arrive first.
          setImmediate(() => { fail(`exited before it was ready (${signal ?? `code ${code}`})`) })
        }
        proc.once('error', onError)
        proc.once('exit', onExit)
        lines.on('line', line => {
          if (ready) return
          let event: unknown
          try { event = JSON.parse(line) } catch { return }
          if (!isReadyEvent(event)) return
          ready = true
          clearTimeout(timer)
          proc.off('error', onError)
          proc.off('exit', onExit)
          resolve({
            peerId: event.peerId,
            pid: event.pid,
            multiaddrs: event.multiaddrs,
            http: event.http!,
            memcached: typeof event.memcached === 'string' ? event.memcached : null,
            version: typeof event.version === 'string' ? event.version : null,
            build: typeof event.build === 'string' ? event.build : null,
            zone: typeof event.zone === 'string' ? event.zone : null
          })
        })
      })
      return {
        info,
        exited,
        running,
        kill () { if (running()) proc.kill('SIGKILL') },
        terminate () {
          if (!running()) return
          // A stopped process would only see SIGTERM once continued.
          proc.kill('SIGCONT')
          proc.kill('SIGTERM')
        },
        pause () { if (running()) proc.kill('SIGSTOP') },
        resume () { if (running()) proc.kill('SIGCONT') }
      }
    }
  }
}

/** Peers inside this process (createPeer): cheap enough for hundreds, but no real crash or pause. */
export function inProcessHost (): PeerHost {
  return {
    kind: 'in-process',
    async start (launch) {
      // Loaded here: the process mode never needs libp2p in the testnet itself.
      // Another build: its own copy of the daemon module (a separate module graph).
      const daemon = launch.cli === undefined || launch.cli === CLI_PATH
        ? '../node/daemon.ts'
        : pathToFileURL(join(dirname(dirname(launch.cli)), 'node', 'daemon.ts')).href
      const { createPeer } = await import(daemon) as typeof import('../node/daemon.ts')
      const peer = await createPeer({
        listen: [`/ip4/127.0.0.1/tcp/${launch.ports.libp2p}`],
        bootstrap: launch.bootstrap,
        vnodes: launch.vnodes,
        replicas: launch.replicas,
        httpHost: '127.0.0.1',
        httpPort: launch.ports.http,
        memcachedPort: launch.ports.memcached,
        keyFile: launch.keyFile,
        ...(launch.dataDir !== undefined ? { dataDir: launch.dataDir } : {}),
        ...(launch.stabilizeIntervalMs !== undefined ? { stabilizeIntervalMs: launch.stabilizeIntervalMs } : {}),
        ...(launch.antiEntropyIntervalMs !== undefined ? { antiEntropyIntervalMs: launch.antiEntropyIntervalMs } : {}),
        ...(launch.zone !== undefined ? { zone: launch.zone } : {}),
        ...(launch.buildId !== undefined ? { buildId: launch.buildId } : {})
      })
      let ended: ((exit: PeerExit) => void) | undefined
      const exited = new Promise<PeerExit>(resolve => { ended = resolve })
      let running = true
      let ending: PeerExit | undefined
      const end = (how: () => Promise<void>, exit: PeerExit): void => {
        // kill() after terminate() cuts a slow leave short (the daemon's kill() does).
        if (ending !== undefined && exit.signal !== 'SIGKILL') return
        running = false
        ending ??= exit
        const settled = ending
        void how().catch(() => {}).then(() => { ended?.(settled) })
      }
      return {
        info: {
          peerId: peer.peerId,
          pid: process.pid,
          multiaddrs: peer.multiaddrs,
          http: `${peer.http!.host}:${peer.http!.port}`,
          memcached: peer.memcached === null ? null : `${peer.memcached.host}:${peer.memcached.port}`,
          version: peer.identity?.version ?? null,
          build: peer.identity?.build ?? null,
          zone: peer.identity?.zone ?? null
        },
        exited,
        running: () => running,
        kill () { end(async () => { await peer.kill() }, { code: null, signal: 'SIGKILL' }) },
        terminate () { end(async () => { await peer.leave() }, { code: 0, signal: null }) },
        pause () { throw new Error('pause needs peers as OS processes; this testnet runs them in-process') },
        resume () { throw new Error('resume needs peers as OS processes; this testnet runs them in-process') }
      }
    }
  }
}
