/**
 * The memcached ASCII-protocol port of one peer (node:net). Any memcached client can use the
 * ring through it: every command goes through the peer's KV layer (KvService), which routes it
 * to the key's primary, so the port is an ordinary client of the ring and works whether or not
 * this peer owns the key.
 *
 * Per connection:
 * - Commands are parsed by MemcachedParser (sans-I/O) and replies are written strictly in the
 *   order of the commands, although operations complete asynchronously (pipelining).
 * - Commands on the same key take effect in order (each waits for the previous one on that key);
 *   commands on different keys run concurrently. flush_all and stats wait for every earlier
 *   command, and later ones wait for them.
 * - A get or mutation with nothing to wait for (nothing earlier on its key, no barrier) and whose
 *   answer the KV layer can give at once (mutateNow / getNow: a local primary without replicas)
 *   is answered while it is parsed, with no promise.
 * - Back-pressure: the connection stops reading while MAX_PENDING_COMMANDS commands are pending
 *   or its socket holds more than MAX_BUFFERED_REPLY_BYTES unsent, and reads again once they
 *   drain. The parser then holds at most one socket chunk, one line or one data block.
 * - Nothing a client sends can crash the peer: errors become replies, unexpected ones are logged.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { defaultLogger } from '@libp2p/logger'
import type { GetHit, KvRequest, KvResponse } from '../kv/messages.ts'
import type { KvService, KvStats } from '../kv/service.ts'
import type { StoreStats } from '../store/types.ts'
import {
  DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_VALUE_BYTES, GET_BATCH_KEYS, MAX_BUFFERED_REPLY_BYTES,
  MAX_PENDING_COMMANDS, MAX_RELATIVE_EXPTIME_S, SERVER_VERSION
} from './constants.ts'
import { errorReply } from './errors.ts'
import type { FlushAll } from './flush.ts'
import {
  MemcachedParser, TOO_LARGE, type Command, type GetCommand, type StoreCommand
} from './parser.ts'
import {
  formatStats, generalStats, itemStats, newPortCounters, settingsStats, slabStats, type PortCounters, type StatsSource
} from './stats.ts'

type Mutate = Extract<KvRequest, { type: 'mutate' }>
type Mutated = Extract<KvResponse, { type: 'mutated' }>
type Values = Extract<KvResponse, { type: 'values' }>

/** What the port needs from the peer's KV layer (KvService has it; tests may pass a fake). */
export interface MemcachedKv {
  mutate (req: Mutate): Promise<Mutated>
  get (keys: readonly string[], touchExptime: number | undefined, hops: number): Promise<Values>
  /** The answer at once when the KV layer can give it without waiting, else undefined (then mutate). */
  mutateNow (req: Mutate): Mutated | undefined
  /** The same for reads (then get). */
  getNow (keys: readonly string[], touchExptime: number | undefined): Values | undefined
  readonly store: { stats (): StoreStats, flush (beforeMs?: number): number }
  readonly stats?: KvStats
}

export interface MemcachedServerOptions {
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string
  /** TCP port; 0 picks a free one. */
  readonly port: number
  readonly kv: MemcachedKv | KvService
  readonly logger?: ComponentLogger
  /** flush_all: what empties the cache (default: this peer's store only). The daemon passes ringFlusher(). */
  readonly flushAll?: FlushAll
  /** Open connections at most (default 1024). */
  readonly maxConnections?: number
  /** Largest value, in bytes (default 1 MiB, the KV layer's limit). */
  readonly maxValueBytes?: number
}

export interface MemcachedServer {
  readonly host: string
  readonly port: number
  /** Stops listening and closes every connection. */
  close (): Promise<void>
}

/** One reply chunk: text (keys in it are UTF-8 on the wire) or bytes of a value. */
type Chunk = string | Uint8Array

/** A reply waiting for its turn; `out` is set once the command completed. */
interface Slot {
  out: readonly Chunk[] | undefined
  /** Close the connection once this slot is written (quit, line too long). */
  close: boolean
}

/** What connections share: the KV layer, counters, settings. */
interface ServerContext {
  readonly kv: MemcachedKv
  readonly log: Logger
  readonly counters: PortCounters
  readonly maxValueBytes: number
  readonly maxConnections: number
  readonly startedAtMs: number
  readonly host: string
  port: number
  verbosity: number
  currConnections: number
  flushAll (delay: number): Promise<void>
}

const CRLF = '\r\n'
const END = 'END\r\n'
/** How long a connection we close (quit, line too long) may take to finish, in ms. */
const CLOSE_GRACE_MS = 2000
/** Values up to this size are copied into the connection's write batch; larger ones are written as they are. */
const COPY_VALUE_BYTES = 16 * 1024

export async function startMemcachedServer (options: MemcachedServerOptions): Promise<MemcachedServer> {
  const host = options.host ?? '127.0.0.1'
  const logger = options.logger ?? defaultLogger()
  const log = logger.forComponent('chordkv:memcached')
  const kv = options.kv as MemcachedKv
  const sockets = new Set<Socket>()
  let pendingFlush: NodeJS.Timeout | undefined
  const flushNow = options.flushAll ?? (async () => { kv.store.flush() })

  const context: ServerContext = {
    kv,
    log,
    counters: newPortCounters(),
    maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    startedAtMs: Date.now(),
    host,
    port: 0,
    verbosity: 0,
    currConnections: 0,
    async flushAll (delay: number): Promise<void> {
      // memcached keeps one flush time: a new flush_all replaces a pending delayed one.
      if (pendingFlush !== undefined) clearTimeout(pendingFlush)
      pendingFlush = undefined
      const nowMs = Date.now()
      const atMs = delay <= 0 ? nowMs : delay > MAX_RELATIVE_EXPTIME_S ? delay * 1000 : nowMs + delay * 1000
      if (atMs <= nowMs) {
        await flushNow()
        return
      }
      pendingFlush = setTimeout(() => {
        pendingFlush = undefined
        flushNow().catch(err => { log.error('delayed flush_all failed: %e', err) })
      }, Math.min(atMs - nowMs, 2 ** 31 - 1))
      pendingFlush.unref()
    }
  }

  const server: Server = createServer({ allowHalfOpen: true, noDelay: true }, socket => {
    context.counters.total_connections++
    if (context.currConnections >= context.maxConnections) {
      context.counters.rejected_connections++
      socket.on('error', () => {})
      socket.end('ERROR Too many open connections\r\n')
      return
    }
    context.currConnections++
    sockets.add(socket)
    socket.once('close', () => {
      context.currConnections--
      sockets.delete(socket)
    })
    new Connection(socket, context)
  })
  server.on('error', err => { log.error('memcached server error: %e', err) })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  context.port = address.port
  log('memcached port listening on %s:%d', host, address.port)

  let closing: Promise<void> | undefined
  return {
    host,
    port: address.port,
    close () {
      closing ??= new Promise<void>(resolve => {
        if (pendingFlush !== undefined) clearTimeout(pendingFlush)
        server.close(() => { resolve() })
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}

/** An absolute exptime long past (September 2001), for items that must expire at once. */
const PAST_EXPTIME_S = 1_000_000_000

/**
 * memcached's EXPTIME_TO_POSITIVE_TIME: a negative exptime becomes an absolute time in the past,
 * so the item is expired at once. The KV layer then sees a deadline in the past rather than a
 * negative one, which its codec refuses to replicate. (memcached picks January 1970; an
 * expiresAtMs in [2^31, 2^32) does not survive protons-runtime 8.0.1's uint64 encoding, so we
 * pick 2001.)
 */
function positiveExptime (exptime: number): number {
  // Absolute times before 2001 are just as past, and map there for the same reason.
  return exptime < 0 || (exptime > MAX_RELATIVE_EXPTIME_S && exptime < PAST_EXPTIME_S) ? PAST_EXPTIME_S : exptime
}

/** The KV layer's form of a storage command. */
function storeRequest (command: StoreCommand): Mutate {
  const { op, key, value } = command
  // append/prepend keep the item's flags and exptime (protocol.txt): none are sent.
  if (op === 'append' || op === 'prepend') return { type: 'mutate', op, key, value, hops: 0 }
  return {
    type: 'mutate', op, key, value, flags: command.flags, exptime: positiveExptime(command.exptime), hops: 0,
    ...(command.casUnique !== undefined ? { cas: command.casUnique } : {})
  }
}

/** The keys of a get, each once (a multi-get may name one twice; the reply repeats it). */
function distinctKeys (command: GetCommand): readonly string[] {
  return command.keys.length === 1 ? command.keys : [...new Set(command.keys)]
}

function touchOf (command: GetCommand): number | undefined {
  return command.touchExptime === undefined ? undefined : positiveExptime(command.touchExptime)
}

function hitMap (hits: readonly GetHit[]): Map<string, GetHit> {
  const map = new Map<string, GetHit>()
  for (const hit of hits) map.set(hit.key, hit)
  return map
}

/** One client connection: parse, execute in key order, reply in command order. */
class Connection {
  private readonly socket: Socket
  private readonly ctx: ServerContext
  private readonly parser: MemcachedParser
  /** Replies in command order; slots[head] is the next to write. */
  private slots: Slot[] = []
  private head = 0
  /** noreply operations still running (they have no slot but count against the bound). */
  private silentRunning = 0
  /** The completion of the latest command on each key (deleted once it is the last and done). */
  private readonly keyTails = new Map<string, Promise<void>>()
  /** Every command still running, for barriers. */
  private readonly running = new Set<Promise<void>>()
  /** The latest barrier (flush_all, stats) while it runs: later commands wait for it. */
  private barrier: Promise<void> | undefined
  private paused = false
  private writeScheduled = false
  private inputEnded = false
  private closed = false

  constructor (socket: Socket, ctx: ServerContext) {
    this.socket = socket
    this.ctx = ctx
    this.parser = new MemcachedParser({ maxValueBytes: ctx.maxValueBytes })
    socket.on('data', chunk => { this.onData(chunk) })
    socket.on('drain', () => { this.updateReading() })
    socket.on('end', () => {
      this.inputEnded = true
      this.maybeEnd()
    })
    socket.on('error', err => { ctx.log('connection error: %s', err.message) })
    socket.on('close', () => { this.closed = true })
  }

  private onData (chunk: Buffer): void {
    this.ctx.counters.bytes_read += chunk.length
    try {
      this.parser.push(chunk)
      this.pump()
    } catch (err) {
      // A bug, not the client's fault: say so and drop the connection rather than the peer.
      this.ctx.log.error('memcached connection failed: %e', err)
      this.socket.destroy()
    }
  }

  private pending (): number {
    return this.slots.length - this.head + this.silentRunning
  }

  /** Parses and dispatches commands while under the bound. */
  private pump (): void {
    while (!this.closed && this.pending() < MAX_PENDING_COMMANDS) {
      const command = this.parser.next()
      if (command === undefined) break
      this.dispatch(command)
    }
    this.updateReading()
  }

  private updateReading (): void {
    if (this.closed) return
    const full = this.pending() >= MAX_PENDING_COMMANDS || this.socket.writableLength > MAX_BUFFERED_REPLY_BYTES
    if (full) {
      if (!this.paused) {
        this.paused = true
        this.socket.pause()
      }
      return
    }
    if (this.paused && this.pending() <= MAX_PENDING_COMMANDS / 2) {
      this.paused = false
      if (!this.parser.closed) this.socket.resume()
      this.pump()
    }
  }

  private dispatch (command: Command): void {
    const { counters } = this.ctx
    switch (command.kind) {
      case 'reply':
        this.reply([command.line + CRLF])
        return
      case 'version':
        this.reply([`VERSION ${SERVER_VERSION}${CRLF}`])
        return
      case 'verbosity':
        this.ctx.verbosity = command.level
        if (!command.noreply) this.reply(['OK' + CRLF])
        return
      case 'close':
        this.slots.push({ out: [], close: true })
        this.socket.pause()
        this.scheduleWrite()
        return
      case 'stats':
        this.runBarrier(async () => [this.stats(command.args)])
        return
      case 'flush_all':
        counters.cmd_flush++
        this.runBarrier(async () => {
          await this.ctx.flushAll(command.delay)
          return ['OK' + CRLF]
        }, command.noreply)
        return
      case 'get': {
        if (this.canRunNow(command.keys)) {
          const now = this.ctx.kv.getNow(distinctKeys(command), touchOf(command))
          if (now !== undefined) {
            this.reply(this.getReply(command, hitMap(now.hits)))
            return
          }
        }
        this.runKeyed(command.keys, async () => await this.get(command))
        return
      }
      case 'store':
        counters.cmd_set++
        this.runMutation(storeRequest(command), res => this.storeReply(command, res), command.noreply, err => this.storeFailed(command, err))
        return
      case 'delete':
        this.runMutation({ type: 'mutate', op: 'delete', key: command.key, hops: 0 }, res => {
          if (res.status === 'DELETED') counters.delete_hits++
          else counters.delete_misses++
          return [res.status + CRLF]
        }, command.noreply)
        return
      case 'incr':
      case 'decr':
        this.runMutation({ type: 'mutate', op: command.kind, key: command.key, delta: command.delta, hops: 0 }, res => {
          const found = res.status !== 'NOT_FOUND'
          if (command.kind === 'incr') { if (found) counters.incr_hits++; else counters.incr_misses++ }
          if (command.kind === 'decr') { if (found) counters.decr_hits++; else counters.decr_misses++ }
          return [found && res.value !== undefined ? res.value.toString() + CRLF : res.status + CRLF]
        }, command.noreply)
        return
      case 'touch':
        counters.cmd_touch++
        this.runMutation({ type: 'mutate', op: 'touch', key: command.key, exptime: positiveExptime(command.exptime), hops: 0 }, res => {
          if (res.status === 'TOUCHED') counters.touch_hits++
          else counters.touch_misses++
          return [res.status + CRLF]
        }, command.noreply)
        return
      case 'too_large':
        if (command.op === 'set' && command.key !== undefined) {
          // memcached 1.6 unlinks the old value when a set is refused as too large, so a
          // reader does not keep seeing stale data.
          const key = command.key
          this.runKeyed([key], async () => {
            await this.mutate({ type: 'mutate', op: 'delete', key, hops: 0 }).catch(() => {})
            return [TOO_LARGE + CRLF]
          }, command.noreply)
        } else if (!command.noreply) {
          this.reply([TOO_LARGE + CRLF])
        }
    }
  }

  private async mutate (req: Mutate): Promise<Mutated> {
    return await this.ctx.kv.mutate(req)
  }

  /**
   * One mutation and its reply: answered at once when the KV layer can (mutateNow) and nothing
   * earlier on the key is pending here, else in key order on the ordinary path. `failed` turns
   * a refusal into a reply (default: the error's reply line).
   */
  private runMutation (req: Mutate, reply: (res: Mutated) => readonly Chunk[], noreply: boolean,
    failed: (err: unknown) => readonly Chunk[] = err => this.failed(err, noreply)): void {
    const { kv } = this.ctx
    if (this.canRunNow([req.key])) {
      let out: readonly Chunk[] | undefined
      try {
        const res = kv.mutateNow(req)
        if (res !== undefined) out = reply(res)
      } catch (err) {
        out = failed(err)
      }
      if (out !== undefined) {
        if (!noreply) this.reply(out)
        return
      }
    }
    this.runKeyed([req.key], async () => {
      let res: Mutated
      try {
        res = await this.mutate(req)
      } catch (err) {
        return failed(err)
      }
      return reply(res)
    }, noreply)
  }

  /** The reply line of an error (logged when nobody will read it). */
  private failed (err: unknown, noreply: boolean): readonly Chunk[] {
    if (noreply) this.ctx.log('noreply command failed: %s', (err as Error).message)
    return [errorReply(err) + CRLF]
  }

  private storeReply (command: StoreCommand, res: Mutated): readonly Chunk[] {
    const { counters } = this.ctx
    if (command.op === 'cas') {
      if (res.status === 'STORED') counters.cas_hits++
      else if (res.status === 'EXISTS') counters.cas_badval++
      else if (res.status === 'NOT_FOUND') counters.cas_misses++
    }
    return [res.status + CRLF]
  }

  /** The reply to a store the KV layer refused with `err`. */
  private storeFailed (command: StoreCommand, err: unknown): readonly Chunk[] {
    // memcached 1.6 answers NOT_STORED when append/prepend would grow the item past the limit.
    if ((command.op === 'append' || command.op === 'prepend') && (err as { code?: unknown }).code === 'TooLarge') return ['NOT_STORED' + CRLF]
    return this.failed(err, command.noreply)
  }

  /** get/gets/gat/gats: one kv.get for up to GET_BATCH_KEYS distinct keys, replies in request order. */
  private async get (command: GetCommand): Promise<readonly Chunk[]> {
    return this.getReply(command, await this.fetch(distinctKeys(command), touchOf(command)))
  }

  /** The reply to a get of `command.keys` that found `hits`, counted. */
  private getReply (command: GetCommand, hits: ReadonlyMap<string, GetHit>): readonly Chunk[] {
    const { counters } = this.ctx
    const { keys, withCas, touchExptime } = command
    const out: Chunk[] = []
    let text = ''
    let found = 0
    for (const key of keys) {
      const hit = hits.get(key)
      if (hit === undefined) continue
      found++
      text += `VALUE ${key} ${hit.flags} ${hit.value.length}${withCas ? ` ${hit.cas}` : ''}${CRLF}`
      if (hit.value.length > 0) {
        out.push(text, hit.value)
        text = CRLF
      } else {
        text += CRLF
      }
    }
    out.push(text + END)
    if (touchExptime !== undefined) {
      counters.cmd_touch += keys.length
      counters.touch_hits += found
      counters.touch_misses += keys.length - found
    } else {
      counters.cmd_get += keys.length
      counters.get_hits += found
      counters.get_misses += keys.length - found
    }
    return out
  }

  /** The hits among `keys` (distinct), asking in batches; a batch whose answer is too large is split. */
  private async fetch (keys: readonly string[], touchExptime: number | undefined): Promise<Map<string, GetHit>> {
    const hits = new Map<string, GetHit>()
    const ask = async (batch: readonly string[]): Promise<void> => {
      try {
        const res = await this.ctx.kv.get(batch, touchExptime, 0)
        for (const hit of res.hits) hits.set(hit.key, hit)
      } catch (err) {
        if ((err as { code?: unknown }).code !== 'TooLarge' || batch.length < 2) throw err
        const half = Math.ceil(batch.length / 2)
        await ask(batch.slice(0, half))
        await ask(batch.slice(half))
      }
    }
    for (let i = 0; i < keys.length; i += GET_BATCH_KEYS) await ask(keys.slice(i, i + GET_BATCH_KEYS))
    return hits
  }

  private stats (args: readonly string[]): string {
    const ctx = this.ctx
    const source: StatsSource = {
      counters: ctx.counters,
      startedAtMs: ctx.startedAtMs,
      currConnections: ctx.currConnections,
      maxConnections: ctx.maxConnections,
      verbosity: ctx.verbosity,
      host: ctx.host,
      port: ctx.port,
      maxValueBytes: ctx.maxValueBytes,
      store: ctx.kv.store.stats(),
      ...(ctx.kv.stats !== undefined ? { kv: ctx.kv.stats } : {})
    }
    switch (args[0]) {
      case undefined:
        return formatStats(generalStats(source, Date.now()))
      case 'items':
        return formatStats(itemStats(source))
      case 'slabs':
        return formatStats(slabStats(source))
      case 'settings':
        return formatStats(settingsStats(source))
      case 'sizes':
        return formatStats([['sizes_status', 'disabled']])
      case 'reset':
        Object.assign(ctx.counters, newPortCounters(), {
          total_connections: ctx.counters.total_connections
        })
        return 'RESET' + CRLF
      default:
        return 'ERROR' + CRLF
    }
  }

  // ---------------------------------------------------------------- ordering

  /** True when a command on `keys` may run at once: nothing earlier on them (or a barrier) is pending. */
  private canRunNow (keys: readonly string[]): boolean {
    if (this.barrier !== undefined) return false
    if (this.keyTails.size === 0) return true
    for (const key of keys) if (this.keyTails.has(key)) return false
    return true
  }

  /** A reply known at once, behind the replies before it. */
  private reply (out: readonly Chunk[]): void {
    this.slots.push({ out, close: false })
    this.scheduleWrite()
  }

  /** Runs `exec` after the earlier commands on `keys` (and any barrier); replies in order. */
  private runKeyed (keys: readonly string[], exec: () => Promise<readonly Chunk[]>, noreply = false): void {
    let deps: Array<Promise<void>> | undefined
    if (this.barrier !== undefined) deps = [this.barrier]
    for (const key of keys) {
      const tail = this.keyTails.get(key)
      if (tail !== undefined) (deps ??= []).push(tail)
    }
    const done = this.execute(deps, exec, noreply)
    for (const key of keys) this.keyTails.set(key, done)
    void done.then(() => {
      for (const key of keys) if (this.keyTails.get(key) === done) this.keyTails.delete(key)
    })
  }

  /** Runs `exec` after every earlier command; later commands wait for it. */
  private runBarrier (exec: () => Promise<readonly Chunk[]>, noreply = false): void {
    const deps = [...this.running]
    const done = this.execute(deps, exec, noreply)
    this.barrier = done
    void done.then(() => { if (this.barrier === done) this.barrier = undefined })
  }

  private execute (deps: Array<Promise<void>> | undefined, exec: () => Promise<readonly Chunk[]>, noreply: boolean): Promise<void> {
    const slot: Slot | undefined = noreply ? undefined : { out: undefined, close: false }
    if (slot !== undefined) this.slots.push(slot)
    else this.silentRunning++
    const run = async (): Promise<readonly Chunk[]> => {
      try {
        return await exec()
      } catch (err) {
        if (noreply) this.ctx.log('noreply command failed: %s', (err as Error).message)
        return [errorReply(err) + CRLF]
      }
    }
    const started = deps === undefined || deps.length === 0
      ? run()
      : (deps.length === 1 ? deps[0] : Promise.all(deps)).then(run)
    const done = started.then(out => {
      this.running.delete(done)
      if (slot !== undefined) {
        slot.out = out
        this.scheduleWrite()
      } else {
        this.silentRunning--
        this.updateReading()
        this.maybeEnd()
      }
    })
    this.running.add(done)
    return done
  }

  // ---------------------------------------------------------------- writing

  private scheduleWrite (): void {
    if (this.writeScheduled) return
    this.writeScheduled = true
    // After the promise jobs of this turn: replies that completed together go out in one write.
    process.nextTick(() => {
      this.writeScheduled = false
      this.writeReady()
    })
  }

  /** Writes the completed replies at the head of the queue, in order, batched into few writes. */
  private writeReady (): void {
    if (this.closed) return
    const parts: Chunk[] = []
    let closeAfter = false
    while (this.head < this.slots.length) {
      const slot = this.slots[this.head]
      if (slot.out === undefined) break
      this.head++
      for (const chunk of slot.out) parts.push(chunk)
      if (slot.close) {
        closeAfter = true
        break
      }
    }
    if (this.head > 1024 && this.head * 2 > this.slots.length) {
      this.slots = this.slots.slice(this.head)
      this.head = 0
    }
    if (parts.length > 0) this.send(parts)
    if (closeAfter) {
      this.closed = true
      this.socket.end()
      // Read and drop whatever the client still sends, so its writes (and its FIN) go through
      // and the connection closes cleanly instead of stalling on a full receive window.
      this.socket.resume()
      setTimeout(() => { this.socket.destroy() }, CLOSE_GRACE_MS).unref()
      return
    }
    this.updateReading()
    this.maybeEnd()
  }

  /** Writes chunks as one buffer, except large values, which go out as they are. */
  private send (parts: readonly Chunk[]): void {
    let batch: Chunk[] = []
    let batchBytes = 0
    const flush = (): void => {
      if (batch.length === 0) return
      const buffer = Buffer.allocUnsafe(batchBytes)
      let offset = 0
      for (const chunk of batch) {
        if (typeof chunk === 'string') offset += buffer.write(chunk, offset)
        else {
          buffer.set(chunk, offset)
          offset += chunk.length
        }
      }
      this.socket.write(buffer)
      this.ctx.counters.bytes_written += buffer.length
      batch = []
      batchBytes = 0
    }
    for (const chunk of parts) {
      if (typeof chunk !== 'string' && chunk.length > COPY_VALUE_BYTES) {
        flush()
        this.socket.write(chunk)
        this.ctx.counters.bytes_written += chunk.length
        continue
      }
      batch.push(chunk)
      batchBytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length
    }
    flush()
  }

  /** After the client half-closed: end our side once every reply is out. */
  private maybeEnd (): void {
    if (!this.inputEnded || this.closed || this.pending() !== 0) return
    // Commands still parked in the parser by back-pressure run first; an unfinished one is dropped.
    this.pump()
    if (this.pending() === 0 && !this.closed) {
      this.closed = true
      this.socket.end()
    }
  }
}
