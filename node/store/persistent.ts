/**
 * `--data-dir`: a MemoryStore whose every change is written through to an append-only log,
 * so a restarted peer comes back with what it held.
 *
 * Why a log of our own rather than datastore-level or datastore-fs: the store already holds
 * everything in memory and only needs "replay what happened" at start, which is what a log is.
 * LevelDB (classic-level) is a native addon, and datastore-fs writes one file per key (an inode
 * and a rename per write, no batching). A log is ~200 lines of node:fs, has no native code, and
 * its crash behaviour is explicit and tested: every record carries its length and a CRC-32, so a
 * record torn by kill -9 or a power cut is detected at load, the tail from it on is ignored, and
 * the load never throws on it.
 *
 * File `store.log`: the 8-byte magic "CKVLOG01", then records
 *   u32 payload length ‖ u32 CRC-32 of payload ‖ payload
 * payload: u8 type ‖ u16 key length ‖ key (UTF-8) ‖ for STORE: u8 deleted ‖ u32 flags ‖
 *   f64 expiresAtMs ‖ u64 hlc ‖ u32 writer ‖ u32 value length ‖ value.   (all big-endian)
 * STORE records what put() stored (tombstones included); REMOVE a key dropped without a
 * tombstone (evicted, handed off, flushed, tombstone reaped). Replay feeds them to a MemoryStore
 * in order, so it rebuilds the same state; values that expired meanwhile become tombstones.
 *
 * Durability: each record is written with one write(2) as the change happens, so a killed
 * process loses nothing the OS has seen; fsync runs in the background every fsyncIntervalMs
 * (0 = fsync every write) and sync() forces one. When the log grows past
 * max(COMPACT_MIN_LOG_BYTES, COMPACT_LOG_RATIO × what it would hold), it is rewritten from
 * memory into `store.log.compact`, fsync'd and renamed over the log (atomic); the same happens
 * at every open, which also drops a torn tail. Compaction is synchronous: it blocks the event
 * loop for the time it takes to write what is held.
 *
 * One process per data directory: nothing locks it.
 */
import fs from 'node:fs'
import path from 'node:path'
import { crc32 } from 'node:zlib'
import type { ComponentLogger, Logger } from '@libp2p/interface'
import { COMPACT_LOG_RATIO, COMPACT_MIN_LOG_BYTES, DEFAULT_FSYNC_INTERVAL_MS, DEFAULT_MAX_VALUE_BYTES, ITEM_OVERHEAD_BYTES } from './constants.ts'
import type { KeyVersion } from './digest.ts'
import { PersistenceError, StoreError } from './errors.ts'
import { MemoryStore, type MemoryStoreInit } from './memory.ts'
import type { Item, KvOp, KvOpKind, OpResult } from './semantics.ts'
import type { ApplyContext, CommandCounter, KeyIdFilter, Store, StoreEntry, StoreStats, SweepResult } from './types.ts'
import type { Version } from './version.ts'

export const LOG_FILE = 'store.log'
export const COMPACT_FILE = 'store.log.compact'
const MAGIC = Buffer.from('CKVLOG01', 'latin1')
const RECORD_HEADER_BYTES = 8
const STORE = 1
const REMOVE = 2
/** Payload bytes of a STORE record besides key and value. */
const STORE_FIXED_BYTES = 1 + 2 + 1 + 4 + 8 + 8 + 4 + 4
/** Bytes a held key takes in a compacted log besides key and value. */
const RECORD_OVERHEAD_BYTES = RECORD_HEADER_BYTES + STORE_FIXED_BYTES
/** A payload larger than this is corruption (largest value plus room for a key), in bytes. */
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024
const READ_CHUNK_BYTES = 1024 * 1024

export interface PersistentStoreInit extends Omit<MemoryStoreInit, 'observer'> {
  /** Background fsync period in ms (default 50); 0 = fsync after every write. */
  readonly fsyncIntervalMs?: number
  /** Largest value accepted when reading the log back, in bytes (default 1 MiB); larger records count as corrupt. */
  readonly maxValueBytes?: number
  readonly logger?: ComponentLogger
}

/** What open() found on disk. */
export interface LoadReport {
  /** Records read and replayed. */
  readonly records: number
  /** Bytes after the last good record that were ignored (a torn or corrupt tail), 0 normally. */
  readonly ignoredBytes: number
  /** Why the tail was ignored: 'torn' (ends mid-record), 'checksum', 'malformed'; undefined when whole. */
  readonly tail: 'torn' | 'checksum' | 'malformed' | undefined
  /** Keys held after the load (tombstones included). */
  readonly keys: number
}

export interface PersistenceStats {
  /** Bytes of the log file. */
  readonly logBytes: number
  /** Records appended since open. */
  readonly appended: number
  readonly compactions: number
}

type LogRecord =
  | { readonly type: typeof STORE, readonly key: string, readonly item: Item }
  | { readonly type: typeof REMOVE, readonly key: string }

/** Encodes one record, header included. */
export function encodeRecord (record: LogRecord): Buffer {
  const keyBytes = Buffer.from(record.key, 'utf8')
  const valueLength = record.type === STORE ? record.item.value.length : 0
  const payloadLength = record.type === STORE ? STORE_FIXED_BYTES + keyBytes.length + valueLength : 3 + keyBytes.length
  const buf = Buffer.allocUnsafe(RECORD_HEADER_BYTES + payloadLength)
  let o = RECORD_HEADER_BYTES
  o = buf.writeUInt8(record.type, o)
  o = buf.writeUInt16BE(keyBytes.length, o)
  o += keyBytes.copy(buf, o)
  if (record.type === STORE) {
    const { item } = record
    o = buf.writeUInt8(item.deleted === true ? 1 : 0, o)
    o = buf.writeUInt32BE(item.flags, o)
    o = buf.writeDoubleBE(item.expiresAtMs, o)
    o = buf.writeBigUInt64BE(item.version.hlc, o)
    o = buf.writeUInt32BE(item.version.writer, o)
    o = buf.writeUInt32BE(valueLength, o)
    buf.set(item.value, o)
  }
  buf.writeUInt32BE(payloadLength, 0)
  buf.writeUInt32BE(crc32(buf.subarray(RECORD_HEADER_BYTES)), 4)
  return buf
}

/** Decodes a payload whose CRC matched; undefined when its fields do not add up. */
function decodePayload (p: Buffer, maxValueBytes: number): LogRecord | undefined {
  if (p.length < 3) return undefined
  const type = p.readUInt8(0)
  const keyLength = p.readUInt16BE(1)
  if (3 + keyLength > p.length) return undefined
  const key = p.toString('utf8', 3, 3 + keyLength)
  if (type === REMOVE) return p.length === 3 + keyLength ? { type, key } : undefined
  if (type !== STORE || p.length < STORE_FIXED_BYTES + keyLength) return undefined
  let o = 3 + keyLength
  const deleted = p.readUInt8(o); o += 1
  const flags = p.readUInt32BE(o); o += 4
  const expiresAtMs = p.readDoubleBE(o); o += 8
  const hlc = p.readBigUInt64BE(o); o += 8
  const writer = p.readUInt32BE(o); o += 4
  const valueLength = p.readUInt32BE(o); o += 4
  if (deleted > 1 || !Number.isFinite(expiresAtMs) || valueLength > maxValueBytes || o + valueLength !== p.length) return undefined
  const value = new Uint8Array(valueLength)
  value.set(p.subarray(o, o + valueLength))
  const item: Item = deleted === 1
    ? { value, flags, expiresAtMs, version: { hlc, writer }, deleted: true }
    : { value, flags, expiresAtMs, version: { hlc, writer } }
  return { type, key, item }
}

interface ReadResult {
  readonly records: number
  /** Offset just past the last good record. */
  readonly goodBytes: number
  readonly fileBytes: number
  readonly tail: LoadReport['tail']
}

/** Reads the log record by record, handing each good one to `apply`; stops at the first bad one. */
function readLog (file: string, maxValueBytes: number, apply: (r: LogRecord) => void): ReadResult {
  let fd: number
  try {
    fd = fs.openSync(file, 'r')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: 0, goodBytes: 0, fileBytes: 0, tail: undefined }
    throw err
  }
  try {
    const fileBytes = fs.fstatSync(fd).size
    // A log shorter than its magic was torn while being created: it holds nothing.
    if (fileBytes < MAGIC.length) return { records: 0, goodBytes: 0, fileBytes, tail: fileBytes === 0 ? undefined : 'torn' }
    const magic = Buffer.alloc(MAGIC.length)
    fs.readSync(fd, magic, 0, MAGIC.length, 0)
    if (!magic.equals(MAGIC)) throw new PersistenceError(`${file} is not a chordkv store log (bad magic); refusing to touch it`)
    let records = 0
    let offset = MAGIC.length // file offset of buf[0]
    let buf = Buffer.alloc(0)
    let eof = false
    // Makes buf hold at least `need` bytes unless the file ends first.
    const fill = (need: number): void => {
      while (buf.length < need && !eof) {
        const chunk = Buffer.allocUnsafe(Math.max(READ_CHUNK_BYTES, need - buf.length))
        const n = fs.readSync(fd, chunk, 0, chunk.length, offset + buf.length)
        if (n === 0) eof = true
        buf = buf.length === 0 ? chunk.subarray(0, n) : Buffer.concat([buf, chunk.subarray(0, n)])
      }
    }
    for (;;) {
      fill(RECORD_HEADER_BYTES)
      if (buf.length === 0) return { records, goodBytes: offset, fileBytes, tail: undefined }
      if (buf.length < RECORD_HEADER_BYTES) return { records, goodBytes: offset, fileBytes, tail: 'torn' }
      const payloadLength = buf.readUInt32BE(0)
      if (payloadLength > MAX_PAYLOAD_BYTES) return { records, goodBytes: offset, fileBytes, tail: 'malformed' }
      fill(RECORD_HEADER_BYTES + payloadLength)
      if (buf.length < RECORD_HEADER_BYTES + payloadLength) return { records, goodBytes: offset, fileBytes, tail: 'torn' }
      const payload = buf.subarray(RECORD_HEADER_BYTES, RECORD_HEADER_BYTES + payloadLength)
      if (crc32(payload) !== buf.readUInt32BE(4)) return { records, goodBytes: offset, fileBytes, tail: 'checksum' }
      const record = decodePayload(payload, maxValueBytes)
      if (record === undefined) return { records, goodBytes: offset, fileBytes, tail: 'malformed' }
      apply(record)
      records++
      offset += RECORD_HEADER_BYTES + payloadLength
      buf = buf.subarray(RECORD_HEADER_BYTES + payloadLength)
    }
  } finally {
    fs.closeSync(fd)
  }
}

/** fsync of a directory, so a rename in it is durable; not supported everywhere (ignored there). */
function fsyncDir (dir: string): void {
  let fd: number | undefined
  try {
    fd = fs.openSync(dir, 'r')
    fs.fsyncSync(fd)
  } catch {
    // Windows cannot open directories; the rename is as durable as the platform makes it.
  } finally {
    if (fd !== undefined) fs.closeSync(fd)
  }
}

/** Opens (creating if needed) a persistent store in `dir` and reloads what it held. */
export async function openPersistentStore (dir: string, init: PersistentStoreInit = {}): Promise<PersistentStore> {
  return PersistentStore.open(dir, init)
}

export class PersistentStore implements Store {
  readonly dir: string
  /** What open() found on disk. */
  readonly loadReport: LoadReport
  private readonly memory: MemoryStore
  private readonly log: Logger | undefined
  private readonly fsyncIntervalMs: number
  private fd: number
  private logBytes: number
  private appended = 0
  private compactions = 0
  private replaying = true
  private closed = false
  private dirty = false
  private fsyncTimer: ReturnType<typeof setTimeout> | undefined
  private fsyncInFlight: Promise<void> | undefined
  /** The first write error since the last mutating call returned; thrown by that call. */
  private writeError: Error | undefined

  /** Opens (creating if needed) a persistent store in `dir` and reloads what it held. */
  static async open (dir: string, init: PersistentStoreInit = {}): Promise<PersistentStore> {
    return new PersistentStore(dir, init)
  }

  private constructor (dir: string, init: PersistentStoreInit) {
    this.dir = dir
    this.log = init.logger?.forComponent('chordkv:store:persistent')
    this.fsyncIntervalMs = init.fsyncIntervalMs ?? DEFAULT_FSYNC_INTERVAL_MS
    if (!(this.fsyncIntervalMs >= 0)) throw new RangeError(`fsyncIntervalMs must be >= 0, got ${this.fsyncIntervalMs}`)
    this.memory = new MemoryStore({
      ...init,
      observer: {
        stored: (key, item) => { this.append({ type: STORE, key, item }) },
        removed: key => { this.append({ type: REMOVE, key }) }
      }
    })
    try {
      fs.mkdirSync(dir, { recursive: true })
      // A compaction that crashed before its rename left the old log whole: drop its output.
      fs.rmSync(path.join(dir, COMPACT_FILE), { force: true })
      const maxValueBytes = init.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES
      const read = readLog(path.join(dir, LOG_FILE), maxValueBytes, record => {
        if (record.type === STORE) this.memory.put(record.key, record.item)
        else this.memory.forget(record.key)
      })
      this.memory.sweep()
      this.loadReport = {
        records: read.records,
        ignoredBytes: read.fileBytes - read.goodBytes,
        tail: read.tail,
        keys: this.memory.size
      }
      if (read.tail !== undefined) {
        this.log?.error('%s: ignored %d bytes after the last good record (%s)', dir, this.loadReport.ignoredBytes, read.tail)
      }
      this.log?.('%s: loaded %d records, %d keys', dir, read.records, this.memory.size)
      // Start from a compacted log: it drops a torn tail and what replay superseded.
      const { fd, bytes } = this.writeSnapshot()
      this.fd = fd
      this.logBytes = bytes
    } catch (err) {
      if (err instanceof PersistenceError) throw err
      throw new PersistenceError(`cannot open the store in ${dir}: ${(err as Error).message}`, { cause: err })
    }
    this.replaying = false
  }

  get size (): number { return this.memory.size }
  get bytes (): number { return this.memory.bytes }
  get memoryBytes (): number { return this.memory.memoryBytes }

  get (key: string): Item | undefined { return this.memory.get(key) }
  peek (key: string): Item | undefined { return this.memory.peek(key) }
  entries (filter?: KeyIdFilter): IterableIterator<StoreEntry> { return this.memory.entries(filter) }
  digest (range: KeyIdFilter, buckets: number): Uint8Array[] { return this.memory.digest(range, buckets) }
  keysInBucket (range: KeyIdFilter, buckets: number, bucket: number): KeyVersion[] { return this.memory.keysInBucket(range, buckets, bucket) }
  keysInBuckets (range: KeyIdFilter, buckets: number, indexes: Iterable<number>): KeyVersion[] { return this.memory.keysInBuckets(range, buckets, indexes) }
  count (name: CommandCounter): void { this.memory.count(name) }
  countOp (kind: KvOpKind, result: OpResult): void { this.memory.countOp(kind, result) }
  stats (): StoreStats { return this.memory.stats() }

  put (key: string, item: Item): boolean { return this.mutate(() => this.memory.put(key, item)) }
  delete (key: string, version: Version): boolean { return this.mutate(() => this.memory.delete(key, version)) }
  forget (key: string): boolean { return this.mutate(() => this.memory.forget(key)) }
  apply (key: string, op: KvOp, ctx: ApplyContext): OpResult { return this.mutate(() => this.memory.apply(key, op, ctx)) }
  removeRange (predicate: (keyId: bigint, key: string) => boolean): number { return this.mutate(() => this.memory.removeRange(predicate)) }
  flush (beforeMs?: number): number { return this.mutate(() => this.memory.flush(beforeMs)) }
  sweep (nowMs?: number): SweepResult { return this.mutate(() => this.memory.sweep(nowMs)) }

  persistenceStats (): PersistenceStats {
    return { logBytes: this.logBytes, appended: this.appended, compactions: this.compactions }
  }

  /** Resolves once everything written so far is fsync'd. */
  async sync (): Promise<void> {
    this.checkOpen()
    await this.fsyncNow()
  }

  /** Rewrites the log from what is held now (normally automatic). */
  compact (): void {
    this.checkOpen()
    const { fd, bytes } = this.writeSnapshot()
    const old = this.fd
    this.fd = fd
    this.logBytes = bytes
    this.dirty = false
    this.compactions++
    // An fsync of the old file may still be running on the thread pool; close after it.
    const closeOld = (): void => { try { fs.closeSync(old) } catch {} }
    if (this.fsyncInFlight !== undefined) this.fsyncInFlight.then(closeOld, closeOld)
    else closeOld()
  }

  /** fsyncs and closes the log; the store must not be used afterwards. */
  async close (): Promise<void> {
    if (this.closed) return
    await this.fsyncNow()
    this.closed = true
    if (this.fsyncTimer !== undefined) clearTimeout(this.fsyncTimer)
    fs.closeSync(this.fd)
  }

  private checkOpen (): void {
    if (this.closed) throw new StoreError('Closed', `the store in ${this.dir} is closed`)
  }

  /** Runs a change of the memory store, then reports a failed write and compacts if due. */
  private mutate<T> (change: () => T): T {
    this.checkOpen()
    const result = change()
    const failure = this.writeError
    if (failure !== undefined) {
      this.writeError = undefined
      throw new PersistenceError(`cannot write the store log in ${this.dir}: ${failure.message}`, { cause: failure })
    }
    const snapshotBytes = this.memory.bytes - this.memory.size * (ITEM_OVERHEAD_BYTES - RECORD_OVERHEAD_BYTES) + MAGIC.length
    if (this.logBytes > COMPACT_MIN_LOG_BYTES && this.logBytes > COMPACT_LOG_RATIO * snapshotBytes) {
      try {
        this.compact()
      } catch (err) {
        // The old log is still whole and still appended to; try again after the next change.
        this.log?.error('%s: compaction failed: %s', this.dir, (err as Error).message)
      }
    }
    return result
  }

  private append (record: LogRecord): void {
    if (this.replaying) return
    const buf = encodeRecord(record)
    try {
      // At an explicit offset: a write that failed half-way is overwritten by the next one.
      let written = 0
      while (written < buf.length) written += fs.writeSync(this.fd, buf, written, buf.length - written, this.logBytes + written)
      this.logBytes += buf.length
      this.appended++
      if (this.fsyncIntervalMs === 0) fs.fsyncSync(this.fd)
      else this.scheduleFsync()
    } catch (err) {
      this.writeError ??= err as Error
      // Cut a half-written record so it is never followed by good ones.
      try { fs.ftruncateSync(this.fd, this.logBytes) } catch {}
    }
  }

  private scheduleFsync (): void {
    this.dirty = true
    if (this.fsyncTimer !== undefined) return
    this.fsyncTimer = setTimeout(() => {
      this.fsyncTimer = undefined
      this.fsyncNow().catch(err => { this.log?.error('%s: fsync failed: %s', this.dir, (err as Error).message) })
    }, this.fsyncIntervalMs)
    this.fsyncTimer.unref?.()
  }

  private async fsyncNow (): Promise<void> {
    if (this.fsyncInFlight !== undefined) await this.fsyncInFlight
    if (!this.dirty || this.closed) return
    this.dirty = false
    const fd = this.fd
    this.fsyncInFlight = new Promise<void>((resolve, reject) => {
      fs.fsync(fd, err => { err === null ? resolve() : reject(err) })
    }).finally(() => { this.fsyncInFlight = undefined })
    await this.fsyncInFlight
  }

  /** Writes everything held to COMPACT_FILE, fsyncs it, renames it over the log; returns the open log. */
  private writeSnapshot (): { fd: number, bytes: number } {
    const tmp = path.join(this.dir, COMPACT_FILE)
    const fd = fs.openSync(tmp, 'w')
    let bytes = 0
    try {
      const pending: Buffer[] = [MAGIC]
      let pendingBytes = MAGIC.length
      const flush = (): void => {
        const chunk = Buffer.concat(pending, pendingBytes)
        let written = 0
        while (written < chunk.length) written += fs.writeSync(fd, chunk, written, chunk.length - written, bytes + written)
        bytes += chunk.length
        pending.length = 0
        pendingBytes = 0
      }
      for (const [key, , item] of this.memory.entries()) {
        const record = encodeRecord({ type: STORE, key, item })
        pending.push(record)
        pendingBytes += record.length
        if (pendingBytes >= READ_CHUNK_BYTES) flush()
      }
      flush()
      fs.fsyncSync(fd)
      fs.renameSync(tmp, path.join(this.dir, LOG_FILE))
    } catch (err) {
      fs.closeSync(fd)
      fs.rmSync(tmp, { force: true })
      throw err
    }
    fsyncDir(this.dir)
    return { fd, bytes }
  }
}
