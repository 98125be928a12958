import t from 'tap'
import { createHash } from 'node:crypto'
import { jumpHash } from '../../benchmarks/lib/jump.ts'
import { rendezvousTop, rendezvousWeight, toHash64 } from '../../benchmarks/lib/rendezvous.ts'
import { KetamaContinuum, ketamaKeyHash, ketamaPoints } from '../../benchmarks/lib/ketama.ts'
import { hashToId } from '../../ring/id.ts'

/** 64-bit key hashes of `key-0` … `key-(n-1)`: the top 64 bits of their ring ids. */
const keys64 = (n: number): bigint[] => Array.from({ length: n }, (_, i) => hashToId(`key-${i}`) >> 96n)

t.test('jump hash matches the published vectors of the paper\'s C++ code', async t => {
  // Vectors from jmphash-rs / rust-jumphash and the jump-consistent-hash Python package.
  t.equal(jumpHash(123456n, 1000), 984)
  t.equal(jumpHash(256n, 1024), 520)
  t.equal(jumpHash(42n, 1), 0, 'one bucket takes everything')
  t.throws(() => jumpHash(1n, 0), RangeError)
})

t.test('jump hash: going from n to n + 1 buckets moves only keys into bucket n, about 1/(n + 1) of them', async t => {
  const keys = keys64(20_000)
  for (const n of [1, 7, 10, 99]) {
    let moved = 0
    for (const k of keys) {
      const before = jumpHash(k, n)
      const after = jumpHash(k, n + 1)
      if (!(before >= 0 && before < n)) t.fail(`bucket ${before} is outside [0, ${n})`)
      if (before !== after) {
        moved++
        if (after !== n) t.fail(`key ${k} moved from ${before} to ${after}, not to the new bucket ${n}`)
      }
    }
    const share = moved / keys.length
    t.ok(Math.abs(share - 1 / (n + 1)) < 0.2 / (n + 1) + 0.005, `n = ${n}: ${share.toFixed(4)} moved, ideal ${(1 / (n + 1)).toFixed(4)}`)
  }
})

t.test('rendezvous: the top r are the r highest weights; adding a peer moves keys only to it, removing one only its keys', async t => {
  const keys = keys64(5000).map(toHash64)
  const peers = Array.from({ length: 11 }, (_, i) => toHash64(hashToId(`peer-${i}`) >> 96n))
  const ten = peers.slice(0, 10)
  const r = 3
  let gained = 0
  for (const key of keys) {
    const before = rendezvousTop(key, ten, r)
    const brute = ten.map((p, i) => [rendezvousWeight(key, p), i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]).slice(0, r).map(e => e[1])
    if (before.join() !== brute.join()) t.fail(`top ${r} ${before} differs from a full sort ${brute}`)
    const after = rendezvousTop(key, peers, r)
    // Every peer that left the set was pushed out by the newcomer (index 10).
    const lost = before.filter(p => !after.includes(p))
    if (lost.length > 1 || (lost.length === 1 && !after.includes(10))) t.fail(`adding peer 10 changed ${before} into ${after}`)
    if (after.includes(10)) gained++
    // Removing peer 4: the others keep their relative order.
    const without = rendezvousTop(key, ten.filter((_, i) => i !== 4), r).map(i => (i >= 4 ? i + 1 : i))
    const expected = rendezvousTop(key, ten, r + 1).filter(i => i !== 4).slice(0, r)
    if (without.join() !== expected.join()) t.fail(`removing peer 4 turned ${expected} into ${without}`)
  }
  const share = gained / keys.length
  t.ok(Math.abs(share - r / 11) < 0.03, `the new peer holds ${share.toFixed(3)} of the copies, ideal ${(r / 11).toFixed(3)}`)
  t.ok(true, 'all keys checked')
})

t.test('ketama: 160 points per server, little-endian words of MD5("server-i"), first point ≥ the key, wrapping', async t => {
  const points = ketamaPoints('10.0.0.1:11211')
  t.equal(points.length, 160)
  const d = createHash('md5').update('10.0.0.1:11211-0').digest()
  t.same(points.slice(0, 4), [0, 1, 2, 3].map(h => (d[4 * h + 3] * 2 ** 24) + (d[4 * h + 2] << 16) + (d[4 * h + 1] << 8) + d[4 * h]),
    'point h of hash 0 is d[4h+3] d[4h+2] d[4h+1] d[4h] (libketama\'s byte order)')
  const k = createHash('md5').update('foo').digest()
  t.equal(ketamaKeyHash('foo'), (k[3] * 2 ** 24) + (k[2] << 16) + (k[1] << 8) + k[0])

  const servers = ['10.0.0.1:11211', '10.0.0.2:11211', '10.0.0.3:11211']
  const c = new KetamaContinuum(servers)
  const all = servers.flatMap((s, i) => ketamaPoints(s).map(p => [p, i] as const)).sort((a, b) => a[0] - b[0])
  for (const hash of [0, 1, all[0][0], all[5][0] + 1, all[all.length - 1][0], all[all.length - 1][0] + 1, 2 ** 32 - 1]) {
    const next = all.find(e => e[0] >= hash) ?? all[0]
    t.equal(c.serverIndexAt(hash), next[1], `hash ${hash} goes to the first point at or after it`)
  }
  const shares = c.shares()
  t.ok(Math.abs(shares.reduce((a, b) => a + b, 0) - 1) < 1e-9, 'shares sum to 1')

  // Removing a server moves only its keys.
  const two = new KetamaContinuum(servers.slice(0, 2))
  for (let i = 0; i < 2000; i++) {
    const key = `key-${i}`
    const before = c.serverOf(key)
    if (before !== servers[2] && two.serverOf(key) !== before) t.fail(`${key} moved from ${before} though it was not on the removed server`)
  }
})
