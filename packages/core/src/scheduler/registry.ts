/**
 * Schedulers by name (`scheduler.mode` in config, `--mode` on the CLI).
 */
import type { CommonSchedulerOptions } from './options.js';
import { createAdaptiveScheduler, createParallelScheduler } from './pooled.js';
import { createSequentialScheduler } from './sequential.js';
import type { Scheduler } from './spec.js';

/** The built-in scheduler names. */
export const SCHEDULER_MODES = ['sequential', 'parallel', 'adaptive'] as const;
export type SchedulerMode = (typeof SCHEDULER_MODES)[number];

/** Settings of the built-in schedulers. */
export interface SchedulerOptions extends CommonSchedulerOptions {
  /** Most requests in flight at once (parallel, adaptive); null for min(available cores, 5). @default null */
  maxWorkers?: number | null;
  /** Run tasks on worker threads when possible (parallel, adaptive). @default true */
  useWorkers?: boolean;
}

/**
 * The mode used when none is named: `adaptive` for a remote provider (rate limits matter), `sequential`
 * for a local one (nothing to wait for).
 */
export function defaultSchedulerMode(remoteProvider: boolean): SchedulerMode {
  return remoteProvider ? 'adaptive' : 'sequential';
}

/**
 * Creates a built-in scheduler by name.
 * @throws {RangeError} for an unknown name (listing the known ones) or a bad `maxWorkers`
 */
export function createScheduler(mode: string, options: SchedulerOptions = {}): Scheduler {
  const { maxWorkers, useWorkers, ...common } = options;
  switch (mode) {
    case 'sequential':
      return createSequentialScheduler(common);
    case 'parallel':
      return createParallelScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true });
    case 'adaptive':
      return createAdaptiveScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true });
    default:
      throw new RangeError(`unknown scheduler mode "${mode}" (available: ${SCHEDULER_MODES.join(', ')})`);
  }
}
