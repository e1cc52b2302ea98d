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

/** The built-in scheduler names. */
export const SCHEDULER_MODES = ['sequential', 'parallel', 'adaptive'] as const;
export type SchedulerMode = (typeof SCHEDULER_MODES)[number];

/** Settings of the built-in schedulers. */
export interface SchedulerOptions extends CommonSchedulerOptions {
  /** Most requests in flight at once (parallel, adaptive); null for min(available cores, 5). @default null */
  maxWorkers?: number | null;
  /** Run tasks on worker threads when possible (parallel, adaptive). @default true */
  useWorkers?: boolean;
  /**
   * Requests the adaptive scheduler sends at once before any has come back (see `aimdLimit`); a provider
   * whose answers state the quota (`Provider.quotaHeaders`) is given 3, to read it first. @default 8
   */
  firstWave?: number;
  /**
   * Settings only a plugin scheduler reads, by its own names (bullmq: `redis`, `queue`,
   * `requestsPerMinute`); the built-in schedulers ignore them.
   */
  plugin?: Readonly<Record<string, unknown>>;
}
