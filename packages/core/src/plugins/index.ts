/**
 * Plugins (DESIGN.md, "Plugins"): a plugin is a module — a package (`langflix-plugin-*`,
 * `@langflix/scheduler-bullmq`) or a path — that exports `{ name, providers?, schedulers? }`. Config names
 * plugins by module specifier (`plugins: ['langflix-plugin-glossary']`), never as live objects, so every
 * process and worker thread that runs part of an analysis can load the same plugins itself.
 *
 * Loading a plugin registers its providers (definitions of the same versioned spec the built-in ones
 * implement: `ProviderDefinition`) and its scheduler modes by name in this process; `createProvider` and
 * `createScheduler` then find them like the built-in ones.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registerProvider, providerPlugin, PROVIDER_NAMES } from '../providers/registry.js';
import { PROVIDER_SPECIFICATION_VERSION, type ProviderDefinition } from '../providers/spec.js';
import { registerScheduler, schedulerPlugin, SCHEDULER_MODES, type SchedulerFactory } from '../scheduler/registry.js';

export type { SchedulerFactory } from '../scheduler/registry.js';

/** What a plugin module exports (as its default export, or as named exports `name`, `providers`, `schedulers`). */
export interface LangflixPlugin {
  /** The plugin's name, for messages (e.g. `bullmq`). */
  readonly name: string;
  /**
   * Providers by name (lower case letters, digits and `-`; each definition's `name` the same): `--provider
   * <name>` and `provider: '<name>'` then create them, with `providerOptions` checked against the
   * definition's schema. A name may not be a built-in provider's or another plugin's.
   */
  readonly providers?: Readonly<Record<string, ProviderDefinition<never>>>;
  /**
   * Schedulers by mode name (lower case letters, digits and `-`, as `mode` accepts): `--mode <name>` and
   * `mode: '<name>'` then create them. A name may not be a built-in mode's or another plugin's.
   */
  readonly schedulers?: Readonly<Record<string, SchedulerFactory>>;
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

/** A provider or scheduler mode name. */
const NAME = /^[a-z][a-z0-9-]*$/;

/**
 * Checks a plugin's providers and schedulers, then registers them all in this process (none when one is
 * wrong). Registering the same plugin again is a no-op.
 * @throws {PluginError} for a malformed plugin; a provider of another specification version, without an
 *   options schema or a factory; a name that is built in or taken by another plugin
 */
export function registerPlugin(plugin: LangflixPlugin): void {
  if (typeof plugin !== 'object' || plugin === null || typeof plugin.name !== 'string' || plugin.name === '') {
    throw new PluginError('not a LangFlix plugin: expected an object with a name (and providers or schedulers)', String((plugin as { name?: unknown } | null)?.name ?? '?'));
  }
  const fail = (message: string): never => {
    throw new PluginError(`plugin ${plugin.name}: ${message}`, plugin.name);
  };
  for (const [name, definition] of Object.entries(plugin.providers ?? {})) {
    const d = definition as Partial<ProviderDefinition<never>> | null;
    if (!NAME.test(name)) fail(`provider "${name}": a provider name is lower case letters, digits and "-"`);
    if (typeof d !== 'object' || d === null) fail(`provider "${name}" is not a provider definition`);
    if (d!.specificationVersion !== PROVIDER_SPECIFICATION_VERSION) {
      fail(`provider "${name}": specification version ${JSON.stringify(d!.specificationVersion ?? null)} is not supported (this LangFlix implements "${PROVIDER_SPECIFICATION_VERSION}")`);
    }
    if (d!.name !== name) fail(`provider "${name}": its definition is named ${JSON.stringify(d!.name ?? null)}`);
    if (typeof d!.options?.safeParse !== 'function') fail(`provider "${name}": no options schema (a zod schema)`);
    if (typeof d!.create !== 'function') fail(`provider "${name}": create is not a function`);
    if ((PROVIDER_NAMES as readonly string[]).includes(name)) fail(`provider "${name}" is a built-in provider`);
    const taken = providerPlugin(name);
    if (taken !== undefined && taken !== plugin.name) fail(`provider "${name}" is already given by plugin ${taken}`);
  }
  for (const [mode, factory] of Object.entries(plugin.schedulers ?? {})) {
    if (!NAME.test(mode)) fail(`scheduler "${mode}": a mode name is lower case letters, digits and "-"`);
    if (typeof factory !== 'function') fail(`scheduler "${mode}" is not a function`);
    if ((SCHEDULER_MODES as readonly string[]).includes(mode)) fail(`scheduler "${mode}" is a built-in mode`);
    const taken = schedulerPlugin(mode);
    if (taken !== undefined && taken !== plugin.name) fail(`scheduler "${mode}" is already given by plugin ${taken}`);
  }
  for (const definition of Object.values(plugin.providers ?? {})) registerProvider(definition, plugin.name);
  for (const [mode, factory] of Object.entries(plugin.schedulers ?? {})) registerScheduler(mode, factory, plugin.name);
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
    if (!plugin) throw new PluginError(`plugin "${specifier}": not a LangFlix plugin: the module exports no { name, providers or schedulers }`, specifier);
    try {
      registerPlugin(plugin);
    } catch (error) {
      throw new PluginError(`plugin "${specifier}": ${(error as Error).message}`, specifier);
    }
    loaded.push(plugin);
  }
  return loaded;
}

/**
 * Where a plugin module is, as a `file:` URL: a `file:` URL as it is; a path (a file, or a package's folder:
 * its `main`, else `index.js`) against `baseDir`; a package name as found from `baseDir` (a project's own
 * `node_modules`). Null for a package name not found there (packages exporting only an `import`
 * condition are not found this way: `require.resolve` uses `require`, `node`, `default`).
 */
export function resolvePluginUrl(specifier: string, baseDir: string = process.cwd()): string | null {
  if (specifier.startsWith('file:')) return specifier;
  if (/^\.{1,2}([\\/]|$)/.test(specifier) || /^([A-Za-z]:)?[\\/]/.test(specifier)) {
    const path = resolve(baseDir, specifier);
    const file = statSync(path, { throwIfNoEntry: false })?.isDirectory() ? createRequire(join(path, 'noop.js')).resolve(path) : path;
    return pathToFileURL(file).href;
  }
  try {
    return pathToFileURL(createRequire(join(resolve(baseDir), 'noop.js')).resolve(specifier)).href;
  } catch {
    return null;
  }
}

/** Imports a plugin module: by its URL when {@link resolvePluginUrl} finds one, else with `importModule`. */
async function importPlugin(specifier: string, baseDir: string, importModule: (specifier: string) => Promise<unknown>): Promise<unknown> {
  const url = resolvePluginUrl(specifier, baseDir);
  return url ? import(url) : importModule(specifier);
}

/** The plugin a module exports: its default export, or the module itself with named exports. */
function pluginOf(module: unknown): LangflixPlugin | null {
  const candidates = [(module as { default?: unknown } | null)?.default, module];
  for (const candidate of candidates) {
    if (typeof candidate === 'object' && candidate !== null && typeof (candidate as LangflixPlugin).name === 'string' && ('schedulers' in candidate || 'providers' in candidate)) return candidate as LangflixPlugin;
  }
  return null;
}
