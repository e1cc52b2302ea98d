/**
 * The `sequential` scheduler: one task at a time, in order, with retries and the wait after a 429.
 */
import { RateLimitError } from '../providers/errors.js';
import { sleep as realSleep, type Sleep } from './clock.js';
import { decideRetry, RETRY_DEFAULTS, type RetryOptions } from './retry.js';
import type { RunOptions, Scheduler, Task, TaskOutcome } from './spec.js';

/** Options of {@link createSequentialScheduler}. */
export interface SequentialOptions {
  retry?: RetryOptions;
  /** Injected in tests so waits pass instantly. @default a real timer */
  sleep?: Sleep;
}

/** Thrown into the outcomes of tasks that never ran because a per-day quota stopped the run. */
export class RunStoppedError extends Error {
  override readonly name = 'RunStoppedError';
}

/**
 * Creates the `sequential` scheduler. A per-day 429 stops the run: the task that met it and every task
 * not yet run end as failures, and nothing more is sent.
 */
export function createSequentialScheduler(options: SequentialOptions = {}): Scheduler {
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const sleep = options.sleep ?? realSleep;
  return {
    name: 'sequential',
    async *run<T>(tasks: readonly Task<T>[], runOptions: RunOptions = {}): AsyncIterable<TaskOutcome<T>> {
      const { signal, onEvent } = runOptions;
      let stopped: Error | null = null;
      for (const task of tasks) {
        if (stopped || signal?.aborted) {
          const error = stopped ?? (signal!.reason instanceof Error ? signal!.reason : new Error('aborted'));
          yield { id: task.id, ok: false, error, attempts: 0 };
          continue;
        }
        let attempts = 0;
        let rateLimitWaits = 0;
        for (;;) {
          attempts++;
          onEvent?.({ type: 'start', id: task.id, attempt: attempts });
          try {
            const value = await task.run(signal ?? new AbortController().signal);
            onEvent?.({ type: 'done', id: task.id, ok: true, attempts });
            yield { id: task.id, ok: true, value, attempts };
            break;
          } catch (caught) {
            const error = caught instanceof Error ? caught : new Error(String(caught));
            if (error instanceof RateLimitError) onEvent?.({ type: 'rateLimit', id: task.id, retryAfterMs: error.retryAfterMs, scope: error.scope });
            const decision = signal?.aborted ? { action: 'fail' as const } : decideRetry(error, attempts - rateLimitWaits, rateLimitWaits, retry);
            if (decision.action === 'retry') {
              if (decision.rateLimited) rateLimitWaits++;
              onEvent?.({ type: 'retry', id: task.id, attempt: attempts, delayMs: decision.delayMs, error });
              try {
                await sleep(decision.delayMs, signal);
                continue;
              } catch {
                // Aborted while waiting: fall through to report the failure.
              }
            }
            if (decision.action === 'stop-run') stopped = new RunStoppedError(`run stopped: ${error.message}`);
            onEvent?.({ type: 'done', id: task.id, ok: false, attempts });
            yield { id: task.id, ok: false, error, attempts };
            break;
          }
        }
      }
    },
  };
}
