/**
 * `chordkv incr KEY [DELTA] [--decr]`: adds to (or subtracts from) a decimal counter.
 */
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../errors.ts'
import {
  exitCodesHelp, keyArg, positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, u64Arg, withClient
} from './kv-common.ts'

const usage = `Usage: chordkv incr KEY [DELTA] (--peer MA | --testnet FILE) [options]

Adds DELTA (default 1) to the decimal number stored under KEY and prints the new value,
as memcached's incr: unsigned 64-bit, wrapping past 18446744073709551615. With --decr,
subtracts instead, stopping at 0. The key must exist (set it to 0 first); a key that is
not stored says so on stderr and exits 1, a value that is not a number fails (exit 1).
With --json, prints {"key":…,"value":"N"} (or {"key":…,"found":false}).

Options:
  --decr             subtract DELTA instead of adding it
${ringOptionsHelp}

Examples:
  chordkv set visits 0 --testnet testnet.json
  chordkv incr visits --testnet testnet.json
  chordkv incr stock:42 5 --decr --testnet testnet.json

${exitCodesHelp}`

const options = {
  ...ringOptions,
  decr: { type: 'boolean' }
} as const

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [rawKey, rawDelta] = positionals(given, ['KEY', 'DELTA'], 1)
  const key = keyArg(rawKey)
  const delta = rawDelta === undefined ? 1n : u64Arg(rawDelta, 'DELTA')
  const ring = ringArgs(values)
  const value = await withClient(ring, async db => values.decr === true ? await db.decr(key, delta) : await db.incr(key, delta))
  if (value === undefined) {
    if (ring.json) printJson({ key, found: false })
    else process.stderr.write(`chordkv incr: key ${JSON.stringify(key)} not found\n`)
    return EXIT_FAILED
  }
  if (ring.json) printJson({ key, value })
  else process.stdout.write(`${value}\n`)
  return EXIT_OK
}

export const incr: Command = {
  name: 'incr',
  summary: 'add to (or with --decr subtract from) a counter',
  usage,
  run
}
