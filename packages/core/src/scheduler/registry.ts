/**
 * Schedulers by name (`scheduler.mode` in config, `--mode` on the CLI).
 */
import { SCHEDULER_MODES, type SchedulerMode, type SchedulerOptions } from './options.js';
import { createAdaptiveScheduler, createParallelScheduler } from './pooled.js';
import { createSequentialScheduler } from './sequential.js';
import type { Scheduler } from './spec.js';

export { SCHEDULER_MODES, type SchedulerMode, type SchedulerOptions } from './options.js';

/** Builds a plugin's scheduler from the options of `createScheduler`. May throw (a `RangeError` for a bad option). */
export type SchedulerFactory = (options: SchedulerOptions) => Scheduler;

/** Scheduler modes registered by plugins, with the plugin that gave each. */
const registered = new Map<string, { readonly plugin: string; readonly factory: SchedulerFactory }>();

/**
 * Registers a plugin's scheduler mode (see `registerPlugin`, which checks it first).
 * @throws {RangeError} for a built-in mode, or one another plugin gave
 */
export function registerScheduler(mode: string, factory: SchedulerFactory, plugin: string): void {
  if ((SCHEDULER_MODES as readonly string[]).includes(mode)) throw new RangeError(`scheduler "${mode}" is a built-in mode`);
  const taken = registered.get(mode);
  if (taken && taken.plugin !== plugin) throw new RangeError(`scheduler "${mode}" is already given by plugin ${taken.plugin}`);
  registered.set(mode, { plugin, factory });
}

/** The plugin that registered scheduler `mode`, or undefined (built in, or unknown). */
export function schedulerPlugin(mode: string): string | undefined {
  return registered.get(mode)?.plugin;
}

/** The factory of a plugin scheduler registered for `mode`, or undefined. */
export function pluginScheduler(mode: string): SchedulerFactory | undefined {
  return registered.get(mode)?.factory;
}

/**
 * The mode used when none is named: `adaptive` for a remote provider (rate limits matter), `sequential`
 * for a local one (nothing to wait for).
 */
export function defaultSchedulerMode(remoteProvider: boolean): SchedulerMode {
  return remoteProvider ? 'adaptive' : 'sequential';
}

/** Every mode this process can create: the built-in ones, then those of loaded plugins (see `loadPlugins`). */
export function schedulerModes(): string[] {
  return [...SCHEDULER_MODES, ...registered.keys()];
}

/**
 * Creates a scheduler by name: a built-in one, or one registered by a loaded plugin.
 * @throws {RangeError} for an unknown name (listing the known ones) or a bad `maxWorkers`
 */
export function createScheduler(mode: string, options: SchedulerOptions = {}): Scheduler {
  // `plugin` settings are for plugin schedulers only; the built-in ones get the rest.
  const { maxWorkers, useWorkers, firstWave, plugin: _pluginSettings, ...common } = options;
  switch (mode) {
    case 'sequential':
      return createSequentialScheduler(common);
    case 'parallel':
      return createParallelScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true });
    case 'adaptive':
      return createAdaptiveScheduler({ ...common, maxWorkers: maxWorkers ?? null, useWorkers: useWorkers ?? true, ...(firstWave !== undefined ? { firstWave } : {}) });
    default: {
      // Not built in: a scheduler registered by a plugin (plugins/index.ts), given every option.
      const factory = pluginScheduler(mode);
      if (factory) return factory(options);
      throw new RangeError(`unknown scheduler mode "${mode}" (available: ${schedulerModes().join(', ')})`);
    }
  }
}
