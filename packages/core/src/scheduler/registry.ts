/**
 * Schedulers by name (`scheduler.mode` in config, `--mode` on the CLI).
 */
import { SCHEDULER_MODES, type SchedulerMode, type SchedulerOptions } from './options.js';
import { pluginScheduler, pluginSchedulerModes } from './plugins.js';
import { createAdaptiveScheduler, createParallelScheduler } from './pooled.js';
import { createSequentialScheduler } from './sequential.js';
import type { Scheduler } from './spec.js';

export { SCHEDULER_MODES, type SchedulerMode, type SchedulerOptions } from './options.js';

/**
 * The mode used when none is named: `adaptive` for a remote provider (rate limits matter), `sequential`
 * for a local one (nothing to wait for).
 */
export function defaultSchedulerMode(remoteProvider: boolean): SchedulerMode {
  return remoteProvider ? 'adaptive' : 'sequential';
}

/** Every mode this process can create: the built-in ones, then those of loaded plugins (see `loadPlugins`). */
export function schedulerModes(): string[] {
  return [...SCHEDULER_MODES, ...pluginSchedulerModes()];
}

/**
 * Creates a scheduler by name: a built-in one, or one registered by a loaded plugin.
 * @throws {RangeError} for an unknown name (listing the known ones) or a bad `maxWorkers`
 */
export function createScheduler(mode: string, options: SchedulerOptions = {}): Scheduler {
  // `plugin` settings are for plugin schedulers only; the built-in ones get the rest.
  const { maxWorkers, useWorkers, plugin: _pluginSettings, ...common } = options;
  switch (mode) {
    case 'sequential':
      return createSequentialScheduler(common);
    case 'parallel':
      return createParallelScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true });
    case 'adaptive':
      return createAdaptiveScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true });
    default: {
      // Not built in: a scheduler registered by a plugin (scheduler/plugins.ts), given every option.
      const factory = pluginScheduler(mode);
      if (factory) return factory(options);
      throw new RangeError(`unknown scheduler mode "${mode}" (available: ${schedulerModes().join(', ')})`);
    }
  }
}
