/**
 * Reading acknowledged writes back after churn, as the guarantee (README) puts it: an
 * acknowledged write survives, but a read may be stale while the ring changes (a restarted or
 * upgraded primary can lack a write its replicas hold until anti-entropy brings it, a round or
 * two later). So a key that reads wrong is read again until `graceMs` have passed; what is
 * still wrong then is lost.
 */
import type { Item } from '../../client/types.ts'

export interface ReadBack {
  /** Keys (as `key=value read`) still wrong after the grace period. */
  readonly lost: string[]
  /** Keys that read wrong the first time. */
  readonly staleFirst: number
}

export async function readBack (
  getMany: (keys: readonly string[]) => Promise<ReadonlyMap<string, Item>>,
  acked: ReadonlyMap<string, string>,
  graceMs = 30_000
): Promise<ReadBack> {
  const wrong = async (keys: readonly string[]): Promise<Map<string, string>> => {
    const out = new Map<string, string>()
    for (let i = 0; i < keys.length; i += 50) {
      const chunk = keys.slice(i, i + 50)
      const got = await getMany(chunk).catch((err: Error) => err)
      for (const key of chunk) {
        const item = got instanceof Error ? undefined : got.get(key)
        const value = item === undefined ? (got instanceof Error ? `error ${got.name}: ${got.message.slice(0, 300)}` : undefined) : new TextDecoder().decode(item.value)
        if (value !== acked.get(key)) out.set(key, String(value))
      }
    }
    return out
  }
  let missing = await wrong([...acked.keys()])
  const staleFirst = missing.size
  for (const deadline = Date.now() + graceMs; missing.size > 0 && Date.now() < deadline;) {
    await new Promise(resolve => setTimeout(resolve, 500))
    missing = await wrong([...missing.keys()])
  }
  return { lost: [...missing].map(([key, value]) => `${key}=${value}`), staleFirst }
}
