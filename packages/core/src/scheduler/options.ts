/**
 * Options shared by the built-in schedulers (tinypool/p-queue style: one documented interface, defaults
 * in one place).
 */
import type { Clock } from './clock.js';
import type { RetryOptions } from './retry.js';

/** Options every built-in scheduler takes. */
export interface CommonSchedulerOptions {
  retry?: RetryOptions;
  /** The clock for waits and the per-minute window; a virtual one in simulations. @default the real clock */
  clock?: Clock;
  /** Most tasks open at once (queued, in flight or waiting to retry). @default 20 */
  batchSize?: number;
  /** Transient retries for the whole run; null for max(10, a quarter of the tasks). @default null */
  retryBudget?: number | null;
  /** Try each failed task once more, one at a time, at the end. @default true */
  finalRetry?: boolean;
  /** Random numbers in [0, 1) for jitter. @default Math.random */
  random?: () => number;
}
