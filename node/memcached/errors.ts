/**
 * Errors of the memcached front end, and how any error of the layers below becomes one
 * memcached reply line.
 */
import { KvErrorCode } from '../kv/messages.ts'
import { MAX_ERROR_TEXT_CHARS } from './constants.ts'
import { BAD_FORMAT, TOO_LARGE } from './parser.ts'

/** flush_all did not reach every peer of the ring (the ones named did not answer). */
export class FlushError extends Error {
  override readonly name = 'FlushError'
  readonly code = 'FlushIncomplete'
}

/** One line of text for a SERVER_ERROR / CLIENT_ERROR reply: no CR/LF, bounded. */
export function replyText (message: string): string {
  const text = message.replace(/[\r\n]+/g, ' ').trim()
  return text.length > MAX_ERROR_TEXT_CHARS ? `${text.slice(0, MAX_ERROR_TEXT_CHARS - 3)}...` : text
}

/**
 * The reply line (without "\r\n") for an error thrown by the KV layer, the transport or the
 * ring. KvError / RemoteError codes keep memcached's own wording where memcached has one;
 * ring failures (Unavailable, WrongOwner, NotMember, timeouts) are SERVER_ERROR with a text
 * that says what happened and whether the write may have been applied.
 */
export function errorReply (err: unknown): string {
  const e = err as { name?: unknown, code?: unknown, message?: unknown } | null | undefined
  const code = typeof e?.code === 'string' ? e.code : ''
  const message = typeof e?.message === 'string' ? e.message : String(err)
  switch (code) {
    case KvErrorCode.BadKey:
      return BAD_FORMAT
    case KvErrorCode.TooLarge:
      return TOO_LARGE
    case KvErrorCode.NonNumeric:
      return 'CLIENT_ERROR cannot increment or decrement non-numeric value'
    case KvErrorCode.Unavailable:
      return `SERVER_ERROR unavailable: ${replyText(message)}`
    case KvErrorCode.WrongOwner:
      return `SERVER_ERROR the ring is changing, retry: ${replyText(message)}`
    case KvErrorCode.NotMember:
      return 'SERVER_ERROR this peer has not joined the ring yet'
    case 'Timeout':
      return `SERVER_ERROR timed out waiting for the key's primary (a write may or may not have been applied): ${replyText(message)}`
    case 'Unreachable':
      return `SERVER_ERROR the key's primary is unreachable: ${replyText(message)}`
    case 'FlushIncomplete':
      return `SERVER_ERROR ${replyText(message)}`
    default:
      return `SERVER_ERROR ${replyText(message.length > 0 ? message : 'internal error')}`
  }
}
