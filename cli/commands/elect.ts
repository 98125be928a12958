/**
 * `chordkv elect NAME VALUE`: campaigns in election NAME and stays leader until interrupted
 * (etcdctl elect's shape); `--leader` prints the current leader, `--observe` every change.
 */
import type { LeaderRecord, Leadership } from '../../node/coord/recipes/index.ts'
import { MAX_META_BYTES } from '../../node/coord/recipes/index.ts'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK, UsageError, UserError } from '../errors.ts'
import {
  countOption, interrupts, nameArg, reasonOf, refusingBadInput, textOf, ttlHelp, ttlOption, untilAborted
} from './coord-common.ts'
import { jsonValue, printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

const usage = `Usage: chordkv elect NAME VALUE (--peer MA | --testnet FILE) [options]
       chordkv elect NAME --leader …
       chordkv elect NAME --observe [--count N] …

Leader election. With VALUE, campaigns: waits until every earlier candidate of NAME
has resigned or lost its lease, then becomes leader and prints 'leader NAME term T'
(with --json, {"name":…,"term":"T","value":…}). The term is a fencing token: every
later leader of NAME has a larger one. It stays leader, renewing its lease every TTL/3,
until interrupted (Ctrl-C, SIGTERM): then it resigns, prints 'resigned NAME term T'
and exits 0. If it loses the lease (paused, cut off from the ring), it says so and
exits 1; the next candidate takes over about TTL·1.1 later.

  --leader    prints the current leader once: 'term T VALUE' ({"name":…,"term":"T",
              "value":…}); exits 1 when there is none ({"name":…,"leader":null}).
  --observe   prints the leader record now and at every change, one line each:
              'term T VALUE', 'term T resigned', or 'no leader' (JSON as for --leader,
              "value":null once resigned). Runs until interrupted, or --count lines.
              (A leader that crashed is shown until the next campaign ends its lease.)

VALUE is text of at most ${MAX_META_BYTES} bytes (a leader's address, say).

Options:
${ttlHelp}
  --wait-ms MS       campaign: give up (exit 1) if not elected within MS ms
  --leader           print the current leader and exit
  --observe          print the leader at every change
  --count N          --observe: exit 0 after N lines
${ringOptionsHelp}

Examples:
  chordkv elect scheduler host-a:8080 --testnet testnet.json
  chordkv elect scheduler --leader --testnet testnet.json --json
  chordkv elect scheduler --observe --testnet testnet.json

Exit codes: 0 ok, 1 failed (no leader for --leader, not elected in time, lease lost),
2 usage error.`

const options = {
  ...ringOptions,
  'ttl-ms': { type: 'string' },
  'wait-ms': { type: 'string' },
  leader: { type: 'boolean' },
  observe: { type: 'boolean' },
  count: { type: 'string' }
} as const

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  if (given.length === 0) throw new UsageError('missing NAME')
  const name = nameArg(given[0], 'election name')
  const reading = values.leader === true || values.observe === true
  if (values.leader === true && values.observe === true) throw new UsageError('give --leader or --observe, not both')
  if (reading) {
    if (given.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(given[1])} (no VALUE with --${values.leader === true ? 'leader' : 'observe'})`)
    for (const flag of ['ttl-ms', 'wait-ms'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to a campaign, not to --${values.leader === true ? 'leader' : 'observe'}`)
    }
  } else {
    if (given.length < 2) throw new UsageError('missing VALUE (or give --leader or --observe)')
    if (given.length > 2) throw new UsageError(`unexpected argument ${JSON.stringify(given[2])}`)
  }
  if (values.count !== undefined && values.observe !== true) throw new UsageError('--count applies to --observe only')
  const count = countOption(values.count)
  const ring = ringArgs(values)
  if (values.leader === true) return await leader(ring, name)
  if (values.observe === true) return await observe(ring, name, count)
  const value = given[1]
  if (Buffer.byteLength(value) > MAX_META_BYTES) throw new UsageError(`VALUE is ${Buffer.byteLength(value)} bytes, more than ${MAX_META_BYTES}`)
  return await campaign(ring, name, value, ttlOption(values['ttl-ms']), intOption(values['wait-ms'], 'wait-ms', 1, 86_400_000))
}

function printRecord (name: string, record: LeaderRecord | null, json: boolean): void {
  if (json) {
    if (record === null) printJson({ name, leader: null })
    else printJson({ name, term: record.term, ...(record.value === null ? { value: null } : jsonValue(record.value)) })
  } else if (record === null) {
    process.stdout.write('no leader\n')
  } else {
    process.stdout.write(`term ${record.term} ${record.value === null ? 'resigned' : textOf(record.value)}\n`)
  }
}

async function leader (ring: ReturnType<typeof ringArgs>, name: string): Promise<number> {
  const record = await withClient(ring, async db => await db.coord.leader(name))
  if (record === null) {
    if (ring.json) printJson({ name, leader: null })
    else process.stderr.write(`chordkv elect: election ${JSON.stringify(name)} has no leader\n`)
    return EXIT_FAILED
  }
  printRecord(name, record, ring.json)
  return EXIT_OK
}

async function observe (ring: ReturnType<typeof ringArgs>, name: string, count: number | undefined): Promise<number> {
  const stop = interrupts()
  try {
    await withClient(ring, async db => {
      let printed = 0
      for await (const record of db.coord.observe(name, { signal: stop.signal })) {
        printRecord(name, record, ring.json)
        if (count !== undefined && ++printed >= count) return
      }
    })
  } finally {
    stop.dispose()
  }
  return EXIT_OK
}

async function campaign (ring: ReturnType<typeof ringArgs>, name: string, value: string, ttlMs: number, waitMs: number | undefined): Promise<number> {
  const stop = interrupts()
  try {
    return await withClient(ring, async db => {
      let leadership: Leadership
      try {
        leadership = await refusingBadInput(async () => await db.coord.campaign(name, value, {
          ttlMs, signal: stop.signal, ...(waitMs !== undefined ? { timeoutMs: waitMs } : {})
        }))
      } catch (err) {
        if (stop.signal.aborted) throw new UserError(`interrupted (${stop.received() ?? 'signal'}) before election ${JSON.stringify(name)} was won`)
        throw err
      }
      if (ring.json) printJson({ name, term: leadership.term, value })
      else process.stdout.write(`leader ${name} term ${leadership.term}\n`)
      await Promise.race([untilAborted(stop.signal), untilAborted(leadership.lost)])
      if (leadership.lost.aborted) {
        await leadership.resign().catch(() => {})
        throw new UserError(`lost the leadership of ${JSON.stringify(name)} (term ${leadership.term}): ${reasonOf(leadership.lost)}`)
      }
      await leadership.resign()
      if (ring.json) printJson({ name, term: leadership.term, resigned: true })
      else process.stdout.write(`resigned ${name} term ${leadership.term}\n`)
      return EXIT_OK
    })
  } finally {
    stop.dispose()
  }
}

export const elect: Command = {
  name: 'elect',
  summary: 'campaign for leadership (term = fencing token), or show the leader',
  usage,
  run
}
