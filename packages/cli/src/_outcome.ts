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

/**
 * The outcome of a run:
 * - `interrupted` (130) when the run was aborted by Ctrl-C;
 * - `refused` (3) when the provider stopped the run (`stoppedRun`: a per-day quota, a key or model every
 *   request is refused with, and the chunks that stop left unfinished);
 * - `failed` (1) when any other chunk failed;
 * - `ok` (0) otherwise.
 */
export function runOutcome(report: AnalysisReport, interrupted: boolean): RunOutcome {
  const failed = report.chunks.failed;
  if (interrupted) return { exitCode: EXIT.interrupted, reason: null };
  if (failed.some((f) => f.stoppedRun)) {
    // The reason is the failure that stopped the run, not one of those it left unfinished.
    const cause = failed.find((f) => f.stoppedRun && f.error !== 'RunStoppedError') ?? failed.find((f) => f.stoppedRun)!;
    return { exitCode: EXIT.refused, reason: cause.message };
  }
  if (failed.length > 0) return { exitCode: EXIT.failed, reason: null };
  return { exitCode: EXIT.ok, reason: null };
}

/** The exit code of several outcomes: interrupted, then refused, then failed, then ok. */
export function combineExitCodes(codes: readonly number[]): number {
  for (const code of [EXIT.interrupted, EXIT.refused, EXIT.badInput, EXIT.failed]) if (codes.includes(code)) return code;
  return EXIT.ok;
}
