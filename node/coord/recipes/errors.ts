/**
 * Typed errors of the coordination recipes. They are CoordErrors (node/coord/errors.ts), like
 * the register layer's own, so one test serves every coordination failure: `err.code`, one of
 * RecipeErrorCode or CoordErrorCode. Never parse messages.
 */
import { CoordError } from '../errors.ts'

export const RecipeErrorCode = {
  /** A lock, election, group, member or key name is empty, too long or has a control character. */
  InvalidName: 'InvalidName',
  /** A TTL outside [MIN_TTL_MS, MAX_TTL_MS] or not an integer. */
  InvalidTtl: 'InvalidTtl',
  /** Another argument is malformed (a negative version, a value of the wrong type, ...). */
  InvalidArgument: 'InvalidArgument',
  /** A value, meta or document larger than its limit (see constants.ts). */
  TooLarge: 'TooLarge',
  /** release/renew of a lock this holder does not hold (released before, or lost). */
  NotHeld: 'NotHeld',
  /** proclaim/resign with a term that is no longer the newest, or after the lease was lost. */
  StaleTerm: 'StaleTerm',
  /** A fenced resource saw a token lower than one it already accepted. */
  StaleToken: 'StaleToken',
  /** lock/campaign waited longer than timeoutMs. */
  Timeout: 'Timeout',
  /** The operation's AbortSignal fired. */
  Aborted: 'Aborted',
  /** A lock's queue holds MAX_LOCK_QUEUE tickets already. */
  QueueFull: 'QueueFull',
  /** A group's member list would exceed MAX_GROUP_MEMBERS or the register size limit. */
  GroupFull: 'GroupFull',
  /** join with an id that is already a member of the group. */
  MemberExists: 'MemberExists',
  /** leave of a member that is not (or no longer) in the group. */
  NotMember: 'NotMember',
  /** A recipe register holds something a recipe did not write (never overwritten). */
  Corrupt: 'Corrupt'
} as const

export type RecipeErrorCodeName = typeof RecipeErrorCode[keyof typeof RecipeErrorCode]

/** Bad input, refused before anything was sent: InvalidName, InvalidTtl, InvalidArgument, TooLarge. */
export class InvalidInputError extends CoordError {
  constructor (code: 'InvalidName' | 'InvalidTtl' | 'InvalidArgument' | 'TooLarge', message: string) {
    super(code, message)
  }
}

export class LockNotHeldError extends CoordError {
  constructor (message: string) {
    super(RecipeErrorCode.NotHeld, message)
  }
}

export class StaleTermError extends CoordError {
  /** The newest term the register holds (may equal ours when our lease is gone). */
  readonly currentTerm: bigint
  constructor (message: string, currentTerm: bigint) {
    super(RecipeErrorCode.StaleTerm, message)
    this.currentTerm = currentTerm
  }
}

export class StaleTokenError extends CoordError {
  readonly token: bigint
  readonly highest: bigint
  constructor (message: string, token: bigint, highest: bigint) {
    super(RecipeErrorCode.StaleToken, message)
    this.token = token
    this.highest = highest
  }
}

export class RecipeTimeoutError extends CoordError {
  constructor (message: string) {
    super(RecipeErrorCode.Timeout, message)
  }
}

export class RecipeAbortedError extends CoordError {
  constructor (message: string) {
    super(RecipeErrorCode.Aborted, message)
  }
}

/** QueueFull or GroupFull: a bounded structure is full; try again later. */
export class CapacityError extends CoordError {
  constructor (code: 'QueueFull' | 'GroupFull', message: string) {
    super(code, message)
  }
}

export class MembershipError extends CoordError {
  constructor (code: 'MemberExists' | 'NotMember', message: string) {
    super(code, message)
  }
}

export class CorruptStateError extends CoordError {
  readonly key: string
  constructor (key: string, message: string) {
    super(RecipeErrorCode.Corrupt, `register ${JSON.stringify(key)}: ${message}`)
    this.key = key
  }
}
