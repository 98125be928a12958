/**
 * Errors of the command line. main.ts maps them to exit codes (etcdctl / redis-cli style):
 * 0 ok, 1 failed (UserError or anything else, one sentence on stderr), 2 usage.
 */

/** The command line itself is wrong: print the message and the command's usage, exit 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly code = 'Usage'
}

/** The command could not do its job for a reason the user can act on: one sentence, exit 1. */
export class UserError extends Error {
  override readonly name = 'UserError'
  readonly code = 'Failed'
}

export const EXIT_OK = 0
export const EXIT_FAILED = 1
export const EXIT_USAGE = 2
