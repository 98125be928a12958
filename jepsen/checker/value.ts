/**
 * Value helpers shared by the checkers: one canonical text per value, so equality and state
 * hashing agree on what "the same value" means.
 */

/**
 * A canonical text of a value: object keys sorted, bigint as `123n`, Uint8Array as hex,
 * `undefined` the same as `null` (an absent value), -0 the same as 0. Two values are
 * considered equal by the checkers exactly when their canonical texts are equal.
 */
export function canonical (value: unknown): string {
  if (value === undefined || value === null) return 'null'
  switch (typeof value) {
    case 'bigint': return `${value}n`
    case 'number': return Object.is(value, -0) ? '0' : String(value)
    case 'string': return JSON.stringify(value)
    case 'boolean': return value ? 'true' : 'false'
    case 'symbol': return value.toString()
    case 'function': throw new TypeError('functions have no canonical value')
  }
  if (value instanceof Uint8Array) return `0x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}`
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value instanceof Set) return `#{${[...value].map(canonical).sort().join(',')}}`
  if (value instanceof Map) return `#map{${[...value].map(([k, v]) => `${canonical(k)}:${canonical(v)}`).sort().join(',')}}`
  const record = value as Record<string, unknown>
  const keys = Object.keys(record).filter(k => record[k] !== undefined).sort()
  return `{${keys.map(k => `${JSON.stringify(k)}:${canonical(record[k])}`).join(',')}}`
}

/** Equality by canonical text (null and undefined are equal: both mean "no value"). */
export function valueEqual (a: unknown, b: unknown): boolean {
  if (a === b) return true
  if ((a === null || a === undefined) && (b === null || b === undefined)) return true
  return canonical(a) === canonical(b)
}

/** A number, bigint or decimal string as a bigint; undefined when it is none of these. */
export function toBigInt (value: unknown): bigint | undefined {
  if (typeof value === 'bigint') return value
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value)
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value)
  return undefined
}
