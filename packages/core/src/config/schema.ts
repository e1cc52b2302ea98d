/**
 * The LangFlix config file: one zod schema for what a config file, the environment and the command line
 * may set, the defaults, and the JSON Schema that editors complete a config file from.
 *
 * Keys are flat and named after the `langflix analyze` flags (`--max-workers` ↔ `maxWorkers` ↔
 * `LANGFLIX_MAX_WORKERS`), so one name works in every place a setting can come from. Times are in seconds
 * here, as a person writes them; {@link toAnalyzeOptions} (in `resolve.ts`) turns them into milliseconds.
 */
import { z } from 'zod';
import { LEARNER_LEVELS } from '../expressions/level.js';
import { PROVIDER_NAMES } from '../providers/registry.js';
import { OUTPUT_FORMATS, SORT_ORDERS, type OutputFormat, type SortOrder } from '../formats/names.js';

export { OUTPUT_FORMATS, SORT_ORDERS, type OutputFormat, type SortOrder } from '../formats/names.js';

/** A BCP-47 language tag as LangFlix accepts it: a 2–3 letter language, then subtags (`ko`, `pt-BR`, `zh-Hant-TW`). */
const BCP47 = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;

/** One setting: its schema (for config files, after text values are parsed), and how it is named and explained. */
export interface ConfigField {
  /** The zod schema of the value (never with a default: defaults are in {@link CONFIG_DEFAULTS} or computed). */
  readonly schema: z.ZodType;
  /** How a bad value is explained: `expected …`, completed with `, got <value>`. */
  readonly expected: string;
  /** How a value given as text (flag, environment variable) becomes a typed one before `schema` checks it. */
  readonly text: 'string' | 'number' | 'boolean' | 'nullable-number' | 'nullable-string' | 'list' | 'json';
  /** One line for `--help`, the README and the JSON Schema. */
  readonly description: string;
}

const whole = (min: number) => z.number().int().min(min);

/**
 * Every setting of a config file, by key. A key's flag is `--` + the key in kebab case, its environment
 * variable `LANGFLIX_` + the key in upper snake case (see {@link configFlag}, {@link configEnvVar}).
 */
export const CONFIG_FIELDS = {
  provider: {
    schema: z.string().regex(/^[a-z][a-z0-9-]*$/),
    expected: `expected a provider name such as ${PROVIDER_NAMES.join(', ')}`,
    text: 'string',
    description: `The model provider: ${PROVIDER_NAMES.join(', ')}, or one a plugin adds. Default: gemini when GEMINI_API_KEY, GOOGLE_API_KEY or the apiKeyEnv variable is set, else the offline lexicon.`,
  },
  /**
   * The provider's own options, checked against its schema when the provider is built (a plugin
   * provider's `options`). On the command line and in `LANGFLIX_PROVIDER_OPTIONS`: a JSON object.
   */
  providerOptions: {
    schema: z.record(z.string(), z.unknown()),
    expected: 'expected a JSON object, such as {"glossary": "words.json"}',
    text: 'json',
    description: "The provider's own options (a plugin provider's), as an object; a JSON object on the command line. Default: none.",
  },
  model: {
    schema: z.string().min(1),
    expected: 'expected a model id such as gemini-2.5-flash',
    text: 'string',
    description: "The model id. Default: the provider's own (gemini: gemini-2.5-flash); required for openai-compatible.",
  },
  baseUrl: {
    schema: z.string().regex(/^https?:\/\/\S+$/),
    expected: 'expected an http:// or https:// URL',
    text: 'string',
    description: "A compatible endpoint. Default: the provider's own (also GEMINI_BASE_URL or OPENAI_BASE_URL in the environment).",
  },
  apiKeyEnv: {
    schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/),
    expected: 'expected the name of an environment variable, such as MY_GEMINI_KEY',
    text: 'string',
    description: 'The environment variable that holds the API key (the key itself never goes in a config file). Default: GEMINI_API_KEY or GOOGLE_API_KEY for gemini, OPENAI_API_KEY for openai-compatible.',
  },
  temperature: {
    schema: z.number().min(0).max(2),
    expected: 'expected a number from 0 to 2',
    text: 'number',
    description: "Sampling temperature passed to the model. Default: the model's own.",
  },
  level: {
    schema: z.enum(LEARNER_LEVELS as unknown as [string, ...string[]]),
    expected: `expected one of ${LEARNER_LEVELS.join(', ')}`,
    text: 'string',
    description: 'The learner level: a band in words, or a CEFR level A1 to C2.',
  },
  targetLanguage: {
    schema: z.string().regex(BCP47),
    expected: 'expected a BCP-47 code such as ko or pt-BR',
    text: 'string',
    description: "The learner's language, for translations: a BCP-47 code.",
  },
  mode: {
    schema: z.string().regex(/^[a-z][a-z0-9-]*$/),
    expected: 'expected a scheduler mode name such as sequential, parallel or adaptive',
    text: 'string',
    description: 'The scheduler mode, such as sequential, parallel or adaptive (langflix analyze --help lists every mode). Default: adaptive for a remote provider, sequential for the lexicon.',
  },
  maxWorkers: {
    schema: whole(1).nullable(),
    expected: 'expected a whole number ≥ 1, or null (auto)',
    text: 'nullable-number',
    description: 'Most requests in flight at once; auto (null in a config file) for min(CPU cores, 5).',
  },
  timeoutPerChunk: {
    schema: z.number().positive().max(86_400),
    expected: 'expected a number of seconds > 0',
    text: 'number',
    description: 'Seconds one model call may take before it is aborted and retried.',
  },
  maxExpressions: {
    schema: whole(0),
    expected: 'expected a whole number ≥ 0',
    text: 'number',
    description: 'Most expressions in a report; 0 for all.',
  },
  maxInputChars: {
    schema: whole(1),
    expected: 'expected a whole number ≥ 1',
    text: 'number',
    description: 'Characters of cue text per model call (one chunk).',
  },
  overlapCues: {
    schema: whole(0),
    expected: 'expected a whole number ≥ 0',
    text: 'number',
    description: 'Cues from the end of each chunk repeated at the start of the next as context.',
  },
  batchSize: {
    schema: whole(1),
    expected: 'expected a whole number ≥ 1',
    text: 'number',
    description: 'Most chunks open at once (queued, in flight or waiting to retry), so memory stays flat on long runs.',
  },
  maxAttempts: {
    schema: whole(1),
    expected: 'expected a whole number ≥ 1',
    text: 'number',
    description: 'Most attempts per chunk for transient faults (5xx, network, timeout, malformed answer), with full-jitter back-off.',
  },
  finalRetry: {
    schema: z.boolean(),
    expected: 'expected true or false',
    text: 'boolean',
    description: 'Try each failed chunk once more, one at a time, at the end of the run (--no-final-retry to skip).',
  },
  cache: {
    schema: z.boolean(),
    expected: 'expected true or false',
    text: 'boolean',
    description: 'Reuse cached model answers (--no-cache sends every request).',
  },
  cacheDir: {
    schema: z.string().min(1),
    expected: 'expected a folder path',
    text: 'string',
    description: 'The response cache folder. Default: $XDG_CACHE_HOME/langflix, else ~/.cache/langflix.',
  },
  saveLlmOutput: {
    schema: z.string().min(1).nullable(),
    expected: 'expected a folder path, or null',
    text: 'nullable-string',
    description: "A folder to save each chunk's prompt and raw answer in, one file per chunk (never the key); none (null in a config file) for none.",
  },
  format: {
    schema: z.enum(OUTPUT_FORMATS),
    expected: `expected one of ${OUTPUT_FORMATS.join(', ')}`,
    text: 'string',
    description: 'The output format. Default: table on a terminal, else json.',
  },
  sort: {
    schema: z.enum(SORT_ORDERS),
    expected: `expected one of ${SORT_ORDERS.join(', ')}`,
    text: 'string',
    description: 'The order of the expressions in table, csv, markdown and anki: time (as spoken in the film) or rank (most worth learning first). Default: time, to study along with the film. json keeps rank order; srt and vtt are always in time order.',
  },
  bom: {
    schema: z.boolean(),
    expected: 'expected true or false',
    text: 'boolean',
    description: 'Start csv output with a UTF-8 byte-order mark, so Excel and LibreOffice open accents and Korean right (--no-bom to leave it out).',
  },
  outDir: {
    schema: z.string().min(1).nullable(),
    expected: 'expected a folder path, or null',
    text: 'nullable-string',
    description: 'Where reports are written, one per input file. Default: next to each input.',
  },
  strict: {
    schema: z.boolean(),
    expected: 'expected true or false',
    text: 'boolean',
    description: 'Stop at the first problem in a subtitle file instead of skipping the broken cue.',
  },
  /**
   * Plugins by module specifier: a package name (`@langflix/scheduler-bullmq`, `langflix-plugin-*`) or a
   * path (relative to the config file; from a flag or variable, to the working folder). Each module
   * exports `{ name, providers?, schedulers? }` (see `LangflixPlugin`): its providers become `provider`
   * names, its schedulers `mode` names. Given by
   * name, not as live objects, so every process (a `langflix worker` on another machine) loads the same.
   * On the command line and in `LANGFLIX_PLUGINS`: a comma-separated list.
   */
  plugins: {
    schema: z.array(z.string().min(1)),
    expected: 'expected a list of module names or paths, such as ["@langflix/scheduler-bullmq"]',
    text: 'list',
    description: 'Plugins to load, by package name or path (comma-separated on the command line): each may add providers and scheduler modes. @langflix/scheduler-bullmq (mode bullmq) is always known.',
  },
  /**
   * The Redis server of the `bullmq` scheduler, as a `redis://` (or TLS `rediss://`) URL; user and
   * password in the URL are never shown by `langflix config`.
   */
  redis: {
    schema: z.string().regex(/^rediss?:\/\/\S+$/),
    expected: 'expected a redis:// or rediss:// URL, such as redis://127.0.0.1:6379',
    text: 'string',
    description: 'The Redis server of mode bullmq (and of langflix worker): a redis:// or rediss:// URL.',
  },
  /** The BullMQ queue of the `bullmq` scheduler: producers and workers of one queue share its jobs and its rate limit. */
  queue: {
    schema: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
    expected: 'expected a queue name of letters, digits, ".", "_" and "-", such as langflix',
    text: 'string',
    description: 'The BullMQ queue of mode bullmq and langflix worker: its producers and workers share its jobs and its rate limit. Default: langflix.',
  },
  /**
   * Requests per minute allowed to every worker of the `bullmq` queue together (the API key's quota):
   * set as the queue's limiter in Redis, where it stays for later runs until one sets another. The local
   * schedulers learn the quota from 429 answers instead and ignore this.
   */
  requestsPerMinute: {
    schema: whole(1).nullable(),
    expected: 'expected a whole number ≥ 1, or null (the queue keeps the limit it has)',
    text: 'nullable-number',
    description: "Mode bullmq: most requests per minute for all workers of the queue together (the API key's quota); none (null) keeps the queue's current limit.",
  },
} as const satisfies Record<string, ConfigField>;

/** A setting's key. */
export type ConfigKey = keyof typeof CONFIG_FIELDS;

/** Every setting's key, in the order `langflix config` prints them. */
export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/** The config schema: what a config file may hold (every key optional; unknown keys are errors). */
export const LangflixConfig = z
  .object({
    $schema: z.string().optional().describe('The JSON Schema of this file, for editors.'),
    ...(Object.fromEntries(CONFIG_KEYS.map((key) => [key, CONFIG_FIELDS[key].schema.optional().describe(CONFIG_FIELDS[key].description)])) as {
      [K in ConfigKey]: z.ZodOptional<(typeof CONFIG_FIELDS)[K]['schema']>;
    }),
  })
  .strict();

/** A config file's contents once checked: any subset of the settings. */
export type LangflixConfig = z.infer<typeof LangflixConfig>;

/**
 * Every setting filled in: what a run uses. `model`, `baseUrl`, `apiKeyEnv` and `temperature` are null
 * when the provider's own default applies.
 */
export interface ResolvedConfig {
  /** A built-in provider (`PROVIDER_NAMES`) or a plugin's. */
  provider: string;
  /** The provider's own options. */
  providerOptions: Readonly<Record<string, unknown>>;
  model: string | null;
  baseUrl: string | null;
  apiKeyEnv: string | null;
  temperature: number | null;
  level: (typeof LEARNER_LEVELS)[number];
  targetLanguage: string;
  mode: string;
  maxWorkers: number | null;
  /** Seconds. */
  timeoutPerChunk: number;
  maxExpressions: number;
  maxInputChars: number;
  overlapCues: number;
  batchSize: number;
  maxAttempts: number;
  finalRetry: boolean;
  cache: boolean;
  cacheDir: string;
  saveLlmOutput: string | null;
  format: OutputFormat;
  sort: SortOrder;
  /** True: csv output starts with a UTF-8 byte-order mark. */
  bom: boolean;
  outDir: string | null;
  strict: boolean;
  /** Plugin module specifiers; paths are absolute. */
  plugins: readonly string[];
  redis: string | null;
  queue: string;
  /** Requests per minute for a `bullmq` queue's workers together; null to keep the queue's limit. */
  requestsPerMinute: number | null;
}

/** The fixed defaults; the others (`provider`, `mode`, `format`, `cacheDir`) depend on the environment and are computed by `resolveConfig`. */
export const CONFIG_DEFAULTS = {
  providerOptions: {},
  model: null,
  baseUrl: null,
  apiKeyEnv: null,
  temperature: null,
  level: 'intermediate',
  targetLanguage: 'ko',
  maxWorkers: null,
  timeoutPerChunk: 300,
  maxExpressions: 100,
  maxInputChars: 5000,
  overlapCues: 0,
  batchSize: 20,
  maxAttempts: 4,
  finalRetry: true,
  cache: true,
  saveLlmOutput: null,
  sort: 'time',
  bom: true,
  outDir: null,
  strict: false,
  plugins: [],
  redis: null,
  queue: 'langflix',
  requestsPerMinute: null,
} as const satisfies Partial<ResolvedConfig>;

/** `--max-workers` for `maxWorkers`. */
export function configFlag(key: ConfigKey): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** `LANGFLIX_MAX_WORKERS` for `maxWorkers`. */
export function configEnvVar(key: ConfigKey): string {
  return `LANGFLIX_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * The JSON Schema (draft-07, which editors support best) of a LangFlix config file, generated from
 * {@link LangflixConfig}: each key with its type, description and fixed default (where it has one a file
 * can hold), and no other key.
 */
export function configJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(LangflixConfig, { io: 'input', target: 'draft-7' }) as Record<string, unknown>;
  const properties = generated.properties as Record<string, Record<string, unknown>>;
  for (const [key, value] of Object.entries(CONFIG_DEFAULTS)) {
    // A null default means "the provider's own" for keys that cannot be null in a file: no default to show.
    const acceptsValue = CONFIG_FIELDS[key as ConfigKey].schema.safeParse(value).success;
    if (properties[key] && acceptsValue) properties[key] = { ...properties[key], default: value };
  }
  return {
    $schema: generated.$schema,
    title: 'LangFlix configuration',
    description:
      'Settings of the langflix command (.langflixrc, .langflixrc.json|yaml, langflix.config.{js,mjs,cjs,ts}, or the "langflix" key of package.json). Command-line flags and LANGFLIX_* environment variables override them.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}
