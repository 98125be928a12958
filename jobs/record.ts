/**
 * A job as the coordination layer stores it: one register per job (`jobs/<run>/<id>`) whose
 * value is a JSON record moving pending → claimed → (claimed by another, after a takeover) →
 * done. The register's version is the fencing token: a claim written with ifVersion = v
 * commits version v + 1, and that number is the claim's token, recorded in the record itself.
 *
 * Records are read from the network and may have been written by anyone with access to the
 * ring, so decodeRecord validates every field and answers a JobRecordError, never a crash.
 */
import { createHash } from 'node:crypto'

/** One committed claim of a job: its fencing token (the register version it created) and who made it. */
export interface ClaimEntry {
  readonly token: bigint
  readonly worker: string
}

interface Common {
  /** The job's input, as the producer submitted it (at most MAX_PAYLOAD_CHARS). */
  readonly payload: string
  /** Iterations of SHA-256 the result costs. */
  readonly k: number
}

export interface PendingRecord extends Common {
  readonly state: 'pending'
}

export interface ClaimedRecord extends Common {
  readonly state: 'claimed'
  /** The holder of the latest claim. */
  readonly worker: string
  /** The latest claim's fencing token (= claims[claims.length - 1].token). */
  readonly token: bigint
  /** The holder promises to renew (change the register) at least this often, in ms. */
  readonly leaseMs: number
  /** Renewals under this claim so far. */
  readonly renewals: number
  /** Every committed claim, oldest first (append-only). */
  readonly claims: readonly ClaimEntry[]
}

export interface DoneRecord extends Common {
  readonly state: 'done'
  /** Who stored the result, and under which claim's token. */
  readonly worker: string
  readonly token: bigint
  /** Hex SHA-256 iterated k times over the payload. */
  readonly result: string
  readonly claims: readonly ClaimEntry[]
}

export type JobRecord = PendingRecord | ClaimedRecord | DoneRecord

/** Bounds on what a record may hold (it travels in one register of at most 64 KiB). */
export const MAX_PAYLOAD_CHARS = 4096
export const MAX_K = 100_000_000
export const MAX_WORKER_CHARS = 128
export const MAX_CLAIMS = 256
export const MAX_LEASE_MS = 3_600_000

/** A record that is not a well-formed job record. */
export class JobRecordError extends Error {
  override readonly name = 'JobRecordError'
  readonly code = 'BadJobRecord'
}

/** The register key of job `id` of run `runId`. */
export function jobKey (runId: string, id: number): string {
  return `jobs/${runId}/${id}`
}

/** A run id must be a short token of letters, digits, '-' and '_' (it is part of every key). */
export function runIdProblem (runId: string): string | null {
  return /^[A-Za-z0-9_-]{1,64}$/.test(runId) ? null : `a run id is 1 to 64 letters, digits, '-' or '_', got ${JSON.stringify(runId)}`
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export function encodeRecord (record: JobRecord): Uint8Array {
  return encoder.encode(JSON.stringify(record, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)))
}

function fail (message: string): never {
  throw new JobRecordError(message)
}

function str (o: Record<string, unknown>, field: string, max: number): string {
  const v = o[field]
  if (typeof v !== 'string' || v.length > max) fail(`${field} must be a string of at most ${max} characters`)
  return v
}

function int (o: Record<string, unknown>, field: string, min: number, max: number): number {
  const v = o[field]
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) fail(`${field} must be an integer from ${min} to ${max}`)
  return v
}

function u64 (v: unknown, field: string): bigint {
  if (typeof v !== 'string' || !/^\d{1,20}$/.test(v) || BigInt(v) >= 1n << 64n) fail(`${field} must be a decimal u64 string`)
  return BigInt(v)
}

function claims (o: Record<string, unknown>): ClaimEntry[] {
  const v = o.claims
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_CLAIMS) fail(`claims must be a list of 1 to ${MAX_CLAIMS} entries`)
  return v.map((c: unknown, i) => {
    if (typeof c !== 'object' || c === null) fail(`claims[${i}] must be an object`)
    const e = c as Record<string, unknown>
    return { token: u64(e.token, `claims[${i}].token`), worker: str(e, 'worker', MAX_WORKER_CHARS) }
  })
}

/** The record a register value holds; throws JobRecordError when it is not one. */
export function decodeRecord (bytes: Uint8Array): JobRecord {
  let parsed: unknown
  try {
    parsed = JSON.parse(decoder.decode(bytes))
  } catch {
    fail('not a JSON document')
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) fail('not a JSON object')
  const o = parsed as Record<string, unknown>
  const payload = str(o, 'payload', MAX_PAYLOAD_CHARS)
  const k = int(o, 'k', 1, MAX_K)
  switch (o.state) {
    case 'pending':
      return { state: 'pending', payload, k }
    case 'claimed': {
      const list = claims(o)
      const token = u64(o.token, 'token')
      if (list[list.length - 1].token !== token) fail('token must be the last claim\'s token')
      return { state: 'claimed', payload, k, worker: str(o, 'worker', MAX_WORKER_CHARS), token, leaseMs: int(o, 'leaseMs', 1, MAX_LEASE_MS), renewals: int(o, 'renewals', 0, Number.MAX_SAFE_INTEGER), claims: list }
    }
    case 'done': {
      const result = str(o, 'result', 64)
      if (!/^[0-9a-f]{64}$/.test(result)) fail('result must be 64 hex digits')
      return { state: 'done', payload, k, worker: str(o, 'worker', MAX_WORKER_CHARS), token: u64(o.token, 'token'), result, claims: claims(o) }
    }
    default:
      return fail('state must be pending, claimed or done')
  }
}

/** The expected result of a job: SHA-256 applied k times, starting from the payload's UTF-8 bytes; hex. */
export function expectedResult (payload: string, k: number): string {
  let h: Uint8Array = encoder.encode(payload)
  for (let i = 0; i < k; i++) h = createHash('sha256').update(h).digest()
  return Buffer.from(h).toString('hex')
}

/** Iterations computed between two yields to the event loop (so lease renewals keep running). */
export const ITERATIONS_PER_SLICE = 2_000

/**
 * The same computation as expectedResult, in slices separated by `pause()` (real time: a
 * setImmediate, so timers such as lease renewals run while a long job computes), stopping early
 * when `signal` aborts.
 */
export async function computeResult (payload: string, k: number, pause: () => Promise<void>, signal?: AbortSignal): Promise<string> {
  let h: Uint8Array = encoder.encode(payload)
  for (let done = 0; done < k;) {
    const end = Math.min(k, done + ITERATIONS_PER_SLICE)
    for (; done < end; done++) h = createHash('sha256').update(h).digest()
    if (done < k) {
      await pause()
      signal?.throwIfAborted()
    }
  }
  return Buffer.from(h).toString('hex')
}
