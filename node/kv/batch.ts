/**
 * Requests to one peer gathered over a burst of work and sent as one request (KvService:
 * replicate items per replica peer, forwarded reads per primary). Each caller adds its part and
 * waits for the answer to the request that carried it. A batch goes out when `defer` runs its
 * flush, or at once when the next part would take it past its limits. No I/O of its own: the
 * caller's `send` makes the request.
 */

export interface BatcherInit {
  /** Runs the flush once the current burst of work is done (KvServiceComponents.defer). */
  readonly defer: (fn: () => void) => void
  /** Parts one request may carry. */
  readonly maxParts: number
  /** Total size (the callers' measure: bytes, keys) one request may carry; a larger part goes alone. */
  readonly maxSize: number
}

/** How the request that carried a part went, and how many parts it carried. */
export type Shared<Answer> =
  | { readonly ok: true, readonly answer: Answer, readonly parts: number }
  | { readonly ok: false, readonly error: unknown, readonly parts: number }

interface Batch<Part, Answer> {
  readonly parts: Part[]
  size: number
  sent: boolean
  readonly send: (parts: readonly Part[]) => Promise<Answer>
  readonly done: PromiseWithResolvers<Answer>
}

export class RequestBatcher<Part, Answer> {
  private readonly init: BatcherInit
  private readonly open = new Map<string, Batch<Part, Answer>>()

  constructor (init: BatcherInit) {
    this.init = init
  }

  /**
   * Adds `part` (of `size`) to the open batch for `key`, opening one that `send` will send if
   * there is none. Never rejects: the outcome says whether the request failed.
   */
  async add (key: string, part: Part, size: number, send: (parts: readonly Part[]) => Promise<Answer>): Promise<Shared<Answer>> {
    let batch = this.open.get(key)
    if (batch !== undefined && (batch.parts.length >= this.init.maxParts || batch.size + size > this.init.maxSize)) {
      this.flush(key, batch)
      batch = undefined
    }
    if (batch === undefined) {
      const fresh: Batch<Part, Answer> = { parts: [], size: 0, sent: false, send, done: Promise.withResolvers() }
      this.open.set(key, fresh)
      this.init.defer(() => { this.flush(key, fresh) })
      batch = fresh
    }
    batch.parts.push(part)
    batch.size += size
    try {
      return { ok: true, answer: await batch.done.promise, parts: batch.parts.length }
    } catch (error) {
      return { ok: false, error, parts: batch.parts.length }
    }
  }

  private flush (key: string, batch: Batch<Part, Answer>): void {
    if (batch.sent) return
    batch.sent = true
    if (this.open.get(key) === batch) this.open.delete(key)
    let sent: Promise<Answer>
    try {
      sent = batch.send(batch.parts)
    } catch (err) {
      sent = Promise.reject(err)
    }
    sent.then(batch.done.resolve, batch.done.reject)
  }
}
