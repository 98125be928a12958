/**
 * GET /metrics of real peers (two createPeer()s in this process): the text parses as the
 * Prometheus exposition format (0.0.4), and the counters move when operations run.
 */
import t from 'tap'
import { ringProblems } from '../../node/chord/consistency.ts'
import { ringJson } from '../../node/chord/ring-json.ts'
import { createPeer, type Peer } from '../../node/daemon.ts'
import { RawClient } from '../memcached/harness.ts'

interface Sample { readonly name: string, readonly labels: Record<string, string>, readonly value: number }
interface Family { readonly name: string, type?: string, help?: string, readonly samples: Sample[] }

/**
 * A strict reader of the text exposition format: HELP/TYPE lines, samples with optional
 * labels, values as Go floats; every sample belongs to a declared family (histogram samples
 * by their _bucket/_sum/_count suffixes). Throws on the first line it cannot read.
 */
function parseExposition (text: string): Map<string, Family> {
  const families = new Map<string, Family>()
  const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/
  const familyOf = (name: string): Family | undefined => {
    if (families.has(name)) return families.get(name)
    for (const suffix of ['_bucket', '_sum', '_count']) {
      if (name.endsWith(suffix)) {
        const f = families.get(name.slice(0, -suffix.length))
        if (f !== undefined && (f.type === 'histogram' || f.type === 'summary')) return f
      }
    }
    return undefined
  }
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline')
  text.split('\n').slice(0, -1).forEach((line, i) => {
    const where = `line ${i + 1}: ${line}`
    if (line === '') return
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line)
      if (m === null) return // a plain comment
      const [, kind, name, rest] = m
      if (!metricName.test(name)) throw new Error(`bad metric name, ${where}`)
      const family = families.get(name) ?? { name, samples: [] }
      families.set(name, family)
      if (kind === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw new Error(`bad type, ${where}`)
        if (family.samples.length > 0) throw new Error(`TYPE after samples, ${where}`)
        family.type = rest
      } else {
        family.help = rest
      }
      return
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})? (\S+)( -?\d+)?$/.exec(line)
    if (m === null) throw new Error(`unreadable sample, ${where}`)
    const [, name, , labelText, valueText] = m
    const labels: Record<string, string> = {}
    if (labelText !== undefined && labelText !== '') {
      const labelPattern = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y
      let at = 0
      while (at < labelText.length) {
        labelPattern.lastIndex = at
        const l = labelPattern.exec(labelText)
        if (l === null) throw new Error(`bad labels, ${where}`)
        labels[l[1]] = l[2]
        at = labelPattern.lastIndex
      }
    }
    // Prometheus reads values with Go's strconv.ParseFloat, which takes NaN in any case:
    // prom-client writes "Nan" (its event-loop lag gauges before the first sample).
    const isNaNText = /^nan$/i.test(valueText)
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : isNaNText ? NaN : Number(valueText)
    if (Number.isNaN(value) && !isNaNText) throw new Error(`bad value, ${where}`)
    const family = familyOf(name)
    if (family === undefined) throw new Error(`sample of an undeclared family, ${where}`)
    family.samples.push({ name, labels, value })
  })
  // Histograms: cumulative buckets ending in +Inf, equal to _count.
  for (const f of families.values()) {
    if (f.type !== 'histogram') continue
    const series = new Map<string, Sample[]>()
    for (const s of f.samples.filter(s => s.name === `${f.name}_bucket`)) {
      const { le: _, ...rest } = s.labels
      const key = JSON.stringify(rest)
      series.set(key, [...(series.get(key) ?? []), s])
    }
    for (const [key, buckets] of series) {
      for (let i = 1; i < buckets.length; i++) {
        if (buckets[i].value < buckets[i - 1].value) throw new Error(`${f.name}${key}: buckets are not cumulative`)
      }
      const last = buckets[buckets.length - 1]
      if (last.labels.le !== '+Inf') throw new Error(`${f.name}${key}: no +Inf bucket`)
      const count = f.samples.find(s => s.name === `${f.name}_count` && JSON.stringify(s.labels) === key)
      if (count?.value !== last.value) throw new Error(`${f.name}${key}: _count differs from the +Inf bucket`)
    }
  }
  return families
}

/** The sum of a family's samples named `name` whose labels include `labels`. */
function total (families: Map<string, Family>, name: string, labels: Record<string, string> = {}, sample: string = name): number {
  const family = families.get(name)
  if (family === undefined) throw new Error(`no metric ${name}`)
  return family.samples.filter(s => s.name === sample && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((n, s) => n + s.value, 0)
}

async function scrape (peer: Peer): Promise<{ contentType: string | null, families: Map<string, Family> }> {
  const res = await fetch(`http://127.0.0.1:${peer.http!.port}/metrics`)
  t.equal(res.status, 200)
  return { contentType: res.headers.get('content-type'), families: parseExposition(await res.text()) }
}

t.test('the exposition reader refuses what Prometheus would', async t => {
  t.throws(() => parseExposition('x 1'), /newline/)
  t.throws(() => parseExposition('# TYPE a counter\nb 1\n'), /undeclared/)
  t.throws(() => parseExposition('# TYPE a counter\na{l=x} 1\n'), /labels/)
  t.throws(() => parseExposition('# TYPE a counter\na one\n'), /value/)
  t.throws(() => parseExposition('# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_count 1\n'), /cumulative/)
  t.equal(parseExposition('# HELP a x\n# TYPE a counter\na{l="q\\"uote"} 1.5e3\n').get('a')?.samples[0].value, 1500)
})

t.test('/metrics parses as Prometheus text and its counters move when operations run', async t => {
  const first = await createPeer({ vnodes: 4, replicas: 2, stabilizeIntervalMs: 100 })
  t.teardown(() => first.kill())
  const second = await createPeer({ vnodes: 4, replicas: 2, stabilizeIntervalMs: 100, bootstrap: first.multiaddrs })
  t.teardown(() => second.kill())

  // Writes need W = 2 copies: wait until each peer knows the other as successor.
  const deadline = Date.now() + 20_000
  // First successors alone are not enough: each vnode's successor list must reach the other peer.
  const ready = (): boolean => ringProblems([first, second].map(p => ringJson(p.chord.snapshot()))).length === 0 &&
    [first, second].every(p => p.chord.vnodes.every(v => p.kv.replicaPeers(v).length >= 1))
  while (!ready()) {
    if (Date.now() > deadline) throw new Error('the two peers did not form one ring with replica sets in 20 s')
    await new Promise(resolve => setTimeout(resolve, 50))
  }

  const before = await scrape(first)
  t.match(before.contentType, /^text\/plain; version=0\.0\.4/)
  for (const name of ['chordkv_kv_ops_total', 'chordkv_kv_op_duration_seconds', 'chordkv_lookup_hops', 'chordkv_items', 'chordkv_stored_bytes',
    'chordkv_keys_moved_total', 'chordkv_bytes_moved_total', 'chordkv_evictions_total', 'chordkv_stabilize_rounds_total', 'chordkv_successor_changes_total',
    'chordkv_repaired_items_total', 'chordkv_replication_shortfalls_total', 'chordkv_open_connections', 'process_cpu_seconds_total']) {
    t.ok(before.families.has(name), `${name} is exported`)
  }
  t.equal(before.families.get('chordkv_kv_ops_total')?.type, 'counter')
  t.equal(before.families.get('chordkv_lookup_hops')?.type, 'histogram')
  t.ok(total(before.families, 'chordkv_open_connections') >= 1, 'the peers are connected')

  const opsBefore = total(before.families, 'chordkv_kv_ops_total', { op: 'set', origin: 'client' })
  const stabilizeBefore = total(before.families, 'chordkv_stabilize_rounds_total')
  for (let i = 0; i < 20; i++) await first.kv.mutate({ type: 'mutate', op: 'set', key: `metric-${i}`, value: new TextEncoder().encode('v'), flags: 0, exptime: 0, hops: 0 })
  await first.kv.get(['metric-1', 'metric-2', 'missing'], undefined, 0)
  await first.kv.mutate({ type: 'mutate', op: 'incr', key: 'metric-3', delta: 1n, hops: 0 }).catch(() => {})

  const after = await scrape(first)
  t.equal(total(after.families, 'chordkv_kv_ops_total', { op: 'set', origin: 'client' }) - opsBefore, 20, 'twenty sets')
  t.equal(total(after.families, 'chordkv_kv_ops_total', { op: 'set', result: 'stored', origin: 'client' }) - opsBefore, 20, 'all stored')
  t.equal(total(after.families, 'chordkv_kv_ops_total', { op: 'get', result: 'hit', origin: 'client' }), 2)
  t.equal(total(after.families, 'chordkv_kv_ops_total', { op: 'get', result: 'miss', origin: 'client' }), 1)
  t.equal(total(after.families, 'chordkv_kv_ops_total', { op: 'incr', result: 'NonNumeric', origin: 'client' }), 1, 'a failed op is counted by its error code')
  t.ok(total(after.families, 'chordkv_kv_op_duration_seconds', { op: 'set' }, 'chordkv_kv_op_duration_seconds_count') >= 20, 'set latencies observed')
  t.ok(total(after.families, 'chordkv_items') > 0, 'items stored')
  t.ok(total(after.families, 'chordkv_stabilize_rounds_total') > stabilizeBefore, 'stabilization keeps counting')
  t.ok(total(after.families, 'chordkv_lookup_hops', {}, 'chordkv_lookup_hops_count') > 0, 'lookup hops observed')

  // The forwarded half of the sets shows on the other peer, as origin="peer".
  const other = await scrape(second)
  const forwarded = total(other.families, 'chordkv_kv_ops_total', { op: 'set', origin: 'peer' })
  t.ok(forwarded > 0 && forwarded <= 20, `${forwarded} of the 20 sets ran on the other peer (its primary), counted there as origin="peer"`)
  t.ok(total(other.families, 'chordkv_keys_moved_total', { direction: 'in' }) + total(other.families, 'chordkv_items') > 0, 'the other peer holds copies')
})

t.test('operations answered on the memcached port\'s fast path are counted like the others', async t => {
  // One peer, r = 1: every key is primary here with no replicas, so the port answers at once.
  const peer = await createPeer({ vnodes: 4, replicas: 1, memcachedPort: 0 })
  t.teardown(() => peer.kill())
  const before = await scrape(peer)
  const client = await RawClient.connect(peer.memcached!.host, peer.memcached!.port)
  t.teardown(() => { client.close() })
  const expected = 'STORED\r\n'.repeat(5) + 'VALUE fast-0 0 1\r\nx\r\nEND\r\n' + 'END\r\n' + 'CLIENT_ERROR cannot increment or decrement non-numeric value\r\n'
  const session = Array.from({ length: 5 }, (_, i) => `set fast-${i} 0 0 1\r\nx\r\n`).join('') + 'get fast-0\r\nget nothing\r\nincr fast-1 1\r\n'
  t.equal(await client.exchange(session, expected), expected)
  const after = await scrape(peer)
  const delta = (labels: Record<string, string>): number =>
    total(after.families, 'chordkv_kv_ops_total', labels) - total(before.families, 'chordkv_kv_ops_total', labels)
  t.equal(delta({ op: 'set', result: 'stored', origin: 'client' }), 5, 'five sets')
  t.equal(delta({ op: 'get', result: 'hit', origin: 'client' }), 1)
  t.equal(delta({ op: 'get', result: 'miss', origin: 'client' }), 1)
  t.equal(delta({ op: 'incr', result: 'NonNumeric', origin: 'client' }), 1, 'a refused op by its error code')
  t.ok(total(after.families, 'chordkv_kv_op_duration_seconds', { op: 'set' }, 'chordkv_kv_op_duration_seconds_count') >= 5, 'their latencies observed')
})
