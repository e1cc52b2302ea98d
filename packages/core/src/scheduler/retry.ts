/**
 * Retry limits. What follows a failed attempt is decided by the dispatcher (`dispatch.ts`) from the
 * provider's typed error alone: a per-minute 429 waits the server's delay (one cool-down shared by every
 * send) and is paced by the policy; a per-day 429 or a key every request would fail with stops the run;
 * a transient fault is retried with exponential back-off and full jitter (AWS Architecture Blog,
 * "Exponential Backoff And Jitter", 2015); anything else fails the task.
 */

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
