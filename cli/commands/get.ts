/**
 * `chordkv get KEY`: prints the value of KEY, raw, on stdout; exit 1 when it is not stored.
 */
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../errors.ts'
import { exitCodesHelp, jsonValue, keyArg, positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

const usage = `Usage: chordkv get KEY (--peer MA | --testnet FILE) [options]

Prints the value stored under KEY on stdout as it is (no newline added). With --json,
prints {"key":…,"found":true,"value":"…","flags":N,"cas":"N"} instead ("valueBase64"
in place of "value" when the value is not UTF-8 text); the cas is what 'chordkv cas'
takes. A key that is not stored prints a sentence on stderr (with --json,
{"key":…,"found":false} on stdout) and exits 1.

Options:
${ringOptionsHelp}

Examples:
  chordkv get greeting --testnet testnet.json
  chordkv get greeting --peer /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW… --json
  chordkv get image:1 --testnet testnet.json > image.png

${exitCodesHelp}`

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, ringOptions, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [key] = positionals(given, ['KEY']).map(keyArg)
  const ring = ringArgs(values)
  const item = await withClient(ring, async db => await db.gets(key))
  if (item === undefined) {
    if (ring.json) printJson({ key, found: false })
    else process.stderr.write(`chordkv get: key ${JSON.stringify(key)} not found\n`)
    return EXIT_FAILED
  }
  if (ring.json) printJson({ key, found: true, ...jsonValue(item.value), flags: item.flags, cas: item.cas })
  else process.stdout.write(item.value)
  return EXIT_OK
}

export const get: Command = {
  name: 'get',
  summary: 'print the value of a key',
  usage,
  run
}
