/**
 * Schedulers by name (`scheduler.mode` in config, `--mode` on the CLI).
 */
import { createSequentialScheduler } from './sequential.js';
import type { RetryOptions } from './retry.js';
import type { Scheduler } from './spec.js';
import type { Sleep } from './clock.js';

/** The built-in scheduler names. */
export const SCHEDULER_MODES = ['sequential'] as const;
export type SchedulerMode = (typeof SCHEDULER_MODES)[number];

/** Settings common to the built-in schedulers. */
export interface SchedulerOptions {
  /**
   * Most requests in flight at once; null for min(available cores, 5).
   * @default null
   */
  maxWorkers?: number | null;
  retry?: RetryOptions;
  /** Injected in tests so waits pass instantly. @default a real timer */
  sleep?: Sleep;
}

/**
 * Creates a built-in scheduler by name.
 * @throws {RangeError} for an unknown name, listing the known ones
 */
export function createScheduler(mode: string, options: SchedulerOptions = {}): Scheduler {
  switch (mode) {
    case 'sequential':
      return createSequentialScheduler({ ...(options.retry ? { retry: options.retry } : {}), ...(options.sleep ? { sleep: options.sleep } : {}) });
    default:
      throw new RangeError(`unknown scheduler mode "${mode}" (available: ${SCHEDULER_MODES.join(', ')})`);
  }
}
