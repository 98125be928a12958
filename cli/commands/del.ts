/**
 * `chordkv del KEY`: deletes KEY; exit 1 when it was not stored.
 */
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK } from '../errors.ts'
import { exitCodesHelp, keyArg, positionals, printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

const usage = `Usage: chordkv del KEY (--peer MA | --testnet FILE) [options]

Deletes KEY. Prints OK (with --json, {"key":…,"deleted":true}). A key that was not
stored prints a sentence on stderr (with --json, {"key":…,"deleted":false}) and exits 1.

Options:
${ringOptionsHelp}

Examples:
  chordkv del greeting --testnet testnet.json
  chordkv del session:42 --peer /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW… --json

${exitCodesHelp}`

async function run (args: readonly string[]): Promise<number> {
  const { values, positionals: given } = parse(args, ringOptions, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const [key] = positionals(given, ['KEY']).map(keyArg)
  const ring = ringArgs(values)
  const deleted = await withClient(ring, async db => await db.delete(key))
  if (ring.json) printJson({ key, deleted })
  else if (deleted) process.stdout.write('OK\n')
  else process.stderr.write(`chordkv del: key ${JSON.stringify(key)} not found\n`)
  return deleted ? EXIT_OK : EXIT_FAILED
}

export const del: Command = {
  name: 'del',
  summary: 'delete a key',
  usage,
  run
}
