/**
 * `chordkv cas KEY VALUE CAS`: stores VALUE only if KEY was not written since its CAS
 * unique (from `chordkv get --json`) was CAS.
 */
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../errors.ts'
import {
  exitCodesHelp, keyArg, positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, u64Arg, withClient
} from './kv-common.ts'

const usage = `Usage: chordkv cas KEY VALUE CAS (--peer MA | --testnet FILE) [options]

Compare and swap: stores VALUE under KEY only if the key's CAS unique is still CAS,
as 'chordkv get KEY --json' printed it (nobody wrote the key since). Prints OK. When
the key changed since (EXISTS) or is gone (NOT_FOUND), says so on stderr and exits 1.
With --json, prints {"key":…,"outcome":"stored"|"exists"|"not_found"}.

Options:
  --ttl S            seconds until the key expires (default 0: never)
  --flags N          memcached client flags stored with the value, 0 to 4294967295
${ringOptionsHelp}

Examples:
  chordkv get counter --testnet testnet.json --json     # {"key":"counter",…,"cas":"1234"}
  chordkv cas counter 8 1234 --testnet testnet.json

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
  const [rawKey, value, rawCas] = positionals(given, ['KEY', 'VALUE', 'CAS'])
  const key = keyArg(rawKey)
  const cas = u64Arg(rawCas, 'CAS')
  const ring = ringArgs(values)
  const ttl = intOption(values.ttl, 'ttl', 0, 4_102_444_800)
  const flags = intOption(values.flags, 'flags', 0, 0xffff_ffff)
  const outcome = await withClient(ring, async db => await db.cas(key, value, cas, { ttl, flags }))
  if (ring.json) printJson({ key, outcome })
  else if (outcome === 'stored') process.stdout.write('OK\n')
  else if (outcome === 'exists') process.stderr.write(`chordkv cas: key ${JSON.stringify(key)} was written since CAS ${cas} (EXISTS)\n`)
  else process.stderr.write(`chordkv cas: key ${JSON.stringify(key)} not found\n`)
  return outcome === 'stored' ? EXIT_OK : EXIT_FAILED
}

export const cas: Command = {
  name: 'cas',
  summary: 'store a value only if the key is unchanged since it was read',
  usage,
  run
}
