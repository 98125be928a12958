/**
 * One daemon peer: a libp2p host (node/transport/libp2p.ts), the Chord state machine of its
 * vnodes (node/chord/peer.ts) and the admin HTTP server (node/http/server.ts), wired together.
 *
 * Start order: identity → libp2p → ring protocol handler → KV → memcached port (when asked
 * for) → admin HTTP (so /health answers 503 while joining, and a taken port fails before we
 * touch the ring) → create or join.
 * Anything that fails on the way closes what was already started.
 */
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { dirname } from 'node:path'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import type { ComponentLogger, PrivateKey } from '@libp2p/interface'
import { defaultLogger } from '@libp2p/logger'
import { ChordPeer } from './chord/peer.ts'
import type { ChordOptions } from './chord/types.ts'
import { adminCodec, gatherRing, describeSelf, serveAdminProtocol, DESCRIBE_TIMEOUT_MS, type DescribeSource } from './http/admin-protocol.ts'
import { cachedWalk, memoized, refJson, zonesOf } from './http/ring-data.ts'
import { buildInfo } from './build-info.ts'
import { startAdminServer, type AdminServer } from './http/server.ts'
import { KvService } from './kv/service.ts'
import { CoordService } from './coord/service.ts'
import { FileAcceptorStorage } from './coord/storage.ts'
import { coordCodec } from './protocol/coord-codec.ts'
import { ringFlusher } from './memcached/flush.ts'
import { instrumentPeer, PeerMetrics } from './metrics/index.ts'
import { startMemcachedServer, type MemcachedServer } from './memcached/server.ts'
import { keyProblem, kvCodec } from './protocol/kv-codec.ts'
import { KvError } from './kv/errors.ts'
import { KvErrorCode } from './kv/messages.ts'
import { ringCodec } from './protocol/ring-codec.ts'
import { MemoryStore } from './store/memory.ts'
import { openPersistentStore, PersistentStore } from './store/persistent.ts'
import type { Store } from './store/types.ts'
import { systemClock, systemRandom } from './transport/clock.ts'
import { createLibp2pTransport, type Libp2pTransport } from './transport/libp2p.ts'
import type { PeerAddress } from './transport/types.ts'
import { hashToId, idToHex } from '../ring/id.ts'

/** Default libp2p listen address: loopback, ephemeral port. */
export const DEFAULT_LISTEN = '/ip4/127.0.0.1/tcp/0'
/** Default admin HTTP interface. */
export const DEFAULT_HTTP_HOST = '127.0.0.1'
/** Deadline for dialing one bootstrap address, in ms. */
export const DEFAULT_BOOTSTRAP_TIMEOUT_MS = 5000

/** Chord timing and shape options passed through to ChordOptions. */
type ChordTuning = Partial<Pick<ChordOptions,
  'successorListLength' | 'stabilizeIntervalMs' | 'fixFingersIntervalMs' | 'fingersPerRound' |
  'checkPredecessorIntervalMs' | 'rpcTimeoutMs' | 'maxLookupHops'>>

export interface PeerOptions extends ChordTuning {
  /** libp2p listen multiaddrs (default /ip4/127.0.0.1/tcp/0). */
  readonly listen?: readonly string[]
  /** Multiaddrs of ring members to join through, tried in turn. Empty: create a new ring. */
  readonly bootstrap?: readonly string[]
  /** Virtual nodes of this peer (default 8). */
  readonly vnodes?: number
  /** Replication factor r (default 3). */
  readonly replicas?: number
  /** Identifier bits (default 160). */
  readonly m?: number
  /** Admin HTTP interface (default 127.0.0.1). */
  readonly httpHost?: string
  /** Admin HTTP port: 0 (default) picks a free one, null turns the server off. */
  readonly httpPort?: number | null
  /** The peer's identity. Without it (and without keyFile) a new one is made each start. */
  readonly privateKey?: PrivateKey
  /** File holding the peer's Ed25519 key (libp2p protobuf encoding); created when absent. */
  readonly keyFile?: string
  /** Deadline for dialing one bootstrap address, in ms (default 5000). */
  readonly bootstrapTimeoutMs?: number
  /** Logger (default: @libp2p/logger's defaultLogger(), enabled with DEBUG=chordkv:*). */
  readonly logger?: ComponentLogger
  /** Memory cap of the local store, in bytes (default 64 MiB); least recently used items are evicted. */
  readonly memoryBytes?: number
  /** Keep the store in this directory so a restarted peer comes back with its data. */
  readonly dataDir?: string
  /** Copies that must acknowledge a write, W (default 2; at most r). */
  readonly writeQuorum?: number
  /** Mean period of anti-entropy rounds, in ms (default 5000). */
  readonly antiEntropyIntervalMs?: number
  /** A libp2p private-network swarm key file: only peers (and clients) holding it can connect. */
  readonly swarmKeyFile?: string
  /** memcached ASCII-protocol port: 0 picks a free one, null or absent (default) turns it off. */
  readonly memcachedPort?: number | null
  /** memcached port interface (default 127.0.0.1). */
  readonly memcachedHost?: string
  /** This peer's zone (a host, rack or data centre): replica sets spread over zones (docs/operations.md). */
  readonly zone?: string
  /** Build id to report instead of node/build-info.ts's (in-process testnets running several builds). */
  readonly buildId?: string
  /** Acceptors in the coordination group, 2F + 1 (default 3; 5 for heavy churn). */
  readonly coordReplicas?: number
  /** Period of coordination membership checks, ms (default 1000). */
  readonly coordTickMs?: number
  /** A coordination group member silent this long is replaced, ms (default 10000). */
  readonly coordSuspectMs?: number
}

export interface Peer {
  readonly peerId: string
  /** Dialable multiaddrs, each ending in /p2p/<peerId>. */
  readonly multiaddrs: string[]
  /** Where the admin HTTP server listens, or null when it is off. */
  readonly http: { readonly host: string, readonly port: number } | null
  /** Where the memcached port listens, or null when it is off. */
  readonly memcached: { readonly host: string, readonly port: number } | null
  readonly chord: ChordPeer
  readonly kv: KvService
  readonly coord: CoordService
  readonly transport: Libp2pTransport
  /** Prometheus metrics (GET /metrics) and operation counts. */
  readonly metrics: PeerMetrics
  /** Package version, build id and zone (as /health reports them). */
  readonly identity: { readonly version: string, readonly build: string, readonly zone: string | null }
  /** Graceful leave (neighbours are told), then everything is closed. */
  leave (): Promise<void>
  /** Stops without leaving, as a crash would (neighbours find out by failed RPCs). */
  kill (): Promise<void>
}

/** None of the bootstrap addresses answered (or there were none to try). */
export class BootstrapError extends Error {
  override readonly name = 'BootstrapError'
  readonly code = 'BootstrapFailed'
  /** Each address tried and why it failed. */
  readonly attempts: ReadonlyArray<{ readonly multiaddr: string, readonly error: string }>
  constructor (attempts: ReadonlyArray<{ readonly multiaddr: string, readonly error: string }>) {
    super(attempts.length === 0
      ? 'no bootstrap address to join through'
      : `could not join through any bootstrap peer (${attempts.map(a => `${a.multiaddr}: ${a.error}`).join('; ')})`)
    this.attempts = attempts
  }
}

/** Reads a swarm key file (the `/key/swarm/psk/1.0.0/` format); throws KeyFileError. */
export async function readSwarmKey (path: string): Promise<Uint8Array> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    throw new KeyFileError(`cannot read swarm key file ${path}: ${(err as Error).message}`)
  }
  if (!new TextDecoder().decode(bytes.subarray(0, 64)).startsWith('/key/swarm/psk/1.0.0/')) {
    throw new KeyFileError(`${path} is not a swarm key (it must start with /key/swarm/psk/1.0.0/; make one with chordkv swarm-key)`)
  }
  return bytes
}

/** The key file could not be read, parsed or written. */
export class KeyFileError extends Error {
  override readonly name = 'KeyFileError'
  readonly code = 'KeyFile'
}

/**
 * The Ed25519 key stored in `path`, or a new one written there (mode 0600) when the file does
 * not exist. A restarted peer with the same key file keeps its peer id and vnode ids.
 */
export async function loadOrCreateKey (path: string): Promise<PrivateKey> {
  let bytes: Uint8Array | undefined
  try {
    bytes = await readFile(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new KeyFileError(`cannot read key file ${path}: ${(err as Error).message}`)
    }
  }
  if (bytes !== undefined) {
    try {
      return privateKeyFromProtobuf(bytes)
    } catch (err) {
      throw new KeyFileError(`key file ${path} does not hold a libp2p private key: ${(err as Error).message}`)
    }
  }
  const key = await generateKeyPair('Ed25519')
  const tmp = `${path}.${process.pid}.tmp`
  try {
    await mkdir(dirname(path), { recursive: true })
    const file = await open(tmp, 'wx', 0o600)
    try {
      await file.writeFile(privateKeyToProtobuf(key))
      await file.sync()
    } finally {
      await file.close()
    }
    // rename is atomic: a concurrent reader sees no file or the whole key, never half of one.
    await rename(tmp, path)
  } catch (err) {
    await rm(tmp, { force: true })
    throw new KeyFileError(`cannot write key file ${path}: ${(err as Error).message}`)
  }
  return key
}

export async function createPeer (options: PeerOptions = {}): Promise<Peer> {
  const logger = options.logger ?? defaultLogger()
  const log = logger.forComponent('chordkv:daemon')
  const m = options.m ?? 160
  const built = buildInfo()
  // Reported on /health, /stats and the ready line: which build this is, and where it runs.
  const identity = { version: built.version, build: options.buildId ?? built.build, zone: options.zone ?? null }

  const privateKey = options.privateKey ?? (options.keyFile !== undefined ? await loadOrCreateKey(options.keyFile) : undefined)
  const swarmKey = options.swarmKeyFile !== undefined ? await readSwarmKey(options.swarmKeyFile) : undefined
  const transport = await createLibp2pTransport({
    listen: [...(options.listen ?? [DEFAULT_LISTEN])],
    privateKey,
    defaultTimeoutMs: options.rpcTimeoutMs,
    logger,
    ...(swarmKey !== undefined ? { swarmKey } : {})
  })

  let chord: ChordPeer | undefined
  let kv: KvService | undefined
  let coord: CoordService | undefined
  let coordStorage: FileAcceptorStorage | undefined
  let store: Store | undefined
  let http: AdminServer | undefined
  let memcached: MemcachedServer | undefined
  let metrics: PeerMetrics | undefined
  const admin = adminCodec(m)
  let describeSource: DescribeSource | undefined
  let leaving = false
  const closeAll = async (): Promise<void> => {
    await memcached?.close().catch(err => { log.error('closing the memcached port failed: %e', err) })
    await chord?.stop().catch(err => { log.error('stopping chord failed: %e', err) })
    await kv?.stop().catch(err => { log.error('stopping kv failed: %e', err) })
    await coord?.stop().catch(err => { log.error('stopping coord failed: %e', err) })
    await coordStorage?.close().catch(err => { log.error('closing the acceptor log failed: %e', err) })
    if (store instanceof PersistentStore) await store.close().catch(err => { log.error('closing the store failed: %e', err) })
    await http?.close().catch(err => { log.error('closing admin HTTP failed: %e', err) })
    await transport.stop().catch(err => { log.error('stopping libp2p failed: %e', err) })
  }

  try {
    chord = new ChordPeer({ transport, clock: systemClock, random: systemRandom, logger, codec: ringCodec(m) }, chordInit(options, m))
    const storeInit = { now: Date.now, idOf: (key: string) => hashToId(key, m), ...(options.memoryBytes !== undefined ? { memoryBytes: options.memoryBytes } : {}) }
    store = options.dataDir !== undefined ? await openPersistentStore(options.dataDir, storeInit) : new MemoryStore(storeInit)
    const codec = kvCodec(m)
    kv = new KvService({ transport, clock: systemClock, random: systemRandom, logger, chord, store, codec, wallClock: Date.now, defer: setImmediate }, {
      ...(options.writeQuorum !== undefined ? { writeQuorum: options.writeQuorum } : {}),
      ...(options.antiEntropyIntervalMs !== undefined ? { antiEntropyIntervalMs: options.antiEntropyIntervalMs } : {}),
      ...(options.rpcTimeoutMs !== undefined ? { rpcTimeoutMs: options.rpcTimeoutMs } : {})
    })
    const opened = options.dataDir !== undefined ? FileAcceptorStorage.open(options.dataDir) : undefined
    coordStorage = opened?.storage
    const ringForCoord = chord
    coord = new CoordService({
      transport,
      clock: systemClock,
      random: systemRandom,
      codec: coordCodec(),
      logger,
      candidates: () => coordCandidates(ringForCoord, transport.self.peerId)
    }, {
      genesis: (options.bootstrap ?? []).length === 0,
      ...(options.coordReplicas !== undefined ? { replicas: options.coordReplicas } : {}),
      ...(options.coordTickMs !== undefined ? { tickMs: options.coordTickMs } : {}),
      ...(options.coordSuspectMs !== undefined ? { suspectMs: options.coordSuspectMs } : {}),
      ...(opened !== undefined ? { storage: opened.storage, loaded: opened.state } : {})
    })
    await chord.start()
    await kv.start()
    await coord.start()
    // Before the memcached port and admin HTTP: every operation they pass on is counted.
    const counted = { chord, kv, store }
    metrics = new PeerMetrics({
      chord: () => ({ ...counted.chord.stats }),
      kv: () => ({ ...counted.kv.stats }),
      store: () => counted.store.stats(),
      connections: () => transport.libp2p.getConnections().length,
      vnodes: () => ({ total: counted.chord.vnodes.length, members: counted.chord.vnodes.filter(v => v.member).length })
    })
    instrumentPeer(metrics, kv, chord)
    // Other peers ask this one to describe itself (keys, fingers) when they draw the whole ring.
    const described = { chord, kv }
    describeSource = {
      snapshot: () => described.chord.snapshot(),
      keysPerVnode: (index: number) => described.kv.keysOf(described.chord.vnodes[index]),
      http: () => http === undefined ? null : `${http.host}:${http.port}`
    }
    await serveAdminProtocol(transport, admin, describeSource)

    if (options.memcachedPort !== undefined && options.memcachedPort !== null) {
      memcached = await startMemcachedServer({
        host: options.memcachedHost ?? DEFAULT_HTTP_HOST,
        port: options.memcachedPort,
        kv,
        logger,
        flushAll: ringFlusher({ chord, transport, codec, kv }, { timeoutMs: options.rpcTimeoutMs })
      })
    }

    if (options.httpPort !== null) {
      const ring = chord
      const service = kv
      const measured = metrics
      const coordinator = coord
      const ringView = cachedWalk(async () => await ring.walkRing(), m)
      const ringAll = memoized(async () => await gatherRing({
        m,
        selfPeerId: ring.peerId,
        walk: async () => (await ringView()).vnodes.map(v => ({ id: v.id, peerId: v.peerId, addrs: v.addrs })),
        self: () => describeSelf(describeSource!),
        describe: async peer => await transport.request(peer, admin, { type: 'describe' }, { timeoutMs: DESCRIBE_TIMEOUT_MS })
      }))
      http = await startAdminServer({
        host: options.httpHost ?? DEFAULT_HTTP_HOST,
        port: options.httpPort ?? 0,
        logger,
        peer: {
          health: () => ({ ok: !leaving && ring.isMember(), ...identity }),
          snapshot: () => ring.snapshot(),
          keysPerVnode: index => service.keysOf(ring.vnodes[index]),
          stats: () => ({ ...identity, store: service.store.stats(), kv: { ...service.stats }, chord: { ...ring.stats }, coord: coordStats(coordinator), transport: transport.stats(), ops: { ...measured.ops, byOp: { ...measured.ops.byOp } } }),
          metrics: async () => ({ contentType: measured.contentType, text: await measured.text() }),
          ringAll,
          lookup: async key => {
            const problem = keyProblem(key)
            if (problem !== null) throw new KvError(KvErrorCode.BadKey, `bad key: ${problem}`)
            const keyId = service.keyId(key)
            const { owner, hops } = await ring.lookup(keyId)
            const view = await ringView()
            return {
              key,
              keyId: idToHex(keyId, m),
              owner: refJson(owner, m),
              replicas: view.replicas(keyId, ring.options.replicas, zonesOf(view)).map(v => refJson(v, m)),
              hops
            }
          }
        }
      })
    }

    const bootstrap = options.bootstrap ?? []
    if (bootstrap.length === 0) {
      chord.create()
    } else {
      await joinThroughAny(chord, transport, bootstrap, options.bootstrapTimeoutMs ?? DEFAULT_BOOTSTRAP_TIMEOUT_MS)
    }
  } catch (err) {
    await closeAll()
    throw err
  }

  const ring = chord
  const service = kv
  const server = http
  const memcachedPort = memcached
  const peerMetrics = metrics!
  let left: Promise<void> | undefined
  let killed: Promise<void> | undefined
  const peer: Peer = {
    peerId: transport.self.peerId,
    get multiaddrs () {
      return transport.libp2p.getMultiaddrs().map(String)
    },
    http: server === undefined ? null : { host: server.host, port: server.port },
    memcached: memcachedPort === undefined ? null : { host: memcachedPort.host, port: memcachedPort.port },
    chord: ring,
    kv: service,
    coord: coord!,
    transport,
    metrics: peerMetrics,
    identity,
    leave () {
      left ??= (async () => {
        leaving = true
        await ring.leave().catch(err => { log.error('graceful leave failed: %e', err) })
        await closeAll()
      })()
      return left
    },
    // Also cuts a slow leave() short: every step of closeAll is idempotent.
    kill () {
      leaving = true
      killed ??= closeAll()
      return killed
    }
  }
  log('peer %s up with %d vnodes on %s', peer.peerId, ring.options.vnodes, peer.multiaddrs.join(' '))
  return peer
}

/** The coordination part of /stats: counters, this acceptor's standing and the group it knows. */
function coordStats (coord: CoordService): Record<string, unknown> {
  const config = coord.config()
  return {
    ...coord.stats,
    proposer: { ...coord.proposer.stats },
    acceptor: { incarnation: coord.acceptor.incarnation, member: coord.acceptor.isMember(), epoch: coord.acceptor.config()?.epoch.toString() ?? null },
    group: config === null ? null : { epoch: config.epoch.toString(), members: config.members.map(m => m.peerId) }
  }
}

/** Distinct live peers in this peer's successor lists and predecessors, nearest first. */
function coordCandidates (chord: ChordPeer, self: string): PeerAddress[] {
  const out = new Map<string, PeerAddress>()
  for (const vnode of chord.vnodes) {
    for (const ref of vnode.successors) {
      if (ref.peerId !== self && !out.has(ref.peerId)) out.set(ref.peerId, { peerId: ref.peerId, addrs: ref.addrs })
    }
  }
  for (const vnode of chord.vnodes) {
    const p = vnode.predecessor
    if (p != null && p.peerId !== self && !out.has(p.peerId)) out.set(p.peerId, { peerId: p.peerId, addrs: p.addrs })
  }
  return [...out.values()]
}

/** The ChordOptions given in `options`; absent ones are left out so Chord's defaults apply. */
function chordInit (options: PeerOptions, m: number): Partial<ChordOptions> {
  const init: Record<string, number | string> = { m }
  if (options.zone !== undefined) init.zone = options.zone
  const keys = ['vnodes', 'replicas', 'successorListLength', 'stabilizeIntervalMs', 'fixFingersIntervalMs',
    'fingersPerRound', 'checkPredecessorIntervalMs', 'rpcTimeoutMs', 'maxLookupHops'] as const
  for (const key of keys) {
    const value = options[key]
    if (value !== undefined) init[key] = value
  }
  return init as Partial<ChordOptions>
}

/**
 * Dials each bootstrap multiaddr in turn and joins through the first that answers. A join
 * that failed after some vnodes already joined is not retried elsewhere: the error stands.
 */
async function joinThroughAny (chord: ChordPeer, transport: Libp2pTransport, bootstrap: readonly string[], timeoutMs: number): Promise<void> {
  const attempts: Array<{ multiaddr: string, error: string }> = []
  for (const multiaddr of bootstrap) {
    let address: PeerAddress
    try {
      address = await transport.connect(multiaddr, { timeoutMs })
    } catch (err) {
      attempts.push({ multiaddr, error: (err as Error).message })
      continue
    }
    try {
      await chord.join(address)
      return
    } catch (err) {
      attempts.push({ multiaddr, error: (err as Error).message })
      if (chord.snapshot().vnodes.some(v => v.member)) throw err
    }
  }
  throw new BootstrapError(attempts)
}
