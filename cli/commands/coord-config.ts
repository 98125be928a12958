/**
 * `chordkv config get|set|del|watch KEY`: versioned configuration documents on the
 * coordination layer (linearizable; compare-and-set by version; watches in version order).
 * One JSON document per key, as db.coord.getConfig/setConfig/watchConfig read and write them.
 */
import { randomUUID } from 'node:crypto'
import type { ClientCoord, PutResult } from '../../client/index.ts'
import { CoordErrorCode } from '../../node/coord/messages.ts'
import { MAX_REGISTER_BYTES } from '../../node/coord/messages.ts'
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK, UsageError, UserError } from '../errors.ts'
import { countOption, interrupts, nameArg, refusingBadInput, versionOption } from './coord-common.ts'
import { positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

const usage = `Usage: chordkv config get KEY (--peer MA | --testnet FILE) [options]
       chordkv config set KEY VALUE [--if-version V] [--string] …
       chordkv config del KEY [--if-version V] …
       chordkv config watch KEY [--from V] [--count N] …

Configuration documents on the coordination layer: one JSON document per key, with a
version that grows by one at every write. Reads and writes are linearizable.

  get    prints the document as compact JSON on one line (with --json,
         {"key":…,"found":true,"version":"V","value":DOC}). A key that holds no
         document (never set, or deleted) exits 1 ({"key":…,"found":false,"version":"V"}).
  set    stores VALUE, which must be JSON ('{"replicas":3}', 42, '"text"'; with
         --string, VALUE is stored as a JSON string). Prints 'OK version V'
         ({"key":…,"ok":true,"version":"V"}). With --if-version V, only if the key is
         still at version V (0: never written): otherwise nothing changes and it exits 1
         naming the current version ({"key":…,"ok":false,"version":"CURRENT"}).
  del    deletes the document (a new version with no value); --if-version as for set.
  watch  prints one line per change after version --from (default: the current one):
         'V put DOC', 'V delete' or 'V resync DOC' (the versions between were compacted
         away; DOC is the current document, null when none). With --json, one
         {"key":…,"version":"V","type":"put|delete|resync","value":DOC} per line. Runs
         until interrupted (Ctrl-C, exit 0), or until --count events were printed.

A write that timed out may or may not have been applied: it exits 1 and says so; read
the key to find out.

Options:
  --if-version V     set/del: compare-and-set against version V
  --string           set: store VALUE as a JSON string instead of parsing it
  --from V           watch: print the changes after version V (they are kept for a while)
  --count N          watch: exit 0 after N events
${ringOptionsHelp}

Examples:
  chordkv config set app/limits '{"rps":100}' --testnet testnet.json      # OK version 1
  chordkv config get app/limits --testnet testnet.json --json
  chordkv config set app/limits '{"rps":200}' --if-version 1 --testnet testnet.json
  chordkv config set app/mode fast --string --testnet testnet.json
  chordkv config watch app/limits --from 0 --testnet testnet.json

Exit codes: 0 ok, 1 not found, version mismatch or failed, 2 usage error.`

const options = {
  ...ringOptions,
  'if-version': { type: 'string' },
  string: { type: 'boolean' },
  from: { type: 'string' },
  count: { type: 'string' }
} as const

const SUBCOMMANDS = ['get', 'set', 'del', 'watch'] as const
type Subcommand = typeof SUBCOMMANDS[number]

/** Which options each subcommand takes (beyond the ring options). */
const ALLOWED: Record<Subcommand, readonly string[]> = {
  get: [],
  set: ['if-version', 'string'],
  del: ['if-version'],
  watch: ['from', 'count']
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The document a register holds, as compact JSON text; UserError when it is not JSON. */
function documentOf (key: string, bytes: Uint8Array | null): unknown {
  if (bytes === null) return null
  try {
    return JSON.parse(utf8.decode(bytes))
  } catch {
    throw new UserError(`config key ${JSON.stringify(key)} holds ${bytes.length} bytes that are not a JSON document (written by something else than config set)`)
  }
}

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [sub, ...rest] = given
  if (sub === undefined) throw new UsageError(`missing subcommand (${SUBCOMMANDS.join(', ')})`)
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) throw new UsageError(`unknown subcommand ${JSON.stringify(sub)} (${SUBCOMMANDS.join(', ')})`)
  const subcommand = sub as Subcommand
  for (const flag of ['if-version', 'string', 'from', 'count'] as const) {
    if (values[flag] !== undefined && !ALLOWED[subcommand].includes(flag)) throw new UsageError(`--${flag} does not apply to config ${subcommand}`)
  }
  if (subcommand === 'set') {
    const [rawKey, text] = positionals(rest, ['KEY', 'VALUE'])
    const key = nameArg(rawKey, 'config key')
    let doc: unknown = text
    if (values.string !== true) {
      try {
        doc = JSON.parse(text)
      } catch {
        throw new UsageError(`VALUE is not JSON: ${JSON.stringify(text.slice(0, 60))} (quote text as '"…"', or give --string)`)
      }
    }
    return await write(ringArgs(values), key, doc, versionOption(values['if-version'], 'if-version'))
  }
  const [rawKey] = positionals(rest, ['KEY'])
  const key = nameArg(rawKey, 'config key')
  if (subcommand === 'del') return await write(ringArgs(values), key, undefined, versionOption(values['if-version'], 'if-version'))
  if (subcommand === 'get') return await read(ringArgs(values), key)
  return await watch(ringArgs(values), key, versionOption(values.from, 'from'), countOption(values.count))
}

async function read (ring: ReturnType<typeof ringArgs>, key: string): Promise<number> {
  const entry = await withClient(ring, async db => await db.coord.get(key))
  if (entry.value === null) {
    if (ring.json) printJson({ key, found: false, version: entry.version })
    else process.stderr.write(`chordkv config: key ${JSON.stringify(key)} holds no document (version ${entry.version})\n`)
    return EXIT_FAILED
  }
  const doc = documentOf(key, entry.value)
  if (ring.json) printJson({ key, found: true, version: entry.version, value: doc })
  else process.stdout.write(JSON.stringify(doc) + '\n')
  return EXIT_OK
}

/** set (doc given) or del (doc undefined), with an optional compare-and-set. */
async function write (ring: ReturnType<typeof ringArgs>, key: string, doc: unknown, ifVersion: bigint | undefined): Promise<number> {
  let bytes: Uint8Array | null = null
  if (doc !== undefined) {
    bytes = new TextEncoder().encode(JSON.stringify(doc))
    if (bytes.length > MAX_REGISTER_BYTES) throw new UsageError(`VALUE is ${bytes.length} bytes of JSON, more than ${MAX_REGISTER_BYTES}`)
  }
  const result = await withClient(ring, async db => await refusingBadInput(async () => await resolvedPut(db.coord, key, bytes, ifVersion)))
  if (result.ok) {
    if (ring.json) printJson({ key, ok: true, version: result.version })
    else process.stdout.write(`OK version ${result.version}\n`)
    return EXIT_OK
  }
  if (ring.json) printJson({ key, ok: false, version: result.current.version })
  else process.stderr.write(`chordkv config: key ${JSON.stringify(key)} is at version ${result.current.version}, not ${ifVersion}; nothing changed\n`)
  return EXIT_FAILED
}

async function watch (ring: ReturnType<typeof ringArgs>, key: string, from: bigint | undefined, count: number | undefined): Promise<number> {
  const stop = interrupts()
  try {
    await withClient(ring, async db => {
      let printed = 0
      for await (const e of db.coord.watch(key, { signal: stop.signal, ...(from !== undefined ? { from } : {}) })) {
        const value = e.type === 'delete' ? null : documentOf(key, e.value)
        if (ring.json) printJson({ key, version: e.version, type: e.type, value })
        else process.stdout.write(`${e.version} ${e.type}${e.type === 'delete' ? '' : ' ' + JSON.stringify(value)}\n`)
        if (count !== undefined && ++printed >= count) return
      }
    })
  } finally {
    stop.dispose()
  }
  return EXIT_OK
}

/** Attempts of one write after answers that say it did not apply (Unavailable, settled Indeterminate). */
const WRITE_ATTEMPTS = 4
/** Compare-and-set races an unconditional set may lose before it gives up. */
const MAX_RACES = 20

function code (err: unknown): unknown {
  return (err as { code?: unknown }).code
}

/**
 * A put whose outcome is resolved, never guessed. It is always a compare-and-set (on
 * --if-version, or on the version read first). After an Indeterminate answer a linearizable
 * read settles it (CASPaxos: a write that read does not show can never be chosen later): one
 * of our writeIds there means applied; the base version still there means not applied (try
 * again, with a fresh writeId); a newer version means ours could only be the one right after
 * the base, which the history shows — "unknown" only when that history is gone.
 */
async function resolvedPut (coord: ClientCoord, key: string, bytes: Uint8Array | null, ifVersion: bigint | undefined): Promise<PutResult> {
  const ours = new Set<string>()
  let base = ifVersion ?? (await coord.get(key)).version
  let failures = 0
  for (let races = 0; races <= MAX_RACES;) {
    const writeId = `cli-${randomUUID()}`
    ours.add(writeId)
    let failure: unknown
    try {
      const r = await coord.put(key, bytes, { ifVersion: base, writeId })
      if (r.ok || ifVersion !== undefined) return r
      base = r.current.version // an unconditional set lost a race: write on the newer version
      races++
      continue
    } catch (err) {
      if (code(err) !== CoordErrorCode.Indeterminate && code(err) !== CoordErrorCode.Unavailable) throw err
      failure = err
    }
    if (code(failure) === CoordErrorCode.Indeterminate) {
      const now = await coord.get(key)
      if (ours.has(now.writeId)) return { ok: true, version: now.version }
      if (now.version < base) return { ok: false, current: now } // --if-version ahead of the key
      if (now.version > base) {
        const batch = await coord.watchNext(key, base, { waitMs: 0 })
        const next = batch.resync ? undefined : batch.events.find(e => e.version === base + 1n)
        if (next === undefined) {
          throw new UserError(`the write may or may not have been applied (${(failure as Error).message}); config key ${JSON.stringify(key)} is now at version ${now.version}`)
        }
        if (ours.has(next.writeId)) return { ok: true, version: next.version }
        if (ifVersion !== undefined) return { ok: false, current: now }
        base = now.version
        races++
      }
    }
    if (++failures >= WRITE_ATTEMPTS) throw failure
    await new Promise(resolve => setTimeout(resolve, 200 * failures))
  }
  throw new UserError(`config key ${JSON.stringify(key)} changed under ${MAX_RACES} attempts in a row; nothing was written`)
}

export const config: Command = {
  name: 'config',
  summary: 'get, set (compare-and-set by version), delete and watch config documents',
  usage,
  run
}
