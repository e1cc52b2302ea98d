/**
 * The CLI's one error type: a message for the user (one line, naming the file, flag or key and the
 * problem) and the process exit code it ends with. Anything else thrown is an internal error.
 */

/** Exit codes, also listed in `langflix --help` and the README. */
export const EXIT = {
  /** Every chunk of every file analysed. */
  ok: 0,
  /** The run finished but some chunks failed (each report lists them, and is still written), or an internal error. */
  failed: 1,
  /** Bad input or usage: a missing, empty, binary or non-subtitle file, a bad flag, environment or config value. */
  badInput: 2,
  /** The provider refused: an invalid or missing key, an unknown model, a daily quota used up. The run stopped. */
  refused: 3,
  /** `sync` / `analyze --media`: the subtitles do not match the media's speech (another film?). Nothing written. */
  mismatch: 4,
  /** Interrupted (Ctrl-C, SIGINT): in-flight requests were aborted and the partial report written. */
  interrupted: 130,
} as const;

/** The exit codes with their meaning, as `--help` and the README list them. */
export const EXIT_CODES: ReadonlyArray<readonly [number, string]> = [
  [EXIT.ok, 'every chunk of every file done'],
  [EXIT.failed, 'some chunks failed (each report is still written and lists them), or an internal error'],
  [EXIT.badInput, 'usage or input error: a bad flag, variable or config value, a missing or unreadable subtitle file, no API key'],
  [EXIT.refused, 'the provider refused: invalid key, no permission, unknown model, daily quota used up (partial report written)'],
  [EXIT.mismatch, 'sync / analyze --media: the subtitles do not match the speech of the media (another film?); nothing written'],
  [EXIT.interrupted, 'interrupted by Ctrl-C: requests in flight aborted, the partial report written'],
];

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

/** The abort reason of a run stopped by Ctrl-C; chunks it cut short are reported failed with this name. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
  constructor() {
    super('interrupted (Ctrl-C): not analysed');
  }
}
