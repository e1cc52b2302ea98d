/**
 * The CLI's one error type: a message for the user (one line, naming the file and the problem) and the
 * process exit code it ends with. Anything else thrown is an internal error.
 */

/** Exit codes, also listed in `langflix --help` and the README. */
export const EXIT = {
  /** Every chunk analysed. */
  ok: 0,
  /** The run finished but some chunks failed (the report lists them), or an internal error. */
  failed: 1,
  /** Bad input or usage: a missing, empty, binary or non-subtitle file, or a bad option value. */
  badInput: 2,
} as const;

/** An error the CLI reports as one line on stderr before exiting with `exitCode`. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}
