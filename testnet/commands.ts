/**
 * The testnet's control language, one command per line: typed on the stdin of a running
 * `chordkv testnet`, or sent by `chordkv testnet ctl …` to its control endpoint. Both run
 * runTestnetCommand, so they accept exactly the same commands and print the same answers.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { resolveEntry, type ChurnEvent, type Testnet } from './index.ts'
import { BUILD_ID_PATTERN } from '../node/build-info.ts'
import { shortId, StatusPoller, statusSummary, statusTable } from './status.ts'

/** The command is malformed (the answer is a usage message, `chordkv testnet ctl` exits 2). */
export class TestnetUsageError extends Error {
  override readonly name = 'TestnetUsageError'
  readonly code = 'Usage'
}

export const commandsHelp = `Commands (PEER is a slot number from the table, or a unique part of a peer id):
  status                         the table of peers
  add [N]                        start N more peers (default 1)
  kill PEER… | kill --zone Z     SIGKILL: a crash, nobody is told; --zone: every peer of zone Z
                                 at once (a host failure; zone-1 or 1)
  stop PEER…                     graceful leave (SIGTERM)
  pause PEER… / resume PEER…     SIGSTOP / SIGCONT (not with --in-process)
  restart PEER… | restart --zone Z
                                 stop if running, start again with the same identity and data
  upgrade [--to DIR] [--build-id ID] [--timeout-ms MS]
                                 rolling upgrade: one peer at a time, graceful leave, stop, start
                                 the build in DIR (its cli/chordkv.js; default: the same build)
                                 with the same identity and data, wait until it serves and the
                                 ring is consistent, next; --build-id: the id they must report
  churn --rate R/s --duration S [--seed N] [--no-restore]
                                 random kill/stop/pause and restart/resume events, never more
                                 than replicas − 1 peers down at once; downed peers come back at the end
  wait [--timeout-ms MS]         wait until the serving peers agree on a correct ring
  help                           this list`

export interface CommandContext {
  /** Prints one line while a long command runs (churn events). */
  readonly progress?: (line: string) => void
  /** The status table; default: one line per slot from the descriptor. */
  readonly status?: () => Promise<string>
  readonly signal?: AbortSignal
}

/** Splits a typed line into words; "double" or 'single' quotes group words. */
export function splitWords (line: string): string[] {
  const words: string[] = []
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g
  for (const match of line.matchAll(pattern)) words.push(match[1] ?? match[2] ?? match[3])
  return words
}

/** `2`, `2/s`, `0.5/s` → events per second. */
export function parseRate (text: string): number {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim())
  const rate = match === null ? NaN : Number(match[1])
  if (!(rate > 0) || rate > 1000) throw new TestnetUsageError(`--rate must be events per second such as 2/s or 0.5, got ${JSON.stringify(text)}`)
  return rate
}

/** `30`, `30s`, `500ms`, `2m` → ms. */
export function parseDuration (text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim())
  const unit = match?.[2] === 'ms' ? 1 : match?.[2] === 'm' ? 60_000 : 1000
  const ms = match === null ? NaN : Number(match[1]) * unit
  if (!(ms > 0) || ms > 24 * 3_600_000) throw new TestnetUsageError(`--duration must be a time such as 30s, 500ms or 2m, got ${JSON.stringify(text)}`)
  return Math.round(ms)
}

function parse (argv: readonly string[], options: NonNullable<ParseArgsConfig['options']>): { values: Record<string, unknown>, positionals: string[] } {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: true })
  } catch (err) {
    throw new TestnetUsageError((err as Error).message.split(/(?<=\.) /)[0].replace(/\.$/, ''))
  }
}

/** The slots PEER arguments name; at least one. */
function peersOf (testnet: Testnet, command: string, refs: readonly string[]): number[] {
  if (refs.length === 0) throw new TestnetUsageError(`${command} needs a PEER (a slot number or part of a peer id)`)
  return refs.map(ref => {
    try {
      return testnet.resolvePeer(ref)
    } catch (err) {
      throw new TestnetUsageError((err as Error).message)
    }
  })
}

export function describeEvent (event: ChurnEvent, testnet: Testnet): string {
  const peer = testnet.peers[event.index]
  const name = `peer ${event.index}${peer !== undefined ? ` (${shortId(peer.peerId)})` : ''}`
  const at = `${(event.atMs / 1000).toFixed(1)}s`
  return event.error !== undefined
    ? `churn ${at}: ${event.action} ${name} failed: ${event.error}`
    : `churn ${at}: ${event.action} ${name}; ${event.down} down`
}

/** The status table of one poll (no ops/s: that needs two). */
async function statusOnce (testnet: Testnet): Promise<string> {
  const rows = await new StatusPoller(testnet).poll()
  return `${statusTable(rows, { fullIds: true })}\n${statusSummary(rows)}`
}

/**
 * Runs one command (argv: its words) against the testnet and resolves to its answer (may be
 * several lines, or empty). Throws TestnetUsageError for a malformed command and Error (one
 * sentence) when the testnet could not do it.
 */
export async function runTestnetCommand (testnet: Testnet, argv: readonly string[], context: CommandContext = {}): Promise<string> {
  const [command, ...rest] = argv
  const verbs: Record<string, (index: number) => Promise<void>> = {
    kill: async i => { await testnet.kill(i) },
    stop: async i => { await testnet.stopPeer(i) },
    pause: async i => { await testnet.pause(i) },
    resume: async i => { await testnet.resume(i) },
    restart: async i => { await testnet.restart(i) }
  }
  const past: Record<string, string> = { kill: 'killed', stop: 'stopped', pause: 'paused', resume: 'resumed', restart: 'restarted' }
  const onPeers = async (verb: string, refs: readonly string[]): Promise<string> => {
    const indexes = peersOf(testnet, verb, refs)
    const lines: string[] = []
    for (const i of indexes) {
      await verbs[verb](i)
      const peer = testnet.peers[i]
      lines.push(`${past[verb]} peer ${i} (${peer.peerId}${verb === 'restart' ? `, pid ${peer.pid}` : ''})`)
    }
    return lines.join('\n')
  }
  switch (command) {
    case undefined:
      return ''
    case 'help':
    case '?':
      return commandsHelp
    case 'status':
      return context.status !== undefined ? await context.status() : await statusOnce(testnet)
    case 'add': {
      const { positionals } = parse(rest, {})
      if (positionals.length > 1) throw new TestnetUsageError(`add takes at most one number, got ${positionals.length} arguments`)
      const n = positionals.length === 0 ? 1 : Number(positionals[0])
      if (!Number.isInteger(n) || n < 1 || n > 256) throw new TestnetUsageError(`add N needs N from 1 to 256, got ${JSON.stringify(positionals[0])}`)
      const added = await Promise.all(Array.from({ length: n }, async () => await testnet.add()))
      return added.map(i => `added peer ${i} (${testnet.peers[i].peerId}, pid ${testnet.peers[i].pid})`).join('\n')
    }
    case 'kill':
    case 'restart': {
      const { values, positionals } = parse(rest, { zone: { type: 'string' } })
      if (typeof values.zone !== 'string') return await onPeers(command, positionals)
      if (positionals.length > 0) throw new TestnetUsageError(`${command} takes PEERs or --zone Z, not both`)
      let indexes: number[]
      try {
        testnet.peersInZone(values.zone)
      } catch (err) {
        throw new TestnetUsageError((err as Error).message)
      }
      if (command === 'kill') indexes = await testnet.killZone(values.zone)
      else indexes = await testnet.restartZone(values.zone)
      return `${past[command]} ${indexes.length} peers of ${values.zone}${indexes.length > 0 ? `: ${indexes.join(', ')}` : ''}`
    }
    case 'upgrade': {
      const { values, positionals } = parse(rest, { to: { type: 'string' }, 'build-id': { type: 'string' }, 'timeout-ms': { type: 'string' } })
      if (positionals.length > 0) throw new TestnetUsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
      const buildId = values['build-id'] as string | undefined
      if (buildId !== undefined && !BUILD_ID_PATTERN.test(buildId)) throw new TestnetUsageError(`--build-id must be 1 to 64 of letters, digits and ._+:@-, got ${JSON.stringify(buildId)}`)
      const timeoutMs = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms'])
      if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1)) throw new TestnetUsageError(`--timeout-ms must be a positive integer, got ${JSON.stringify(values['timeout-ms'])}`)
      let entry: string | undefined
      if (typeof values.to === 'string') {
        try {
          entry = resolveEntry(values.to)
        } catch (err) {
          throw new TestnetUsageError((err as Error).message)
        }
      }
      const report = await testnet.upgrade({
        ...(entry !== undefined ? { entry } : {}),
        ...(buildId !== undefined ? { buildId } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        signal: context.signal,
        onStep: step => {
          if (step.phase === 'consistent' || step.phase === 'skipped') {
            context.progress?.(`upgrade ${(step.atMs / 1000).toFixed(1)}s: peer ${step.index} ${step.phase === 'skipped' ? 'is down: skipped (it starts the new build when restarted)' : `runs build ${step.build ?? '?'}; ring consistent`}`)
          }
        }
      })
      const lines = report.upgraded.map(u => `upgraded peer ${u.index} (${u.peerId}): ${u.from ?? '?'} → ${u.to ?? '?'} in ${(u.ms / 1000).toFixed(1)} s`)
      lines.push(`upgrade done: ${report.upgraded.length} peers replaced one at a time${report.skipped.length > 0 ? `, ${report.skipped.length} down and skipped (${report.skipped.join(', ')})` : ''} in ${(report.durationMs / 1000).toFixed(1)} s; build ${report.entry}`)
      return lines.join('\n')
    }
    case 'stop':
    case 'pause':
    case 'resume': {
      const { positionals } = parse(rest, {})
      return await onPeers(command, positionals)
    }
    case 'churn': {
      const { values, positionals } = parse(rest, {
        rate: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        'no-restore': { type: 'boolean' }
      })
      if (positionals.length > 0) throw new TestnetUsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
      if (typeof values.rate !== 'string') throw new TestnetUsageError('churn needs --rate R/s')
      if (typeof values.duration !== 'string') throw new TestnetUsageError('churn needs --duration S')
      const seed = values.seed === undefined ? undefined : Number(values.seed)
      if (seed !== undefined && !Number.isSafeInteger(seed)) throw new TestnetUsageError(`--seed must be an integer, got ${JSON.stringify(values.seed)}`)
      const report = await testnet.churn({
        ratePerSecond: parseRate(values.rate),
        durationMs: parseDuration(values.duration),
        seed,
        restore: values['no-restore'] !== true,
        signal: context.signal,
        onEvent: event => { context.progress?.(describeEvent(event, testnet)) }
      })
      const failed = report.events.filter(e => e.error !== undefined).length
      return `churn done: ${report.events.length} events (${failed} failed), at most ${report.maxDown} peers down at once; seed ${report.seed}`
    }
    case 'wait': {
      const { values, positionals } = parse(rest, { 'timeout-ms': { type: 'string' } })
      if (positionals.length > 0) throw new TestnetUsageError(`unexpected argument ${JSON.stringify(positionals[0])}`)
      const timeoutMs = values['timeout-ms'] === undefined ? 60_000 : Number(values['timeout-ms'])
      if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new TestnetUsageError(`--timeout-ms must be a positive integer, got ${JSON.stringify(values['timeout-ms'])}`)
      const started = Date.now()
      await testnet.waitConsistent(timeoutMs)
      return `the ring of ${testnet.descriptor().peers.length} serving peers is consistent (${Date.now() - started} ms)`
    }
    default:
      throw new TestnetUsageError(`unknown command ${JSON.stringify(command)}; type help for the list`)
  }
}
