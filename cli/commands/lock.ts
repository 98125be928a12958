/**
 * `chordkv lock NAME [-- COMMAND [ARGS...]]`: runs COMMAND while holding lock NAME, with the
 * grant's fencing token in its environment (etcdctl lock's shape); without COMMAND, holds the
 * lock until interrupted.
 */
import { spawn } from 'node:child_process'
import type { Held } from '../../node/coord/recipes/index.ts'
import { intOption, parse } from '../args.ts'
import type { Command } from '../command.ts'
import { EXIT_FAILED, EXIT_OK, UsageError, UserError } from '../errors.ts'
import { interrupts, nameArg, reasonOf, refusingBadInput, signalExitCode, ttlHelp, ttlOption, untilAborted } from './coord-common.ts'
import type { Interrupts } from './coord-common.ts'
import { printJson, ringArgs, ringOptions, ringOptionsHelp, withClient } from './kv-common.ts'

/** Between SIGTERM and SIGKILL of a COMMAND whose lease was lost, ms. */
const KILL_GRACE_MS = 10_000
/** Longest --wait-ms: one day. */
const MAX_WAIT_MS = 86_400_000

const usage = `Usage: chordkv lock NAME (--peer MA | --testnet FILE) [options] [-- COMMAND [ARGS...]]

Waits for lock NAME (first come, first served: waiters are granted in the order they
asked) and runs COMMAND while holding it, with in COMMAND's environment:
  CHORDKV_FENCING_TOKEN   the grant's fencing token, a decimal integer, larger for
                          every later grant of NAME
  CHORDKV_LOCK_NAME       NAME
COMMAND shares chordkv's stdin, stdout and stderr. When it exits, chordkv releases the
lock and exits with COMMAND's exit status (128 + N when a signal N killed it). SIGINT,
SIGTERM and SIGHUP sent to chordkv are passed on to COMMAND.

chordkv renews the lease every TTL/3. If it cannot (it was paused, or cut off from the
ring) and the lease runs out, COMMAND gets SIGTERM (SIGKILL ${KILL_GRACE_MS / 1000} s later) and chordkv
exits 1 saying so. No lock can stop a process at the very instant its lease ends: give
the token to the resource COMMAND writes, and have it refuse a token smaller than one
it has seen (fencing; 'FenceGuard' in the client library).

Without COMMAND, prints 'locked NAME token T' once granted (with --json,
{"name":…,"token":"T"}) and holds the lock until interrupted (Ctrl-C), then releases it.

Options:
${ttlHelp}
  --wait-ms MS       give up (exit 1) if the lock is not granted within MS ms
                     (default: wait until granted or interrupted)
${ringOptionsHelp}

Examples:
  chordkv lock backup --testnet testnet.json -- ./backup.sh
  chordkv lock deploy --ttl-ms 30000 --wait-ms 60000 --testnet testnet.json -- sh -c 'deploy --fence "$CHORDKV_FENCING_TOKEN"'
  chordkv lock maintenance --testnet testnet.json      # hold until Ctrl-C

Exit codes: COMMAND's exit status once it ran; otherwise 0 ok, 1 failed (not granted in
time, interrupted while waiting, lease lost, COMMAND could not be started), 2 usage error.`

const options = {
  ...ringOptions,
  'ttl-ms': { type: 'string' },
  'wait-ms': { type: 'string' }
} as const

async function run (args: readonly string[]): Promise<number> {
  const dash = args.indexOf('--')
  const own = dash === -1 ? args : args.slice(0, dash)
  const command = dash === -1 ? undefined : args.slice(dash + 1)
  const { values, positionals: given } = parse(own, options, true)
  if (values.help === true) {
    process.stdout.write(usage + '\n')
    return EXIT_OK
  }
  if (given.length === 0) throw new UsageError('missing NAME')
  if (given.length > 1) throw new UsageError(`unexpected argument ${JSON.stringify(given[1])} (give the command to run after --)`)
  const name = nameArg(given[0], 'lock name')
  if (command !== undefined && command.length === 0) throw new UsageError('missing COMMAND after --')
  if (command !== undefined && command[0] === '') throw new UsageError('COMMAND is empty')
  const ring = ringArgs(values)
  const ttlMs = ttlOption(values['ttl-ms'])
  const waitMs = intOption(values['wait-ms'], 'wait-ms', 1, MAX_WAIT_MS)
  const stop = interrupts()
  try {
    return await withClient(ring, async db => {
      let held: Held
      try {
        held = await refusingBadInput(async () => await db.coord.lock(name, {
          ttlMs, signal: stop.signal, ...(waitMs !== undefined ? { timeoutMs: waitMs } : {})
        }))
      } catch (err) {
        if (stop.signal.aborted) throw new UserError(`interrupted (${stop.received() ?? 'signal'}) before lock ${JSON.stringify(name)} was granted`)
        throw err
      }
      if (command === undefined) return await holdUntilInterrupted(held, stop, ring.json)
      return await runHolding(held, command, stop)
    })
  } finally {
    stop.dispose()
  }
}

async function holdUntilInterrupted (held: Held, stop: Interrupts, json: boolean): Promise<number> {
  if (json) printJson({ name: held.name, token: held.token })
  else process.stdout.write(`locked ${held.name} token ${held.token}\n`)
  await Promise.race([untilAborted(stop.signal), untilAborted(held.lost)])
  if (held.lost.aborted) {
    await held.release().catch(() => {})
    throw new UserError(`lost lock ${JSON.stringify(held.name)} (token ${held.token}): ${reasonOf(held.lost)}`)
  }
  await held.release()
  return EXIT_OK
}

type ChildEnd =
  | { readonly kind: 'exit', readonly code: number | null, readonly signal: NodeJS.Signals | null }
  | { readonly kind: 'error', readonly error: Error }

async function runHolding (held: Held, command: readonly string[], stop: Interrupts): Promise<number> {
  if (held.lost.aborted) {
    await held.release().catch(() => {})
    throw new UserError(`lost lock ${JSON.stringify(held.name)} (token ${held.token}) before COMMAND started: ${reasonOf(held.lost)}`)
  }
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, CHORDKV_FENCING_TOKEN: held.token.toString(), CHORDKV_LOCK_NAME: held.name }
  })
  const ended = new Promise<ChildEnd>(resolve => {
    child.once('exit', (code, signal) => { resolve({ kind: 'exit', code, signal }) })
    child.once('error', error => { resolve({ kind: 'error', error }) })
  })
  let running = true
  stop.onSignal = signal => { if (running) child.kill(signal) }
  let killTimer: NodeJS.Timeout | undefined
  const onLost = (): void => {
    if (!running) return
    child.kill('SIGTERM')
    killTimer = setTimeout(() => { if (running) child.kill('SIGKILL') }, KILL_GRACE_MS)
  }
  held.lost.addEventListener('abort', onLost, { once: true })
  const end = await ended
  running = false
  clearTimeout(killTimer)
  held.lost.removeEventListener('abort', onLost)
  stop.onSignal = undefined
  const what = `lock ${JSON.stringify(held.name)} (token ${held.token})`
  if (end.kind === 'error') {
    await held.release().catch(() => {})
    throw new UserError(`cannot run ${JSON.stringify(command[0])}: ${end.error.message}`)
  }
  if (held.lost.aborted) {
    await held.release().catch(() => {})
    throw new UserError(`lost ${what} while ${JSON.stringify(command[0])} ran, so it was stopped: ${reasonOf(held.lost)}`)
  }
  try {
    await held.release()
  } catch (err) {
    process.stderr.write(`chordkv lock: warning: ${what} could not be released (${(err as Error).message}); it ends when its lease runs out\n`)
  }
  if (end.signal !== null) return signalExitCode(end.signal)
  return end.code ?? EXIT_FAILED
}

export const lock: Command = {
  name: 'lock',
  summary: 'run a command while holding a lock (fencing token in its environment)',
  usage,
  run
}
