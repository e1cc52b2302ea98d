/**
 * The `parallel` and `adaptive` schedulers: the dispatcher with a fixed or an AIMD limit, running tasks on
 * a tinypool pool of worker threads when the run gives a worker module (CPU work such as validation and
 * alignment leaves the main thread), else on the main thread with the same concurrency.
 */
import { availableParallelism } from 'node:os';
import { dispatch } from './dispatch.js';
import type { CommonSchedulerOptions } from './options.js';
import { aimdLimit, fixedLimit } from './policies.js';
import { startWorkerPool, type WorkerPool } from './pool.js';
import type { RunOptions, Scheduler, Task, TaskOutcome } from './spec.js';

/** Options of {@link createParallelScheduler} and {@link createAdaptiveScheduler}. */
export interface PooledSchedulerOptions extends CommonSchedulerOptions {
  /** Most requests in flight; null for min(available cores, 5). @default null */
  maxWorkers?: number | null;
  /** Run tasks on worker threads when the run gives a worker module. @default true */
  useWorkers?: boolean;
  /** Adaptive only: requests sent at once before any has come back (see `aimdLimit`). @default 8 */
  firstWave?: number;
}

/** How long after the first send the worker pool starts at the latest, in ms: the first sends are out by then. */
const POOL_START_DELAY_MS = 250;

/** Above this many requests in flight, a run gets a warning: few APIs allow it on one key. */
export const MAX_WORKERS_WARNING = 10;

/** `maxWorkers` resolved: null → min(available cores, 5). */
export function resolveMaxWorkers(maxWorkers: number | null | undefined): number {
  if (maxWorkers === null || maxWorkers === undefined) return Math.min(availableParallelism(), 5);
  if (!Number.isInteger(maxWorkers) || maxWorkers < 1) throw new RangeError(`maxWorkers must be a whole number ≥ 1, got ${maxWorkers}`);
  return maxWorkers;
}

function pooled(name: string, options: PooledSchedulerOptions, policyFor: (max: number) => ReturnType<typeof fixedLimit>): Scheduler {
  const max = resolveMaxWorkers(options.maxWorkers);
  return {
    name,
    async *run<T>(tasks: readonly Task<T>[], run: RunOptions = {}): AsyncIterable<TaskOutcome<T>> {
      const useWorkers = options.useWorkers !== false && run.worker !== undefined && tasks.length > 0 && tasks.every((t) => t.input !== undefined);
      // The pool starts once per run, once the first sends are out (POOL_START_DELAY_MS after the first,
      // or when the first attempt comes back if sooner), and is closed at the run's end, whatever happens.
      // Until a thread is up, tasks run on the main thread, so the pool's start costs no time; starting it
      // after the first sends keeps its threads (loading their modules) from competing with those sends
      // for the CPU, which would delay their arrival at the server.
      let pool: WorkerPool | null = null;
      let timer: ReturnType<typeof setTimeout> | undefined;
      let ended = false;
      const startPool = () => {
        clearTimeout(timer);
        // An attempt may come back after the run ended (abandoned or stopped): no pool then.
        if (!ended) pool ??= startWorkerPool(run.worker!, max, availableParallelism());
      };
      try {
        const execute = <U>(task: Task<U>, signal: AbortSignal): Promise<U> => {
          if (pool?.isReady()) return pool.run(task.input, signal) as Promise<U>;
          const attempt = task.run(signal);
          if (useWorkers && !pool) {
            timer ??= setTimeout(startPool, POOL_START_DELAY_MS);
            attempt.then(startPool, startPool);
          }
          return attempt;
        };
        yield* dispatch(tasks, { ...options, policy: policyFor(max), execute }, run);
      } finally {
        ended = true;
        clearTimeout(timer);
        await (pool as WorkerPool | null)?.close();
      }
    },
  };
}

/** Creates the `parallel` scheduler: `maxWorkers` requests in flight at all times. */
export function createParallelScheduler(options: PooledSchedulerOptions = {}): Scheduler {
  return pooled('parallel', options, (max) => fixedLimit(max));
}

/**
 * Creates the `adaptive` scheduler: an AIMD limit on requests in flight within [1, `maxWorkers`] that
 * shrinks on 429 and grows back (see `aimdLimit`). The default for remote providers.
 */
export function createAdaptiveScheduler(options: PooledSchedulerOptions = {}): Scheduler {
  return pooled('adaptive', options, (max) => aimdLimit({ max, ...(options.firstWave !== undefined ? { firstWave: options.firstWave } : {}) }));
}
