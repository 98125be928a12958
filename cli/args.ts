/**
 * Helpers shared by the commands: node:util parseArgs with our error type, and validation of
 * option values into typed numbers and multiaddrs.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { multiaddr } from '@multiformats/multiaddr'
import { UsageError } from './errors.ts'

type Options = NonNullable<ParseArgsConfig['options']>

/** parseArgs in strict mode; its errors become UsageErrors with the first sentence of its message. */
export function parse<O extends Options> (args: readonly string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals })
  } catch (err) {
    const message = (err as Error).message
    // parseArgs appends advice about '--' for unknown options; keep only the first sentence.
    throw new UsageError(message.split(/(?<=\.) /)[0].replace(/\.$/, ''))
  }
}

/** An integer option in [min, max]; undefined stays undefined. */
export function intOption (value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined
  const n = /^-?\d+$/.test(value.trim()) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(value)}`)
  }
  return n
}

/** Multiaddr options, checked for syntax. */
export function multiaddrOptions (values: readonly string[] | undefined, flag: string): string[] {
  return (values ?? []).map(value => {
    try {
      multiaddr(value)
    } catch {
      throw new UsageError(`--${flag} is not a valid multiaddr: ${JSON.stringify(value)}`)
    }
    return value
  })
}
