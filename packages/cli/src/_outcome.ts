/**
 * How a file's run ended, from its report: the exit code it calls for, and why.
 */
import type { AnalysisReport } from '@langflix/core';
import { EXIT } from './_errors.js';

/** A report's outcome. */
export interface RunOutcome {
  /** One of {@link EXIT}: ok, failed, refused or interrupted. */
  readonly exitCode: number;
  /** For `refused`: the provider's message (never holding a key: providers redact it). */
  readonly reason: string | null;
}

/** A per-day quota, as the providers word it (`Gemini 429 (day quota …): the daily quota is used up …`, `… 429 (day limit): …`). */
const DAILY = /\bday (quota|limit)\b|daily quota|per day|\bRPD\b/i;

/** A refusal of every request: a bad or missing key, no permission, an unknown model (`… 400: API key not valid … (check GEMINI_API_KEY)`, `… 401: …`). */
const AUTH = /API key|_API_KEY|\b(401|403|404)\b/i;

/**
 * The outcome of a run:
 * - `interrupted` (130) when the run was aborted by Ctrl-C;
 * - `refused` (3) when the provider stopped the run: a chunk failed with `RunStoppedError` (the first
 *   failure — a `FatalError` such as an invalid key, or a per-day `RateLimitError` — stopped every chunk
 *   after it), a chunk met a per-day quota, or a chunk's `FatalError` is a refusal of the key or model;
 * - `failed` (1) when any other chunk failed;
 * - `ok` (0) otherwise.
 */
export function runOutcome(report: AnalysisReport, interrupted: boolean): RunOutcome {
  const failed = report.chunks.failed;
  if (interrupted) return { exitCode: EXIT.interrupted, reason: null };
  const daily = failed.find((f) => f.error === 'RateLimitError' && DAILY.test(f.message));
  if (daily) return { exitCode: EXIT.refused, reason: daily.message };
  // A run of one chunk has no RunStoppedError to show that its FatalError stopped it: read the message.
  const auth = failed.find((f) => f.error === 'FatalError' && AUTH.test(f.message));
  if (auth) return { exitCode: EXIT.refused, reason: auth.message };
  const stopped = failed.find((f) => f.error === 'RunStoppedError');
  if (stopped) return { exitCode: EXIT.refused, reason: (failed.find((f) => f.error !== 'RunStoppedError') ?? stopped).message };
  if (failed.length > 0) return { exitCode: EXIT.failed, reason: null };
  return { exitCode: EXIT.ok, reason: null };
}

/** The exit code of several outcomes: interrupted, then refused, then failed, then ok. */
export function combineExitCodes(codes: readonly number[]): number {
  for (const code of [EXIT.interrupted, EXIT.refused, EXIT.badInput, EXIT.failed]) if (codes.includes(code)) return code;
  return EXIT.ok;
}
