/**
 * `chordkv testnet`: start N peers as OS processes on 127.0.0.1, wait for a consistent ring,
 * print a table, write the descriptor, and stop them all on SIGINT/SIGTERM.
 */
import { resolve } from 'node:path'
import { startTestnet, type Testnet, type TestnetPeer } from '../../testnet/index.ts'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_OK, UsageError, UserError } from '../errors.ts'

const usage = `Usage: chordkv testnet --peers N [options]

Starts N chordkv peers on this machine, each a separate OS process (so kill -9 is real).
The first creates the ring, the others join it. When every peer's /ring agrees on a
correct ring, it prints a table of the peers and writes the descriptor file:
  {"vnodes":V,"replicas":R,"peers":[{"peerId":"12D3…","pid":1234,
    "multiaddrs":["/ip4/127.0.0.1/tcp/…/p2p/…"],"http":"127.0.0.1:PORT","memcached":"127.0.0.1:PORT"}]}
It runs until SIGINT or SIGTERM, then stops every peer (SIGTERM, SIGKILL after 5 s).
Progress goes to stderr, the table to stdout.

Options:
  --peers N                   number of peers (required, 1 to 256)
  --vnodes V                  virtual nodes per peer (default 8)
  --replicas R                replication factor (default 3)
  --out FILE                  write the descriptor JSON to FILE
  --base-port P               peer i uses ports P+3i (libp2p), P+3i+1 (HTTP) and
                              P+3i+2 (memcached); default: free ports picked by the system
  --memcached, --no-memcached give every peer a memcached ASCII-protocol port (default on)
  --stabilize-interval-ms MS  mean period of stabilization of every peer, in ms
  --timeout-ms MS             how long to wait for a consistent ring (default 60000)
  -h, --help                  show this help

Examples:
  chordkv testnet --peers 4 --out testnet.json
  chordkv testnet --peers 16 --vnodes 4 --base-port 20000 --stabilize-interval-ms 200

Exit codes: 0 stopped by a signal after coming up, 1 did not come up, 2 usage error.`

const options = {
  peers: { type: 'string' },
  vnodes: { type: 'string' },
  replicas: { type: 'string' },
  out: { type: 'string' },
  'base-port': { type: 'string' },
  'stabilize-interval-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  memcached: { type: 'boolean' },
  'no-memcached': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

export interface TestnetArgs {
  readonly help: boolean
  readonly peers: number
  readonly vnodes?: number
  readonly replicas?: number
  readonly out?: string
  readonly basePort?: number
  readonly stabilizeIntervalMs?: number
  readonly timeoutMs?: number
  /** Give every peer a memcached port (default true). */
  readonly memcached?: boolean
}

/** Parses `chordkv testnet` arguments; throws UsageError. */
export function parseTestnetArgs (args: readonly string[]): TestnetArgs {
  const { values } = parse(args, options)
  if (values.help === true) return { help: true, peers: 0 }
  const peers = intOption(values.peers, 'peers', 1, 256)
  if (peers === undefined) throw new UsageError('--peers is required')
  const basePort = intOption(values['base-port'], 'base-port', 1024, 65535)
  if (basePort !== undefined && basePort + 3 * peers > 65536) {
    throw new UsageError(`--base-port ${basePort} leaves no room for ${peers} peers (3 ports each)`)
  }
  return {
    help: false,
    peers,
    vnodes: intOption(values.vnodes, 'vnodes', 1, 1024),
    replicas: intOption(values.replicas, 'replicas', 1, 16),
    out: values.out === undefined ? undefined : resolve(values.out),
    basePort,
    stabilizeIntervalMs: intOption(values['stabilize-interval-ms'], 'stabilize-interval-ms', 1, 3_600_000),
    timeoutMs: intOption(values['timeout-ms'], 'timeout-ms', 1, 3_600_000),
    memcached: values['no-memcached'] !== true
  }
}

/** The peers as an aligned text table. */
export function peerTable (peers: readonly TestnetPeer[]): string {
  const rows = [['#', 'peer', 'pid', 'multiaddr', 'http', 'memcached'], ...peers.map((p, i) => [
    String(i), p.peerId, String(p.pid), p.multiaddrs[0] ?? '-', p.http, p.memcached ?? '-'
  ])]
  const widths = rows[0].map((_, col) => Math.max(...rows.map(r => r[col].length)))
  return rows.map(r => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()).join('\n')
}

async function run (args: readonly string[]): Promise<number> {
  const parsed = parseTestnetArgs(args)
  if (parsed.help) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }

  // Signals before the testnet is up abort the startup; after, they stop it.
  const aborter = new AbortController()
  let stopRequested: (signal: string) => void = () => {}
  const stopped = new Promise<string>(resolve => { stopRequested = resolve })
  const onSignal = (signal: NodeJS.Signals): void => {
    aborter.abort(new UserError(`interrupted by ${signal} while starting`))
    stopRequested(signal)
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)

  let testnet: Testnet
  try {
    testnet = await startTestnet({
      peers: parsed.peers,
      vnodes: parsed.vnodes,
      replicas: parsed.replicas,
      basePort: parsed.basePort,
      out: parsed.out,
      stabilizeIntervalMs: parsed.stabilizeIntervalMs,
      memcached: parsed.memcached,
      consistentTimeoutMs: parsed.timeoutMs,
      signal: aborter.signal,
      onProgress: message => { process.stderr.write(`testnet: ${message}\n`) },
      onPeerExit: (i, peer, code, signal) => {
        process.stderr.write(`testnet: peer ${i} (pid ${peer.pid}) exited unexpectedly (${signal ?? `code ${code}`})\n`)
      }
    })
  } catch (err) {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    throw err
  }

  process.stdout.write(peerTable(testnet.peers) + '\n')
  if (parsed.out !== undefined) process.stderr.write(`testnet: descriptor written to ${parsed.out}\n`)
  process.stderr.write(`testnet: ${testnet.peers.length} peers up and consistent; Ctrl-C stops them\n`)

  const signal = await stopped
  process.stderr.write(`testnet: ${signal}, stopping ${testnet.peers.length} peers\n`)
  await testnet.stop()
  process.off('SIGINT', onSignal)
  process.off('SIGTERM', onSignal)
  process.stderr.write('testnet: stopped\n')
  return EXIT_OK
}

export const testnet: Command = {
  name: 'testnet',
  summary: 'start N peers as local processes and wait for a consistent ring',
  usage,
  run
}
