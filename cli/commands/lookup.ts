/**
 * `chordkv lookup KEY`: where a key lives: its id, its primary vnode and peer, its replica
 * set, and the hops a ring lookup took. Over admin HTTP (GET /lookup on one peer: a real
 * Chord lookup from that peer), or over libp2p with --peer (the client's ring view: owner and
 * replicas without a lookup, so no hop count).
 */
import { hashToId, idToHex } from '../../ring/id.ts'
import type { LookupAnswer } from '../../node/http/server.ts'
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK, UserError } from '../errors.ts'
import { adminOptions, adminOptionsHelp, adminTargets, getJson, table } from './admin-common.ts'
import { keyArg, positionals, printJson } from './kv-common.ts'

const usage = `Usage: chordkv lookup KEY (--testnet FILE | --http HOST:PORT | --peer MA) [--json]

Prints where KEY lives: its ring id, its primary (the owner vnode and its peer), its replica
set (primary first, r vnodes on distinct peers) and how many peers the lookup asked (hops).
With --testnet or --http, the first peer answering runs a Chord lookup (GET /lookup); with
--peer, the client's ring view says where the key is (no lookup, so no hop count).

Options:
${adminOptionsHelp}

Examples:
  chordkv lookup user:42 --testnet testnet.json
  chordkv lookup user:42 --http 127.0.0.1:8001 --json
  chordkv lookup user:42 --peer /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…

Exit codes: 0 ok, 1 the ring could not be asked, 2 usage error (such as a key the ring refuses).`

/** A lookup answer; hops is null when no lookup ran (the client's view). */
type Located = Omit<LookupAnswer, 'hops'> & { hops: number | null }

/** Answers over libp2p, from the client's ring view. */
async function viaClient (key: string, peers: readonly string[], timeoutMs: number): Promise<Located> {
  const { connect } = await import('../../client/index.ts')
  let db
  try {
    db = await connect({ bootstrap: peers, timeoutMs })
  } catch (err) {
    throw new UserError(`cannot reach the ring: ${(err as Error).message}`)
  }
  try {
    const view = db.ring()
    const keyId = hashToId(key, view.m)
    const ref = (v: { id: bigint, peerId: string }): { id: string, peerId: string } => ({ id: idToHex(v.id, view.m), peerId: v.peerId })
    const replicas = view.replicas(keyId, 3).map(ref)
    if (replicas.length === 0) throw new UserError('the ring view is empty')
    return { key, keyId: idToHex(keyId, view.m), owner: replicas[0], replicas, hops: null }
  } finally {
    await db.close()
  }
}

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, adminOptions, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [key] = positionals(given, ['KEY']).map(keyArg)
  const targets = await adminTargets(values)
  let answer: Located | undefined
  const failures: string[] = []
  for (const address of targets.http) {
    try {
      answer = await getJson<LookupAnswer>(address, `/lookup?key=${encodeURIComponent(key)}`, targets.timeoutMs)
      break
    } catch (err) {
      failures.push((err as Error).message)
    }
  }
  if (answer === undefined && targets.peers.length > 0) answer = await viaClient(key, targets.peers, targets.timeoutMs)
  if (answer === undefined) throw new UserError(failures[0] ?? 'no peer answered')
  if (targets.json) {
    printJson({ ...answer })
    return EXIT_OK
  }
  const rows = [['', 'vnode id', 'peer'], ...answer.replicas.map((r, i) => [i === 0 ? 'primary' : `replica ${i}`, r.id, r.peerId])]
  process.stdout.write([
    `key      ${answer.key}`,
    `key id   ${answer.keyId}`,
    `owner    ${answer.owner.peerId} (vnode ${answer.owner.id.slice(0, 16)}…)`,
    `hops     ${answer.hops === null ? 'n/a (from the client\'s ring view)' : answer.hops}`,
    '',
    table(rows)
  ].join('\n') + '\n')
  return EXIT_OK
}

export const lookup: Command = {
  name: 'lookup',
  summary: 'show where a key lives: owner, replicas, lookup hops',
  usage,
  run
}
