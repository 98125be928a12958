/**
 * The sans-I/O parser on its own: the same commands however the bytes are split, binary-safe
 * data blocks, memcached's limits, and a bounded-time fuzz (random and mutated sessions in
 * random pieces: never throws, never holds more than one line or block, and parses exactly as
 * it does when given everything at once).
 */
import t from 'tap'
import { MemcachedParser, type Command } from '../../node/memcached/parser.ts'
import { chunks, mutate, randomSession, seeded } from './sessions.ts'

const MiB = 1024 * 1024

/** Commands as comparable JSON (bigints and bytes spelled out). */
function show (commands: readonly Command[]): string {
  return JSON.stringify(commands, (_k, v: unknown) =>
    typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? `bytes:${Buffer.from(v).toString('hex')}` : v)
}

function parse (pieces: readonly Uint8Array[], bound?: { max: number }): Command[] {
  const parser = new MemcachedParser()
  const out: Command[] = []
  for (const piece of pieces) {
    parser.push(piece)
    for (let c = parser.next(); c !== undefined; c = parser.next()) out.push(c)
    if (bound !== undefined) bound.max = Math.max(bound.max, parser.bufferedBytes)
  }
  return out
}

const session = Buffer.concat([
  Buffer.from('set k 3 0 5\r\nab\r\nc\r\nget k  other\r\ngets k\r\nappend k 0 0 1 noreply\r\nz\r\n'),
  Buffer.from('cas k 1 2 3 77\r\nxyz\r\nincr n 18446744073709551615\r\ndecr n 1 noreply\r\ntouch k -5\r\n'),
  Buffer.from('gat 10 a b\r\ndelete k 0 noreply\r\nflush_all 10\r\nstats items\r\nverbosity 1\r\nversion\r\nbogus\r\n'),
  Buffer.from('set k 0 0 1\r\nxx\r\nset big 0 0 2000000\r\n'), Buffer.alloc(2_000_002, 'q'),
  Buffer.from('set a 0 0 -1\r\nget\r\ndelete k 5\r\nquit\r\nget never\r\n')
])

t.test('a sample session parses to the same commands split at every byte boundary', async t => {
  const whole = show(parse([session]))
  t.match(whole, /"kind":"close","reason":"quit"/)
  t.notMatch(whole, /never/, 'nothing after quit')
  const head = session.subarray(0, 600)
  let failures = 0
  for (let cut = 1; cut < head.length; cut++) {
    if (show(parse([session.subarray(0, cut), session.subarray(cut)])) !== whole) failures++
  }
  t.equal(failures, 0, `all ${head.length - 1} two-piece splits of the first 600 bytes`)
  t.equal(show(parse(Array.from(session.subarray(0, 600), b => Uint8Array.of(b)).concat([session.subarray(600)]))), whole, 'byte by byte')
})

t.test('the sample session parses to what memcached would do', async t => {
  const commands = parse([session])
  const kinds = commands.map(c => c.kind === 'reply' ? c.line : c.kind)
  t.same(kinds, [
    'store', 'get', 'get', 'store', 'store', 'incr', 'decr', 'touch', 'get', 'delete', 'flush_all', 'stats', 'verbosity',
    'version', 'ERROR', 'CLIENT_ERROR bad data chunk', 'ERROR', 'too_large', 'CLIENT_ERROR bad command line format', 'ERROR',
    'CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]', 'close'
  ])
  const set = commands[0]
  t.ok(set.kind === 'store' && Buffer.from(set.value).toString() === 'ab\r\nc', 'a block with \\r\\n inside is one value')
  const get = commands[1]
  t.same(get.kind === 'get' && get.keys, ['k', 'other'])
  const cas = commands[4]
  t.ok(cas.kind === 'store' && cas.op === 'cas' && cas.casUnique === 77n && cas.flags === 1 && cas.exptime === 2)
  const incr = commands[5]
  t.ok(incr.kind === 'incr' && incr.delta === 18446744073709551615n)
})

t.test('a too-large block is swallowed without being buffered', async t => {
  const parser = new MemcachedParser()
  parser.push(Buffer.from('set k 0 0 3000000\r\n'))
  t.same(parser.next(), { kind: 'too_large', op: 'set', key: 'k', noreply: false })
  let max = 0
  for (let sent = 0; sent < 3_000_002; sent += 65536) {
    parser.push(Buffer.alloc(Math.min(65536, 3_000_002 - sent), 'x'))
    t.equal(parser.next(), undefined)
    max = Math.max(max, parser.bufferedBytes)
  }
  t.equal(max, 0, 'nothing kept')
  parser.push(Buffer.from('version\r\n'))
  t.same(parser.next(), { kind: 'version' }, 'the next command is read')
})

t.test('line limits: 2048 bytes without a newline closes; a get line may be long', async t => {
  const parser = new MemcachedParser()
  parser.push(Buffer.alloc(2048, 'a'))
  t.equal(parser.next(), undefined, '2048 bytes: still waiting')
  parser.push(Buffer.from('a'))
  t.same(parser.next(), { kind: 'close', reason: 'line too long' })
  t.ok(parser.closed)
  const get = new MemcachedParser()
  const keys = Array.from({ length: 1000 }, (_, i) => `key${i}`)
  for (const piece of chunks(seeded(1), Buffer.from(`get ${keys.join(' ')}\r\n`))) get.push(piece)
  const c = get.next()
  t.same(c?.kind === 'get' && c.keys, keys)
  const huge = new MemcachedParser()
  huge.push(Buffer.from('get '))
  for (let i = 0; i < 20; i++) huge.push(Buffer.alloc(65536, 'k'))
  t.same(huge.next(), { kind: 'close', reason: 'line too long' }, 'a get line over 1 MiB closes too')
})

t.test('a value of exactly the limit is accepted, one byte more is not', async t => {
  const parser = new MemcachedParser()
  parser.push(Buffer.concat([Buffer.from(`set k 0 0 ${MiB}\r\n`), Buffer.alloc(MiB), Buffer.from(`\r\nset k 0 0 ${MiB + 1} noreply\r\n`)]))
  const ok = parser.next()
  t.ok(ok?.kind === 'store' && ok.value.length === MiB)
  t.same(parser.next(), { kind: 'too_large', op: 'set', key: 'k', noreply: true })
})

t.test('fuzz: random and mutated sessions in random pieces (bounded time)', async t => {
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)
  const r = seeded(seed)
  const deadline = Date.now() + Number(process.env.FUZZ_MS ?? 3000)
  let sessions = 0
  let failure: string | undefined
  while (Date.now() < deadline && failure === undefined) {
    const base = randomSession(r)
    const bytes = r() < 0.5 ? base : mutate(r, base)
    try {
      const whole = show(parse([bytes]))
      const bound = { max: 0 }
      const split = show(parse(chunks(r, bytes), bound))
      if (split !== whole) failure = 'split input parsed differently'
      // One partial line (2 KiB, or 1 MiB for get) or one partial block (1 MiB + 2) plus a piece.
      else if (bound.max > 2 * MiB + 64 * 1024) failure = `held ${bound.max} bytes`
    } catch (err) {
      failure = `threw ${(err as Error).stack}`
    }
    sessions++
  }
  t.equal(failure, undefined, `seed ${seed} (FUZZ_SEED=${seed} replays it): ${sessions} sessions`)
})
