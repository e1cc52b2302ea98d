/**
 * What to do after a failed attempt, decided from the provider's typed error alone.
 */
import { FatalError, RateLimitError, TransientError } from '../providers/errors.js';

/** Options of the retry policy. */
export interface RetryOptions {
  /**
   * Most attempts per task for transient faults (500, 503, 504, network, timeout, malformed answer).
   * @default 4
   */
  maxAttempts?: number;
  /**
   * First back-off delay in milliseconds; doubled each attempt, with full jitter up to it.
   * @default 1000
   */
  baseDelayMs?: number;
  /**
   * Longest back-off delay in milliseconds.
   * @default 30000
   */
  maxDelayMs?: number;
  /**
   * Most waits after a per-minute 429 for one task, on top of `maxAttempts`.
   * @default 10
   */
  maxRateLimitWaits?: number;
}

/** Defaults of {@link RetryOptions}. */
export const RETRY_DEFAULTS: Required<RetryOptions> = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 30_000, maxRateLimitWaits: 10 };

/** The decision after a failure: retry after a delay, or stop (this task, or the whole run). */
export type RetryDecision =
  | { readonly action: 'retry'; readonly delayMs: number; readonly rateLimited: boolean }
  | { readonly action: 'fail' }
  | { readonly action: 'stop-run' };

/**
 * Decides what follows a failed attempt.
 * - per-minute 429: wait the server's `retryAfterMs` (+ up to 20% jitter, + 250 ms) and retry;
 * - per-day 429: stop the run, since waiting seconds cannot help;
 * - transient: exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And
 *   Jitter", 2015) until `maxAttempts`;
 * - fatal: fail the task, or stop the run when the fault would fail every request (`stopsRun`: bad key);
 * - unknown: fail the task.
 * @param attempts attempts made so far for transient faults; `rateLimitWaits` waits so far for 429s
 */
export function decideRetry(
  error: unknown,
  attempts: number,
  rateLimitWaits: number,
  options: Required<RetryOptions>,
  random: () => number = Math.random,
): RetryDecision {
  if (error instanceof FatalError && error.stopsRun) return { action: 'stop-run' };
  if (error instanceof RateLimitError) {
    if (error.scope === 'day') return { action: 'stop-run' };
    if (rateLimitWaits >= options.maxRateLimitWaits) return { action: 'fail' };
    return { action: 'retry', delayMs: Math.round(error.retryAfterMs * (1 + 0.2 * random()) + 250), rateLimited: true };
  }
  if (error instanceof TransientError && attempts < options.maxAttempts) {
    const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempts - 1));
    return { action: 'retry', delayMs: Math.round(ceiling * random()), rateLimited: false };
  }
  return { action: 'fail' };
}
