/** The shape of one `chordkv <command>` module. */
export interface Command {
  readonly name: string
  /** One line for `chordkv --help`. */
  readonly summary: string
  /** The full `chordkv <command> --help` text, with examples. */
  readonly usage: string
  /** Runs the command (argv after the command name); resolves to the exit code. */
  run (args: readonly string[]): Promise<number>
}
