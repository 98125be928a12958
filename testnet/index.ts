/**
 * A testnet: N chordkv peers on this machine, each a separate OS process (`chordkv start`),
 * so `kill(i)` is a real SIGKILL and `pause(i)` a real SIGSTOP; or, with `inProcess`, all in
 * this process (createPeer), for rings too large for one process per peer. The first peer
 * creates the ring; the others join in waves (1, 1, 2, 4, … peers at a time), each through up
 * to three peers that are already up.
 *
 * Every peer slot i keeps its identity and data under `stateDir/peer-i/` (a --key-file and a
 * --data-dir), so `restart(i)` brings back the same peer id, vnode ids and stored items.
 * The descriptor (`out`) is rewritten after every change, and a control endpoint on loopback
 * (control.ts, recorded in the descriptor) lets `chordkv testnet ctl …` drive a running testnet.
 *
 * Children never outlive the testnet: stop() ends them (SIGTERM, SIGKILL after 5 s), an
 * 'exit' handler SIGKILLs any left when this process exits, and each child runs with
 * --exit-with-stdin so it also stops when this process dies without running handlers.
 */
import { statSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ringProblems, type RingAnswer } from '../node/chord/consistency.ts'
import { seededRandom } from '../node/transport/clock.ts'
import type { CommandContext } from './commands.ts'
import { startControlServer, type ControlServer } from './control.ts'
import { CLI_PATH, inProcessHost, processHost, type PeerHandle, type PeerHost } from './hosts.ts'

export { CLI_PATH } from './hosts.ts'

/** How long a peer may take to print its ready line, in ms. */
export const DEFAULT_START_TIMEOUT_MS = 30_000
/** How long startTestnet waits for a consistent ring, in ms. */
export const DEFAULT_CONSISTENT_TIMEOUT_MS = 60_000
/** Graceful-stop grace period before SIGKILL, in ms. */
export const STOP_GRACE_MS = 5_000
/** Pause between two rounds of /ring polling, in ms. */
export const POLL_INTERVAL_MS = 100
/** Deadline of one GET /ring, in ms. */
const RING_FETCH_TIMEOUT_MS = 2_000
/** Ports a peer takes from --base-port: libp2p, admin HTTP, memcached. */
export const PORTS_PER_PEER = 3
/** Default number of peers. */
export const DEFAULT_PEERS = 8

export interface TestnetOptions {
  /** Number of peers to start with (default 8). */
  readonly peers?: number
  /** Vnodes per peer (default 8). */
  readonly vnodes?: number
  /** Replication factor (default 3). */
  readonly replicas?: number
  /**
   * Peer i listens for libp2p on basePort + 3i, for HTTP on basePort + 3i + 1 and for
   * memcached on basePort + 3i + 2. Default: ephemeral ports.
   */
  readonly basePort?: number
  /** Write the descriptor here once the ring is consistent, and again after every change. */
  readonly out?: string
  /** Give every peer a memcached port (default true): basePort + 3i + 2, or a free one. */
  readonly memcached?: boolean
  /** All peers in this process instead of one OS process each (no real SIGKILL, no pause). */
  readonly inProcess?: boolean
  /**
   * Keys and data of the peers, one directory per slot (`peer-i/`). Default: a fresh
   * temporary directory, removed by stop(); a directory given here is kept.
   */
  readonly stateDir?: string
  /** Give every peer a --data-dir, so a restart keeps its items (default true). */
  readonly persistent?: boolean
  /** Serve the control endpoint on 127.0.0.1 and name it in the descriptor (default true). */
  readonly control?: boolean
  /** Context of commands run through the control endpoint (e.g. a richer status table). */
  readonly controlContext?: () => CommandContext
  /** Chord stabilization period of every peer, in ms (default: the daemon's). */
  readonly stabilizeIntervalMs?: number
  /** Anti-entropy period of every peer, in ms (default: the daemon's). */
  readonly antiEntropyIntervalMs?: number
  /**
   * Zones ("hosts"): peer i gets `--zone zone-(i mod zones)`, so replica sets spread over them
   * and `killZone` can take a whole host down at once. Default: no zones.
   */
  readonly zones?: number
  readonly startTimeoutMs?: number
  readonly consistentTimeoutMs?: number
  /** Progress messages while starting (one line each, no newline). */
  readonly onProgress?: (message: string) => void
  /** Where the children's stderr goes: forwarded to ours with a `[peer i]` prefix (default) or dropped. */
  readonly childStderr?: 'forward' | 'ignore'
  /** Called when a peer that was up exits without the testnet asking it to. */
  readonly onPeerExit?: (index: number, peer: TestnetPeer, code: number | null, signal: string | null) => void
  /** Called on every change of a peer's state. */
  readonly onStateChange?: (change: StateChange) => void
  /** Aborting stops the startup (and all peers started so far). */
  readonly signal?: AbortSignal
}

/**
 * A peer slot's state. `starting`: launched, not serving yet; `up`: serving; `paused`:
 * SIGSTOPped; `leaving`: leaving gracefully; `stopped`: left; `killed`: SIGKILLed by the
 * testnet; `crashed`: exited on its own; `failed`: never came up.
 */
export type PeerState = 'starting' | 'up' | 'paused' | 'leaving' | 'stopped' | 'killed' | 'crashed' | 'failed'

export interface StateChange {
  readonly index: number
  readonly peerId: string | null
  readonly from: PeerState
  readonly to: PeerState
}

/** One peer as the descriptor lists it. */
export interface TestnetPeer {
  /** Its slot: stays the same across restarts. */
  readonly index: number
  readonly peerId: string
  readonly pid: number
  readonly multiaddrs: string[]
  /** Admin HTTP as host:port. */
  readonly http: string
  /** memcached port as host:port; null when the testnet runs without (memcached: false). */
  readonly memcached: string | null
  /** Its zone (testnet --zones), or null. */
  readonly zone: string | null
  /** Package version and build id it reported when it started (null: a build without them). */
  readonly version: string | null
  readonly build: string | null
  /** The `cli/chordkv.js` of the build it runs. */
  readonly entry: string
}

/** A slot that is not serving, as the descriptor lists it. */
export interface DownPeer {
  readonly index: number
  readonly peerId: string | null
  readonly pid: number | null
  readonly state: PeerState
}

/** The descriptor file (testnet --out). */
export interface TestnetDescriptor {
  readonly vnodes: number
  readonly replicas: number
  /** The peers that serve now, by slot. */
  readonly peers: TestnetPeer[]
  /** Slots that do not serve now (paused, stopped, killed, crashed, starting). */
  readonly down: DownPeer[]
  /** Where `chordkv testnet ctl` reaches this testnet (null without a control endpoint). */
  readonly control: { readonly url: string, readonly token: string } | null
  readonly stateDir: string
  readonly inProcess: boolean
  /** The zones (testnet --zones), peer i in zones[i mod K]; empty without zones. */
  readonly zones: readonly string[]
}

export interface ChurnOptions {
  /** Events per second. */
  readonly ratePerSecond: number
  readonly durationMs: number
  /** Seed of the choices (default: random); the report names it. */
  readonly seed?: number
  /** Bring back every peer the churn took down when it ends (default true). */
  readonly restore?: boolean
  readonly signal?: AbortSignal
  /** Each event as it happens. */
  readonly onEvent?: (event: ChurnEvent) => void
}

export type ChurnAction = 'kill' | 'stop' | 'pause' | 'resume' | 'restart'

export interface ChurnEvent {
  /** ms since the churn started. */
  readonly atMs: number
  readonly action: ChurnAction
  readonly index: number
  /** Peers down right after this event. */
  readonly down: number
  /** Set when the action failed. */
  readonly error?: string
}

export interface ChurnReport {
  readonly seed: number
  readonly events: ChurnEvent[]
  /** Most peers down at once during the churn (at most replicas − 1). */
  readonly maxDown: number
}

export interface UpgradeOptions {
  /**
   * The new build: its `cli/chordkv.js`, or a directory holding `cli/chordkv.js` (e.g. one made
   * by scripts/build-upgrade.ts). Default: the build each slot runs now (a rolling restart).
   */
  readonly entry?: string
  /**
   * Build id the new peers report (CHORDKV_BUILD_ID of the children). Default: the build's own
   * (its BUILD_ID file). When given, each upgraded peer's /health must report it.
   */
  readonly buildId?: string
  /** Each step as it happens. */
  readonly onStep?: (step: UpgradeStep) => void
  /** How long one replaced peer may take to serve and the ring to become consistent, in ms (default: the testnet's consistent timeout). */
  readonly timeoutMs?: number
  readonly signal?: AbortSignal
}

/**
 * One step of a rolling upgrade of slot `index`: `leaving` (graceful leave asked), `stopped`
 * (its process ended), `started` (the new build printed its ready line), `serving` (/health
 * answers ok, with the expected build), `consistent` (every serving peer agrees on a correct
 * ring: the next peer may go), or `skipped` (the slot was not up; it runs the new build when
 * restarted).
 */
export interface UpgradeStep {
  readonly index: number
  readonly peerId: string | null
  readonly phase: 'leaving' | 'stopped' | 'started' | 'serving' | 'consistent' | 'skipped'
  /** The build the slot runs after this step (its reported id), when known. */
  readonly build: string | null
  /** ms since the upgrade started. */
  readonly atMs: number
}

export interface UpgradeReport {
  /** Every slot that was replaced, in order, with the build it reported before and after. */
  readonly upgraded: ReadonlyArray<{ readonly index: number, readonly peerId: string, readonly from: string | null, readonly to: string | null, readonly ms: number }>
  /** Slots that were not up, so not replaced (they start the new build when restarted). */
  readonly skipped: readonly number[]
  readonly entry: string
  readonly durationMs: number
}

export interface Testnet {
  /** The latest incarnation of every slot, in slot order (index i is slot i, also after it is killed). */
  readonly peers: readonly TestnetPeer[]
  readonly vnodes: number
  readonly replicas: number
  readonly stateDir: string
  readonly inProcess: boolean
  /** The control endpoint, when served. */
  readonly control: { readonly url: string, readonly token: string } | null
  /** Whether slot i's peer is running (a paused one is). */
  isAlive (i: number): boolean
  /** Slot i's state. */
  state (i: number): PeerState
  /** The descriptor: serving peers and down slots. */
  descriptor (): TestnetDescriptor
  /** The slot a PEER argument names: a slot index, or a peer id or a unique part of one. Throws RangeError. */
  resolvePeer (ref: string): number
  /** Resolves when every serving peer's /ring agrees on a correct ring; rejects with the problems after timeoutMs. */
  waitConsistent (timeoutMs: number): Promise<void>
  /** Starts one more peer, joining through peers that are up; resolves to its slot. */
  add (): Promise<number>
  /** SIGKILLs slot i's peer and waits for its process to end. */
  kill (i: number): Promise<void>
  /** Slot i's peer leaves the ring gracefully (SIGTERM; SIGKILL after 5 s). */
  stopPeer (i: number): Promise<void>
  /** SIGSTOP: the peer stops answering but keeps its connections (process mode only). */
  pause (i: number): Promise<void>
  /** SIGCONT after pause(i). */
  resume (i: number): Promise<void>
  /** Stops slot i's peer if it runs (gracefully), then starts it again with the same identity and data. */
  restart (i: number): Promise<void>
  /**
   * Random kill/stop/pause and restart/resume events at `ratePerSecond` for `durationMs`,
   * never more than replicas − 1 peers down at once (peers taken down by hand count too, and
   * stay down: only the peers the churn took down are brought back).
   */
  churn (options: ChurnOptions): Promise<ChurnReport>
  /** The zone of slot i (null without zones). */
  zoneOf (i: number): string | null
  /** The zones of this testnet, in order (empty without zones). */
  readonly zones: readonly string[]
  /** Slots in `zone` (a zone name, or its number: 1 or zone-1), in slot order. Throws RangeError for an unknown zone. */
  peersInZone (zone: string | number): number[]
  /** Host failure: SIGKILLs every running peer of `zone` at once; resolves to their slots. */
  killZone (zone: string | number): Promise<number[]>
  /** Restarts every slot of `zone` that is not up, at once; resolves to their slots. */
  restartZone (zone: string | number): Promise<number[]>
  /**
   * Rolling upgrade: replaces every serving peer, one at a time, with the build `entry`:
   * graceful leave → stop → start the new build with the same identity and data dir → wait
   * until its /health serves (and reports `buildId` when given) and the whole ring is
   * consistent → next. Rejects (and stops there) when a step fails.
   */
  upgrade (options?: UpgradeOptions): Promise<UpgradeReport>
  /** Stops all peers: SIGTERM (they leave gracefully), SIGKILL after 5 s; removes a temporary stateDir. */
  stop (): Promise<void>
}

/** The testnet could not start, or its ring did not become consistent in time. */
export class TestnetError extends Error {
  override readonly name = 'TestnetError'
  readonly code = 'Testnet'
}

interface Slot {
  readonly index: number
  readonly dir: string
  readonly zone: string | undefined
  /** The build the slot runs (its cli/chordkv.js) and the build id given for it. */
  entry: string
  buildId: string | undefined
  state: PeerState
  handle?: PeerHandle
  peer?: TestnetPeer
  /** It has served at least once: from then on, not serving counts as down. */
  everUp: boolean
  /** Set while the testnet itself ends the peer. */
  expectedExit: boolean
  /** Operations on one slot run one at a time. */
  queue: Promise<unknown>
}

const isServing = (slot: Slot): boolean => slot.state === 'up'
const isDown = (slot: Slot): boolean => slot.everUp && slot.state !== 'up'

/** Starts the testnet and resolves once all peers are up and their ring is consistent. */
export async function startTestnet (options: TestnetOptions = {}): Promise<Testnet> {
  const count = options.peers ?? DEFAULT_PEERS
  const vnodes = options.vnodes ?? 8
  const replicas = options.replicas ?? 3
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`peers must be a positive integer, got ${count}`)
  const basePort = options.basePort ?? 0
  if (basePort !== 0 && (basePort < 1 || basePort + PORTS_PER_PEER * count > 65536)) {
    throw new RangeError(`base port ${basePort} leaves no room for ${count} peers (${PORTS_PER_PEER} ports each)`)
  }
  const zoneCount = options.zones ?? 0
  if (!Number.isInteger(zoneCount) || zoneCount < 0 || zoneCount > 1024) throw new RangeError(`zones must be an integer from 0 to 1024, got ${zoneCount}`)
  const zones = Array.from({ length: zoneCount }, (_, k) => `zone-${k}`)
  const progress = options.onProgress ?? (() => {})
  const host: PeerHost = options.inProcess === true ? inProcessHost() : processHost()
  const ownStateDir = options.stateDir === undefined
  const stateDir = ownStateDir ? await mkdtemp(join(tmpdir(), 'chordkv-testnet-')) : resolve(options.stateDir!)
  await mkdir(stateDir, { recursive: true })
  const startTimeoutMs = options.startTimeoutMs ?? DEFAULT_START_TIMEOUT_MS
  const consistentTimeoutMs = options.consistentTimeoutMs ?? DEFAULT_CONSISTENT_TIMEOUT_MS
  const slots: Slot[] = []
  /** The build new slots start with: this checkout until an upgrade names another. */
  let currentBuild: { entry: string, buildId: string | undefined } = { entry: CLI_PATH, buildId: undefined }
  let control: ControlServer | undefined
  let stopping: Promise<void> | undefined

  const setState = (slot: Slot, to: PeerState): void => {
    const from = slot.state
    if (from === to) return
    slot.state = to
    if (to === 'up') slot.everUp = true
    options.onStateChange?.({ index: slot.index, peerId: slot.peer?.peerId ?? null, from, to })
  }

  const slotOf = (i: number): Slot => {
    const slot = Number.isInteger(i) ? slots[i] : undefined
    if (slot === undefined) throw new RangeError(`no peer ${i} in this testnet (peers are 0 to ${slots.length - 1})`)
    return slot
  }

  /** Runs fn after every earlier operation on the slot. */
  const serialize = <T>(slot: Slot, fn: () => Promise<T>): Promise<T> => {
    const run = slot.queue.then(fn, fn)
    slot.queue = run.catch(() => {})
    return run
  }

  const descriptor = (): TestnetDescriptor => ({
    vnodes,
    replicas,
    peers: slots.filter(isServing).map(s => s.peer!),
    down: slots.filter(s => !isServing(s)).map(s => ({
      index: s.index,
      peerId: s.peer?.peerId ?? null,
      pid: s.handle?.running() === true ? s.peer?.pid ?? null : null,
      state: s.state
    })),
    control: control === undefined ? null : { url: control.url, token: control.token },
    stateDir,
    inProcess: host.kind === 'in-process',
    zones
  })

  // Descriptor writes run one after another; each writes the state of its own moment.
  let writes: Promise<void> = Promise.resolve()
  let startedUp = false
  const writeDescriptor = (): Promise<void> => {
    if (options.out === undefined || !startedUp) return Promise.resolve()
    const out = options.out
    writes = writes.then(async () => {
      // Written aside and renamed: a reader never sees half a file.
      const tmp = `${out}.${process.pid}.tmp`
      // 0600: it holds the control token.
      await writeFile(tmp, JSON.stringify(descriptor(), null, 2) + '\n', { mode: 0o600 })
      await rename(tmp, out)
    }).catch(() => {})
    return writes
  }

  const portsOf = (index: number): { libp2p: number, http: number, memcached: number | null } => {
    const port = (offset: number): number => basePort === 0 ? 0 : basePort + PORTS_PER_PEER * index + offset
    return { libp2p: port(0), http: port(1), memcached: options.memcached === false ? null : port(2) }
  }

  /** Starts slot's peer through `bootstrap` (none: it creates the ring). */
  const launch = async (slot: Slot, bootstrap: string[]): Promise<void> => {
    if (basePort !== 0 && basePort + PORTS_PER_PEER * (slot.index + 1) > 65536) {
      throw new TestnetError(`base port ${basePort} leaves no room for peer ${slot.index}`)
    }
    setState(slot, 'starting')
    let handle: PeerHandle
    try {
      handle = await host.start({
        index: slot.index,
        ports: portsOf(slot.index),
        bootstrap,
        vnodes,
        replicas,
        keyFile: join(slot.dir, 'peer.key'),
        ...(options.persistent !== false ? { dataDir: join(slot.dir, 'data') } : {}),
        stabilizeIntervalMs: options.stabilizeIntervalMs,
        antiEntropyIntervalMs: options.antiEntropyIntervalMs,
        ...(slot.zone !== undefined ? { zone: slot.zone } : {}),
        ...(slot.entry !== CLI_PATH ? { cli: slot.entry } : {}),
        ...(slot.buildId !== undefined ? { buildId: slot.buildId } : {}),
        startTimeoutMs,
        onStderr: options.childStderr === 'ignore' ? undefined : line => { process.stderr.write(`[peer ${slot.index}] ${line}\n`) }
      })
    } catch (err) {
      setState(slot, slot.everUp ? 'crashed' : 'failed')
      throw new TestnetError((err as Error).message)
    }
    slot.handle = handle
    slot.expectedExit = false
    slot.peer = { index: slot.index, ...handle.info, entry: slot.entry }
    setState(slot, 'up')
    void handle.exited.then(exit => {
      if (slot.handle !== handle || slot.expectedExit) return
      setState(slot, 'crashed')
      options.onPeerExit?.(slot.index, slot.peer!, exit.code, exit.signal)
      void writeDescriptor()
    })
  }

  const newSlot = async (): Promise<Slot> => {
    // The slot is taken before the first await: concurrent calls get distinct indexes.
    const index = slots.length
    const dir = join(stateDir, `peer-${index}`)
    const zone = zones.length === 0 ? undefined : zones[index % zones.length]
    const slot: Slot = { index, dir, zone, entry: currentBuild.entry, buildId: currentBuild.buildId, state: 'starting', everUp: false, expectedExit: false, queue: Promise.resolve() }
    slots.push(slot)
    await mkdir(dir, { recursive: true })
    return slot
  }

  /** Ends slot's peer: graceful (SIGTERM, SIGKILL after the grace period) or SIGKILL at once. */
  const end = async (slot: Slot, how: 'kill' | 'leave'): Promise<void> => {
    const handle = slot.handle
    if (handle === undefined || !handle.running()) return
    slot.expectedExit = true
    if (how === 'kill') {
      handle.kill()
      await handle.exited
      setState(slot, 'killed')
      return
    }
    setState(slot, 'leaving')
    handle.terminate()
    let timer: NodeJS.Timeout | undefined
    const grace = new Promise<void>(resolve => { timer = setTimeout(resolve, STOP_GRACE_MS) })
    await Promise.race([handle.exited, grace])
    clearTimeout(timer)
    // Still leaving after the grace period: cut it short (a no-op when it has ended).
    handle.kill()
    await handle.exited
    setState(slot, 'stopped')
  }

  /**
   * Waits until no serving peer names `peerId` as a neighbour (predecessor or first
   * successor): then a restarted peer with the same vnode ids can join (a ring that still
   * lists an id refuses a second vnode with it).
   */
  const waitForgotten = async (peerId: string, timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const answers = await fetchRings(slots.filter(isServing).map(s => s.peer!))
      const named = answers.some(a => a !== undefined && a.vnodes.some(v => v.predecessorPeer === peerId || v.successorPeers?.[0] === peerId))
      if (!named && answers.every(a => a !== undefined)) return
      await delay(POLL_INTERVAL_MS)
    }
  }

  const restartSlot = async (slot: Slot): Promise<void> => {
    const wasCrash = slot.state === 'killed' || slot.state === 'crashed'
    if (slot.handle?.running() === true) await end(slot, 'leave')
    const peerId = slot.peer?.peerId
    if (wasCrash && peerId !== undefined) await waitForgotten(peerId, consistentTimeoutMs)
    await relaunch(slot)
  }

  /** Starts a slot whose peer has ended, through the serving peers; retries while the ring still lists its vnode ids. */
  const relaunch = async (slot: Slot): Promise<void> => {
    const deadline = Date.now() + startTimeoutMs
    for (let attempt = 1; ; attempt++) {
      const others = slots.filter(s => s !== slot && isServing(s)).map(s => s.peer!)
      try {
        await launch(slot, others.length === 0 ? [] : pickBootstrap(others, slot.index + attempt))
        return
      } catch (err) {
        // Stale entries for our vnode ids may still be on the ring: try again shortly.
        if (!/already on the ring/.test((err as Error).message) || Date.now() >= deadline) throw err
        await delay(500)
      }
    }
  }

  const expect = (slot: Slot, states: readonly PeerState[], verb: string): void => {
    if (!states.includes(slot.state)) throw new TestnetError(`cannot ${verb} peer ${slot.index}: it is ${slot.state}`)
  }

  const waitConsistent = async (timeoutMs: number): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    let problems: string[] = []
    for (;;) {
      options.signal?.throwIfAborted()
      problems = await currentProblems(slots.filter(isServing).map(s => s.peer!), vnodes)
      if (problems.length === 0) return
      if (Date.now() >= deadline) break
      await delay(POLL_INTERVAL_MS)
    }
    const shown = problems.slice(0, 3).join('; ')
    throw new TestnetError(`the ring was not consistent after ${timeoutMs} ms: ${shown}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`)
  }

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await control?.close()
      // In one process a graceful leave of every peer at once only costs time: they just stop.
      await Promise.all(slots.map(async slot => { await end(slot, host.kind === 'process' ? 'leave' : 'kill') }))
      await writes
      if (ownStateDir) await rm(stateDir, { recursive: true, force: true }).catch(() => {})
    })()
    return stopping
  }

  const zoneSlots = (zone: string | number): Slot[] => {
    const text = String(zone).trim()
    const name = /^\d+$/.test(text) ? `zone-${text}` : text
    if (!zones.includes(name)) {
      throw new RangeError(zones.length === 0 ? 'this testnet has no zones (start it with zones / --zones K)' : `no zone ${JSON.stringify(text)}; the zones are ${zones.join(', ')}`)
    }
    return slots.filter(s => s.zone === name)
  }

  const healthOf = async (peer: TestnetPeer): Promise<{ ok?: unknown, build?: unknown } | undefined> => {
    try {
      const res = await fetch(`http://${peer.http}/health`, { signal: AbortSignal.timeout(RING_FETCH_TIMEOUT_MS) })
      return await res.json() as { ok?: unknown, build?: unknown }
    } catch {
      return undefined
    }
  }

  const upgrade = async (upgradeOptions: UpgradeOptions = {}): Promise<UpgradeReport> => {
    if (stopping !== undefined) throw new TestnetError('the testnet is stopping')
    const entry = upgradeOptions.entry === undefined ? undefined : resolveEntry(upgradeOptions.entry)
    const buildId = upgradeOptions.buildId
    const timeoutMs = upgradeOptions.timeoutMs ?? consistentTimeoutMs
    const started = Date.now()
    const step = (slot: Slot, phase: UpgradeStep['phase']): void => {
      upgradeOptions.onStep?.({ index: slot.index, peerId: slot.peer?.peerId ?? null, phase, build: slot.peer?.build ?? null, atMs: Date.now() - started })
    }
    const upgraded: Array<UpgradeReport['upgraded'][number]> = []
    const skipped: number[] = []
    // Slots added from now on (also while the upgrade runs) start with the new build.
    currentBuild = { entry: entry ?? currentBuild.entry, buildId: buildId ?? currentBuild.buildId }
    for (const slot of [...slots]) {
      upgradeOptions.signal?.throwIfAborted()
      if (stopping !== undefined) throw new TestnetError('the testnet is stopping')
      if (!isServing(slot)) {
        if (entry !== undefined) slot.entry = entry
        if (buildId !== undefined) slot.buildId = buildId
        skipped.push(slot.index)
        step(slot, 'skipped')
        continue
      }
      const from = slot.peer?.build ?? null
      const t0 = Date.now()
      await serialize(slot, async () => {
        step(slot, 'leaving')
        await end(slot, 'leave')
        step(slot, 'stopped')
        if (entry !== undefined) slot.entry = entry
        if (buildId !== undefined) slot.buildId = buildId
        await relaunch(slot)
        step(slot, 'started')
        // The ready line comes once every vnode joined; /health says so too, and names the build.
        const deadline = Date.now() + timeoutMs
        for (;;) {
          const health = await healthOf(slot.peer!)
          const buildOk = buildId === undefined || health?.build === buildId
          if (health?.ok === true && buildOk) break
          if (Date.now() >= deadline) {
            throw new TestnetError(health?.ok === true
              ? `peer ${slot.index} serves build ${JSON.stringify(health.build)}, not ${JSON.stringify(buildId)}`
              : `peer ${slot.index} did not serve within ${timeoutMs} ms of its restart`)
          }
          await delay(POLL_INTERVAL_MS)
        }
        step(slot, 'serving')
      }).finally(() => writeDescriptor())
      await waitConsistent(timeoutMs)
      step(slot, 'consistent')
      upgraded.push({ index: slot.index, peerId: slot.peer!.peerId, from, to: slot.peer?.build ?? null, ms: Date.now() - t0 })
    }
    return { upgraded, skipped, entry: entry ?? CLI_PATH, durationMs: Date.now() - started }
  }

  const changed = async <T>(result: T): Promise<T> => {
    await writeDescriptor()
    return result
  }

  const churn = async (churnOptions: ChurnOptions): Promise<ChurnReport> => {
    const { ratePerSecond, durationMs } = churnOptions
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) throw new RangeError(`churn rate must be a positive number of events per second, got ${ratePerSecond}`)
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) throw new RangeError(`churn duration must be a positive number of ms, got ${durationMs}`)
    const maxDown = replicas - 1
    if (maxDown < 1) throw new TestnetError('churn needs replicas ≥ 2: with one copy of each key no peer may go down')
    const seed = churnOptions.seed ?? Math.floor(Math.random() * 2 ** 31)
    const random = seededRandom(seed)
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]
    const events: ChurnEvent[] = []
    const takenDown = new Set<number>()
    let mostDown = slots.filter(isDown).length
    const started = Date.now()
    const record = (action: ChurnAction, index: number, error?: string): void => {
      const down = slots.filter(isDown).length
      mostDown = Math.max(mostDown, down)
      const event: ChurnEvent = { atMs: Date.now() - started, action, index, down, ...(error !== undefined ? { error } : {}) }
      events.push(event)
      churnOptions.onEvent?.(event)
    }
    const act = async (action: ChurnAction, index: number): Promise<void> => {
      try {
        if (action === 'kill') await testnet.kill(index)
        else if (action === 'stop') await testnet.stopPeer(index)
        else if (action === 'pause') await testnet.pause(index)
        else if (action === 'resume') await testnet.resume(index)
        else await testnet.restart(index)
        if (action === 'kill' || action === 'stop' || action === 'pause') takenDown.add(index)
        else takenDown.delete(index)
        record(action, index)
      } catch (err) {
        record(action, index, (err as Error).message)
      }
    }
    const downActions: ChurnAction[] = host.kind === 'process' ? ['kill', 'stop', 'pause'] : ['kill', 'stop']
    for (let k = 0; ; k++) {
      const at = started + (k * 1000) / ratePerSecond
      const ended = (): boolean => churnOptions.signal?.aborted === true || stopping !== undefined
      if (at >= started + durationMs || ended()) break
      await delay(Math.max(0, at - Date.now()), churnOptions.signal).catch(() => {})
      if (ended()) break
      const up = slots.filter(isServing)
      // Only peers this churn took down come back: one stopped by hand stays down (and counts).
      const down = slots.filter(s => takenDown.has(s.index) && isDown(s) && s.state !== 'leaving' && s.state !== 'starting')
      const downNow = slots.filter(isDown).length
      if (downNow < maxDown && up.length > 1 && (down.length === 0 || random() < 0.5)) {
        await act(pick(downActions), pick(up).index)
      } else if (down.length > 0) {
        const slot = pick(down)
        await act(slot.state === 'paused' ? 'resume' : 'restart', slot.index)
      }
    }
    if (churnOptions.restore !== false && stopping === undefined) {
      for (const index of [...takenDown]) {
        if (!isDown(slots[index])) continue
        await act(slots[index].state === 'paused' ? 'resume' : 'restart', index)
      }
    }
    return { seed, events, maxDown: mostDown }
  }

  const testnet: Testnet = {
    get peers () {
      return slots.filter(s => s.peer !== undefined).map(s => s.peer!)
    },
    vnodes,
    replicas,
    stateDir,
    inProcess: host.kind === 'in-process',
    get control () {
      return control === undefined ? null : { url: control.url, token: control.token }
    },
    isAlive (i) {
      const slot = slots[i]
      return slot?.handle?.running() === true
    },
    state (i) {
      return slotOf(i).state
    },
    descriptor,
    resolvePeer (ref) {
      const text = ref.trim()
      if (/^\d+$/.test(text)) {
        slotOf(Number(text))
        return Number(text)
      }
      const matches = slots.filter(s => s.peer !== undefined && s.peer.peerId.includes(text))
      if (text.length < 4 || matches.length === 0) throw new RangeError(`no peer matches ${JSON.stringify(ref)}: give a slot number or (part of) a peer id`)
      if (matches.length > 1) throw new RangeError(`${JSON.stringify(ref)} matches ${matches.length} peers; give more of the peer id`)
      return matches[0].index
    },
    waitConsistent,
    async add () {
      if (stopping !== undefined) throw new TestnetError('the testnet is stopping')
      const slot = await newSlot()
      await serialize(slot, async () => {
        const up = slots.filter(isServing).map(s => s.peer!)
        await launch(slot, up.length === 0 ? [] : pickBootstrap(up, slot.index))
      }).finally(() => writeDescriptor())
      return slot.index
    },
    async kill (i) {
      const slot = slotOf(i)
      await serialize(slot, async () => { await end(slot, 'kill') })
      await changed(undefined)
    },
    async stopPeer (i) {
      const slot = slotOf(i)
      await serialize(slot, async () => {
        expect(slot, ['up', 'paused'], 'stop')
        await end(slot, 'leave')
      })
      await changed(undefined)
    },
    async pause (i) {
      const slot = slotOf(i)
      await serialize(slot, async () => {
        expect(slot, ['up'], 'pause')
        slot.handle!.pause()
        setState(slot, 'paused')
      })
      await changed(undefined)
    },
    async resume (i) {
      const slot = slotOf(i)
      await serialize(slot, async () => {
        expect(slot, ['paused'], 'resume')
        slot.handle!.resume()
        setState(slot, 'up')
      })
      await changed(undefined)
    },
    async restart (i) {
      const slot = slotOf(i)
      if (stopping !== undefined) throw new TestnetError('the testnet is stopping')
      await serialize(slot, async () => { await restartSlot(slot) }).finally(() => writeDescriptor())
    },
    churn,
    zoneOf (i) {
      return slotOf(i).zone ?? null
    },
    zones,
    peersInZone (zone) {
      return zoneSlots(zone).map(s => s.index)
    },
    async killZone (zone) {
      const members = zoneSlots(zone).filter(s => s.handle?.running() === true)
      // At once, as when a host loses power: end() sends SIGKILL before its first await, and
      // every slot's call starts in the same turn (its queue is idle, or its current operation
      // finishes first).
      await Promise.all(members.map(async slot => { await serialize(slot, async () => { await end(slot, 'kill') }) }))
      await changed(undefined)
      return members.map(s => s.index)
    },
    async restartZone (zone) {
      if (stopping !== undefined) throw new TestnetError('the testnet is stopping')
      const members = zoneSlots(zone).filter(s => !isServing(s))
      await Promise.all(members.map(async slot => { await serialize(slot, async () => { await restartSlot(slot) }) }))
        .finally(() => writeDescriptor())
      return members.map(s => s.index)
    },
    upgrade,
    stop
  }

  const onAbort = (): void => { void stop() }
  options.signal?.addEventListener('abort', onAbort, { once: true })
  try {
    options.signal?.throwIfAborted()
    progress(`starting peer 1/${count}`)
    const first = await newSlot()
    await launch(first, [])
    progress(`peer 1/${count} created the ring: ${first.peer!.peerId}`)
    while (slots.length < count) {
      options.signal?.throwIfAborted()
      const up = slots.filter(isServing).map(s => s.peer!)
      // Each wave is as large as the ring so far: log2(N) waves, each joining through peers already up.
      const wave = await Promise.all(Array.from({ length: Math.min(up.length, count - slots.length) }, async () => await newSlot()))
      await Promise.all(wave.map(async slot => {
        await launch(slot, pickBootstrap(up, slot.index))
        progress(`peer ${slot.index + 1}/${count} joined: ${slot.peer!.peerId}`)
      }))
    }
    progress(`waiting for the ring of ${count} peers × ${vnodes} vnodes to be consistent`)
    await waitConsistent(consistentTimeoutMs)
    if (options.control !== false) {
      control = await startControlServer({ testnet, context: options.controlContext })
    }
    startedUp = true
    await writeDescriptor()
  } catch (err) {
    await stop()
    throw options.signal?.aborted === true ? options.signal.reason : err
  } finally {
    options.signal?.removeEventListener('abort', onAbort)
  }
  return testnet
}

/** A build's `cli/chordkv.js`: the path itself, or `cli/chordkv.js` under a directory. Throws TestnetError when absent. */
export function resolveEntry (entry: string): string {
  const path = resolve(entry)
  const candidates = [path, join(path, 'cli', 'chordkv.js'), join(path, 'package', 'cli', 'chordkv.js')]
  for (const candidate of candidates) {
    try {
      if (statSync(candidate).isFile()) return candidate
    } catch {
      // next
    }
  }
  throw new TestnetError(`no chordkv build at ${path} (expected a cli/chordkv.js there)`)
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

function delay (ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) { reject(signal.reason); return }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/** Each peer's GET /ring, or undefined for a peer that did not answer. */
export async function fetchRings (peers: readonly TestnetPeer[]): Promise<Array<RingAnswer | undefined>> {
  return await Promise.all(peers.map(async peer => {
    try {
      const res = await fetch(`http://${peer.http}/ring`, { signal: AbortSignal.timeout(RING_FETCH_TIMEOUT_MS) })
      if (!res.ok) return undefined
      return await res.json() as RingAnswer
    } catch {
      return undefined
    }
  }))
}

/** Problems with the ring the given peers describe, including peers that did not answer. */
async function currentProblems (peers: readonly TestnetPeer[], vnodes: number): Promise<string[]> {
  const answers = await fetchRings(peers)
  const unreachable = peers.filter((_, i) => answers[i] === undefined).map(p => `peer ${p.peerId} did not answer /ring`)
  const ring = answers.filter((a): a is RingAnswer => a !== undefined)
  return [...unreachable, ...(ring.length > 0 ? ringProblems(ring, { vnodesPerPeer: vnodes }) : [])]
}
