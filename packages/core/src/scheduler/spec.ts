import type { RateLimitHeaders } from '../providers/rate-limits.js';
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
  /**
   * The request's size in characters (the prompt), for pacing under a token quota: the scheduler turns it
   * into estimated tokens with a ratio calibrated from the answers' token counts. @default 0
   */
  readonly size?: number;
}

/**
 * What an answer tells the scheduler about the quota. A task's value may carry it as `quotaFeedback`
 * (LangFlix's chunk answers do); plain data, so it crosses worker threads and processes.
 */
export interface QuotaFeedback {
  /** Input tokens the server counted for the request (Gemini `usageMetadata.promptTokenCount`); 0 when unknown. */
  readonly inputTokens: number;
  /** The answer's `x-ratelimit-*` headers, when it had any. */
  readonly rateLimit?: RateLimitHeaders;
  /** True when no request was sent (the answer came from a cache): it used no quota. */
  readonly cached?: boolean;
  /**
   * When the provider's answer came back, in ms of `Date.now()` (the same on every thread), before the task
   * checked it: the round trip the pacer reads a request's delay to the server from, without the time spent
   * checking this and other answers. Ignored unless it lies between the send and the task's end.
   */
  readonly respondedAt?: number;
}

/** A quota as the adaptive scheduler understands it now. */
export interface QuotaEstimate {
  /** What it counts. */
  readonly unit: 'requests' | 'tokens';
  /** Requests (or tokens) admitted per window. */
  readonly limit: number;
  /** The window, in milliseconds. */
  readonly windowMs: number;
  /**
   * Where it comes from: `stated` by a 429 (QuotaFailure id and value), `headers` (`x-ratelimit-*`), or
   * `learned` from retry delays and accept times.
   */
  readonly source: 'stated' | 'headers' | 'learned';
  /** For a token quota: the estimated tokens per character of a request, calibrated from the answers. */
  readonly tokensPerChar?: number;
  /** For a token quota: the estimated tokens of an average request (its characters × `tokensPerChar`). */
  readonly tokensPerRequest?: number;
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
  | { readonly type: 'pause'; readonly untilMs: number; readonly resumeInMs: number }
  /** The adaptive scheduler paces to these quotas now (new or changed estimates). */
  | { readonly type: 'quota'; readonly quotas: readonly QuotaEstimate[] };

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
