/**
 * `chordkv set KEY [VALUE]`: stores VALUE (or stdin) under KEY.
 */
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK } from '../errors.ts'
import {
  exitCodesHelp, keyArg, positionals, printJson, readStdin, ringArgs, ringOptions, ringOptionsHelp, withClient
} from './kv-common.ts'

/** Longest --ttl, in seconds: what the client accepts (until 2100) is checked when it runs. */
const MAX_TTL_S = 4_102_444_800

const usage = `Usage: chordkv set KEY [VALUE] (--peer MA | --testnet FILE) [options]

Stores VALUE under KEY, replacing what was there. Without VALUE the value is read
from stdin, byte for byte (up to 1 MiB). Prints OK (with --json, {"key":…,"stored":true}).
A write whose outcome is unknown (a timeout, fewer copies than the write quorum)
fails with exit 1 and says so: read the key to find out.

Options:
  --ttl S            seconds until the key expires (default 0: never)
  --flags N          memcached client flags stored with the value, 0 to 4294967295
${ringOptionsHelp}

Examples:
  chordkv set greeting hello --testnet testnet.json
  chordkv set session:42 '{"user":7}' --ttl 3600 --peer /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…
  chordkv set image:1 --testnet testnet.json < image.png

${exitCodesHelp}`

const options = {
  ...ringOptions,
  ttl: { type: 'string' },
  flags: { type: 'string' }
} as const

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [rawKey, text] = positionals(given, ['KEY', 'VALUE'], 1)
  const key = keyArg(rawKey)
  const ring = ringArgs(values)
  const ttl = intOption(values.ttl, 'ttl', 0, MAX_TTL_S)
  const flags = intOption(values.flags, 'flags', 0, 0xffff_ffff)
  const value = text ?? await readStdin()
  await withClient(ring, async db => { await db.set(key, value, { ttl, flags }) })
  if (ring.json) printJson({ key, stored: true })
  else process.stdout.write('OK\n')
  return EXIT_OK
}

export const set: Command = {
  name: 'set',
  summary: 'store a value under a key',
  usage,
  run
}
