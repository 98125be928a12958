/**
 * The `chordkv` command line: `chordkv <command> [options]`. Dispatches to one module per
 * command under cli/commands/ and maps errors to exit codes: 0 ok, 1 failed (one sentence on
 * stderr, never a stack trace), 2 usage (message and usage on stderr).
 */
import type { Command } from './command.ts'
import { cas } from './commands/cas.ts'
import { config } from './commands/coord-config.ts'
import { del } from './commands/del.ts'
import { elect } from './commands/elect.ts'
import { get } from './commands/get.ts'
import { incr } from './commands/incr.ts'
import { jobs } from './commands/jobs.ts'
import { lock } from './commands/lock.ts'
import { lookup } from './commands/lookup.ts'
import { members } from './commands/members.ts'
import { ring } from './commands/ring.ts'
import { stats } from './commands/stats.ts'
import { swarmKey } from './commands/swarm-key.ts'
import { set } from './commands/set.ts'
import { start } from './commands/start.ts'
import { testnet } from './commands/testnet.ts'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts'

export const commands: readonly Command[] = [start, testnet, get, set, del, cas, incr, ring, stats, lookup, swarmKey, jobs, lock, config, elect, members]

export const usage = `Usage: chordkv <command> [options]

A Chord distributed hash table over libp2p.

Commands:
${commands.map(c => `  ${c.name.padEnd(10)}${c.summary}`).join('\n')}

Run 'chordkv <command> --help' for the options of a command.

Examples:
  chordkv start --http-port 8001
  chordkv start --bootstrap /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW…
  chordkv testnet --peers 4 --out testnet.json
  chordkv set greeting hello --testnet testnet.json
  chordkv get greeting --testnet testnet.json
  chordkv ring --testnet testnet.json --svg ring.svg
  chordkv lookup greeting --testnet testnet.json
  chordkv stats --testnet testnet.json
  chordkv lock backup --testnet testnet.json -- ./backup.sh
  chordkv config set app/limits '{"rps":100}' --testnet testnet.json

Exit codes: 0 ok, 1 failed (or, for get, del, cas and incr, not found), 2 usage error.`

/** One line for stderr: the error's message, without a stack. */
function oneLine (err: unknown): string {
  const message = err instanceof Error ? err.message : String(err)
  return message.trim().split('\n')[0] || 'unknown error'
}

/** Runs `chordkv` with argv (without node and script); resolves to the exit code. */
export async function main (argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined) {
    process.stderr.write(`chordkv: missing command\n\n${usage}\n`)
    return EXIT_USAGE
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? commands.find(c => c.name === rest[0]) : undefined
    process.stdout.write((topic?.usage ?? usage) + '\n')
    return EXIT_OK
  }
  const command = commands.find(c => c.name === name)
  if (command === undefined) {
    process.stderr.write(`chordkv: unknown command ${JSON.stringify(name)}\n\n${usage}\n`)
    return EXIT_USAGE
  }
  try {
    return await command.run(rest)
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`chordkv ${command.name}: ${err.message}\n\n${command.usage}\n`)
      return EXIT_USAGE
    }
    process.stderr.write(`chordkv ${command.name}: ${oneLine(err)}\n`)
    return EXIT_FAILED
  }
}
