/**
 * What the coordination commands (lock, config, elect, members) share beyond kv-common.ts:
 * name and TTL arguments checked exactly as the recipes check them (so bad input is a usage
 * error, exit 2, before anything is sent), the recipes' input errors mapped to usage errors,
 * and Ctrl-C / SIGTERM as an AbortSignal for the commands that run until interrupted.
 */
import { constants } from 'node:os'
import { checkName, MAX_TTL_MS, MIN_TTL_MS } from '../../node/coord/recipes/common.ts'
import { InvalidInputError } from '../../node/coord/recipes/errors.ts'
import { intOption } from '../args.ts'
import { UsageError } from '../errors.ts'

/** Lease TTL of lock, elect and members --join when --ttl-ms is not given, ms. */
export const DEFAULT_LEASE_TTL_MS = 10_000

/** The --ttl-ms line of a command's --help. */
export const ttlHelp = `  --ttl-ms MS        lease TTL in ms, ${MIN_TTL_MS} to ${MAX_TTL_MS} (default ${DEFAULT_LEASE_TTL_MS}); renewed every TTL/3
                     while the command runs; if the command dies, others wait about TTL·1.1`

/** A lock, election, group, member or config key name; what the recipes refuse is a usage error. */
export function nameArg (value: string, what: string): string {
  try {
    return checkName(value, what)
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(err.message)
    throw err
  }
}

/** --ttl-ms as the recipes accept it. */
export function ttlOption (value: string | undefined): number {
  return intOption(value, 'ttl-ms', MIN_TTL_MS, MAX_TTL_MS) ?? DEFAULT_LEASE_TTL_MS
}

/** --count N: stop after N events (undefined: run until interrupted). */
export function countOption (value: string | undefined): number | undefined {
  return intOption(value, 'count', 1, 1_000_000_000)
}

/** A decimal version argument (config --if-version, --from). */
export function versionOption (value: string | undefined, flag: string): bigint | undefined {
  if (value === undefined) return undefined
  if (!/^(0|[1-9]\d{0,19})$/.test(value) || BigInt(value) >= 1n << 64n) {
    throw new UsageError(`--${flag} must be a whole number from 0 to 18446744073709551615, got ${JSON.stringify(value)}`)
  }
  return BigInt(value)
}

/**
 * Runs `op`; the recipes' InvalidInputError (a value or meta too large, ...) becomes a usage
 * error, exit 2. Every other error stays as it is (exit 1, its message on stderr).
 */
export async function refusingBadInput<T> (op: () => Promise<T>): Promise<T> {
  try {
    return await op()
  } catch (err) {
    if (err instanceof InvalidInputError) throw new UsageError(err.message)
    throw err
  }
}

/** SIGINT/SIGTERM/SIGHUP while a command runs: `signal` fires with the signal's name as reason. */
export interface Interrupts {
  readonly signal: AbortSignal
  /** The name of the signal that came first, if any. */
  readonly received: () => NodeJS.Signals | undefined
  /** Called on every signal (after the first too), e.g. to forward it to a child. */
  onSignal: ((name: NodeJS.Signals) => void) | undefined
  /** Removes the handlers (the default actions apply again). */
  dispose: () => void
}

const HANDLED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']

export function interrupts (): Interrupts {
  const controller = new AbortController()
  let first: NodeJS.Signals | undefined
  const handlers = new Map<NodeJS.Signals, () => void>()
  const self: Interrupts = {
    signal: controller.signal,
    received: () => first,
    onSignal: undefined,
    dispose: () => {
      for (const [name, handler] of handlers) process.off(name, handler)
      handlers.clear()
    }
  }
  for (const name of HANDLED) {
    const handler = (): void => {
      first ??= name
      self.onSignal?.(name)
      controller.abort(name)
    }
    handlers.set(name, handler)
    process.on(name, handler)
  }
  return self
}

/** Resolves when `signal` fires (at once if it has). */
export async function untilAborted (signal: AbortSignal): Promise<void> {
  if (signal.aborted) return
  await new Promise<void>(resolve => { signal.addEventListener('abort', () => { resolve() }, { once: true }) })
}

/** The shell's exit status of a child killed by `signal`: 128 + its number. */
export function signalExitCode (signal: NodeJS.Signals): number {
  const n = (constants.signals as Record<string, number | undefined>)[signal]
  return 128 + (n ?? 0)
}

/** The reason carried by a fired AbortSignal (a lost lease's LockNotHeldError), as one phrase. */
export function reasonOf (signal: AbortSignal): string {
  const reason: unknown = signal.reason
  return reason instanceof Error ? reason.message : String(reason)
}

/** Bytes as text when they are UTF-8, else base64 with a marker (for plain output). */
export function textOf (bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return `base64:${Buffer.from(bytes).toString('base64')}`
  }
}
