/** Random and mutated memcached sessions for the parser and server fuzz tests (seeded). */

import { seededRandom } from '../../node/transport/clock.ts'
import type { Random } from '../../node/transport/types.ts'

export type Rand = Random

/** The project's seeded PRNG, so a failing run is replayed from its seed. */
export const seeded = seededRandom

const int = (r: Rand, n: number): number => Math.floor(r() * n)
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]

const KEYS = ['a', 'b', 'key', 'k:1', 'ключ', 'x'.repeat(250), 'y'.repeat(251), 'bad\tkey', '']
const NUMBERS = ['0', '1', '5', '-1', '100', '4294967295', '4294967296', '18446744073709551615', 'abc', '+3', '0x10', '99999999999']

function value (r: Rand): Buffer {
  const n = pick(r, [0, 1, 3, 10, 100, 2000])
  const b = Buffer.alloc(n)
  for (let i = 0; i < n; i++) b[i] = r() < 0.1 ? pick(r, [13, 10, 0, 32]) : int(r, 256)
  return b
}

/** One command, mostly well formed. */
function command (r: Rand): Buffer {
  const key = pick(r, KEYS)
  const noreply = r() < 0.2 ? ' noreply' : ''
  switch (int(r, 16)) {
    case 0: case 1: case 2: {
      const v = value(r)
      const op = pick(r, ['set', 'add', 'replace', 'append', 'prepend'])
      const len = r() < 0.9 ? String(v.length) : pick(r, NUMBERS)
      return Buffer.concat([Buffer.from(`${op} ${key} ${pick(r, NUMBERS.slice(0, 6))} ${pick(r, ['0', '0', '100', '-1'])} ${len}${noreply}\r\n`), v, Buffer.from('\r\n')])
    }
    case 3: {
      const v = value(r)
      return Buffer.concat([Buffer.from(`cas ${key} 0 0 ${v.length} ${pick(r, NUMBERS)}${noreply}\r\n`), v, Buffer.from('\r\n')])
    }
    case 4: case 5:
      return Buffer.from(`${pick(r, ['get', 'gets'])} ${Array.from({ length: 1 + int(r, 4) }, () => pick(r, KEYS)).join(' ')}\r\n`)
    case 6:
      return Buffer.from(`${pick(r, ['gat', 'gats'])} ${pick(r, NUMBERS)} ${pick(r, KEYS)}\r\n`)
    case 7:
      return Buffer.from(`delete ${key}${pick(r, ['', ' 0', ' 1'])}${noreply}\r\n`)
    case 8:
      return Buffer.from(`${pick(r, ['incr', 'decr'])} ${key} ${pick(r, NUMBERS)}${noreply}\r\n`)
    case 9:
      return Buffer.from(`touch ${key} ${pick(r, NUMBERS)}${noreply}\r\n`)
    case 10:
      return Buffer.from(`stats${pick(r, ['', ' items', ' slabs', ' settings', ' bogus', ' reset'])}\r\n`)
    case 11:
      return Buffer.from(pick(r, ['version\r\n', 'verbosity 1\r\n', 'verbosity\r\n', 'flush_all 0 noreply\r\n', 'mn\r\n', 'bogus\r\n', '\r\n', 'quit\r\n']))
    case 12:
      // A too-large block, swallowed.
      return Buffer.concat([Buffer.from(`set ${key} 0 0 ${1024 * 1024 + 1 + int(r, 100)}${noreply}\r\n`), Buffer.alloc(1024 * 1024 + 2 + int(r, 100), 'z')])
    default: {
      // Noise: random bytes, sometimes with newlines.
      const b = Buffer.alloc(int(r, 64))
      for (let i = 0; i < b.length; i++) b[i] = r() < 0.1 ? 10 : int(r, 256)
      return b
    }
  }
}

/** A session of a few commands. */
export function randomSession (r: Rand, commands = 1 + int(r, 20)): Buffer {
  return Buffer.concat(Array.from({ length: commands }, () => command(r)))
}

/** The session with a few bytes flipped, dropped, duplicated or inserted. */
export function mutate (r: Rand, session: Buffer): Buffer {
  let b = Buffer.from(session)
  for (let m = 1 + int(r, 4); m > 0 && b.length > 0; m--) {
    const at = int(r, b.length)
    switch (int(r, 4)) {
      case 0: b[at] = int(r, 256); break
      case 1: b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1 + int(r, 8))]); break
      case 2: b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + int(r, 16)), b.subarray(at)]); break
      default: b = Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, ['\r\n', '\n', ' ', '\0', 'noreply', '99999999'])), b.subarray(at)])
    }
  }
  return b
}

/** `bytes` cut into random pieces (1 byte up to all). */
export function chunks (r: Rand, bytes: Buffer): Buffer[] {
  const out: Buffer[] = []
  for (let at = 0; at < bytes.length;) {
    const n = 1 + int(r, r() < 0.3 ? 4 : Math.max(1, bytes.length))
    out.push(bytes.subarray(at, at + n))
    at += n
  }
  return out
}
