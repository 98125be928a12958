import type { Ballot } from './messages.ts'

/** Orders ballots: by counter, then by proposer id. */
export function compareBallots (a: Ballot, b: Ballot): number {
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1
  return a.proposer < b.proposer ? -1 : a.proposer > b.proposer ? 1 : 0
}
