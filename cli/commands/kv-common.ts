/**
 * What the KV commands (get, set, del, cas, incr) share: how to find the ring (--peer or
 * --testnet), --json and --timeout-ms, key and number arguments, and running one operation
 * with a client that is closed afterwards. The client library is loaded only when a command
 * runs, so --help and usage errors do not pay for loading libp2p.
 */
import { readFile } from 'node:fs/promises'
import type { Client } from '../../client/index.ts'
import { BadKeyError } from '../../client/errors.ts'
import { checkKey } from '../../client/validate.ts'
import { intOption, multiaddrOptions } from '../args.ts'
import { UsageError, UserError } from '../errors.ts'

/** Options every KV command takes. */
export const ringOptions = {
  peer: { type: 'string', multiple: true },
  testnet: { type: 'string' },
  'timeout-ms': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

/** Their lines of a command's --help. */
export const ringOptionsHelp = `  --peer MA          multiaddr of a ring member, repeatable (tried in turn)
  --testnet FILE     the descriptor of 'chordkv testnet --out FILE' (its peers are the bootstrap)
  --timeout-ms MS    deadline of one request to a peer, in ms (default 5000)
  --json             print the result as one JSON line on stdout
  -h, --help         show this help`

export const exitCodesHelp = 'Exit codes: 0 ok, 1 not found or failed, 2 usage error.'

/** Where the ring is, as the command line says. */
export interface RingArgs {
  readonly peers: readonly string[]
  readonly testnetFile?: string
  readonly timeoutMs?: number
  readonly json: boolean
}

interface RingValues {
  peer?: string[]
  testnet?: string
  'timeout-ms'?: string
  json?: boolean
}

/** The ring options of parsed values; throws UsageError when neither --peer nor --testnet is given. */
export function ringArgs (values: RingValues): RingArgs {
  const peers = multiaddrOptions(values.peer, 'peer')
  if (peers.length === 0 && values.testnet === undefined) throw new UsageError('give --peer MULTIADDR or --testnet FILE')
  return {
    peers,
    testnetFile: values.testnet,
    timeoutMs: intOption(values['timeout-ms'], 'timeout-ms', 1, 3_600_000),
    json: values.json === true
  }
}

/** The positional arguments, exactly `names` of them at least `required`; throws UsageError. */
export function positionals (given: readonly string[], names: readonly string[], required: number = names.length): string[] {
  if (given.length < required) throw new UsageError(`missing ${names.slice(given.length, required).join(' and ')}`)
  if (given.length > names.length) throw new UsageError(`unexpected argument ${JSON.stringify(given[names.length])}`)
  return [...given]
}

/** A KEY argument; a key the ring would refuse is a usage error. */
export function keyArg (key: string): string {
  try {
    checkKey(key)
  } catch (err) {
    if (err instanceof BadKeyError) throw new UsageError(err.message)
    throw err
  }
  return key
}

/** An unsigned 64-bit decimal argument (a CAS unique, a delta). */
export function u64Arg (value: string, name: string): bigint {
  if (!/^\d{1,20}$/.test(value) || BigInt(value) >= 1n << 64n) {
    throw new UsageError(`${name} must be a whole number from 0 to 18446744073709551615, got ${JSON.stringify(value)}`)
  }
  return BigInt(value)
}

/** The bootstrap multiaddrs: --peer ones first, then every address of the testnet's peers. */
export async function bootstrapOf (ring: RingArgs): Promise<string[]> {
  const out = [...ring.peers]
  if (ring.testnetFile !== undefined) {
    let descriptor: unknown
    try {
      descriptor = JSON.parse(await readFile(ring.testnetFile, 'utf8'))
    } catch (err) {
      throw new UserError(`cannot read the testnet descriptor ${ring.testnetFile}: ${(err as Error).message}`)
    }
    const peers = (descriptor as { peers?: unknown } | null)?.peers
    if (!Array.isArray(peers)) throw new UserError(`${ring.testnetFile} is not a testnet descriptor (no "peers" list)`)
    for (const peer of peers) {
      const addrs = (peer as { multiaddrs?: unknown } | null)?.multiaddrs
      if (Array.isArray(addrs)) out.push(...addrs.filter((a): a is string => typeof a === 'string'))
    }
    if (out.length === 0) throw new UserError(`the testnet descriptor ${ring.testnetFile} lists no peer address`)
  }
  return out
}

/** Connects, runs `op`, closes. A ring that cannot be reached is one sentence, exit 1. */
export async function withClient<T> (ring: RingArgs, op: (db: Client) => Promise<T>): Promise<T> {
  const bootstrap = await bootstrapOf(ring)
  const { connect } = await import('../../client/index.ts')
  let db: Client
  try {
    db = await connect({ bootstrap, timeoutMs: ring.timeoutMs })
  } catch (err) {
    throw new UserError(`cannot reach the ring: ${(err as Error).message}`)
  }
  try {
    return await op(db)
  } finally {
    await db.close()
  }
}

/** One JSON line on stdout (bigints as decimal strings). */
export function printJson (value: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(value, (_k, v: unknown) => typeof v === 'bigint' ? v.toString() : v) + '\n')
}

/** A value for JSON: UTF-8 text when it is, else base64. */
export function jsonValue (value: Uint8Array): { value: string } | { valueBase64: string } {
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(value) }
  } catch {
    return { valueBase64: Buffer.from(value).toString('base64') }
  }
}

/** All of stdin, as bytes (for `set KEY` without VALUE). */
export async function readStdin (): Promise<Uint8Array> {
  const parts: Buffer[] = []
  for await (const chunk of process.stdin) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}
