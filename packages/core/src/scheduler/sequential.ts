/**
 * The `sequential` scheduler: one task at a time on the main thread, with the same retries and shared
 * cool-down after a 429 as the others.
 */
import { dispatch } from './dispatch.js';
import { fixedLimit } from './policies.js';
import type { CommonSchedulerOptions } from './options.js';
import type { RunOptions, Scheduler, Task, TaskOutcome } from './spec.js';

export { RunStoppedError } from './stopped.js';

/**
 * Creates the `sequential` scheduler. A per-day 429 or a key every request would fail with stops the
 * run: the task that met it and every task not yet run end as failures, and nothing more is sent.
 */
export function createSequentialScheduler(options: CommonSchedulerOptions = {}): Scheduler {
  return {
    name: 'sequential',
    run<T>(tasks: readonly Task<T>[], run: RunOptions = {}): AsyncIterable<TaskOutcome<T>> {
      return dispatch(tasks, { ...options, policy: fixedLimit(1), execute: (task, signal) => task.run(signal) }, run);
    },
  };
}
