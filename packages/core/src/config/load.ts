/**
 * Finding, reading and checking a LangFlix config file, with cosmiconfig.
 *
 * Searched for from the working folder up to the nearest folder with a `package.json` (cosmiconfig's
 * `project` strategy), first match wins: the `langflix` key of `package.json`, `.langflixrc` (JSON or
 * YAML), `.langflixrc.json`, `.langflixrc.yaml`, `.langflixrc.yml`, `.langflixrc.{js,ts,cjs,mjs}`, the same
 * under `.config/`, and `langflix.config.{js,ts,cjs,mjs}`. TypeScript files are loaded with jiti (Node 20
 * cannot import TypeScript by itself; cosmiconfig's own loader would need the `typescript` package).
 */
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { cosmiconfig, type Loader } from 'cosmiconfig';
import { CONFIG_FIELDS, LangflixConfig, type ConfigKey } from './schema.js';

/** A problem with a config value or file. The message names the file (or flag, or variable) and the key. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /**
   * @param where the config file's path, the flag (`--max-workers`) or the environment variable the value came from
   * @param key the setting, when the problem is one value
   */
  constructor(
    message: string,
    readonly where: string,
    readonly key?: string,
  ) {
    super(message);
  }
}

/** A config file found and checked. */
export interface LoadedConfigFile {
  /** Absolute path of the file (for `package.json`, the key `langflix` inside it). */
  readonly path: string;
  /** Its settings; folder paths (`cacheDir`, `saveLlmOutput`, `outDir`, plugin paths) resolved against the file's folder. */
  readonly config: LangflixConfig;
}

/** Options of {@link loadConfigFile}. */
export interface LoadConfigFileOptions {
  /** Where the search starts. @default process.cwd() */
  cwd?: string;
  /** A config file to read instead of searching (relative to `cwd`). */
  path?: string;
}

/** The keys whose values are folder paths, resolved against the config file's folder. */
const PATH_KEYS = ['cacheDir', 'saveLlmOutput', 'outDir'] as const satisfies readonly ConfigKey[];

/** Loads a TypeScript config module with jiti, imported only when such a file is found. */
const loadTypeScript: Loader = async (filepath) => {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { fsCache: false, moduleCache: false });
  return jiti.import(filepath, { default: true });
};

/**
 * Finds (or, with `path`, reads) the config file and checks it against {@link LangflixConfig}.
 * @returns the file and its settings, or null when no file is found (never null with `path`)
 * @throws {ConfigError} when the named file is missing, a file cannot be parsed or loaded, or a value is
 *   invalid or unknown; the message starts with the file's path (relative to `cwd` when inside it) and names the key
 */
export async function loadConfigFile(options: LoadConfigFileOptions = {}): Promise<LoadedConfigFile | null> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const explorer = cosmiconfig('langflix', {
    searchStrategy: 'project',
    cache: false,
    loaders: { '.ts': loadTypeScript, '.mts': loadTypeScript, '.cts': loadTypeScript },
  });
  let result: Awaited<ReturnType<typeof explorer.search>>;
  const named = options.path === undefined ? null : resolve(cwd, options.path);
  try {
    result = named ? await explorer.load(named) : await explorer.search(cwd);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const file = named ?? ((error as { filepath?: string }).filepath ?? cwd);
    if (code === 'ENOENT' && named) throw new ConfigError(`${show(file, cwd)}: no such config file`, file);
    if (code === 'EISDIR') throw new ConfigError(`${show(file, cwd)}: is a directory, not a config file`, file);
    // cosmiconfig's parse errors start "JSON Error in <path>:" / "YAML Error in <path>:"; keep the reason only.
    const reason = String((error as Error).message ?? error)
      .replace(/^(JSON|YAML|TypeScript) Error in [^\n]*:\n/, '')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(0, 2)
      .join(' ');
    throw new ConfigError(`${show(file, cwd)}: cannot read the config file: ${reason}`, file);
  }
  if (!result) return null;
  const path = result.filepath;
  const raw: unknown = result.isEmpty || result.config === undefined || result.config === null ? {} : result.config;
  const where = basename(path) === 'package.json' ? `${show(path, cwd)} ("langflix" key)` : show(path, cwd);
  return { path, config: checkConfig(raw, where, dirname(path)) };
}

/**
 * Checks a config object, as read from a file or written by a script.
 * @param where what to name in messages (a file path)
 * @param baseDir folder that relative folder paths in the config are resolved against; null to leave them
 * @throws {ConfigError} naming `where` and the key: unknown keys (with the closest known one), an API key
 *   (which never belongs in a config file), and invalid values
 */
export function checkConfig(raw: unknown, where: string, baseDir: string | null = null): LangflixConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${where}: expected an object of settings (such as { "level": "B2" }), got ${describe(raw)}`, where);
  }
  for (const key of Object.keys(raw)) {
    if (/^api_?key$/i.test(key)) {
      throw new ConfigError(
        `${where}: ${key}: an API key does not belong in a config file: set GEMINI_API_KEY (or OPENAI_API_KEY) in the environment, or name the variable that holds it with apiKeyEnv`,
        where,
        key,
      );
    }
    if (key !== '$schema' && !(key in CONFIG_FIELDS)) {
      const near = closest(key, Object.keys(CONFIG_FIELDS));
      throw new ConfigError(`${where}: unknown key "${key}"${near ? ` (did you mean ${near}?)` : ''}`, where, key);
    }
  }
  const parsed = LangflixConfig.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const key = String(issue.path[0] ?? '');
    const field = CONFIG_FIELDS[key as ConfigKey];
    const value = (raw as Record<string, unknown>)[key];
    throw new ConfigError(`${where}: ${key}: ${field ? field.expected : issue.message}, got ${describe(value)}`, where, key);
  }
  const config: LangflixConfig = { ...parsed.data };
  if (baseDir !== null) {
    for (const key of PATH_KEYS) {
      const value = config[key];
      if (typeof value === 'string') config[key] = resolve(baseDir, expandHome(value));
    }
    if (config.plugins) config.plugins = config.plugins.map((specifier) => pluginPath(specifier, baseDir));
  }
  return config;
}

/**
 * A plugin specifier as a run loads it: a path (`./x.mjs`, `../x`, `/abs/x.js`, `~/x.js`) made absolute
 * against `baseDir`; a package name (`@langflix/scheduler-bullmq`, `langflix-plugin-x`) kept as it is.
 */
export function pluginPath(specifier: string, baseDir: string): string {
  return /^(\.{1,2}([\\/]|$)|~([\\/]|$))/.test(specifier) || isAbsolute(specifier) ? resolve(baseDir, expandHome(specifier)) : specifier;
}

/** A value as a message shows it: JSON for plain data, else its type. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'function') return 'a function';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** `~/x` → the home folder's `x`. */
export function expandHome(path: string): string {
  return path === '~' || path.startsWith('~/') ? `${process.env.HOME ?? '~'}${path.slice(1)}` : path;
}

/** A path as messages show it: relative to `cwd` when inside it. */
function show(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** The candidate closest to `word` by edit distance, when it is close enough to be a typo. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : null;
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
