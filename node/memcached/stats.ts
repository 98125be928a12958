/**
 * `stats`, `stats items`, `stats slabs`, `stats settings` with memcached's names
 * (doc/protocol.txt, "General-purpose statistics").
 *
 * Where the figures come from, since a ring is not one server:
 * - command counters (cmd_get, get_hits, delete_misses, cas_badval, ...), connections and
 *   bytes_read/written count what clients of THIS port asked and were answered — the same
 *   numbers a memcached would show for the traffic sent to it;
 * - item and memory figures (curr_items, total_items, bytes, limit_maxbytes, evictions,
 *   reclaimed, expired_unfetched) are THIS peer's store, which holds the keys it is primary for
 *   and the replicas it keeps for others (r copies of each key exist on the ring);
 * - chordkv_* lines are ours: tombstones, forwards, replication shortfalls, repairs.
 */
import { resourceUsage } from 'node:process'
import type { KvStats } from '../kv/service.ts'
import type { StoreStats } from '../store/types.ts'
import { SERVER_VERSION } from './constants.ts'

/** Counters of one memcached port. */
export interface PortCounters {
  cmd_get: number
  cmd_set: number
  cmd_flush: number
  cmd_touch: number
  get_hits: number
  get_misses: number
  delete_hits: number
  delete_misses: number
  incr_hits: number
  incr_misses: number
  decr_hits: number
  decr_misses: number
  cas_hits: number
  cas_misses: number
  cas_badval: number
  touch_hits: number
  touch_misses: number
  bytes_read: number
  bytes_written: number
  total_connections: number
  rejected_connections: number
}

export function newPortCounters (): PortCounters {
  return {
    cmd_get: 0, cmd_set: 0, cmd_flush: 0, cmd_touch: 0, get_hits: 0, get_misses: 0, delete_hits: 0, delete_misses: 0,
    incr_hits: 0, incr_misses: 0, decr_hits: 0, decr_misses: 0, cas_hits: 0, cas_misses: 0, cas_badval: 0,
    touch_hits: 0, touch_misses: 0, bytes_read: 0, bytes_written: 0, total_connections: 0, rejected_connections: 0
  }
}

/** What the stats commands read. */
export interface StatsSource {
  readonly counters: PortCounters
  readonly startedAtMs: number
  readonly currConnections: number
  readonly maxConnections: number
  readonly verbosity: number
  readonly host: string
  readonly port: number
  readonly maxValueBytes: number
  readonly store: StoreStats
  readonly kv?: KvStats
}

type Stat = readonly [name: string, value: string | number | bigint]

/** "seconds.microseconds", as memcached prints rusage. */
function cpuSeconds (micros: number): string {
  return `${Math.floor(micros / 1e6)}.${String(Math.floor(micros % 1e6)).padStart(6, '0')}`
}

/** `stats` with no argument. */
export function generalStats (s: StatsSource, nowMs: number): Stat[] {
  const usage = resourceUsage()
  const c = s.counters
  const stats: Stat[] = [
    ['pid', process.pid],
    ['uptime', Math.floor((nowMs - s.startedAtMs) / 1000)],
    ['time', Math.floor(nowMs / 1000)],
    ['version', SERVER_VERSION],
    ['pointer_size', 64],
    ['rusage_user', cpuSeconds(usage.userCPUTime)],
    ['rusage_system', cpuSeconds(usage.systemCPUTime)],
    ['max_connections', s.maxConnections],
    ['curr_connections', s.currConnections],
    ['total_connections', c.total_connections],
    ['rejected_connections', c.rejected_connections],
    ['connection_structures', s.currConnections],
    ['cmd_get', c.cmd_get],
    ['cmd_set', c.cmd_set],
    ['cmd_flush', c.cmd_flush],
    ['cmd_touch', c.cmd_touch],
    ['cmd_meta', 0],
    ['get_hits', c.get_hits],
    ['get_misses', c.get_misses],
    ['get_expired', s.store.get_expired],
    ['get_flushed', 0],
    ['delete_misses', c.delete_misses],
    ['delete_hits', c.delete_hits],
    ['incr_misses', c.incr_misses],
    ['incr_hits', c.incr_hits],
    ['decr_misses', c.decr_misses],
    ['decr_hits', c.decr_hits],
    ['cas_misses', c.cas_misses],
    ['cas_hits', c.cas_hits],
    ['cas_badval', c.cas_badval],
    ['touch_hits', c.touch_hits],
    ['touch_misses', c.touch_misses],
    ['auth_cmds', 0],
    ['auth_errors', 0],
    ['bytes_read', c.bytes_read],
    ['bytes_written', c.bytes_written],
    ['limit_maxbytes', s.store.limit_maxbytes],
    ['accepting_conns', 1],
    ['listen_disabled_num', 0],
    ['threads', 1],
    ['conn_yields', 0],
    ['reclaimed', s.store.reclaimed],
    ['expired_unfetched', s.store.expired_unfetched],
    ['evicted_unfetched', 0],
    ['evictions', s.store.evictions],
    ['curr_items', s.store.curr_items],
    ['total_items', s.store.total_items],
    ['bytes', s.store.bytes],
    ['chordkv_tombstones', s.store.tombstones]
  ]
  if (s.kv !== undefined) {
    stats.push(
      ['chordkv_forwarded', s.kv.forwarded],
      ['chordkv_replication_shortfalls', s.kv.replicationShortfalls],
      ['chordkv_quorum_failures', s.kv.quorumFailures],
      ['chordkv_repaired', s.kv.repaired],
      ['chordkv_keys_moved_in', s.kv.keysMovedIn],
      ['chordkv_keys_moved_out', s.kv.keysMovedOut]
    )
  }
  return stats
}

/**
 * `stats items`: memcached lists one block per slab class with items; the store has no slab
 * classes, so every item is in class 1 (and, like memcached, an empty store lists nothing).
 */
export function itemStats (s: StatsSource): Stat[] {
  if (s.store.curr_items === 0) return []
  const p = 'items:1:'
  return [
    [`${p}number`, s.store.curr_items],
    [`${p}number_hot`, 0],
    [`${p}number_warm`, 0],
    [`${p}number_cold`, s.store.curr_items],
    [`${p}age_hot`, 0],
    [`${p}age_warm`, 0],
    [`${p}age`, 0],
    [`${p}mem_requested`, s.store.bytes],
    [`${p}evicted`, s.store.evictions],
    [`${p}evicted_nonzero`, 0],
    [`${p}evicted_time`, 0],
    [`${p}outofmemory`, 0],
    [`${p}tailrepairs`, 0],
    [`${p}reclaimed`, s.store.reclaimed],
    [`${p}expired_unfetched`, s.store.expired_unfetched],
    [`${p}evicted_unfetched`, 0],
    [`${p}evicted_active`, 0],
    [`${p}crawler_reclaimed`, 0],
    [`${p}crawler_items_checked`, 0],
    [`${p}lrutail_reflocked`, 0]
  ]
}

/**
 * `stats slabs`: one pseudo slab class holding every item, each item one chunk (values are
 * allocated one by one, there are no pages), then the totals memcached prints.
 */
export function slabStats (s: StatsSource): Stat[] {
  const c = s.counters
  const items = s.store.curr_items
  const stats: Stat[] = items === 0
    ? []
    : [
        ['1:chunk_size', s.maxValueBytes],
        ['1:chunks_per_page', 1],
        ['1:total_pages', items],
        ['1:total_chunks', items],
        ['1:used_chunks', items],
        ['1:free_chunks', 0],
        ['1:free_chunks_end', 0],
        ['1:get_hits', c.get_hits],
        ['1:cmd_set', c.cmd_set],
        ['1:delete_hits', c.delete_hits],
        ['1:incr_hits', c.incr_hits],
        ['1:decr_hits', c.decr_hits],
        ['1:cas_hits', c.cas_hits],
        ['1:cas_badval', c.cas_badval],
        ['1:touch_hits', c.touch_hits]
      ]
  stats.push(['active_slabs', items === 0 ? 0 : 1], ['total_malloced', s.store.bytes])
  return stats
}

/** `stats settings`: the settings that mean something here. */
export function settingsStats (s: StatsSource): Stat[] {
  return [
    ['maxbytes', s.store.limit_maxbytes],
    ['maxconns', s.maxConnections],
    ['tcpport', s.port],
    ['udpport', 0],
    ['inter', s.host],
    ['verbosity', s.verbosity],
    ['evictions', 'on'],
    ['domain_socket', 'NULL'],
    ['num_threads', 1],
    ['stat_key_prefix', ':'],
    ['detail_enabled', 'no'],
    ['cas_enabled', 'yes'],
    ['binding_protocol', 'ascii'],
    ['auth_enabled_sasl', 'no'],
    ['auth_enabled_ascii', 'no'],
    ['item_size_max', s.maxValueBytes],
    ['flush_enabled', 'yes'],
    ['idle_timeout', 0]
  ]
}

/** STAT lines and END, as one string. */
export function formatStats (stats: readonly Stat[]): string {
  let out = ''
  for (const [name, value] of stats) out += `STAT ${name} ${value}\r\n`
  return out + 'END\r\n'
}
