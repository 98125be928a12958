import t from 'tap'
import { Coord, FenceGuard, MAX_NAME_BYTES } from '../../node/coord/recipes/index.ts'
import { MAX_REGISTER_BYTES } from '../../node/coord/messages.ts'
import { recipeCluster, rejection, text } from './recipes-util.ts'

const badNames: Array<[string, unknown]> = [
  ['empty', ''],
  ['too long', 'x'.repeat(MAX_NAME_BYTES + 1)],
  ['too long in UTF-8', 'é'.repeat(MAX_NAME_BYTES / 2 + 1)],
  ['a NUL', 'a\u0000b'],
  ['a newline', 'a\nb'],
  ['a C1 control', 'a\u0085b'],
  ['a lone surrogate', 'a\ud800b'],
  ['not a string', 42]
]

t.test('invalid names are InvalidName everywhere, before anything is sent', async t => {
  const c = recipeCluster(1)
  const { coord } = c.client('a')
  const sentBefore = c.sim.network.stats.requests
  for (const [what, name] of badNames) {
    const n = name as string
    const calls: Array<[string, () => Promise<unknown>]> = [
      ['get', async () => await coord.get(n)],
      ['put', async () => await coord.put(n, 'v')],
      ['delete', async () => await coord.delete(n)],
      ['watch', async () => coord.watch(n)],
      ['getConfig', async () => await coord.getConfig(n)],
      ['lock', async () => await coord.lock(n, { ttlMs: 1000 })],
      ['campaign', async () => await coord.campaign(n, 'v', { ttlMs: 1000 })],
      ['leader', async () => await coord.leader(n)],
      ['observe', async () => coord.observe(n)],
      ['join (group)', async () => await coord.join(n, 'id', '', { ttlMs: 1000 })],
      ['join (id)', async () => await coord.join('g', n, '', { ttlMs: 1000 })],
      ['members', async () => await coord.members(n)],
      ['watchMembers', async () => coord.watchMembers(n)]
    ]
    for (const [op, call] of calls) {
      const err = await rejection(call())
      t.equal(err.code, 'InvalidName', `${op} with ${what} name: InvalidName`)
    }
  }
  t.equal(c.sim.network.stats.requests, sentBefore, 'no request left the client')
  t.equal(MAX_NAME_BYTES, 200)
  const ok = await c.settle(coord.put('é'.repeat(100), 'fine'))
  t.equal(ok.ok, true, 'a 200-byte UTF-8 name is accepted')
})

t.test('TTLs outside 100 ms .. 1 h are InvalidTtl', async t => {
  const c = recipeCluster(2)
  const { coord } = c.client('a')
  for (const ttlMs of [0, -1, 99, 3_600_001, 1e12, 1.5, Number.NaN, Infinity, '1000', undefined]) {
    const ttl = ttlMs as number
    t.equal((await rejection(coord.lock('L', { ttlMs: ttl }))).code, 'InvalidTtl', `lock ttl ${String(ttlMs)}`)
    t.equal((await rejection(coord.campaign('E', 'v', { ttlMs: ttl }))).code, 'InvalidTtl', `campaign ttl ${String(ttlMs)}`)
    t.equal((await rejection(coord.join('G', 'm', '', { ttlMs: ttl }))).code, 'InvalidTtl', `join ttl ${String(ttlMs)}`)
  }
  const h = await c.settle(coord.lock('L', { ttlMs: 100 }))
  t.ok(h.token > 0n, '100 ms is accepted')
  await c.settle(h.release())
})

t.test('oversized values and bad arguments are refused with typed errors; the register is untouched', async t => {
  const c = recipeCluster(3)
  const { coord } = c.client('a')
  await c.settle(coord.put('k', 'original'))
  const big = new Uint8Array(MAX_REGISTER_BYTES + 1)
  t.equal((await rejection(coord.put('k', big))).code, 'TooLarge', 'a value over 64 KiB is TooLarge')
  t.equal((await rejection(coord.put('k', 'x'.repeat(MAX_REGISTER_BYTES + 1)))).code, 'TooLarge', 'a string over 64 KiB is TooLarge')
  t.equal((await rejection(coord.setConfig('k', { big: 'x'.repeat(MAX_REGISTER_BYTES) }))).code, 'TooLarge', 'a config document over 64 KiB is TooLarge')
  t.equal((await rejection(coord.put('k', 42 as unknown as string))).code, 'InvalidArgument', 'a number as value is InvalidArgument')
  t.equal((await rejection(coord.put('k', 'v', { ifVersion: -1n }))).code, 'InvalidArgument', 'a negative ifVersion is InvalidArgument')
  t.equal((await rejection(coord.put('k', 'v', { ifVersion: 1 as unknown as bigint }))).code, 'InvalidArgument', 'a number ifVersion is InvalidArgument')
  t.equal((await rejection(Promise.resolve().then(() => coord.watch('k', { from: -5n })))).code, 'InvalidArgument', 'a negative watch version is InvalidArgument')
  t.equal((await rejection(coord.lock('L', { ttlMs: 1000, timeoutMs: -1 }))).code, 'InvalidArgument', 'a negative timeout is InvalidArgument')
  t.equal((await rejection(coord.campaign('E', 'x'.repeat(4097), { ttlMs: 1000 }))).code, 'TooLarge', 'an election value over 4 KiB is TooLarge')
  const after = await c.settle(coord.get('k'))
  t.equal(text(after.value), 'original', 'the register still holds its value')
  t.equal(after.version, 1n, 'and its version did not move')
  t.throws(() => new Coord({ api: c.client('b').api, clock: c.clock, clientId: '' }), { code: 'InvalidArgument' }, 'an empty clientId is refused')
  t.throws(() => new FenceGuard().admit('r', 1 as unknown as bigint), { code: 'InvalidArgument' }, 'a fence token must be a bigint')
})

t.test('releasing a lock not held, proclaiming a stale term: typed errors', async t => {
  const c = recipeCluster(4)
  const a = c.client('a')
  const held = await c.settle(a.coord.lock('L', { ttlMs: 1000 }))
  await c.settle(held.release())
  t.equal((await c.settle(rejection(held.release()))).code, 'NotHeld', 'second release: NotHeld')
  const lead = await c.settle(a.coord.campaign('E', 'v', { ttlMs: 1000 }))
  await c.settle(lead.resign())
  t.equal((await c.settle(rejection(lead.proclaim('again')))).code, 'StaleTerm', 'proclaim after resign: StaleTerm')
  t.equal((await c.settle(rejection(lead.resign()))).code, 'StaleTerm', 'second resign: StaleTerm')
})

t.test('a recipe register holding foreign bytes is reported as Corrupt and never overwritten', async t => {
  const c = recipeCluster(5)
  const a = c.client('a')
  // Written through the raw register API, which the recipes share the key space with.
  await c.settle(a.api.put('lock/broken', new TextEncoder().encode('not json')))
  await c.settle(a.api.put('group/broken', new TextEncoder().encode('{"m":"nope"}')))
  t.equal((await c.settle(rejection(a.coord.lock('broken', { ttlMs: 1000 })))).code, 'Corrupt', 'lock on a corrupt dispenser: Corrupt')
  t.equal((await c.settle(rejection(a.coord.join('broken', 'm', '', { ttlMs: 1000 })))).code, 'Corrupt', 'join on a corrupt group: Corrupt')
  t.equal((await c.settle(rejection(a.coord.members('broken')))).code, 'Corrupt', 'members of a corrupt group: Corrupt')
  t.equal(text((await c.settle(a.api.get('lock/broken'))).value), 'not json', 'the corrupt register was not overwritten')
  t.equal((await c.settle(a.api.get('group/broken'))).version, 1n, 'nor the group register')
})

t.test('a client restarted with the same clientId writes for real (write ids never repeat)', async t => {
  const c = recipeCluster(6)
  const first = c.client('a')
  await c.settle(first.coord.put('k', 'before restart'))
  await c.settle(first.coord.join('G', 'm1', '', { ttlMs: 1000 }))
  // The same process id after a restart: a new Coord over the same client id.
  const again = new Coord({ api: first.api, clock: first.clock, clientId: 'a', random: Math.random })
  const r = await c.settle(again.put('k', 'after restart'))
  t.equal(r.ok, true)
  t.equal(text((await c.settle(again.get('k'))).value), 'after restart', 'the write was applied, not mistaken for the old one')
  const m = await c.settle(again.join('G', 'm2', '', { ttlMs: 1000 }))
  t.same((await c.settle(again.members('G'))).members.map(x => x.id), ['m1', 'm2'], 'a join after the restart gets a fresh incarnation')
  await c.settle(m.leave())
})
