/**
 * Plugins (DESIGN.md, "Plugins"): a plugin is a module — a package (`langflix-plugin-*`,
 * `@langflix/scheduler-bullmq`) or a path — that exports `{ name, schedulers? }`. Config names plugins
 * by module specifier (`plugins: ['@langflix/scheduler-bullmq']`), never as live objects, so every process
 * that runs part of an analysis (a `langflix worker` on another machine) can load the same plugins itself.
 *
 * Loading a plugin registers its schedulers by mode name in this process; `createScheduler(mode)` falls
 * back to them for a mode that is not built in.
 */
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SCHEDULER_MODES, type SchedulerOptions } from './options.js';
import type { Scheduler } from './spec.js';

/** Builds a plugin's scheduler from the options of `createScheduler`. May throw (a `RangeError` for a bad option). */
export type SchedulerFactory = (options: SchedulerOptions) => Scheduler;

/** What a plugin module exports (as its default export, or as named exports `name` and `schedulers`). */
export interface LangflixPlugin {
  /** The plugin's name, for messages (e.g. `bullmq`). */
  readonly name: string;
  /**
   * Schedulers by mode name (lower case letters, digits and `-`, as `mode` accepts): `--mode <name>` and
   * `mode: '<name>'` then create them. A name may not be a built-in mode's or another plugin's.
   */
  readonly schedulers?: Readonly<Record<string, SchedulerFactory>>;
  /**
   * Providers by name: part of the plugin shape in DESIGN.md, not read by the core yet (a provider is still
   * one of the built-in `PROVIDER_NAMES`).
   */
  readonly providers?: Readonly<Record<string, unknown>>;
}

/** A plugin that cannot be loaded or registered. The message names the module and the reason. */
export class PluginError extends Error {
  override readonly name = 'PluginError';
  /** @param specifier the module as named in config, or the plugin's name */
  constructor(
    message: string,
    readonly specifier: string,
  ) {
    super(message);
  }
}

/** Options of {@link loadPlugins}. */
export interface LoadPluginsOptions {
  /**
   * The folder a package name is first looked up from (the config file's folder: a project's own
   * `node_modules`), and relative paths are resolved against. @default process.cwd()
   */
  baseDir?: string;
  /**
   * Imports a package name not found from `baseDir`: pass your own `(s) => import(s)` so that packages your
   * module depends on resolve (the CLI depends on `@langflix/scheduler-bullmq`).
   * @default an `import()` from the core's own folder
   */
  importModule?: (specifier: string) => Promise<unknown>;
}

const MODE_NAME = /^[a-z][a-z0-9-]*$/;
/** Registered plugin schedulers by mode, with the plugin that gave each. */
const schedulers = new Map<string, { readonly plugin: string; readonly factory: SchedulerFactory }>();

/**
 * Registers a plugin's schedulers in this process. Registering the same plugin again is a no-op.
 * @throws {PluginError} for a malformed plugin, or a mode name that is built in or taken by another plugin
 */
export function registerPlugin(plugin: LangflixPlugin): void {
  if (typeof plugin !== 'object' || plugin === null || typeof plugin.name !== 'string' || plugin.name === '') {
    throw new PluginError('not a LangFlix plugin: expected an object with a name (and schedulers)', String((plugin as { name?: unknown } | null)?.name ?? '?'));
  }
  for (const [mode, factory] of Object.entries(plugin.schedulers ?? {})) {
    if (!MODE_NAME.test(mode)) throw new PluginError(`plugin ${plugin.name}: scheduler "${mode}": a mode name is lower case letters, digits and "-"`, plugin.name);
    if (typeof factory !== 'function') throw new PluginError(`plugin ${plugin.name}: scheduler "${mode}" is not a function`, plugin.name);
    if ((SCHEDULER_MODES as readonly string[]).includes(mode)) throw new PluginError(`plugin ${plugin.name}: scheduler "${mode}" is a built-in mode`, plugin.name);
    const taken = schedulers.get(mode);
    if (taken && taken.plugin !== plugin.name) throw new PluginError(`plugin ${plugin.name}: scheduler "${mode}" is already given by plugin ${taken.plugin}`, plugin.name);
  }
  for (const [mode, factory] of Object.entries(plugin.schedulers ?? {})) schedulers.set(mode, { plugin: plugin.name, factory });
}

/**
 * Imports plugin modules and registers them, in order.
 * @param specifiers package names or paths (relative ones against `baseDir`; `file:` URLs too)
 * @returns the plugins, in the order given
 * @throws {PluginError} naming the first module that cannot be imported, is not a plugin, or conflicts
 */
export async function loadPlugins(specifiers: readonly string[], options: LoadPluginsOptions = {}): Promise<LangflixPlugin[]> {
  const baseDir = options.baseDir ?? process.cwd();
  const loaded: LangflixPlugin[] = [];
  for (const specifier of specifiers) {
    let module: unknown;
    try {
      module = await importPlugin(specifier, baseDir, options.importModule ?? ((s) => import(s)));
    } catch (error) {
      throw new PluginError(`plugin "${specifier}": cannot load it: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, specifier);
    }
    const plugin = pluginOf(module);
    if (!plugin) throw new PluginError(`plugin "${specifier}": not a LangFlix plugin: the module exports no { name, schedulers }`, specifier);
    try {
      registerPlugin(plugin);
    } catch (error) {
      throw new PluginError(`plugin "${specifier}": ${(error as Error).message}`, specifier);
    }
    loaded.push(plugin);
  }
  return loaded;
}

/** The factory of a plugin scheduler registered for `mode`, or undefined. */
export function pluginScheduler(mode: string): SchedulerFactory | undefined {
  return schedulers.get(mode)?.factory;
}

/** The modes registered by plugins in this process, in registration order. */
export function pluginSchedulerModes(): string[] {
  return [...schedulers.keys()];
}

/** A path or `file:` URL is imported by URL; a package name from `baseDir` first, else with `importModule`. */
async function importPlugin(specifier: string, baseDir: string, importModule: (specifier: string) => Promise<unknown>): Promise<unknown> {
  if (specifier.startsWith('file:')) return import(specifier);
  if (/^\.{1,2}([\\/]|$)/.test(specifier) || /^([A-Za-z]:)?[\\/]/.test(specifier)) return import(pathToFileURL(resolve(baseDir, specifier)).href);
  let found: string | null = null;
  try {
    // A project's own node_modules. Packages exporting only an `import` condition are not found this
    // way (require.resolve uses `require`, `node`, `default`) and go to importModule.
    found = createRequire(join(resolve(baseDir), 'noop.js')).resolve(specifier);
  } catch {
    found = null;
  }
  return found ? import(pathToFileURL(found).href) : importModule(specifier);
}

/** The plugin a module exports: its default export, or the module itself with named exports. */
function pluginOf(module: unknown): LangflixPlugin | null {
  const candidates = [(module as { default?: unknown } | null)?.default, module];
  for (const candidate of candidates) {
    if (typeof candidate === 'object' && candidate !== null && typeof (candidate as LangflixPlugin).name === 'string' && ('schedulers' in candidate || 'providers' in candidate)) return candidate as LangflixPlugin;
  }
  return null;
}
