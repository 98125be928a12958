/**
 * `chordkv start`: run one peer in the foreground until SIGINT/SIGTERM, then leave the ring
 * gracefully. Prints one JSON line on stdout when it serves (the testnet waits for it).
 */
import { connect } from 'node:net'
import type { Peer, PeerOptions } from '../../node/daemon.ts'
import { byteSizeOption, intOption, multiaddrOptions, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { withConfig } from '../config.ts'
import { EXIT_FAILED, EXIT_OK, UsageError } from '../errors.ts'
import { zoneProblem } from '../../node/chord/messages.ts'

/** How long a graceful leave may take before the peer just stops, in ms. */
export const LEAVE_TIMEOUT_MS = 10_000

const usage = `Usage: chordkv start [options]

Runs one chordkv peer in the foreground. Without --bootstrap it creates a new ring;
with it, it joins the ring through the first bootstrap peer that answers. When it
serves, it prints one JSON line on stdout:
  {"event":"ready","peerId":"12D3…","pid":1234,"multiaddrs":["/ip4/…/p2p/12D3…"],"http":"127.0.0.1:PORT",
   "memcached":"127.0.0.1:PORT","version":"0.1.0","build":"…","zone":null}
  ("memcached":null without --memcached-port; "build" as /health reports it, see below)
On SIGINT or SIGTERM it leaves the ring gracefully and exits 0 (a second signal stops
it at once).

Options:
  --listen MA                 libp2p listen multiaddr, repeatable (default /ip4/127.0.0.1/tcp/0)
  --bootstrap MA              multiaddr of a ring member to join through, repeatable
  --vnodes N                  virtual nodes of this peer (default 8)
  --replicas R                replication factor (default 3)
  --http-port P               admin HTTP port; 0 picks a free one (default), "off" disables it
  --http-host H               admin HTTP interface (default 127.0.0.1)
  --memcached-port P          serve the memcached ASCII protocol on port P; 0 picks a free
                              one (default: off)
  --memcached-host H          memcached port interface (default 127.0.0.1)
  --key-file F                keep the peer's identity in F (created if absent)
  --swarm-key F               private network: only peers holding the swarm key in F connect
                              (make one with chordkv swarm-key > swarm.key)
  --stabilize-interval-ms MS  mean period of stabilization, in ms (default 500)
  --memory BYTES              memory cap of the local store, e.g. 64MiB (default 64MiB)
  --data-dir DIR              keep the store in DIR, so a restarted peer keeps its data
  --write-quorum W            copies that must acknowledge a write (default 2, at most R)
  --coord-replicas N          acceptors in the coordination group, 2F+1 (default 3; 5 for
                              heavy churn)
  --anti-entropy-interval-ms MS  mean period of replica repair rounds (default 5000)
  --zone NAME                 this peer's zone: a host, rack or data centre (1-64 of letters,
                              digits, . _ : -). Replica sets spread over zones, so no key keeps
                              every copy in one zone when the ring has two or more
  --exit-with-stdin           exit when stdin closes (used by testnet: a peer never
                              outlives its parent)
  --create-if-unreachable     when no --bootstrap address accepts a TCP connection, create a
                              new ring instead of failing (for the first peer of a fleet that
                              restarts: it rejoins when the others are up, founds the ring when not)
  --config FILE               read settings from a JSON file: {"listen":["/ip4/0.0.0.0/tcp/4001"],
                              "http-port":8001,"data-dir":"/var/lib/chordkv"} (camelCase works too)
  -h, --help                  show this help

Every setting can also come from the environment as CHORDKV_<NAME> (CHORDKV_HTTP_PORT=8001,
CHORDKV_BOOTSTRAP="MA1,MA2", CHORDKV_ZONE=rack1, CHORDKV_CONFIG=FILE). Flags win over the
environment, which wins over the config file.

The build id on /health, /stats and the ready line comes from CHORDKV_BUILD_ID, else a
BUILD_ID file at the root of the code, else the git commit of the checkout, else "dev".

Examples:
  chordkv start --listen /ip4/127.0.0.1/tcp/4001 --http-port 8001 --key-file peer1.key
  chordkv start --bootstrap /ip4/127.0.0.1/tcp/4001/p2p/12D3KooW… --http-port 8002
  DEBUG='chordkv:*' chordkv start        # with debug logs on stderr
  CHORDKV_HTTP_PORT=8001 chordkv start --config /etc/chordkv.json

Exit codes: 0 stopped cleanly, 1 failed (e.g. no bootstrap peer answered), 2 usage error.`

const options = {
  listen: { type: 'string', multiple: true },
  bootstrap: { type: 'string', multiple: true },
  vnodes: { type: 'string' },
  replicas: { type: 'string' },
  'http-port': { type: 'string' },
  'http-host': { type: 'string' },
  'memcached-port': { type: 'string' },
  'memcached-host': { type: 'string' },
  'key-file': { type: 'string' },
  'swarm-key': { type: 'string' },
  'stabilize-interval-ms': { type: 'string' },
  memory: { type: 'string' },
  'data-dir': { type: 'string' },
  'write-quorum': { type: 'string' },
  'coord-replicas': { type: 'string' },
  'anti-entropy-interval-ms': { type: 'string' },
  zone: { type: 'string' },
  'exit-with-stdin': { type: 'boolean' },
  'create-if-unreachable': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/**
 * `chordkv start` arguments with the settings of the environment (CHORDKV_*) and of the
 * config file (--config or CHORDKV_CONFIG) added where no flag gives them; throws UsageError.
 */
export async function resolveStartArgs (args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<StartArgs> {
  const { values } = parse(args, options)
  if (values.help === true) return parseStartArgs(args)
  return parseStartArgs(await withConfig(args, values, options, env))
}

export interface StartArgs {
  readonly help: boolean
  readonly exitWithStdin: boolean
  /** Create a new ring when no bootstrap address accepts a TCP connection. */
  readonly createIfUnreachable: boolean
  readonly peer: PeerOptions
}

/** Parses `chordkv start` arguments; throws UsageError. */
export function parseStartArgs (args: readonly string[]): StartArgs {
  const { values } = parse(args, options)
  const httpPort = values['http-port'] === 'off' ? null : intOption(values['http-port'], 'http-port', 0, 65535)
  const peer: PeerOptions = {
    listen: values.listen === undefined ? undefined : multiaddrOptions(values.listen, 'listen'),
    bootstrap: multiaddrOptions(values.bootstrap, 'bootstrap'),
    vnodes: intOption(values.vnodes, 'vnodes', 1, 1024),
    replicas: intOption(values.replicas, 'replicas', 1, 16),
    httpPort,
    httpHost: values['http-host'],
    memcachedPort: intOption(values['memcached-port'], 'memcached-port', 0, 65535) ?? null,
    memcachedHost: values['memcached-host'],
    keyFile: values['key-file'],
    swarmKeyFile: values['swarm-key'],
    stabilizeIntervalMs: intOption(values['stabilize-interval-ms'], 'stabilize-interval-ms', 1, 3_600_000),
    memoryBytes: byteSizeOption(values.memory, 'memory'),
    dataDir: values['data-dir'],
    writeQuorum: intOption(values['write-quorum'], 'write-quorum', 1, 16),
    coordReplicas: intOption(values['coord-replicas'], 'coord-replicas', 1, 7),
    antiEntropyIntervalMs: intOption(values['anti-entropy-interval-ms'], 'anti-entropy-interval-ms', 1, 3_600_000),
    zone: zoneOption(values.zone)
  }
  return { help: values.help === true, exitWithStdin: values['exit-with-stdin'] === true, createIfUnreachable: values['create-if-unreachable'] === true, peer }
}

/** --zone NAME, checked against ZONE_PATTERN; throws UsageError. */
function zoneOption (value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const problem = zoneProblem(value, '--zone')
  if (problem !== null) throw new UsageError(problem)
  return value
}

async function run (args: readonly string[]): Promise<number> {
  const parsed = await resolveStartArgs(args)
  if (parsed.help) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  // Loaded here, not at the top: --help and usage errors should not pay for loading libp2p.
  const { createPeer } = await import('../../node/daemon.ts')
  let options = parsed.peer
  if (parsed.createIfUnreachable && (options.bootstrap ?? []).length > 0 && !await anyReachable(options.bootstrap ?? [])) {
    process.stderr.write('chordkv start: no bootstrap address accepts connections; creating a new ring\n')
    options = { ...options, bootstrap: [] }
  }
  const peer = await createPeer(options)
  process.stdout.write(JSON.stringify({
    event: 'ready',
    peerId: peer.peerId,
    pid: process.pid,
    multiaddrs: peer.multiaddrs,
    http: peer.http === null ? null : `${peer.http.host}:${peer.http.port}`,
    memcached: peer.memcached === null ? null : `${peer.memcached.host}:${peer.memcached.port}`,
    ...peer.identity
  }) + '\n')
  const reason = await stopSignal(parsed.exitWithStdin)
  if (reason === 'stdin closed') {
    // Our parent is gone; stop at once, as a crash would.
    await peer.kill()
    return EXIT_FAILED
  }
  return await leave(peer)
}

/** How long one TCP probe of a bootstrap address may take, in ms. */
const PROBE_TIMEOUT_MS = 2000

/**
 * Whether any of the multiaddrs (ip4/ip6/dns4/dns6/dns + tcp) accepts a TCP connection. Only
 * reachability: a peer that accepts and then refuses the join still makes the join fail.
 */
async function anyReachable (multiaddrs: readonly string[]): Promise<boolean> {
  const probes = multiaddrs.map(async ma => {
    const match = /^\/(ip4|ip6|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d+)/.exec(ma)
    if (match === null) return true // not something we can probe: let the join decide
    return await new Promise<boolean>(resolve => {
      const socket = connect({ host: match[2], port: Number(match[3]), timeout: PROBE_TIMEOUT_MS })
      const done = (ok: boolean): void => { socket.destroy(); resolve(ok) }
      socket.once('connect', () => { done(true) })
      socket.once('timeout', () => { done(false) })
      socket.once('error', () => { done(false) })
    })
  })
  return (await Promise.all(probes)).some(Boolean)
}

/** Resolves on the first SIGINT/SIGTERM (or stdin closing, when asked to watch it). */
function stopSignal (watchStdin: boolean): Promise<string> {
  return new Promise(resolve => {
    const done = (reason: string): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolve(reason)
    }
    const onSignal = (signal: NodeJS.Signals): void => { done(signal) }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    if (watchStdin) {
      process.stdin.on('end', () => { done('stdin closed') })
      process.stdin.on('error', () => { done('stdin closed') })
      process.stdin.resume()
    }
  })
}

/** Graceful leave with a deadline; a second signal cuts it short. */
async function leave (peer: Peer): Promise<number> {
  let force: () => void = () => {}
  const forced = new Promise<'stopped'>(resolve => {
    force = () => {
      resolve('stopped')
      void peer.kill()
    }
  })
  process.once('SIGINT', force)
  process.once('SIGTERM', force)
  const deadline = setTimeout(force, LEAVE_TIMEOUT_MS)
  let outcome: 'left' | 'stopped'
  try {
    outcome = await Promise.race([peer.leave().then(() => 'left' as const), forced])
  } finally {
    clearTimeout(deadline)
    process.off('SIGINT', force)
    process.off('SIGTERM', force)
  }
  process.stdout.write(JSON.stringify({ event: outcome, peerId: peer.peerId, pid: process.pid }) + '\n')
  return outcome === 'left' ? EXIT_OK : EXIT_FAILED
}

export const start: Command = {
  name: 'start',
  summary: 'run one peer in the foreground',
  usage,
  run
}
