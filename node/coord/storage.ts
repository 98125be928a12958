/**
 * Durable acceptor state under --data-dir: `coord/acceptor.log`, one JSON record per line —
 * the incarnation, configurations adopted and slots (promise + accepted state) — appended and
 * fdatasync'ed before the acceptor answers. Concurrent writes share one write + sync (group
 * commit). At open the log is replayed (a torn last line from a crash mid-append is dropped;
 * damage anywhere else refuses to start, since an acceptor that forgot a promise breaks
 * consensus) and compacted to the latest record per key through a temp file + rename.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, openSync, readFileSync, renameSync, closeSync, writeSync, fdatasyncSync, existsSync } from 'node:fs'
import { open, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import type { AcceptorSlot, AcceptorStorage } from './acceptor.ts'
import type { Ballot, GroupConfig, GroupMember, RegisterState } from './messages.ts'

export interface LoadedAcceptorState {
  readonly incarnation: string
  readonly config: GroupConfig | null
  readonly slots: Map<string, AcceptorSlot>
}

type Json = Record<string, unknown>

const ballotJson = (b: Ballot | null): Json | null => b === null ? null : { c: b.counter.toString(), p: b.proposer }
const ballotFrom = (j: Json | null): Ballot | null => j === null ? null : { counter: BigInt(j.c as string), proposer: j.p as string }
const entryJson = (s: { value: Uint8Array | null, version: bigint, writeId: string }): Json => ({ v: s.value === null ? null : Buffer.from(s.value).toString('base64'), n: s.version.toString(), w: s.writeId })
const entryFrom = (j: Json): { value: Uint8Array | null, version: bigint, writeId: string } => ({ value: j.v === null ? null : new Uint8Array(Buffer.from(j.v as string, 'base64')), version: BigInt(j.n as string), writeId: j.w as string })
const stateJson = (s: RegisterState): Json => s.history === undefined || s.history.length === 0 ? entryJson(s) : { ...entryJson(s), h: s.history.map(entryJson) }
const stateFrom = (j: Json): RegisterState => j.h === undefined ? entryFrom(j) : { ...entryFrom(j), history: (j.h as Json[]).map(entryFrom) }

export const membersJson = (members: readonly GroupMember[]): Json[] => members.map(m => ({ id: m.peerId, i: m.incarnation, a: [...m.addrs] }))
export const membersFrom = (j: Json[]): GroupMember[] => j.map(m => ({ peerId: m.id as string, incarnation: m.i as string, addrs: m.a as string[] }))
export const configJson = (c: GroupConfig): Json => ({ e: c.epoch.toString(), m: membersJson(c.members) })
export const configFrom = (j: Json): GroupConfig => ({ epoch: BigInt(j.e as string), members: membersFrom(j.m as Json[]) })

function slotRecord (key: string, slot: AcceptorSlot): Json {
  return { t: 's', k: key, p: ballotJson(slot.promised), a: slot.accepted === null ? null : { b: ballotJson(slot.accepted.ballot), s: stateJson(slot.accepted.state) } }
}

export class FileAcceptorStorage implements AcceptorStorage {
  private readonly path: string
  private handle: FileHandle | null = null
  private pending: string[] = []
  private flushing: Promise<void> | null = null
  private waiters: Array<PromiseWithResolvers<void>> = []

  private constructor (path: string) {
    this.path = path
  }

  /** Opens (creating) the log in `dataDir/coord`, replays and compacts it. */
  static open (dataDir: string): { storage: FileAcceptorStorage, state: LoadedAcceptorState } {
    const dir = join(dataDir, 'coord')
    mkdirSync(dir, { recursive: true })
    const path = join(dir, 'acceptor.log')
    let incarnation: string | null = null
    let config: GroupConfig | null = null
    const slots = new Map<string, AcceptorSlot>()
    if (existsSync(path)) {
      const lines = readFileSync(path, 'utf8').split('\n')
      const last = lines.length - 1
      lines.forEach((line, i) => {
        if (line === '') return
        let r: Json
        try {
          r = JSON.parse(line) as Json
        } catch (err) {
          if (i >= last - 1 && !line.endsWith('}')) return // torn final append
          throw new Error(`${path}: line ${i + 1} is damaged (${(err as Error).message}); refusing to start an acceptor that may have forgotten promises`)
        }
        if (r.t === 'i') incarnation = r.i as string
        else if (r.t === 'c') config = configFrom(r.c as Json)
        else if (r.t === 's') {
          const a = r.a as Json | null
          slots.set(r.k as string, {
            promised: ballotFrom(r.p as Json | null),
            accepted: a === null ? null : { ballot: ballotFrom(a.b as Json) as Ballot, state: stateFrom(a.s as Json) }
          })
        }
      })
    }
    // A log without an incarnation is a state that starts empty: a new acceptor.
    if (incarnation === null) {
      incarnation = randomUUID()
      slots.clear()
      config = null
    }
    // Compact: the latest record of everything, written aside and renamed over the log.
    const tmp = `${path}.tmp`
    const fd = openSync(tmp, 'w')
    const out = [JSON.stringify({ t: 'i', i: incarnation })]
    if (config !== null) out.push(JSON.stringify({ t: 'c', c: configJson(config) }))
    for (const [key, slot] of slots) out.push(JSON.stringify(slotRecord(key, slot)))
    writeSync(fd, out.join('\n') + '\n')
    fdatasyncSync(fd)
    closeSync(fd)
    renameSync(tmp, path)
    const dirFd = openSync(dir, 'r')
    fdatasyncSync(dirFd)
    closeSync(dirFd)
    return { storage: new FileAcceptorStorage(path), state: { incarnation, config, slots } }
  }

  async saveSlot (key: string, slot: AcceptorSlot): Promise<void> {
    await this.append(JSON.stringify(slotRecord(key, slot)))
  }

  async saveConfig (config: GroupConfig): Promise<void> {
    await this.append(JSON.stringify({ t: 'c', c: configJson(config) }))
  }

  async close (): Promise<void> {
    while (this.flushing !== null) await this.flushing
    await this.handle?.close()
    this.handle = null
  }

  private async append (line: string): Promise<void> {
    const waiter = Promise.withResolvers<void>()
    this.pending.push(line)
    this.waiters.push(waiter)
    if (this.flushing === null) this.flushing = this.flush()
    await waiter.promise
  }

  private async flush (): Promise<void> {
    try {
      this.handle ??= await open(this.path, 'a')
      while (this.pending.length > 0) {
        const lines = this.pending
        const waiters = this.waiters
        this.pending = []
        this.waiters = []
        try {
          await this.handle.write(lines.join('\n') + '\n')
          await this.handle.datasync()
          for (const w of waiters) w.resolve()
        } catch (err) {
          for (const w of waiters) w.reject(err)
        }
      }
    } catch (err) {
      for (const w of this.waiters) w.reject(err)
      this.waiters = []
      this.pending = []
    } finally {
      this.flushing = null
    }
  }
}
