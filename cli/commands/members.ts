/**
 * `chordkv members GROUP`: the versioned member list of a group; `--join ID` stays a member
 * until interrupted; `--watch` prints the list at every change.
 */
import type { Membership, MembersSnapshot } from '../../node/coord/recipes/index.ts'
import { MAX_META_BYTES } from '../../node/coord/recipes/index.ts'
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK, UsageError, UserError } from '../errors.ts'
import {
  countOption, interrupts, nameArg, reasonOf, refusingBadInput, textOf, ttlHelp, ttlOption, untilAborted
} from './coord-common.ts'
import { jsonValue, positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

const usage = `Usage: chordkv members GROUP (--peer MA | --testnet FILE) [options]
       chordkv members GROUP --join ID [--meta TEXT] [--ttl-ms MS] [--watch] …
       chordkv members GROUP --watch [--count N] …

Group membership with leases. Prints the group's member list and its version:
'version V' on the first line, then one 'ID META' line per member (with --json,
{"group":…,"version":"V","members":[{"id":…,"meta":…},…]}). The version grows at
every join, leave and removal.

  --join ID   joins GROUP as ID (with --meta TEXT, up to ${MAX_META_BYTES} bytes), prints
              'joined GROUP as ID' ({"group":…,"joined":ID}), and stays a member,
              renewing its lease every TTL/3, until interrupted (Ctrl-C, SIGTERM):
              then it leaves and exits 0. A member that stops renewing is removed by
              the others about TTL·1.1 later; if that happens to this one (it was
              paused or cut off), it says so and exits 1. An ID already in the group
              is refused (exit 1).
  --watch     prints the list now and at every change, one line each:
              'version V: ID ID …' (JSON as above). Runs until interrupted, or
              until --count lines were printed. With --join, it watches while a member.

Options:
  --join ID          join the group as ID
  --meta TEXT        --join: what the other members see of ID (an address, say)
${ttlHelp}
  --watch            print the member list at every change
  --count N          --watch: exit 0 after N lines
${ringOptionsHelp}

Examples:
  chordkv members workers --testnet testnet.json
  chordkv members workers --join worker-1 --meta 10.0.0.5:9000 --testnet testnet.json
  chordkv members workers --watch --json --testnet testnet.json

Exit codes: 0 ok, 1 failed (ID already a member, membership lost), 2 usage error.`

const options = {
  ...ringOptions,
  join: { type: 'string' },
  meta: { type: 'string' },
  'ttl-ms': { type: 'string' },
  watch: { type: 'boolean' },
  count: { type: 'string' }
} as const

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [rawGroup] = positionals(given, ['GROUP'])
  const group = nameArg(rawGroup, 'group name')
  const id = values.join === undefined ? undefined : nameArg(values.join, 'member id')
  if (id === undefined) {
    for (const flag of ['meta', 'ttl-ms'] as const) {
      if (values[flag] !== undefined) throw new UsageError(`--${flag} applies to --join only`)
    }
  }
  const meta = values.meta ?? ''
  if (Buffer.byteLength(meta) > MAX_META_BYTES) throw new UsageError(`--meta is ${Buffer.byteLength(meta)} bytes, more than ${MAX_META_BYTES}`)
  if (values.count !== undefined && values.watch !== true) throw new UsageError('--count applies to --watch only')
  const count = countOption(values.count)
  const ttlMs = ttlOption(values['ttl-ms'])
  const ring = ringArgs(values)
  if (id === undefined && values.watch !== true) {
    const snapshot = await withClient(ring, async db => await db.coord.members(group))
    printSnapshot(group, snapshot, ring.json, false)
    return EXIT_OK
  }
  const stop = interrupts()
  try {
    return await withClient(ring, async db => {
      let membership: Membership | undefined
      if (id !== undefined) {
        membership = await refusingBadInput(async () => await db.coord.join(group, id, meta, { ttlMs }))
        if (ring.json) printJson({ group, joined: id })
        else process.stdout.write(`joined ${group} as ${id}\n`)
      }
      const watching = new AbortController()
      const stopWatching = (): void => { watching.abort() }
      stop.signal.addEventListener('abort', stopWatching, { once: true })
      membership?.lost.addEventListener('abort', stopWatching, { once: true })
      if (values.watch === true) {
        let printed = 0
        for await (const snapshot of db.coord.watchMembers(group, { signal: watching.signal })) {
          printSnapshot(group, snapshot, ring.json, true)
          if (count !== undefined && ++printed >= count) break
        }
      } else {
        await untilAborted(watching.signal)
      }
      if (membership === undefined) return EXIT_OK
      if (membership.lost.aborted) {
        await membership.leave().catch(() => {})
        throw new UserError(`lost the membership of ${JSON.stringify(id)} in group ${JSON.stringify(group)}: ${reasonOf(membership.lost)}`)
      }
      await membership.leave()
      return EXIT_OK
    })
  } finally {
    stop.dispose()
  }
}

function printSnapshot (group: string, snapshot: MembersSnapshot, json: boolean, oneLine: boolean): void {
  if (json) {
    printJson({ group, version: snapshot.version, members: snapshot.members.map(m => ({ id: m.id, ...metaJson(m.meta) })) })
  } else if (oneLine) {
    process.stdout.write(`version ${snapshot.version}:${snapshot.members.map(m => ' ' + m.id).join('')}\n`)
  } else {
    process.stdout.write(`version ${snapshot.version}\n${snapshot.members.map(m => `${m.id}${m.meta.length > 0 ? ' ' + textOf(m.meta) : ''}\n`).join('')}`)
  }
}

function metaJson (meta: Uint8Array): { meta: string } | { metaBase64: string } {
  const v = jsonValue(meta)
  return 'value' in v ? { meta: v.value } : { metaBase64: v.valueBase64 }
}

export const members: Command = {
  name: 'members',
  summary: 'list, join (with a lease) or watch the members of a group',
  usage,
  run
}
