/**
 * `chordkv swarm-key`: prints a new libp2p private-network swarm key. Give the same file to
 * every peer (`chordkv start --swarm-key FILE`) and client; no one else can even connect.
 */
import { parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK } from '../errors.ts'

const usage = `Usage: chordkv swarm-key > swarm.key

Prints a new random swarm key (the /key/swarm/psk/1.0.0/ format libp2p uses for private
networks). Peers started with --swarm-key FILE talk only to peers holding the same key;
keep the file secret (mode 0600).

Examples:
  chordkv swarm-key > swarm.key && chmod 600 swarm.key
  chordkv start --swarm-key swarm.key --listen /ip4/0.0.0.0/tcp/4001

Exit codes: 0 ok, 2 usage error.`

async function run (args: readonly string[]): Promise<number> {
  const { values } = parse(args, { help: { type: 'boolean', short: 'h' } })
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  const { generateKey } = await import('@libp2p/pnet')
  const key = new Uint8Array(95)
  generateKey(key)
  process.stdout.write(key)
  return EXIT_OK
}

export const swarmKey: Command = { name: 'swarm-key', summary: 'print a new private-network swarm key', usage, run }
