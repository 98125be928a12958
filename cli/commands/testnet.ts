/**
 * `chordkv testnet`: start N peers on 127.0.0.1 (OS processes, or --in-process), wait for a
 * consistent ring, print a table, write the descriptor, then show a live status table and take
 * control commands on stdin until SIGINT/SIGTERM. `chordkv testnet ctl CMD …` sends the same
 * commands to a running testnet through the control endpoint its descriptor names.
 */
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { clearScreenDown, createInterface, cursorTo, moveCursor, type Interface } from 'node:readline'
import { commandsHelp, runTestnetCommand, splitWords, TestnetUsageError } from '../../testnet/commands.ts'
import { sendControlCommand } from '../../testnet/control.ts'
import { DEFAULT_PEERS, startTestnet, type StateChange, type Testnet, type TestnetDescriptor, type TestnetPeer } from '../../testnet/index.ts'
import { StatusPoller, statusSummary, statusTable } from '../../testnet/status.ts'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, UserError } from '../errors.ts'

/** How often the live table is refreshed, in ms. */
export const STATUS_REFRESH_MS = 1000
/** How often a plain (non-terminal) status line is printed, in ms. */
export const PLAIN_STATUS_EVERY_MS = 10_000

const usage = `Usage: chordkv testnet [--peers N] [options]
       chordkv testnet ctl [--testnet FILE] COMMAND [ARGS…]

Starts N chordkv peers on this machine, each a separate OS process (so kill -9 is real),
or all in this process with --in-process. The first creates the ring, the others join
it. When every peer's /ring agrees on a correct ring, it prints a table of the peers and
writes the descriptor file:
  {"vnodes":V,"replicas":R,"peers":[{"index":0,"peerId":"12D3…","pid":1234,
    "multiaddrs":["/ip4/127.0.0.1/tcp/…/p2p/…"],"http":"127.0.0.1:PORT","memcached":"127.0.0.1:PORT"}],
   "down":[{"index","peerId","pid","state"}],"control":{"url","token"},"stateDir","inProcess"}
rewritten after every change. Then it shows a live table (peer, pid, vnodes, keys, ops/s,
state) refreshed in place on a terminal (plain lines otherwise) and reads commands from
stdin. It runs until SIGINT or SIGTERM, then stops every peer (SIGTERM, SIGKILL after 5 s).
Every peer keeps its key and data under the state directory, so restart keeps both.

Options:
  --peers N                   number of peers (default ${DEFAULT_PEERS}, 1 to 1024)
  --vnodes V                  virtual nodes per peer (default 8)
  --replicas R                replication factor (default 3)
  --out FILE                  write the descriptor JSON to FILE (needed by ctl and --testnet)
  --in-process                run all peers in this process (large N; no real kill -9, no pause)
  --state-dir DIR             keep keys and data of the peers in DIR (default: a temporary
                              directory, removed at the end)
  --base-port P               peer i uses ports P+3i (libp2p), P+3i+1 (HTTP) and
                              P+3i+2 (memcached); default: free ports picked by the system
  --memcached, --no-memcached give every peer a memcached ASCII-protocol port (default on)
  --stabilize-interval-ms MS  mean period of stabilization of every peer, in ms
  --anti-entropy-interval-ms MS  mean period of replica repair of every peer, in ms
  --zones K, --hosts K        tag peer i with zone zone-(i mod K) (a "host" of several peers):
                              replica sets spread over zones; kill --zone Z takes a whole host down
  --timeout-ms MS             how long to wait for a consistent ring (default 60000)
  -h, --help                  show this help

${commandsHelp}

ctl options:
  --testnet FILE              the descriptor of the running testnet (default testnet.json)
  --json                      print the answer as one JSON line

Examples:
  chordkv testnet --out testnet.json
  chordkv testnet --peers 16 --vnodes 4 --base-port 20000 --stabilize-interval-ms 200
  chordkv testnet --peers 200 --vnodes 4 --in-process --out big.json
  chordkv testnet ctl --testnet testnet.json kill 3
  chordkv testnet ctl --testnet testnet.json churn --rate 1/s --duration 30s
  chordkv testnet --peers 6 --zones 2 --out testnet.json    # then: ctl kill --zone 0, ctl restart --zone 0
  npx node scripts/build-upgrade.ts --out /tmp/chordkv-next   # a separate copy of this build
  chordkv testnet ctl --testnet testnet.json upgrade --to /tmp/chordkv-next
  echo 'pause 2' | chordkv testnet ctl --testnet testnet.json -   # commands from stdin

Exit codes: 0 stopped by a signal after coming up (ctl: done), 1 did not come up (ctl: the
testnet could not do it or was not reached), 2 usage error.`

const options = {
  peers: { type: 'string' },
  vnodes: { type: 'string' },
  replicas: { type: 'string' },
  out: { type: 'string' },
  'in-process': { type: 'boolean' },
  'state-dir': { type: 'string' },
  'base-port': { type: 'string' },
  'stabilize-interval-ms': { type: 'string' },
  'anti-entropy-interval-ms': { type: 'string' },
  'timeout-ms': { type: 'string' },
  zones: { type: 'string' },
  hosts: { type: 'string' },
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
  readonly inProcess: boolean
  readonly stateDir?: string
  readonly basePort?: number
  readonly stabilizeIntervalMs?: number
  readonly antiEntropyIntervalMs?: number
  readonly timeoutMs?: number
  /** Give every peer a memcached port (default true). */
  readonly memcached?: boolean
  /** Zones the peers are spread over, round-robin (--zones / --hosts). */
  readonly zones?: number
}

/** Parses `chordkv testnet` arguments; throws UsageError. */
export function parseTestnetArgs (args: readonly string[]): TestnetArgs {
  const { values } = parse(args, options)
  if (values.help === true) return { help: true, peers: 0, inProcess: false }
  const peers = intOption(values.peers, 'peers', 1, 1024) ?? DEFAULT_PEERS
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
    inProcess: values['in-process'] === true,
    stateDir: values['state-dir'] === undefined ? undefined : resolve(values['state-dir']),
    basePort,
    stabilizeIntervalMs: intOption(values['stabilize-interval-ms'], 'stabilize-interval-ms', 1, 3_600_000),
    antiEntropyIntervalMs: intOption(values['anti-entropy-interval-ms'], 'anti-entropy-interval-ms', 1, 3_600_000),
    timeoutMs: intOption(values['timeout-ms'], 'timeout-ms', 1, 3_600_000),
    memcached: values['no-memcached'] !== true,
    zones: zonesOption(values.zones, values.hosts)
  }
}

/** --zones K or its synonym --hosts K. */
function zonesOption (zones: string | undefined, hosts: string | undefined): number | undefined {
  if (zones !== undefined && hosts !== undefined) throw new UsageError('give --zones or --hosts, not both (they mean the same)')
  return zones !== undefined ? intOption(zones, 'zones', 1, 1024) : intOption(hosts, 'hosts', 1, 1024)
}

/** The peers as an aligned text table. */
export function peerTable (peers: readonly TestnetPeer[]): string {
  const rows = [['#', 'peer', 'pid', 'multiaddr', 'http', 'memcached', 'zone', 'build'], ...peers.map(p => [
    String(p.index), p.peerId, String(p.pid), p.multiaddrs[0] ?? '-', p.http, p.memcached ?? '-', p.zone ?? '-', p.build ?? '-'
  ])]
  const widths = rows[0].map((_, col) => Math.max(...rows.map(r => r[col].length)))
  return rows.map(r => r.map((cell, col) => cell.padEnd(widths[col])).join('  ').trimEnd()).join('\n')
}

/**
 * What the user sees while the testnet runs. On a terminal: a status table kept at the
 * bottom of the screen above the command prompt, redrawn in place; messages scroll above it.
 * Otherwise: every message is a plain line on stderr, and a status line every 10 s.
 */
class Display {
  private readonly live: boolean
  private rl: Interface | undefined
  private drawnLines = 0
  private table = ''

  constructor (live: boolean) {
    this.live = live
  }

  attach (rl: Interface): void {
    this.rl = rl
  }

  /** Erases the table (the cursor ends where it began). */
  private erase (): void {
    if (!this.live) return
    cursorTo(process.stdout, 0)
    if (this.drawnLines > 0) moveCursor(process.stdout, 0, -this.drawnLines)
    clearScreenDown(process.stdout)
    this.drawnLines = 0
  }

  private draw (): void {
    if (!this.live) return
    if (this.table !== '') {
      process.stdout.write(this.table + '\n')
      this.drawnLines = this.table.split('\n').length
    }
    this.rl?.prompt(true)
  }

  /** A message that stays (scrolls up above the table). */
  message (text: string): void {
    if (text === '') return
    if (!this.live) {
      process.stderr.write(text.endsWith('\n') ? text : text + '\n')
      return
    }
    this.erase()
    process.stdout.write(text.endsWith('\n') ? text : text + '\n')
    this.draw()
  }

  /** Output of a command: stdout, so scripts can read it. */
  output (text: string): void {
    if (text === '') return
    if (!this.live) {
      process.stdout.write(text.endsWith('\n') ? text : text + '\n')
      return
    }
    this.message(text)
  }

  /** The user pressed Enter: the prompt line with the command stays on screen above the new prompt. */
  lineEntered (): void {
    if (this.live && this.table !== '') this.drawnLines++
  }

  /** Replaces the live table. */
  status (table: string): void {
    this.table = table
    if (!this.live) return
    this.erase()
    this.draw()
  }

  close (): void {
    if (this.live) {
      this.erase()
      if (this.table !== '') process.stdout.write(this.table + '\n')
      this.table = ''
    }
  }
}

async function run (args: readonly string[]): Promise<number> {
  if (args[0] === 'ctl') return await ctl(args.slice(1))
  const parsed = parseTestnetArgs(args)
  if (parsed.help) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }

  const live = process.stdout.isTTY === true && process.stdin.isTTY === true
  const display = new Display(live)
  const progressInPlace = process.stderr.isTTY === true
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
  const cleanup: Array<() => void> = [() => { process.off('SIGINT', onSignal) }, () => { process.off('SIGTERM', onSignal) }]

  let testnet: Testnet | undefined
  let up = false
  // Filled in once the status poller exists.
  let controlContext: { status?: () => Promise<string> } = {}
  const describeChange = (change: StateChange): string =>
    `testnet: peer ${change.index}${change.peerId !== null ? ` (${change.peerId})` : ''} ${change.from} → ${change.to}`
  try {
    testnet = await startTestnet({
      peers: parsed.peers,
      vnodes: parsed.vnodes,
      replicas: parsed.replicas,
      basePort: parsed.basePort,
      out: parsed.out,
      inProcess: parsed.inProcess,
      stateDir: parsed.stateDir,
      stabilizeIntervalMs: parsed.stabilizeIntervalMs,
      antiEntropyIntervalMs: parsed.antiEntropyIntervalMs,
      memcached: parsed.memcached,
      ...(parsed.zones !== undefined ? { zones: parsed.zones } : {}),
      consistentTimeoutMs: parsed.timeoutMs,
      signal: aborter.signal,
      controlContext: () => ({ ...controlContext, progress: (line: string) => { display.message(line) } }),
      onProgress: message => {
        if (progressInPlace) process.stderr.write(`\r\x1b[Ktestnet: ${message}`)
        else process.stderr.write(`testnet: ${message}\n`)
      },
      onStateChange: change => { if (up) display.message(describeChange(change)) },
      onPeerExit: (i, peer, code, signal) => {
        display.message(`testnet: peer ${i} (pid ${peer.pid}) exited unexpectedly (${signal ?? `code ${code}`})`)
      }
    })
  } catch (err) {
    if (progressInPlace) process.stderr.write('\n')
    for (const undo of cleanup) undo()
    throw err
  }
  if (progressInPlace) process.stderr.write('\r\x1b[K')
  up = true
  const net = testnet

  process.stdout.write(peerTable(net.peers) + '\n')
  if (parsed.out !== undefined) process.stderr.write(`testnet: descriptor written to ${parsed.out}\n`)
  process.stderr.write(`testnet: ${net.peers.length} peers up and consistent; ${live ? 'type help for commands, ' : ''}Ctrl-C stops them\n`)
  if (parsed.out !== undefined) process.stderr.write(`testnet: control it from elsewhere with: chordkv testnet ctl --testnet ${parsed.out} help\n`)
  process.stderr.write(`testnet: live ring page: http://${net.peers[0].http}/\n`)

  // The live table.
  const poller = new StatusPoller(net)
  const renderTable = (): string => {
    const rows = poller.rows
    return `${statusTable(rows, { colour: live })}\n${statusSummary(rows)}`
  }
  let polling = false
  let lastPlain = performance.now()
  const refresh = async (): Promise<void> => {
    if (polling) return
    polling = true
    try {
      const rows = await poller.poll()
      if (live) display.status(renderTable())
      else if (performance.now() - lastPlain >= PLAIN_STATUS_EVERY_MS) {
        lastPlain = performance.now()
        process.stderr.write(`testnet: ${statusSummary(rows)}\n`)
      }
    } finally {
      polling = false
    }
  }
  const timer = setInterval(() => { void refresh() }, STATUS_REFRESH_MS)
  cleanup.push(() => { clearInterval(timer) })
  void refresh()

  // Commands: typed on stdin (a terminal or a pipe) and sent through the control endpoint.
  const context = {
    progress: (line: string) => { display.message(line) },
    status: async () => {
      await poller.poll()
      return statusTable(poller.rows, { colour: live, fullIds: !live }) + '\n' + statusSummary(poller.rows)
    }
  }
  controlContext = { status: async () => { await poller.poll(); return statusTable(poller.rows, { fullIds: true }) + '\n' + statusSummary(poller.rows) } }
  const running = new Set<AbortController>()
  const execute = async (words: string[]): Promise<void> => {
    const aborter = new AbortController()
    running.add(aborter)
    try {
      display.output(await runTestnetCommand(net, words, { ...context, signal: aborter.signal }))
    } catch (err) {
      display.message(`${err instanceof TestnetUsageError ? 'usage' : 'error'}: ${(err as Error).message}`)
    } finally {
      running.delete(aborter)
    }
  }
  const rl = createInterface({ input: process.stdin, output: live ? process.stdout : undefined, terminal: live, prompt: 'testnet> ' })
  display.attach(rl)
  rl.on('line', line => {
    display.lineEntered()
    const words = splitWords(line)
    if (live && words.length > 0) display.message(`\x1b[2mtestnet> ${line}\x1b[0m`)
    if (words.length === 0) { if (live) rl.prompt(); return }
    // Commands run concurrently (a churn must not block a status); their answers come when done.
    void execute(words)
    if (live) rl.prompt()
  })
  // On a terminal readline takes Ctrl-C itself.
  rl.on('SIGINT', () => { stopRequested('SIGINT') })
  cleanup.push(() => { rl.close() })
  if (live) rl.prompt()

  const signal = await stopped
  for (const aborter of running) aborter.abort(new Error(`stopping on ${signal}`))
  for (const undo of cleanup) undo()
  display.close()
  up = false
  process.stderr.write(`testnet: ${signal}, stopping ${net.descriptor().peers.length} peers\n`)
  await net.stop()
  process.stderr.write('testnet: stopped\n')
  return EXIT_OK
}

/** `chordkv testnet ctl [--testnet FILE] [--json] COMMAND …` (or `-` to read commands from stdin). */
async function ctl (args: readonly string[]): Promise<number> {
  let file = 'testnet.json'
  let json = false
  let i = 0
  // Our options come before the command; everything after belongs to the command.
  for (; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--testnet') {
      if (args[i + 1] === undefined) throw new UsageError('--testnet needs a FILE')
      file = args[++i]
    } else if (arg.startsWith('--testnet=')) {
      file = arg.slice('--testnet='.length)
    } else if (arg === '--json') {
      json = true
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage + '\n')
      return EXIT_OK
    } else {
      break
    }
  }
  const argv = args.slice(i)
  if (argv.length === 0) throw new UsageError('ctl needs a COMMAND, such as status, kill 3 or churn --rate 1/s --duration 30s')

  let descriptor: TestnetDescriptor
  try {
    descriptor = JSON.parse(await readFile(file, 'utf8')) as TestnetDescriptor
  } catch (err) {
    throw new UserError(`cannot read the testnet descriptor ${file}: ${(err as Error).message}`)
  }
  if (descriptor === null || typeof descriptor !== 'object' || !('control' in descriptor)) {
    throw new UserError(`${file} is not the descriptor of a running testnet (no "control" field)`)
  }

  const scripts = argv.length === 1 && argv[0] === '-'
    ? (await readAll(process.stdin)).split('\n').map(splitWords).filter(w => w.length > 0)
    : [argv]
  let code = EXIT_OK
  for (const words of scripts) {
    const answer = await sendControlCommand(descriptor, words).catch((err: Error) => { throw new UserError(err.message) })
    if (json) {
      process.stdout.write(JSON.stringify({ command: words, ...answer }) + '\n')
    } else if (answer.ok) {
      if (answer.output !== undefined && answer.output !== '') process.stdout.write(answer.output + '\n')
    } else {
      process.stderr.write(`chordkv testnet ctl: ${answer.error ?? 'failed'}\n`)
    }
    if (!answer.ok) {
      code = answer.usage === true ? EXIT_USAGE : EXIT_FAILED
      break
    }
  }
  return code
}

async function readAll (stream: NodeJS.ReadableStream): Promise<string> {
  const parts: Buffer[] = []
  for await (const chunk of stream) parts.push(Buffer.from(chunk as Buffer))
  return Buffer.concat(parts).toString('utf8')
}

export const testnet: Command = {
  name: 'testnet',
  summary: 'start N peers locally and control them (add, kill, pause, restart, churn)',
  usage,
  run
}
