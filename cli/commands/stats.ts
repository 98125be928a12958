/**
 * `chordkv stats`: each peer's counters from its GET /stats, one row per peer (items, bytes,
 * evictions, hits and misses, operations, keys moved, repairs, quorum failures, stabilize
 * rounds, lookups and mean hops), or the raw answers with --json.
 */
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK, UsageError, UserError } from '../errors.ts'
import { adminOptions, adminOptionsHelp, adminTargets, getJson, table } from './admin-common.ts'

const usage = `Usage: chordkv stats (--testnet FILE | --http HOST:PORT…) [--json]

Prints each peer's counters (from its admin GET /stats), one row per peer:
  items     values held (memcached curr_items; replicas included)
  bytes     bytes charged for them (memcached bytes)
  evict     items evicted to stay under --memory
  hits/miss get hits and misses (memcached get_hits, get_misses)
  ops       KV operations clients asked this peer for
  moved     keys received/sent by joins, leaves and repair
  repaired  items anti-entropy sent across
  qfail     writes refused: fewer than W copies answered
  stab      stabilize rounds
  lookups   ring lookups, and their mean hops
With --json, one JSON line per peer: its /stats answer as is.

Options:
${adminOptionsHelp.split('\n').filter(l => !l.includes('--peer MA')).join('\n')}

Examples:
  chordkv stats --testnet testnet.json
  chordkv stats --http 127.0.0.1:8001 --http 127.0.0.1:8002 --json

Exit codes: 0 ok, 1 a peer could not be read, 2 usage error.`

interface StatsAnswer {
  peerId: string
  store?: Record<string, number>
  kv?: Record<string, number>
  chord?: Record<string, number>
  ops?: { client?: number }
}

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals } = parse(args, adminOptions, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
  if (values.peer !== undefined) throw new UsageError('stats reads admin HTTP: give --testnet FILE or --http HOST:PORT (not --peer)')
  const targets = await adminTargets(values)
  const answers = await Promise.all(targets.http.map(async address => ({ address, stats: await getJson<StatsAnswer>(address, '/stats', targets.timeoutMs) })))
  if (answers.length === 0) throw new UserError('no peer to ask')
  if (targets.json) {
    for (const { address, stats } of answers) process.stdout.write(JSON.stringify({ http: address, ...stats }) + '\n')
    return EXIT_OK
  }
  const n = (x: number | undefined): string => x === undefined ? '-' : String(x)
  const rows = [['peer', 'http', 'items', 'bytes', 'evict', 'hits', 'miss', 'ops', 'moved in/out', 'repaired', 'qfail', 'stab', 'lookups', 'hops'],
    ...answers.map(({ address, stats: s }) => {
      const lookups = s.chord?.lookups
      const hops = lookups !== undefined && lookups > 0 && s.chord?.lookupHops !== undefined ? (s.chord.lookupHops / lookups).toFixed(2) : '-'
      return [
        s.peerId.length > 12 ? `…${s.peerId.slice(-8)}` : s.peerId, address,
        n(s.store?.curr_items), n(s.store?.bytes), n(s.store?.evictions), n(s.store?.get_hits), n(s.store?.get_misses),
        n(s.ops?.client), `${n(s.kv?.keysMovedIn)}/${n(s.kv?.keysMovedOut)}`, n(s.kv?.repaired), n(s.kv?.quorumFailures),
        n(s.chord?.stabilizeRounds), n(lookups), hops
      ]
    })]
  process.stdout.write(table(rows, new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13])) + '\n')
  return EXIT_OK
}

export const stats: Command = {
  name: 'stats',
  summary: 'print each peer\'s counters (items, hits, ops, moved keys, repairs, lookups)',
  usage,
  run
}
