/**
 * Settings for a command: flags, environment, config file and defaults resolved by the core, with every
 * problem turned into a one-line {@link CliError} (exit 2) that names where the bad value came from.
 */
import { dirname, relative } from 'node:path';
import {
  apiKeyVariable,
  ConfigError,
  createProvider,
  defaultSchedulerMode,
  loadConfig,
  loadPlugins,
  PluginError,
  PROVIDER_NAMES,
  providerDefinition,
  providerNames,
  resolvePluginUrl,
  schedulerModes,
  toAnalyzeOptions,
  type ConfigKey,
  type ConfigResolution,
  type FlagValues,
} from '@langflix/core';
import { CliError } from './_errors.js';

/** The scheduler mode of the bundled plugin `@langflix/scheduler-bullmq`, known without naming the plugin. */
export const BULLMQ_MODE = 'bullmq';
/** The bundled plugin (a dependency of the CLI). */
export const BULLMQ_PLUGIN = '@langflix/scheduler-bullmq';

/**
 * Loads the settings of a run, and the plugins they name (`plugins`, and `@langflix/scheduler-bullmq` for
 * `--mode bullmq`), so that their scheduler modes are known.
 * @param configPath `--config`, else `LANGFLIX_CONFIG`, else the config file search
 * @throws {CliError} (exit 2) for a bad flag, variable or config value, a plugin that cannot be loaded, or
 *   a bad `--mode`
 */
export async function resolveSettings(flags: FlagValues, configPath: string | undefined, interactive: boolean): Promise<ConfigResolution> {
  let resolution: ConfigResolution;
  try {
    resolution = await loadConfig({ flags, env: process.env, interactive, ...(configPath ? { configPath } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const { config, sources } = resolution;
  const specifiers = [...config.plugins];
  if (config.mode === BULLMQ_MODE && !specifiers.includes(BULLMQ_PLUGIN)) specifiers.push(BULLMQ_PLUGIN);
  if (specifiers.length > 0) {
    const source = sources.plugins;
    const baseDir = source.kind === 'file' ? dirname(source.path) : process.cwd();
    try {
      // Package names are looked up from the config file's folder first, then from the CLI's own dependencies.
      await loadPlugins(specifiers, { baseDir, importModule: (specifier) => import(specifier) });
    } catch (error) {
      if (!(error instanceof PluginError)) throw error;
      const named = config.plugins.includes(error.specifier) ? 'plugins' : 'mode';
      throw new CliError(`${settingLabel(resolution, named)}: ${error.message}`);
    }
    // Worker threads (and `langflix worker`) load the same modules by where this process found them.
    resolution = { ...resolution, config: { ...config, plugins: config.plugins.map((specifier) => pluginUrl(specifier, baseDir)) } };
  }
  const providers = providerNames();
  if (!providers.includes(config.provider)) {
    throw new CliError(`${settingLabel(resolution, 'provider')}: unknown provider "${config.provider}" (available: ${providers.join(', ')}; a plugin in plugins can add more)`);
  }
  if (sources.mode.kind === 'default' && !(PROVIDER_NAMES as readonly string[]).includes(config.provider)) {
    // A plugin's provider says whether it calls a network: an offline one runs sequentially by default.
    const remote = providerDefinition(config.provider)?.remote ?? true;
    resolution = {
      ...resolution,
      config: { ...resolution.config, mode: defaultSchedulerMode(remote) },
      sources: { ...resolution.sources, mode: { kind: 'default', note: remote ? 'remote provider' : 'local provider' } },
    };
  }
  const modes = schedulerModes();
  if (!modes.includes(resolution.config.mode)) {
    throw new CliError(`${settingLabel(resolution, 'mode')}: unknown scheduler mode "${resolution.config.mode}" (available: ${[...modes, ...(modes.includes(BULLMQ_MODE) ? [] : [BULLMQ_MODE])].join(', ')})`);
  }
  return resolution;
}

/** A plugin's module as a `file:` URL: as the core finds it from `baseDir`, else from the CLI's own dependencies. */
function pluginUrl(specifier: string, baseDir: string): string {
  return resolvePluginUrl(specifier, baseDir) ?? import.meta.resolve(specifier);
}

/**
 * Where a setting came from, as messages name it: `--provider`, `LANGFLIX_PROVIDER`,
 * `.langflixrc.yaml: provider`, or the key alone for a default.
 */
export function settingLabel(resolution: ConfigResolution, key: ConfigKey): string {
  const source = resolution.sources[key];
  switch (source.kind) {
    case 'flag':
    case 'env':
      return source.name;
    case 'file': {
      const rel = relative(process.cwd(), source.path);
      return `${rel && !rel.startsWith('..') ? rel : source.path}: ${key}`;
    }
    default:
      return key;
  }
}

/**
 * Checks that a remote provider can be called: a key for gemini (or the `apiKeyEnv` variable set), a model
 * for openai-compatible. With mode bullmq the key is the workers' business, not this machine's.
 * @throws {CliError} (exit 2) naming what to set
 */
export function checkProviderReady(resolution: ConfigResolution): void {
  const { config } = resolution;
  const label = settingLabel(resolution, 'provider');
  // With bullmq the requests are sent by `langflix worker` processes, each with the key of its own machine.
  const keyHere = config.mode !== BULLMQ_MODE;
  if (keyHere && config.apiKeyEnv && !process.env[config.apiKeyEnv]) {
    throw new CliError(`${settingLabel(resolution, 'apiKeyEnv')}: the variable ${config.apiKeyEnv} is not set (it should hold the API key)`);
  }
  if (keyHere && config.provider === 'gemini' && !apiKeyVariable(config)) {
    throw new CliError(`${label}: gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or name the variable that holds it with --api-key-env`);
  }
  if (config.provider === 'openai-compatible' && !config.model) {
    throw new CliError(`${label}: openai-compatible needs a model: pass --model (or set model in the config file)`);
  }
  // Options only the provider can check (a plugin provider's schema), before anything is sent.
  try {
    createProvider(toAnalyzeOptions(config, process.env, providerOptionsDir(resolution)).provider);
  } catch (error) {
    if (error instanceof Error && error.name === 'FatalError') throw new CliError(`${resolution.sources.providerOptions.kind === 'default' ? label : settingLabel(resolution, 'providerOptions')}: ${error.message}`);
    throw error;
  }
}

/**
 * The folder relative file paths in `providerOptions` are read from: the config file's folder when the
 * options came from a config file (as plugin paths and folder settings are), else undefined (the working
 * folder).
 */
export function providerOptionsDir(resolution: ConfigResolution): string | undefined {
  const source = resolution.sources.providerOptions;
  return source.kind === 'file' ? dirname(source.path) : undefined;
}
