/**
 * Settings from every place they can come from, merged with one precedence — command-line flags, then
 * the environment, then the config file, then the defaults — with a record of where each value came
 * from, so `langflix config` can say it, and the options of a run built from the result.
 */
import { resolve as resolvePath } from 'node:path';
import { defaultCacheDir } from '../providers/cache.js';
import type { ProviderConfig } from '../providers/registry.js';
import { defaultSchedulerMode } from '../scheduler/registry.js';
import type { AnalyzeOptions } from '../pipeline/analyze.js';
import type { LearnerLevel } from '../providers/spec.js';
import { ConfigError, describe, expandHome, loadConfigFile, pluginPath, type LoadedConfigFile } from './load.js';
import { CONFIG_DEFAULTS, CONFIG_FIELDS, CONFIG_KEYS, configEnvVar, configFlag, type ConfigKey, type LangflixConfig, type ResolvedConfig } from './schema.js';

/** Where a setting's value came from. */
export type ConfigSource =
  | { readonly kind: 'flag'; readonly name: string }
  | { readonly kind: 'env'; readonly name: string }
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'default'; readonly note?: string };

/** Settings from one place, with the source of each. */
export interface ConfigLayer {
  readonly values: LangflixConfig;
  readonly sources: Partial<Record<ConfigKey, ConfigSource>>;
}

/** Environment variables, as `process.env` holds them. */
export type Env = Readonly<Record<string, string | undefined>>;

/** Values as a command line gives them: text, or true/false for switches (`--cache`, `--no-cache`). */
export type FlagValues = Partial<Record<ConfigKey, string | boolean | undefined>>;

/** Options of {@link resolveConfig}. */
export interface ResolveConfigOptions {
  /** Command-line values by setting key; `undefined` means not given. */
  flags?: FlagValues;
  /** @default process.env */
  env?: Env;
  /** The config file, from {@link loadConfigFile}. */
  file?: LoadedConfigFile | null;
  /** True when output goes to a terminal: the default format is then `table`, else `json`. @default false */
  interactive?: boolean;
  /** Folder that relative paths from flags and the environment are resolved against. @default process.cwd() */
  cwd?: string;
}

/** Every setting resolved, where each came from, and the config file used (if any). */
export interface ConfigResolution {
  readonly config: ResolvedConfig;
  readonly sources: Readonly<Record<ConfigKey, ConfigSource>>;
  /** Absolute path of the config file read, or null. */
  readonly file: string | null;
}

const PATH_KEYS: ReadonlySet<ConfigKey> = new Set(['cacheDir', 'saveLlmOutput', 'outDir']);

/**
 * Turns a setting given as text (a flag or an environment variable) into its value and checks it.
 * Numbers must be plain decimals; switches take true/false, 1/0, yes/no, on/off; `maxWorkers` takes
 * `auto` (or `null`) for automatic; folder settings take `none` (or `null`) for none.
 * @param where the flag or variable, for the message
 * @throws {ConfigError} `<where>: expected …, got "<text>"`
 */
export function parseConfigText(key: ConfigKey, text: string | boolean, where: string): unknown {
  const field = CONFIG_FIELDS[key];
  const fail = (): never => {
    throw new ConfigError(`${where}: ${field.expected}, got ${describe(text)}`, where, key);
  };
  let value: unknown = text;
  if (typeof text === 'string') {
    const t = text.trim();
    switch (field.text) {
      case 'number':
        value = /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : fail();
        break;
      case 'nullable-number':
        value = /^(auto|null)$/i.test(t) ? null : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : fail();
        break;
      case 'boolean':
        value = /^(true|1|yes|on)$/i.test(t) ? true : /^(false|0|no|off)$/i.test(t) ? false : fail();
        break;
      case 'nullable-string':
        value = /^(none|null)$/i.test(t) ? null : t;
        break;
      case 'list':
        value = t.split(',').map((item) => item.trim()).filter((item) => item !== '');
        break;
      case 'json':
        try {
          value = JSON.parse(t);
        } catch {
          fail();
        }
        break;
      default:
        value = t;
    }
  } else if (field.text !== 'boolean') {
    fail();
  }
  if (!field.schema.safeParse(value).success) fail();
  return value;
}

/** The settings of `LANGFLIX_*` environment variables (see {@link configEnvVar}). @throws {ConfigError} naming the variable */
export function configFromEnv(env: Env = process.env, cwd = process.cwd()): ConfigLayer {
  const values: Record<string, unknown> = {};
  const sources: Partial<Record<ConfigKey, ConfigSource>> = {};
  for (const key of CONFIG_KEYS) {
    const name = configEnvVar(key);
    const text = env[name];
    if (text === undefined || text.trim() === '') continue;
    values[key] = pathValue(key, parseConfigText(key, text, name), cwd);
    sources[key] = { kind: 'env', name };
  }
  return { values: values as LangflixConfig, sources };
}

/** The settings given on the command line. @throws {ConfigError} naming the flag */
export function configFromFlags(flags: FlagValues, cwd = process.cwd()): ConfigLayer {
  const values: Record<string, unknown> = {};
  const sources: Partial<Record<ConfigKey, ConfigSource>> = {};
  for (const key of CONFIG_KEYS) {
    const given = flags[key];
    if (given === undefined) continue;
    const name = configFlag(key);
    values[key] = pathValue(key, parseConfigText(key, given, name), cwd);
    sources[key] = { kind: 'flag', name };
  }
  return { values: values as LangflixConfig, sources };
}

/**
 * Merges flags over the environment over the config file over the defaults.
 * Defaults that depend on the environment: `provider` (gemini when `GEMINI_API_KEY`, `GOOGLE_API_KEY` or
 * the `apiKeyEnv` variable is set, else lexicon), `mode` (adaptive for a remote provider, sequential for
 * the lexicon), `format` (table on a terminal, else json), `cacheDir` (`defaultCacheDir`). `baseUrl` also
 * comes from `GEMINI_BASE_URL` (gemini) or `OPENAI_BASE_URL` (openai-compatible), at the environment's rank.
 * @throws {ConfigError} for a bad flag or environment value, naming it
 */
export function resolveConfig(options: ResolveConfigOptions = {}): ConfigResolution {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const fileLayer: ConfigLayer = options.file
    ? { values: options.file.config, sources: Object.fromEntries(Object.keys(options.file.config).filter((k) => k in CONFIG_FIELDS).map((k) => [k, { kind: 'file', path: options.file!.path }])) }
    : { values: {}, sources: {} };
  const layers = [configFromFlags(options.flags ?? {}, cwd), configFromEnv(env, cwd), fileLayer];

  const values: Record<string, unknown> = {};
  const sources: Partial<Record<ConfigKey, ConfigSource>> = {};
  for (const key of CONFIG_KEYS) {
    for (const layer of layers) {
      const value = layer.values[key];
      if (value !== undefined) {
        values[key] = value;
        sources[key] = layer.sources[key]!;
        break;
      }
    }
  }
  const take = <K extends ConfigKey>(key: K, fallback: ResolvedConfig[K], note?: string): ResolvedConfig[K] => {
    if (key in values) return values[key] as ResolvedConfig[K];
    sources[key] = note ? { kind: 'default', note } : { kind: 'default' };
    return fallback;
  };

  const apiKeyEnv = take('apiKeyEnv', CONFIG_DEFAULTS.apiKeyEnv);
  const keyVariable = [apiKeyEnv, 'GEMINI_API_KEY', 'GOOGLE_API_KEY'].find((name): name is string => !!name && !!env[name]);
  const provider = take(
    'provider',
    keyVariable ? 'gemini' : 'lexicon',
    keyVariable ? `${keyVariable} is set` : 'no API key in GEMINI_API_KEY or GOOGLE_API_KEY',
  );
  const remote = provider !== 'lexicon';
  const mode = take('mode', defaultSchedulerMode(remote), remote ? 'remote provider' : 'local provider');

  let baseUrl = take('baseUrl', CONFIG_DEFAULTS.baseUrl);
  const baseUrlVariable = provider === 'gemini' ? 'GEMINI_BASE_URL' : provider === 'openai-compatible' ? 'OPENAI_BASE_URL' : null;
  const ranked = sources.baseUrl?.kind === 'flag' || sources.baseUrl?.kind === 'env';
  if (!ranked && baseUrlVariable && env[baseUrlVariable]) {
    baseUrl = env[baseUrlVariable]!;
    sources.baseUrl = { kind: 'env', name: baseUrlVariable };
  }

  const interactive = options.interactive ?? false;
  const config: ResolvedConfig = {
    provider,
    providerOptions: take('providerOptions', CONFIG_DEFAULTS.providerOptions),
    model: take('model', CONFIG_DEFAULTS.model),
    baseUrl,
    apiKeyEnv,
    temperature: take('temperature', CONFIG_DEFAULTS.temperature),
    level: take('level', CONFIG_DEFAULTS.level),
    targetLanguage: take('targetLanguage', CONFIG_DEFAULTS.targetLanguage),
    mode,
    maxWorkers: take('maxWorkers', CONFIG_DEFAULTS.maxWorkers),
    timeoutPerChunk: take('timeoutPerChunk', CONFIG_DEFAULTS.timeoutPerChunk),
    maxExpressions: take('maxExpressions', CONFIG_DEFAULTS.maxExpressions),
    maxInputChars: take('maxInputChars', CONFIG_DEFAULTS.maxInputChars),
    overlapCues: take('overlapCues', CONFIG_DEFAULTS.overlapCues),
    batchSize: take('batchSize', CONFIG_DEFAULTS.batchSize),
    maxAttempts: take('maxAttempts', CONFIG_DEFAULTS.maxAttempts),
    finalRetry: take('finalRetry', CONFIG_DEFAULTS.finalRetry),
    cache: take('cache', CONFIG_DEFAULTS.cache),
    cacheDir: take('cacheDir', defaultCacheDir(env)),
    saveLlmOutput: take('saveLlmOutput', CONFIG_DEFAULTS.saveLlmOutput),
    format: take('format', interactive ? 'table' : 'json', interactive ? 'on a terminal' : 'not on a terminal'),
    sort: take('sort', CONFIG_DEFAULTS.sort),
    bom: take('bom', CONFIG_DEFAULTS.bom),
    outDir: take('outDir', CONFIG_DEFAULTS.outDir),
    strict: take('strict', CONFIG_DEFAULTS.strict),
    plugins: take('plugins', CONFIG_DEFAULTS.plugins),
    redis: take('redis', CONFIG_DEFAULTS.redis),
    queue: take('queue', CONFIG_DEFAULTS.queue),
    requestsPerMinute: take('requestsPerMinute', CONFIG_DEFAULTS.requestsPerMinute),
  };
  return { config, sources: sources as Record<ConfigKey, ConfigSource>, file: options.file?.path ?? null };
}

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions extends ResolveConfigOptions {
  /** A config file to read instead of searching; else `LANGFLIX_CONFIG`, else the search from `cwd`. */
  configPath?: string;
}

/**
 * Finds and reads the config file (`configPath`, else `LANGFLIX_CONFIG`, else the search from `cwd`), then
 * resolves every setting with {@link resolveConfig}.
 * @throws {ConfigError} for a missing named file, an unreadable file, or a bad value anywhere, naming its place and key
 */
export async function loadConfig(options: LoadConfigOptions = {}): Promise<ConfigResolution> {
  const env = options.env ?? process.env;
  const named = options.configPath ?? (env.LANGFLIX_CONFIG?.trim() || undefined);
  const file = await loadConfigFile({ ...(options.cwd ? { cwd: options.cwd } : {}), ...(named ? { path: named } : {}) });
  return resolveConfig({ ...options, env, file });
}

/**
 * The environment variable the API key is read from, when one is set: `apiKeyEnv`, else the provider's
 * own (`GEMINI_API_KEY`, `GOOGLE_API_KEY`; `OPENAI_API_KEY`). Null when none is set. Never the key itself.
 */
export function apiKeyVariable(config: ResolvedConfig, env: Env = process.env): string | null {
  if (config.apiKeyEnv) return env[config.apiKeyEnv] ? config.apiKeyEnv : null;
  const names = config.provider === 'gemini' ? ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] : config.provider === 'openai-compatible' ? ['OPENAI_API_KEY'] : [];
  return names.find((name) => !!env[name]) ?? null;
}

/**
 * The options of `analyzeParsedSubtitles` for a resolved config: the provider as plain settings (so
 * worker threads can build it), the timeout in milliseconds, and the key read from `apiKeyEnv` when it is
 * named (else the provider reads its own variables).
 * @param optionsDir the absolute folder relative file paths in `providerOptions` are read from (the config
 *   file's, when they came from one; see {@link ProviderConfig.optionsDir}); default the working folder
 */
export function toAnalyzeOptions(
  config: ResolvedConfig,
  env: Env = process.env,
  optionsDir?: string,
): Required<
  Pick<
    AnalyzeOptions,
    'provider' | 'mode' | 'maxWorkers' | 'timeoutPerChunk' | 'level' | 'targetLanguage' | 'maxExpressions' | 'maxInputChars' | 'overlapCues' | 'batchSize' | 'retry' | 'finalRetry' | 'strict'
  >
> & {
  provider: ProviderConfig;
} {
  const apiKey = config.apiKeyEnv ? env[config.apiKeyEnv] : undefined;
  const provider: ProviderConfig = {
    name: config.provider,
    ...(config.model ? { model: config.model } : {}),
    ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    ...(config.temperature !== null ? { temperature: config.temperature } : {}),
    cacheDir: config.cache ? config.cacheDir : null,
    saveLlmOutput: config.saveLlmOutput,
    ...(Object.keys(config.providerOptions).length > 0 ? { options: config.providerOptions } : {}),
    ...(optionsDir !== undefined ? { optionsDir } : {}),
    ...(config.plugins.length > 0 ? { plugins: config.plugins } : {}),
  };
  return {
    provider,
    mode: config.mode,
    maxWorkers: config.maxWorkers,
    timeoutPerChunk: Math.round(config.timeoutPerChunk * 1000),
    level: config.level as LearnerLevel,
    targetLanguage: config.targetLanguage,
    maxExpressions: config.maxExpressions,
    maxInputChars: config.maxInputChars,
    overlapCues: config.overlapCues,
    batchSize: config.batchSize,
    retry: { maxAttempts: config.maxAttempts },
    finalRetry: config.finalRetry,
    strict: config.strict,
  };
}

/** One line of `langflix config`. */
export interface ConfigRow {
  readonly key: string;
  /** The value as text; secrets are never shown. */
  readonly value: string;
  /** Where it came from: `--flag`, `env NAME`, the config file's path, or `default (…)`. */
  readonly source: string;
}

/**
 * The resolved settings as rows for `langflix config`, secrets redacted: the API key appears only as the
 * name of the variable that holds it, and a base URL loses any user info and `key`/`token` query values.
 */
export function describeConfig(resolution: ConfigResolution, env: Env = process.env): ConfigRow[] {
  const rows: ConfigRow[] = CONFIG_KEYS.map((key) => ({
    key,
    value: showValue(key, resolution.config[key]),
    source: showSource(resolution.sources[key]),
  }));
  const variable = apiKeyVariable(resolution.config, env);
  const needsKey = resolution.config.provider !== 'lexicon';
  rows.splice(CONFIG_KEYS.indexOf('apiKeyEnv') + 1, 0, {
    key: 'apiKey',
    value: variable ? '(set, redacted)' : needsKey ? '(not set)' : '(not needed)',
    source: variable ? `env ${variable}` : resolution.config.apiKeyEnv ? `env ${resolution.config.apiKeyEnv} (empty)` : '-',
  });
  return rows;
}

/** A base URL without user info or secret-looking query values. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    for (const name of [...parsed.searchParams.keys()]) {
      if (/key|token|secret|sig/i.test(name)) parsed.searchParams.set(name, '***');
    }
    return parsed.toString();
  } catch {
    return url.replace(/([?&][^=]*(key|token|secret)[^=]*=)[^&]*/gi, '$1***');
  }
}

function showValue(key: ConfigKey, value: unknown): string {
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (value === null) {
    if (key === 'maxWorkers') return 'auto';
    if (key === 'requestsPerMinute') return "(the queue's)";
    if (key === 'model' || key === 'baseUrl' || key === 'temperature' || key === 'apiKeyEnv') return "(provider's default)";
    if (key === 'outDir') return '(next to each input)';
    return 'none';
  }
  if ((key === 'baseUrl' || key === 'redis') && typeof value === 'string') return redactUrl(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function showSource(source: ConfigSource | undefined): string {
  switch (source?.kind) {
    case 'flag':
      return source.name;
    case 'env':
      return `env ${source.name}`;
    case 'file':
      return source.path;
    default:
      return source?.note ? `default (${source.note})` : 'default';
  }
}

function pathValue(key: ConfigKey, value: unknown, cwd: string): unknown {
  if (key === 'plugins' && Array.isArray(value)) return value.map((specifier: string) => pluginPath(specifier, cwd));
  return PATH_KEYS.has(key) && typeof value === 'string' ? resolvePath(cwd, expandHome(value)) : value;
}
