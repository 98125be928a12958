/** RequestBatcher: parts of one burst share a request, limits split it, failures reach every caller. */
import t from 'tap'
import { RequestBatcher } from '../../node/kv/batch.ts'

/** A defer the test runs by hand. */
function manual (): { defer: (fn: () => void) => void, run: () => void } {
  const queue: Array<() => void> = []
  return { defer: fn => { queue.push(fn) }, run: () => { for (const fn of queue.splice(0)) fn() } }
}

t.test('parts added before the flush go in one request; each caller sees how many shared it', async t => {
  const d = manual()
  const batcher = new RequestBatcher<string, string>({ defer: d.defer, maxParts: 10, maxSize: 100 })
  const sent: string[][] = []
  const send = async (parts: readonly string[]): Promise<string> => { sent.push([...parts]); return parts.join('+') }
  const a = batcher.add('peer-1', 'a', 1, send)
  const b = batcher.add('peer-1', 'b', 1, send)
  const c = batcher.add('peer-2', 'c', 1, send)
  d.run()
  t.same(await Promise.all([a, b, c]), [
    { ok: true, answer: 'a+b', parts: 2 },
    { ok: true, answer: 'a+b', parts: 2 },
    { ok: true, answer: 'c', parts: 1 }
  ])
  t.same(sent, [['a', 'b'], ['c']], 'one request per key')
  const later = batcher.add('peer-1', 'd', 1, send)
  d.run()
  t.same(await later, { ok: true, answer: 'd', parts: 1 }, 'after a flush, a new batch')
})

t.test('a part that would pass maxParts or maxSize sends the open batch first', async t => {
  const d = manual()
  const batcher = new RequestBatcher<number, number>({ defer: d.defer, maxParts: 2, maxSize: 10 })
  const sent: number[][] = []
  const send = async (parts: readonly number[]): Promise<number> => { sent.push([...parts]); return parts.length }
  const results = [batcher.add('k', 1, 1, send), batcher.add('k', 2, 1, send), batcher.add('k', 3, 9, send), batcher.add('k', 4, 2, send), batcher.add('k', 5, 20, send)]
  t.same(sent, [[1, 2], [3], [4]], 'the third part passed maxParts, the fourth and fifth maxSize: each sent the batch before it at once')
  d.run()
  t.same(sent, [[1, 2], [3], [4], [5]], 'a part larger than maxSize goes alone, at the flush')
  t.same((await Promise.all(results)).map(r => r.parts), [2, 2, 1, 1, 1])
})

t.test('a failed or throwing send is every caller\'s failure, never an unhandled rejection', async t => {
  const d = manual()
  const batcher = new RequestBatcher<string, void>({ defer: d.defer, maxParts: 10, maxSize: 10 })
  const boom = new Error('peer gone')
  const a = batcher.add('k', 'a', 1, async () => { throw boom })
  const b = batcher.add('k', 'b', 1, async () => {})
  const c = batcher.add('j', 'c', 1, () => { throw boom })
  d.run()
  t.same(await Promise.all([a, b, c]), [
    { ok: false, error: boom, parts: 2 },
    { ok: false, error: boom, parts: 2 },
    { ok: false, error: boom, parts: 1 }
  ], 'the first caller\'s send is the batch\'s; a synchronous throw is a failure too')
})
