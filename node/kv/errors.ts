/** Errors of the KV layer. `code` is one of KvErrorCode and travels to the requester as is. */
export class KvError extends Error {
  override readonly name = 'KvError'
  readonly code: string
  constructor (code: string, message: string) {
    super(message)
    this.code = code
  }
}
