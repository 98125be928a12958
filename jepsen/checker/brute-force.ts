/**
 * A reference checker for tiny histories, by exhaustive search and nothing clever: try every
 * order of the operations that respects real time (a before b whenever a returned before b
 * was called), with every subset of the info operations left out, and step one model per
 * key. No linked list, no memo, no partitioning — so it can judge wgl.ts in property tests.
 * Exponential: meant for histories of about 8 operations or fewer.
 */
import type { Operation } from './history.ts'
import type { Model } from './model.ts'

export function bruteForceLinearizable<S, I, O> (model: Model<S, I, O>, ops: ReadonlyArray<Operation<I, O>>): boolean {
  const live = ops.filter(op => op.status !== 'fail')
  const placed = new Array<boolean>(live.length).fill(false)
  const mustPlace = live.filter(op => op.status === 'ok').length
  const states = new Map<string | undefined, S>()
  const stateOf = (key: string | undefined): S => states.has(key) ? states.get(key) as S : model.init()

  const search = (placedOk: number): boolean => {
    if (placedOk === mustPlace) return true
    for (let i = 0; i < live.length; i++) {
      if (placed[i]) continue
      const op = live[i]
      // op may go next only if no unplaced operation returned before op was called.
      const blocked = live.some((other, j) => !placed[j] && j !== i && other.return < op.call)
      if (blocked) continue
      const before = stateOf(op.key)
      const r = model.step(before, op.input, op.output)
      if (!r.ok) continue
      const had = states.has(op.key)
      placed[i] = true
      states.set(op.key, r.state)
      if (search(placedOk + (op.status === 'ok' ? 1 : 0))) return true
      placed[i] = false
      if (had) states.set(op.key, before)
      else states.delete(op.key)
    }
    return false
  }
  return search(0)
}
