/**
 * The memcached ASCII-protocol conformance suite, written from memcached's doc/protocol.txt
 * and checked byte for byte over a real socket. ring.test.ts runs it against a chordkv peer's
 * memcached port, memcached.test.ts against a real memcached (Debian's 1.6.18), which proves
 * the suite itself says what memcached does.
 *
 * Where the ring answers differently ON PURPOSE, the case says `differs({ ring, memcached })`
 * and why. The list (also in docs/memcached.md):
 *  1. flags above 2^32 - 1: memcached 1.6.18 silently truncates them (stores flags mod 2^32);
 *     the ring answers CLIENT_ERROR bad command line format, as later memcached releases do.
 *  2. A value of exactly 1 MiB: the ring stores values up to 1048576 bytes; memcached counts its
 *     item header and the key against its 1 MiB item size, so its largest value is ~60 bytes
 *     less and it answers SERVER_ERROR object too large for cache.
 *  3. Keys with control characters (or bytes that are not UTF-8): memcached stores them; ring
 *     keys are strings without control characters, so the ring answers CLIENT_ERROR bad command
 *     line format (and skips the data block so the client stays in step).
 *  4. touch and gat give the item a new CAS unique on the ring (the version orders replicas);
 *     memcached keeps the CAS.
 *  5. gat/gats with an exptime already past: memcached returns the item one last time; the ring
 *     touches first and then reads, so it answers a miss.
 *  6. CAS uniques are hybrid-logical-clock versions (large numbers, unique per key version, not
 *     a global counter: two keys written on different primaries may share one).
 *  7. stats: command counters are this port's traffic, item and memory figures this peer's
 *     store (primary and replica copies), plus chordkv_* lines.
 *  8. flush_all empties the whole ring, not one server; a delayed flush_all is a timer of the
 *     port that received it.
 * Not checked here because the two behave alike only at the protocol level: the order in
 * which commands on DIFFERENT keys of one connection take effect (the ring runs them
 * concurrently; replies are always in order).
 */
import type { Test } from 'tap'
import { RawClient, type Target, type TargetName } from './harness.ts'

const MiB = 1024 * 1024

export interface SuiteOptions {
  /** Run the cases that wait for expiry and delayed flush_all (about 7 s). */
  readonly timed?: boolean
}

export function conformanceSuite (t: Test, target: Target, options: SuiteOptions = {}): void {
  const run = `${target.name}-${process.pid}-${Date.now().toString(36)}`
  let counter = 0
  /** A key no other case uses. */
  const key = (name: string): string => `${run}:${name}:${counter++}`
  const differs = <T>(by: Record<TargetName, T>): T => by[target.name]
  const open = async (t: Test): Promise<RawClient> => {
    const c = await RawClient.connect(target.host, target.port)
    t.teardown(() => { c.close() })
    return c
  }
  /** After noreply commands: the next reply must be this get's END, nothing before it. */
  const sync = async (t: Test, c: RawClient, what: string): Promise<void> => {
    t.equal(await c.exchange(`get ${key('sync')}\r\n`, 'END\r\n'), 'END\r\n', what)
  }
  const set = async (c: RawClient, k: string, value: string, flags = 0, exptime = 0): Promise<void> => {
    const reply = await c.exchange(`set ${k} ${flags} ${exptime} ${Buffer.byteLength(value, 'latin1')}\r\n${value}\r\n`, 'STORED\r\n')
    if (reply !== 'STORED\r\n') throw new Error(`set ${k} answered ${JSON.stringify(reply)}`)
  }
  const gets = async (c: RawClient, k: string): Promise<bigint> => {
    c.write(`gets ${k}\r\n`)
    const text = (await c.readUntil('END\r\n')).toString('latin1')
    const m = /^VALUE \S+ \d+ \d+ (\d+)\r\n/.exec(text)
    if (m === null) throw new Error(`gets ${k} answered ${JSON.stringify(text)}`)
    return BigInt(m[1])
  }

  t.test('storage commands: set, add, replace, append, prepend', async t => {
    const c = await open(t)
    const a = key('a')
    t.equal(await c.exchange(`set ${a} 5 0 3\r\nabc\r\n`, 'STORED\r\n'), 'STORED\r\n', 'set stores')
    t.equal(await c.exchange(`get ${a}\r\n`, `VALUE ${a} 5 3\r\nabc\r\nEND\r\n`), `VALUE ${a} 5 3\r\nabc\r\nEND\r\n`, 'get returns value and flags')
    t.equal(await c.exchange(`add ${a} 0 0 1\r\nx\r\n`, 'NOT_STORED\r\n'), 'NOT_STORED\r\n', 'add on a present key')
    const b = key('b')
    t.equal(await c.exchange(`add ${b} 7 0 2\r\nhi\r\n`, 'STORED\r\n'), 'STORED\r\n', 'add on a missing key')
    const missing = key('missing')
    t.equal(await c.exchange(`replace ${missing} 0 0 1\r\nx\r\n`, 'NOT_STORED\r\n'), 'NOT_STORED\r\n', 'replace on a missing key')
    t.equal(await c.exchange(`replace ${b} 8 0 3\r\nnew\r\n`, 'STORED\r\n'), 'STORED\r\n', 'replace on a present key')
    t.equal(await c.exchange(`append ${a} 99 0 2\r\nde\r\n`, 'STORED\r\n'), 'STORED\r\n', 'append')
    t.equal(await c.exchange(`prepend ${a} 99 0 2\r\n<<\r\n`, 'STORED\r\n'), 'STORED\r\n', 'prepend')
    t.equal(await c.exchange(`append ${missing} 0 0 1\r\nx\r\n`, 'NOT_STORED\r\n'), 'NOT_STORED\r\n', 'append to a missing key')
    t.equal(await c.exchange(`prepend ${missing} 0 0 1\r\nx\r\n`, 'NOT_STORED\r\n'), 'NOT_STORED\r\n', 'prepend to a missing key')
    const expected = `VALUE ${a} 5 7\r\n<<abcde\r\nVALUE ${b} 8 3\r\nnew\r\nEND\r\n`
    t.equal(await c.exchange(`get ${a} ${b}\r\n`, expected), expected, 'append/prepend keep the flags; replace replaced')
    const e = key('empty')
    t.equal(await c.exchange(`set ${e} 0 0 0\r\n\r\nget ${e}\r\n`, `STORED\r\nVALUE ${e} 0 0\r\n\r\nEND\r\n`), `STORED\r\nVALUE ${e} 0 0\r\n\r\nEND\r\n`, 'an empty value')
    const f = key('flags')
    t.equal(await c.exchange(`set ${f} 4294967295 0 1\r\nx\r\nget ${f}\r\n`, `STORED\r\nVALUE ${f} 4294967295 1\r\nx\r\nEND\r\n`),
      `STORED\r\nVALUE ${f} 4294967295 1\r\nx\r\nEND\r\n`, 'flags are 32-bit')
    const n = key('numbers')
    t.equal(await c.exchange(`set ${n} +1 00 01\r\nx\r\nget ${n}\r\n`, `STORED\r\nVALUE ${n} 1 1\r\nx\r\nEND\r\n`),
      `STORED\r\nVALUE ${n} 1 1\r\nx\r\nEND\r\n`, 'numbers as strtoul reads them: a + sign and leading zeros')
    const g = key('garbage')
    t.equal(await c.exchange(`set ${g} 0 0 1 garbage\r\nx\r\n`, 'STORED\r\n'), 'STORED\r\n', 'a last token other than noreply is ignored')
  })

  t.test('cas: STORED, EXISTS, NOT_FOUND; gets returns the CAS unique', async t => {
    const c = await open(t)
    const k = key('cas')
    await set(c, k, 'one')
    const unique = await gets(c, k)
    t.equal(await c.exchange(`cas ${k} 3 0 3 ${unique}\r\ntwo\r\n`, 'STORED\r\n'), 'STORED\r\n', 'cas with the current unique stores')
    t.equal(await c.exchange(`cas ${k} 0 0 5 ${unique}\r\nthree\r\n`, 'EXISTS\r\n'), 'EXISTS\r\n', 'cas with a stale unique')
    const next = await gets(c, k)
    t.not(next, unique, 'a write gives a new CAS unique')
    const expected = `VALUE ${k} 3 3 ${next}\r\ntwo\r\nEND\r\n`
    t.equal(await c.exchange(`gets ${k}\r\n`, expected), expected, 'gets: flags, length, unique')
    t.equal(await c.exchange(`cas ${key('none')} 0 0 1 ${next}\r\nx\r\n`, 'NOT_FOUND\r\n'), 'NOT_FOUND\r\n', 'cas on a missing key')
    await set(c, k, 'overwritten')
    t.equal(await c.exchange(`cas ${k} 0 0 1 ${next}\r\nx\r\n`, 'EXISTS\r\n'), 'EXISTS\r\n', 'cas after another set')
    t.equal(await c.exchange(`cas ${k} 0 0 1\r\nx\r\n`, 'ERROR\r\nERROR\r\n'), 'ERROR\r\nERROR\r\n',
      'cas without a unique is a wrong token count (and the block is then read as a command)')
    t.equal(await c.exchange(`cas ${k} 0 0 1 -1\r\nx\r\n`, 'CLIENT_ERROR bad command line format\r\nERROR\r\n'),
      'CLIENT_ERROR bad command line format\r\nERROR\r\n', 'a negative unique')
    const touched = key('touched')
    await set(c, touched, 'v')
    const before = await gets(c, touched)
    await c.exchange(`touch ${touched} 100\r\n`, 'TOUCHED\r\n')
    const after = await gets(c, touched)
    // Difference 4: the ring versions a touch like any write.
    t.equal(after === before, differs({ ring: false, memcached: true }), 'touch and the CAS unique')
  })

  t.test('get and gets with many keys: hits in request order, misses left out, duplicates repeated', async t => {
    const c = await open(t)
    const keys = Array.from({ length: 40 }, (_, i) => key(`multi${i}`))
    for (const [i, k] of keys.entries()) if (i % 3 !== 0) await set(c, k, `v${i}`, i)
    const asked = [...keys, keys[1], key('nope')]
    let expected = ''
    for (const k of asked) {
      const i = keys.indexOf(k)
      if (i >= 0 && i % 3 !== 0) expected += `VALUE ${k} ${i} ${`v${i}`.length}\r\nv${i}\r\n`
    }
    expected += 'END\r\n'
    t.equal(await c.exchange(`get ${asked.join(' ')}\r\n`, expected), expected)
    t.equal(await c.exchange(`get  ${keys[1]}   ${keys[2]}  \r\n`, `VALUE ${keys[1]} 1 2\r\nv1\r\nVALUE ${keys[2]} 2 2\r\nv2\r\nEND\r\n`),
      `VALUE ${keys[1]} 1 2\r\nv1\r\nVALUE ${keys[2]} 2 2\r\nv2\r\nEND\r\n`, 'runs of spaces separate tokens')
    c.write(`gets ${keys[1]} ${keys[2]} ${keys[0]}\r\n`)
    const text = (await c.readUntil('END\r\n')).toString('latin1')
    t.match(text, new RegExp(`^VALUE ${keys[1]} 1 2 \\d+\\r\\nv1\\r\\nVALUE ${keys[2]} 2 2 \\d+\\r\\nv2\\r\\nEND\\r\\n$`), 'gets of many keys')
    t.equal(await c.exchange('get\r\n', 'ERROR\r\n'), 'ERROR\r\n', 'get without a key')
    t.equal(await c.exchange(`get ${key('x')}\n`, 'END\r\n'), 'END\r\n', 'a line may end in a bare \\n')
  })

  t.test('gat and gats: fetch and touch', async t => {
    const c = await open(t)
    const k = key('gat')
    await set(c, k, 'value', 3)
    t.equal(await c.exchange(`gat 100 ${k} ${key('nope')}\r\n`, `VALUE ${k} 3 5\r\nvalue\r\nEND\r\n`), `VALUE ${k} 3 5\r\nvalue\r\nEND\r\n`, 'gat')
    c.write(`gats 100 ${k}\r\n`)
    t.match((await c.readUntil('END\r\n')).toString('latin1'), new RegExp(`^VALUE ${k} 3 5 \\d+\\r\\nvalue\\r\\nEND\\r\\n$`), 'gats')
    t.equal(await c.exchange('gat 10\r\n', 'END\r\n'), 'END\r\n', 'gat with no key')
    t.equal(await c.exchange(`gat abc ${k}\r\n`, 'CLIENT_ERROR invalid exptime argument\r\n'), 'CLIENT_ERROR invalid exptime argument\r\n')
    t.equal(await c.exchange('gat\r\n', 'ERROR\r\n'), 'ERROR\r\n')
    const past = key('gatpast')
    await set(c, past, 'v')
    // Difference 5: memcached returns the item once when touched into the past.
    const once = differs({ ring: 'END\r\n', memcached: `VALUE ${past} 0 1\r\nv\r\nEND\r\n` })
    t.equal(await c.exchange(`gat -1 ${past}\r\n`, once), once, 'gat into the past')
    t.equal(await c.exchange(`get ${past}\r\n`, 'END\r\n'), 'END\r\n', 'then it is gone')
  })

  t.test('delete', async t => {
    const c = await open(t)
    const k = key('del')
    await set(c, k, 'v')
    t.equal(await c.exchange(`delete ${k}\r\n`, 'DELETED\r\n'), 'DELETED\r\n')
    t.equal(await c.exchange(`delete ${k}\r\n`, 'NOT_FOUND\r\n'), 'NOT_FOUND\r\n')
    t.equal(await c.exchange(`get ${k}\r\n`, 'END\r\n'), 'END\r\n')
    await set(c, k, 'v')
    t.equal(await c.exchange(`delete ${k} 0\r\n`, 'DELETED\r\n'), 'DELETED\r\n', 'a hold time of 0 is accepted')
    const usage = 'CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n'
    t.equal(await c.exchange(`delete ${k} 10\r\n`, usage), usage, 'any other hold time is not')
    t.equal(await c.exchange(`delete ${k} x y\r\n`, usage), usage)
    t.equal(await c.exchange('delete\r\n', 'ERROR\r\n'), 'ERROR\r\n')
  })

  t.test('incr and decr', async t => {
    const c = await open(t)
    const k = key('n')
    await set(c, k, '10', 4)
    t.equal(await c.exchange(`incr ${k} 5\r\n`, '15\r\n'), '15\r\n')
    t.equal(await c.exchange(`decr ${k} 6\r\n`, '9\r\n'), '9\r\n')
    t.equal(await c.exchange(`get ${k}\r\n`, `VALUE ${k} 4 2\r\n9 \r\nEND\r\n`), `VALUE ${k} 4 2\r\n9 \r\nEND\r\n`,
      'a shorter number keeps the length, padded with spaces; flags stay')
    t.equal(await c.exchange(`decr ${k} 100\r\n`, '0\r\n'), '0\r\n', 'decr stops at 0')
    const big = key('big')
    await set(c, big, '18446744073709551615')
    t.equal(await c.exchange(`incr ${big} 2\r\n`, '1\r\n'), '1\r\n', 'incr wraps at 2^64')
    t.equal(await c.exchange(`incr ${big} 18446744073709551615\r\n`, '0\r\n'), '0\r\n', 'the largest delta')
    t.equal(await c.exchange(`incr ${key('none')} 1\r\n`, 'NOT_FOUND\r\n'), 'NOT_FOUND\r\n')
    const text = key('text')
    await set(c, text, 'abc')
    t.equal(await c.exchange(`incr ${text} 1\r\n`, 'CLIENT_ERROR cannot increment or decrement non-numeric value\r\n'),
      'CLIENT_ERROR cannot increment or decrement non-numeric value\r\n')
    for (const delta of ['abc', '-1', '18446744073709551616', '1.5']) {
      t.equal(await c.exchange(`incr ${k} ${delta}\r\n`, 'CLIENT_ERROR invalid numeric delta argument\r\n'),
        'CLIENT_ERROR invalid numeric delta argument\r\n', `delta ${delta}`)
    }
    t.equal(await c.exchange(`decr ${key('none')} x\r\n`, 'CLIENT_ERROR invalid numeric delta argument\r\n'),
      'CLIENT_ERROR invalid numeric delta argument\r\n', 'the delta is checked before the key is looked up')
    t.equal(await c.exchange(`incr ${k}\r\nincr ${k} 1 2 3\r\n`, 'ERROR\r\nERROR\r\n'), 'ERROR\r\nERROR\r\n', 'token counts')
  })

  t.test('touch', async t => {
    const c = await open(t)
    const k = key('touch')
    await set(c, k, 'v')
    t.equal(await c.exchange(`touch ${k} 100\r\n`, 'TOUCHED\r\n'), 'TOUCHED\r\n')
    t.equal(await c.exchange(`touch ${key('none')} 100\r\n`, 'NOT_FOUND\r\n'), 'NOT_FOUND\r\n')
    t.equal(await c.exchange(`touch ${k} abc\r\n`, 'CLIENT_ERROR invalid exptime argument\r\n'), 'CLIENT_ERROR invalid exptime argument\r\n')
    t.equal(await c.exchange(`touch ${k}\r\n`, 'ERROR\r\n'), 'ERROR\r\n')
    t.equal(await c.exchange(`touch ${k} -1\r\nget ${k}\r\n`, 'TOUCHED\r\nEND\r\n'), 'TOUCHED\r\nEND\r\n', 'a negative exptime expires it at once')
  })

  t.test('exptime: negative and past absolute times expire at once; 0 never', async t => {
    const c = await open(t)
    const neg = key('neg')
    const abs = key('abs')
    const never = key('never')
    const future = key('future')
    t.equal(await c.exchange(`set ${neg} 0 -1 1\r\nx\r\nget ${neg}\r\n`, 'STORED\r\nEND\r\n'), 'STORED\r\nEND\r\n', 'negative')
    t.equal(await c.exchange(`set ${abs} 0 2592001 1\r\nx\r\nget ${abs}\r\n`, 'STORED\r\nEND\r\n'), 'STORED\r\nEND\r\n', 'over 30 days is an absolute time (1970)')
    const soon = Math.floor(Date.now() / 1000) + 3600
    t.equal(await c.exchange(`set ${future} 0 ${soon} 1\r\nx\r\nget ${future}\r\n`, `STORED\r\nVALUE ${future} 0 1\r\nx\r\nEND\r\n`),
      `STORED\r\nVALUE ${future} 0 1\r\nx\r\nEND\r\n`, 'an absolute time in the future')
    t.equal(await c.exchange(`set ${never} 0 0 1\r\nx\r\nget ${never}\r\n`, `STORED\r\nVALUE ${never} 0 1\r\nx\r\nEND\r\n`),
      `STORED\r\nVALUE ${never} 0 1\r\nx\r\nEND\r\n`, '0')
  })

  t.test('noreply silences every command that takes it', async t => {
    const c = await open(t)
    const k = key('nr')
    const n = key('nrn')
    c.write(`set ${k} 1 0 1 noreply\r\na\r\n`)
    c.write(`add ${k} 0 0 1 noreply\r\nb\r\n`)
    c.write(`replace ${k} 2 0 1 noreply\r\nc\r\n`)
    c.write(`append ${k} 0 0 1 noreply\r\nd\r\n`)
    c.write(`prepend ${k} 0 0 1 noreply\r\ne\r\n`)
    c.write(`cas ${k} 0 0 1 1 noreply\r\nf\r\n`)
    c.write(`set ${n} 0 0 1 noreply\r\n5\r\n`)
    c.write(`incr ${n} 10 noreply\r\n`)
    c.write(`decr ${n} 3 noreply\r\n`)
    c.write(`touch ${k} 1000 noreply\r\n`)
    c.write(`touch ${key('none')} 1000 noreply\r\n`)
    c.write(`delete ${key('none')} noreply\r\n`)
    c.write(`delete ${key('none')} 0 noreply\r\n`)
    c.write('verbosity 1 noreply\r\n')
    const expected = `VALUE ${k} 2 3\r\necd\r\nVALUE ${n} 0 2\r\n12\r\nEND\r\n`
    t.equal(await c.exchange(`get ${k} ${n}\r\n`, expected), expected, 'every command applied, none answered')
    c.write(`incr ${k} 1 noreply\r\n`)
    c.write(`incr ${n} x noreply\r\n`)
    c.write(`set ${k} 0 0 -1 noreply\r\n`)
    c.write(`touch ${k} x noreply\r\n`)
    c.write(`delete ${k} 5 noreply\r\n`)
    c.write(`set ${k} 0 0 2000000 noreply\r\n${'z'.repeat(2_000_000)}\r\n`)
    await sync(t, c, 'errors are silenced too (and the too-large set dropped the key)')
    t.equal(await c.exchange(`get ${k}\r\n`, 'END\r\n'), 'END\r\n')
  })

  t.test('errors: ERROR, CLIENT_ERROR, and the connection stays usable', async t => {
    const c = await open(t)
    const k = key('err')
    await set(c, k, 'ok')
    const ok = `VALUE ${k} 0 2\r\nok\r\nEND\r\n`
    const cases: Array<[string, string, string]> = [
      ['an unknown command', 'bogus\r\n', 'ERROR\r\n'],
      ['commands are case-sensitive', `GET ${k}\r\n`, 'ERROR\r\n'],
      ['an empty line', '\r\n', 'ERROR\r\n'],
      ['a one-letter command', 'x\r\n', 'ERROR\r\n'],
      ['too few tokens', `set ${k} 0 0\r\n`, 'ERROR\r\n'],
      ['too many tokens (the block is then a command)', `set ${k} 0 0 1 noreply extra\r\nx\r\n`, 'ERROR\r\nERROR\r\n'],
      ['negative length', `set ${k} 0 0 -1\r\n`, 'CLIENT_ERROR bad command line format\r\n'],
      ['garbage length', `set ${k} 0 0 abc\r\n`, 'CLIENT_ERROR bad command line format\r\n'],
      ['bad flags (the block is not skipped)', `set ${k} -1 0 1\r\nx\r\n`, 'CLIENT_ERROR bad command line format\r\nERROR\r\n'],
      ['hexadecimal is not a number', `set ${k} 0x1 0 1\r\nx\r\n`, 'CLIENT_ERROR bad command line format\r\nERROR\r\n'],
      ['bad exptime', `set ${k} 0 abc 1\r\nx\r\n`, 'CLIENT_ERROR bad command line format\r\nERROR\r\n'],
      ['block longer than announced', `set ${key('e')} 0 0 1\r\nxy\r\n`, 'CLIENT_ERROR bad data chunk\r\nERROR\r\n'],
      ['block not ended by \\r\\n', `set ${key('e')} 0 0 1\r\nx\nget ${k}\r\n`, 'CLIENT_ERROR bad data chunk\r\nERROR\r\n'],
      ['key of 251 bytes', `get ${'k'.repeat(251)}\r\n`, 'CLIENT_ERROR bad command line format\r\n'],
      ['set with a key of 251 bytes', `set ${'k'.repeat(251)} 0 0 1\r\nx\r\n`, 'CLIENT_ERROR bad command line format\r\nERROR\r\n'],
      ['verbosity without a level', 'verbosity\r\n', 'ERROR\r\n'],
      ['verbosity with a bad level', 'verbosity x\r\n', 'CLIENT_ERROR bad command line format\r\n'],
      ['flush_all with a bad delay', 'flush_all x\r\n', 'CLIENT_ERROR invalid exptime argument\r\n'],
      ['meta command not served', 'mx\r\n', 'ERROR\r\n'],
      ['stats of something unknown', 'stats bogus\r\n', 'ERROR\r\n']
    ]
    for (const [what, send, reply] of cases) {
      t.equal(await c.exchange(send, reply), reply, what)
      t.equal(await c.exchange(`get ${k}\r\n`, ok), ok, `usable after ${what}`)
    }
    // Difference 1: flags above 2^32 - 1.
    const flags = differs({ ring: 'CLIENT_ERROR bad command line format\r\nERROR\r\n', memcached: 'STORED\r\n' })
    t.equal(await c.exchange(`set ${key('f')} 4294967296 0 1\r\nx\r\n`, flags), flags, 'flags of 33 bits')
    // Difference 3: control characters in keys.
    const ctl = differs({ ring: 'CLIENT_ERROR bad command line format\r\n', memcached: 'STORED\r\n' })
    t.equal(await c.exchange(`set ${key('a\x01b')} 0 0 1\r\nx\r\n`, ctl), ctl, 'a key with a control character')
    t.equal(await c.exchange(`get ${k}\r\n`, ok), ok, 'usable after them')
  })

  t.test('keys: 250 bytes is the limit', async t => {
    const c = await open(t)
    const k = `${run}:`.padEnd(250, 'k')
    t.equal(await c.exchange(`set ${k} 0 0 1\r\nx\r\nget ${k}\r\n`, `STORED\r\nVALUE ${k} 0 1\r\nx\r\nEND\r\n`), `STORED\r\nVALUE ${k} 0 1\r\nx\r\nEND\r\n`)
    t.equal(await c.exchange(`delete ${k}k\r\n`, 'CLIENT_ERROR bad command line format\r\n'), 'CLIENT_ERROR bad command line format\r\n')
    t.equal(await c.exchange(`incr ${k}k 1\r\n`, 'CLIENT_ERROR bad command line format\r\n'), 'CLIENT_ERROR bad command line format\r\n')
    t.equal(await c.exchange(`touch ${k}k 1\r\n`, 'CLIENT_ERROR bad command line format\r\n'), 'CLIENT_ERROR bad command line format\r\n')
    const utf8 = key('ключ-€')
    const expected = `STORED\r\nVALUE ${utf8} 0 1\r\nx\r\nEND\r\n`
    const bytes = Buffer.from(`set ${utf8} 0 0 1\r\nx\r\nget ${utf8}\r\n`)
    c.write(bytes)
    t.same(await c.read(Buffer.byteLength(expected)), Buffer.from(expected), 'UTF-8 keys come back byte for byte')
  })

  t.test('values are binary-safe: all 256 byte values, \\r\\n and protocol words inside data', async t => {
    const c = await open(t)
    const all = Buffer.from(Array.from({ length: 512 }, (_, i) => i % 256))
    const tricky = Buffer.from('\r\nEND\r\nVALUE x 0 1\r\n\r\n\0\n\r', 'latin1')
    for (const [name, value] of [['all', all], ['tricky', tricky]] as const) {
      const k = key(name)
      c.write(Buffer.concat([Buffer.from(`set ${k} 0 0 ${value.length}\r\n`), value, Buffer.from('\r\n')]))
      t.equal((await c.read(8)).toString('latin1'), 'STORED\r\n')
      const expected = Buffer.concat([Buffer.from(`VALUE ${k} 0 ${value.length}\r\n`), value, Buffer.from('\r\nEND\r\n')])
      c.write(`get ${k}\r\n`)
      t.same(await c.read(expected.length), expected, `${name}: the bytes come back unchanged`)
    }
  })

  t.test('the 1 MiB value limit', async t => {
    const c = await open(t)
    const k = key('big')
    const under = Buffer.alloc(MiB - 1024, 'u')
    c.write(Buffer.concat([Buffer.from(`set ${k} 0 0 ${under.length}\r\n`), under, Buffer.from('\r\n')]))
    t.equal((await c.read(8, 10_000)).toString('latin1'), 'STORED\r\n', '1 MiB - 1 KiB is stored')
    c.write(`get ${k}\r\n`)
    const got = await c.readUntil('END\r\n', 10_000)
    t.equal(got.length, `VALUE ${k} 0 ${under.length}\r\n`.length + under.length + 7, 'and read back whole')
    // Difference 2: exactly 1 MiB.
    const exact = Buffer.alloc(MiB, 'e')
    const exactReply = differs({ ring: 'STORED\r\n', memcached: 'SERVER_ERROR object too large for cache\r\n' })
    t.equal(await c.exchange(Buffer.concat([Buffer.from(`set ${key('exact')} 0 0 ${MiB}\r\n`), exact, Buffer.from('\r\n')]), exactReply, 10_000),
      exactReply, 'exactly 1 MiB')
    const over = Buffer.alloc(MiB + 1, 'o')
    const tooLarge = 'SERVER_ERROR object too large for cache\r\n'
    t.equal(await c.exchange(Buffer.concat([Buffer.from(`set ${k} 0 0 ${over.length}\r\n`), over, Buffer.from('\r\n')]), tooLarge, 10_000),
      tooLarge, '1 MiB + 1 is refused and its block swallowed')
    t.equal(await c.exchange(`get ${k}\r\n`, 'END\r\n'), 'END\r\n', 'a refused set drops the old value (memcached 1.6 does)')
    const a = key('append')
    await set(c, a, 'x'.repeat(600_000))
    t.equal(await c.exchange(Buffer.concat([Buffer.from(`append ${a} 0 0 600000\r\n`), Buffer.alloc(600_000, 'y'), Buffer.from('\r\n')]), 'NOT_STORED\r\n', 10_000),
      'NOT_STORED\r\n', 'an append past the limit is not stored')
    t.equal(await c.exchange(`add ${a} 0 0 ${MiB * 2}\r\n${'z'.repeat(MiB * 2)}\r\n`, tooLarge, 10_000), tooLarge, 'add too large')
    c.write(`get ${a}\r\n`)
    t.equal((await c.readUntil('END\r\n', 10_000)).length, `VALUE ${a} 0 600000\r\n`.length + 600_000 + 7, 'only a set drops the old value')
  })

  t.test('pipelining: many commands in one write, replies in order', async t => {
    const c = await open(t)
    const keys = Array.from({ length: 50 }, (_, i) => key(`p${i}`))
    let send = ''
    let expected = ''
    for (const [i, k] of keys.entries()) {
      send += `set ${k} ${i} 0 ${String(i).length}\r\n${i}\r\nget ${k}\r\nincr ${k} 1\r\ndelete ${keys[(i + 49) % 50]}\r\n`
      expected += `STORED\r\nVALUE ${k} ${i} ${String(i).length}\r\n${i}\r\nEND\r\n${i + 1}\r\n${i === 0 ? 'NOT_FOUND' : 'DELETED'}\r\n`
    }
    send += `get ${keys.join(' ')}\r\n`
    expected += `VALUE ${keys[49]} 49 2\r\n50\r\nEND\r\n`
    t.equal(await c.exchange(send, expected, 10_000), expected, 'effects in order per key, replies in order')
  })

  t.test('pipelining: a session split at every byte boundary', async t => {
    const base = key('split')
    // Each connection its own key (of one length, so every session has the same bytes count).
    const session = (k: string): string =>
      `set ${k} 3 0 4\r\nab\r\n\r\nget ${k} ${k}-no\r\nappend ${k} 0 0 1 noreply\r\nc\r\nincr ${k}-no 1\r\n` +
      `bogus\r\ngets\r\ndelete ${k} 0\r\nadd ${k} 0 0 1\r\n7\r\nincr ${k} 5\r\nset ${k} 0 0 -1\r\ntouch ${k} 10\r\nget ${k}\r\n`
    const replies = (k: string): string =>
      `STORED\r\nVALUE ${k} 3 4\r\nab\r\n\r\nEND\r\nNOT_FOUND\r\nERROR\r\nERROR\r\nDELETED\r\nSTORED\r\n12\r\n` +
      `CLIENT_ERROR bad command line format\r\nTOUCHED\r\nVALUE ${k} 0 2\r\n12\r\nEND\r\n`
    const length = Buffer.byteLength(session(`${base}-0000`))
    let failures = 0
    // Several connections at once, each split at its own byte; the pause between the two
    // writes makes the server see two reads.
    const lanes = 16
    for (let start = 1; start < length; start += lanes) {
      await Promise.all(Array.from({ length: Math.min(lanes, length - start) }, async (_, j) => {
        const cut = start + j
        const k = `${base}-${String(cut).padStart(4, '0')}`
        const bytes = Buffer.from(session(k), 'latin1')
        const want = Buffer.from(replies(k), 'latin1')
        const c = await RawClient.connect(target.host, target.port)
        try {
          c.write(bytes.subarray(0, cut))
          await new Promise(resolve => setTimeout(resolve, 2))
          c.write(bytes.subarray(cut))
          const got = await c.read(want.length, 5000)
          if (!got.equals(want)) {
            failures++
            if (failures <= 3) t.fail(`split at byte ${cut}`, { found: got.toString('latin1'), wanted: want.toString('latin1') })
          }
        } finally {
          c.close()
        }
      }))
    }
    t.equal(failures, 0, `every one of the ${length - 1} splits answered exactly`)
  })

  t.test('flush_all empties the cache', async t => {
    const c = await open(t)
    const a = key('fa')
    const b = key('fb')
    await set(c, a, '1')
    await set(c, b, '2')
    t.equal(await c.exchange('flush_all\r\n', 'OK\r\n'), 'OK\r\n')
    t.equal(await c.exchange(`get ${a} ${b}\r\n`, 'END\r\n'), 'END\r\n', 'every key is gone')
    await set(c, a, '3')
    t.equal(await c.exchange(`get ${a}\r\n`, `VALUE ${a} 0 1\r\n3\r\nEND\r\n`), `VALUE ${a} 0 1\r\n3\r\nEND\r\n`, 'a later set is kept')
    t.equal(await c.exchange('flush_all 0\r\n', 'OK\r\n'), 'OK\r\n', 'flush_all 0')
    t.equal(await c.exchange('flush_all -1\r\n', 'OK\r\n'), 'OK\r\n', 'a negative delay is now')
    c.write('flush_all noreply\r\n')
    c.write('flush_all 0 noreply\r\n')
    await sync(t, c, 'flush_all noreply is silent')
    t.equal(await c.exchange('flush_all 1 2\r\n', 'OK\r\n'), 'OK\r\n', 'a last token other than noreply is ignored')
    t.equal(await c.exchange('flush_all 0\r\n', 'OK\r\n'), 'OK\r\n', 'and a new flush_all replaces the delayed one')
    t.equal(await c.exchange('flush_all 1 2 3\r\n', 'ERROR\r\n'), 'ERROR\r\n')
  })

  if (options.timed === true) {
    t.test('time: exptime, touch, gat and delayed flush_all take effect when due', async t => {
      const c = await open(t)
      const ttl = key('ttl')
      const touched = key('touched')
      const gat = key('gat')
      const kept = key('kept')
      await set(c, ttl, 'x', 0, 2)
      await set(c, touched, 'x')
      await set(c, gat, 'x')
      await set(c, kept, 'x', 0, 100)
      t.equal(await c.exchange(`touch ${touched} 2\r\n`, 'TOUCHED\r\n'), 'TOUCHED\r\n')
      t.equal(await c.exchange(`gat 2 ${gat}\r\n`, `VALUE ${gat} 0 1\r\nx\r\nEND\r\n`), `VALUE ${gat} 0 1\r\nx\r\nEND\r\n`)
      t.equal(await c.exchange(`get ${ttl} ${touched}\r\n`, `VALUE ${ttl} 0 1\r\nx\r\nVALUE ${touched} 0 1\r\nx\r\nEND\r\n`),
        `VALUE ${ttl} 0 1\r\nx\r\nVALUE ${touched} 0 1\r\nx\r\nEND\r\n`, 'all there before they are due')
      await new Promise(resolve => setTimeout(resolve, 3200))
      t.equal(await c.exchange(`get ${ttl} ${touched} ${gat} ${kept}\r\n`, `VALUE ${kept} 0 1\r\nx\r\nEND\r\n`), `VALUE ${kept} 0 1\r\nx\r\nEND\r\n`,
        'expired after 2 s (memcached time is in whole seconds: we wait 3.2 s)')
      t.equal(await c.exchange('flush_all 2\r\n', 'OK\r\n'), 'OK\r\n', 'flush_all with a delay')
      t.equal(await c.exchange(`get ${kept}\r\n`, `VALUE ${kept} 0 1\r\nx\r\nEND\r\n`), `VALUE ${kept} 0 1\r\nx\r\nEND\r\n`, 'nothing flushed yet')
      await new Promise(resolve => setTimeout(resolve, 3200))
      t.equal(await c.exchange(`get ${kept}\r\n`, 'END\r\n'), 'END\r\n', 'flushed when due')
    })
  }

  t.test('stats', async t => {
    const c = await open(t)
    const k = key('stats')
    const general = async (): Promise<Map<string, string>> => {
      c.write('stats\r\n')
      const text = (await c.readUntil('END\r\n')).toString('latin1')
      t.match(text, /^(STAT [a-z_]+ [^\r\n]+\r\n)+END\r\n$/, 'STAT <name> <value> lines, then END')
      return new Map(text.split('\r\n').filter(l => l.startsWith('STAT ')).map(l => {
        const [, name, ...value] = l.split(' ')
        return [name, value.join(' ')]
      }))
    }
    const before = await general()
    for (const name of ['pid', 'uptime', 'time', 'version', 'pointer_size', 'rusage_user', 'rusage_system', 'max_connections',
      'curr_connections', 'total_connections', 'cmd_get', 'cmd_set', 'cmd_flush', 'cmd_touch', 'get_hits', 'get_misses',
      'get_expired', 'delete_misses', 'delete_hits', 'incr_misses', 'incr_hits', 'decr_misses', 'decr_hits', 'cas_misses',
      'cas_hits', 'cas_badval', 'touch_hits', 'touch_misses', 'bytes_read', 'bytes_written', 'limit_maxbytes', 'threads',
      'curr_items', 'total_items', 'bytes', 'evictions', 'reclaimed']) {
      t.ok(before.has(name), `stats has ${name}`)
    }
    t.ok(Math.abs(Number(before.get('time')) - Date.now() / 1000) < 5, 'time is now')
    t.ok(Number(before.get('curr_connections')) >= 1)
    await set(c, k, 'v')
    await c.exchange(`get ${k} ${key('miss')}\r\n`, `VALUE ${k} 0 1\r\nv\r\nEND\r\n`)
    await c.exchange(`delete ${key('miss')}\r\n`, 'NOT_FOUND\r\n')
    const after = await general()
    const delta = (name: string): number => Number(after.get(name)) - Number(before.get(name))
    t.equal(delta('cmd_set'), 1, 'cmd_set counts the set')
    t.equal(delta('cmd_get'), 2, 'cmd_get counts keys')
    t.equal(delta('get_hits'), 1)
    t.equal(delta('get_misses'), 1)
    t.equal(delta('delete_misses'), 1)
    t.ok(Number(after.get('curr_items')) >= 1, 'curr_items')
    t.ok(Number(after.get('bytes')) > 0, 'bytes')
    t.ok(Number(after.get('limit_maxbytes')) > 0, 'limit_maxbytes')
    c.write('stats items\r\n')
    const items = (await c.readUntil('END\r\n')).toString('latin1')
    t.match(items, /^(STAT items:\d+:[a-z_]+ \d+\r\n)+END\r\n$/, 'stats items: per class')
    t.match(items, /STAT items:\d+:number [1-9]\d*\r\n/, 'with the items stored')
    c.write('stats slabs\r\n')
    const slabs = (await c.readUntil('END\r\n')).toString('latin1')
    t.match(slabs, /^(STAT \d+:[a-z_]+ \d+\r\n)+STAT active_slabs \d+\r\nSTAT total_malloced \d+\r\nEND\r\n$/, 'stats slabs: per class, then totals')
    c.write('stats settings\r\n')
    const settings = (await c.readUntil('END\r\n')).toString('latin1')
    t.match(settings, /STAT maxbytes \d+\r\n/)
    t.match(settings, /STAT maxconns \d+\r\n/)
    t.match(settings, /STAT item_size_max 1048576\r\n/)
    c.write('version\r\n')
    t.match((await c.readUntil('\r\n')).toString('latin1'), /^VERSION \d+\.\d+\.\d+\r\n$/, 'version: digits only, clients parse it')
    t.equal(await c.exchange('verbosity 1\r\n', 'OK\r\n'), 'OK\r\n', 'verbosity')
    t.equal(await c.exchange('verbosity 1 2\r\n', 'OK\r\n'), 'OK\r\n', 'verbosity ignores a last token other than noreply')
  })

  t.test('quit closes the connection after the replies before it', async t => {
    const c = await open(t)
    const k = key('quit')
    t.equal(await c.exchange(`set ${k} 0 0 1\r\nx\r\nget ${k}\r\nquit\r\nget ${k}\r\n`, `STORED\r\nVALUE ${k} 0 1\r\nx\r\nEND\r\n`),
      `STORED\r\nVALUE ${k} 0 1\r\nx\r\nEND\r\n`)
    t.ok(await c.closedByServer(), 'closed by the server')
    t.equal(c.pending, 0, 'nothing after quit was answered')
  })

  t.test('a line over 2048 bytes without a newline closes the connection', async t => {
    const c = await open(t)
    c.write('set '.padEnd(4000, 'a'))
    t.ok(await c.closedByServer(), 'closed')
    const d = await open(t)
    const k = key('long')
    await set(d, k, 'v')
    const many = Array.from({ length: 400 }, () => k).join(' ')
    t.ok(many.length > 2048)
    c.close()
    d.write(`get ${many}\r\n`)
    const reply = await d.readUntil('END\r\n')
    t.equal(reply.length, 400 * `VALUE ${k} 0 1\r\nv\r\n`.length + 5, 'but a long multi-get is served')
  })
}
