/**
 * The command-line flags shared by `analyze` and `config`: one per config setting (named after the key,
 * `maxWorkers` ↔ `--max-workers`), built from the core's config schema so flags, environment variables and
 * config keys never drift apart. Flags carry no citty default, so a flag not given is `undefined` and the
 * environment, the config file or the default decides.
 */
import type { ArgsDef } from 'citty';
import { CONFIG_FIELDS, CONFIG_KEYS, configEnvVar, configFlag, type ConfigKey, type FlagValues } from '@langflix/core';
import { CliError } from './_errors.js';

/** `--max-workers` → `max-workers`. */
const flagName = (key: ConfigKey): string => configFlag(key).slice(2);

/** What `--no-<flag>` does, for the boolean flags whose default is true. */
const NEGATIVE: Partial<Record<ConfigKey, string>> = {
  cache: 'Send every request even when the answer is cached',
  bom: 'Write csv without a UTF-8 byte-order mark',
};

/** Citty definitions of the config flags, each described with its environment variable. */
export function configArgs(): ArgsDef {
  const args: ArgsDef = {};
  for (const key of CONFIG_KEYS) {
    const field = CONFIG_FIELDS[key];
    const description = `${field.description} [${configEnvVar(key)}]`;
    args[flagName(key)] =
      field.text === 'boolean'
        ? { type: 'boolean', description, ...(NEGATIVE[key] ? { negativeDescription: NEGATIVE[key] } : {}) }
        : { type: 'string', description, valueHint: valueHint(key) };
  }
  return args;
}

/** What a flag's value is, for `--help`: `n`, `dir`, `url`, `modules` or `value`. */
function valueHint(key: ConfigKey): string {
  const text = CONFIG_FIELDS[key].text;
  if (text.endsWith('number')) return 'n';
  if (key.endsWith('Dir') || key === 'saveLlmOutput') return 'dir';
  if (key === 'redis' || key === 'baseUrl') return 'url';
  return text === 'list' ? 'modules' : 'value';
}

/** The flag `--config FILE`, shared by the commands that read config. */
export const CONFIG_FILE_ARG = {
  config: { type: 'string', valueHint: 'file', description: 'Read this config file instead of searching for one [LANGFLIX_CONFIG]' },
} as const satisfies ArgsDef;

/** The config flags' values from parsed arguments, by setting key; absent flags are `undefined`. */
export function flagValues(args: Record<string, unknown>): FlagValues {
  const values: FlagValues = {};
  for (const key of CONFIG_KEYS) {
    const value = args[flagName(key)];
    if (typeof value === 'string' || typeof value === 'boolean') values[key] = value;
  }
  return values;
}

/**
 * Rejects flags a command does not know (citty accepts them silently, and an unknown flag's value would
 * then be taken for an input file).
 * @throws {CliError} (exit 2) naming the first unknown flag
 */
export function rejectUnknownFlags(rawArgs: readonly string[], args: ArgsDef): void {
  const known = new Set<string>(['help', 'h']);
  for (const [name, def] of Object.entries(args)) {
    if (def.type === 'positional') continue;
    known.add(name);
    if (def.type === 'boolean') known.add(`no-${name}`);
    for (const alias of [(def as { alias?: string | string[] }).alias ?? []].flat()) known.add(alias);
  }
  for (const arg of rawArgs) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-' || /^-\d/.test(arg)) continue;
    const name = arg.replace(/^--?/, '').split('=')[0]!;
    if (!known.has(name)) throw new CliError(`${arg.split('=')[0]}: unknown option (see langflix --help)`);
  }
}
