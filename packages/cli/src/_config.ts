/**
 * Settings for a command: flags, environment, config file and defaults resolved by the core, with every
 * problem turned into a one-line {@link CliError} (exit 2) that names where the bad value came from.
 */
import { relative } from 'node:path';
import { apiKeyVariable, ConfigError, loadConfig, SCHEDULER_MODES, type ConfigKey, type ConfigResolution, type FlagValues } from '@langflix/core';
import { CliError } from './_errors.js';

/**
 * Loads the settings of a run.
 * @param configPath `--config`, else `LANGFLIX_CONFIG`, else the config file search
 * @throws {CliError} (exit 2) for a bad flag, variable or config value, or a bad `--mode`
 */
export async function resolveSettings(flags: FlagValues, configPath: string | undefined, interactive: boolean): Promise<ConfigResolution> {
  let resolution: ConfigResolution;
  try {
    resolution = await loadConfig({ flags, env: process.env, interactive, ...(configPath ? { configPath } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
  const modes: readonly string[] = SCHEDULER_MODES;
  if (!modes.includes(resolution.config.mode)) {
    throw new CliError(`${settingLabel(resolution, 'mode')}: unknown scheduler mode "${resolution.config.mode}" (available: ${modes.join(', ')})`);
  }
  return resolution;
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
 * for openai-compatible.
 * @throws {CliError} (exit 2) naming what to set
 */
export function checkProviderReady(resolution: ConfigResolution): void {
  const { config } = resolution;
  const label = settingLabel(resolution, 'provider');
  if (config.apiKeyEnv && !process.env[config.apiKeyEnv]) {
    throw new CliError(`${settingLabel(resolution, 'apiKeyEnv')}: the variable ${config.apiKeyEnv} is not set (it should hold the API key)`);
  }
  if (config.provider === 'gemini' && !apiKeyVariable(config)) {
    throw new CliError(`${label}: gemini needs an API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or name the variable that holds it with --api-key-env`);
  }
  if (config.provider === 'openai-compatible' && !config.model) {
    throw new CliError(`${label}: openai-compatible needs a model: pass --model (or set model in the config file)`);
  }
}
