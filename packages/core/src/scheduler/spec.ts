import type { WorkerSpec } from './pool.js';

/**
 * The scheduler interface: runs one task per chunk and yields each outcome as it finishes, in any order.
 * Only schedulers know about concurrency; retry and rate-limit state live in the scheduler, on the main
 * thread.
 */

/** One unit of work: in LangFlix, the analysis of one chunk. */
export interface Task<T> {
  /** The chunk id; outcomes carry it back. */
  readonly id: number;
  /** Runs the task on this thread. */
  run(signal: AbortSignal): Promise<T>;
  /** The same task as plain data for a worker thread (see {@link RunOptions.worker}); absent if it cannot leave this thread. */
  readonly input?: unknown;
}

/** How a task ended, after all its attempts. */
export type TaskOutcome<T> =
  | { readonly id: number; readonly ok: true; readonly value: T; readonly attempts: number }
  | { readonly id: number; readonly ok: false; readonly error: Error; readonly attempts: number };

/** What a scheduler reports while it runs; the CLI's progress and the report's stats are built from these. */
export type SchedulerEvent =
  | { readonly type: 'start'; readonly id: number; readonly attempt: number }
  | { readonly type: 'retry'; readonly id: number; readonly attempt: number; readonly delayMs: number; readonly error: Error }
  | { readonly type: 'rateLimit'; readonly id: number; readonly retryAfterMs: number; readonly scope: 'minute' | 'day' }
  | { readonly type: 'done'; readonly id: number; readonly ok: boolean; readonly attempts: number }
  /** The limit on requests in flight changed (adaptive mode). */
  | { readonly type: 'limit'; readonly limit: number; readonly inFlight: number }
  /** Every send is paused after a 429 until `untilMs` (clock time), `resumeInMs` from now. */
  | { readonly type: 'pause'; readonly untilMs: number; readonly resumeInMs: number };

/** Options of {@link Scheduler.run}. */
export interface RunOptions {
  /** Aborting stops sending; tasks not yet finished end as failures with the abort reason. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SchedulerEvent) => void;
  /**
   * A worker module and its data, for schedulers that run tasks on worker threads; each task's `input`
   * goes to it. Without it (or for a task without `input`) tasks run on this thread.
   */
  readonly worker?: WorkerSpec;
}

/** A scheduler: `sequential`, `parallel`, `adaptive`, and plugin schedulers behind the same interface. */
export interface Scheduler {
  readonly name: string;
  run<T>(tasks: readonly Task<T>[], options?: RunOptions): AsyncIterable<TaskOutcome<T>>;
}
