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

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1000, kib: 1024, m: 1024 ** 2, mb: 1000 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1000 ** 3, gib: 1024 ** 3 }

/** A byte size such as 67108864, 64MiB, 64m or 1GB (binary prefixes for k/m/g and KiB/MiB/GiB). */
export function byteSizeOption (value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const match = /^(\d+(?:\.\d+)?)\s*([a-zA-Z]*)$/.exec(value.trim())
  const unit = UNITS[match?.[2].toLowerCase() ?? 'x']
  const n = match === null || unit === undefined ? NaN : Math.floor(Number(match[1]) * unit)
  if (!Number.isSafeInteger(n) || n < 1024 * 1024) {
    throw new UsageError(`--${flag} must be a size of at least 1MiB, such as 64MiB, got ${JSON.stringify(value)}`)
  }
  return n
}
