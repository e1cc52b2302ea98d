/**
 * Providers by name, built from plain serialisable settings, so that the same settings can cross into a
 * worker thread or another process and build the same provider there. The built-in providers are
 * definitions of the same versioned spec plugins implement (`ProviderDefinition`): a name, a zod schema
 * of the options, and a factory.
 */
import { z } from 'zod';
import { createDiskCache } from './cache.js';
import { FatalError } from './errors.js';
import { createGemini, GEMINI_DEFAULT_MODEL } from './gemini.js';
import { createLexiconProvider } from './lexicon/index.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { PROVIDER_SPECIFICATION_VERSION, type Provider, type ProviderContext, type ProviderDefinition } from './spec.js';

/** The built-in provider names. */
export const PROVIDER_NAMES = ['lexicon', 'gemini', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Serialisable provider settings. Keys may also come from the environment (see each provider). */
export interface ProviderConfig {
  /** A built-in provider (`PROVIDER_NAMES`) or one a plugin registered. */
  name: string;
  /** Model id; each remote provider has its own default (Gemini: `gemini-2.5-flash`). */
  model?: string;
  /** A compatible endpoint's base URL. */
  baseUrl?: string;
  apiKey?: string;
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Folder of the response cache; null for no cache. @default null */
  cacheDir?: string | null;
  /** Folder to save each chunk's request and raw answer in; null for none. @default null */
  saveLlmOutput?: string | null;
  /** The provider's own options (`providerOptions` in config), checked against its schema. @default {} */
  options?: Readonly<Record<string, unknown>>;
  /**
   * The folder relative file paths in `options` are read from (given to the provider as
   * `context.baseDir`): the config file's folder when `providerOptions` came from one. @default process.cwd()
   */
  optionsDir?: string;
  /**
   * Plugin modules to load before building (a worker thread loads them itself): package names or absolute
   * paths. @default none
   */
  plugins?: readonly string[];
}

/** The settings every remote provider shares. */
const Common = z.object({
  model: z.string().min(1).optional(),
  baseUrl: z.string().min(1).optional(),
  apiKey: z.string().min(1).optional(),
  temperature: z.number().min(0).max(2).optional(),
  topP: z.number().min(0).max(1).optional(),
  topK: z.number().int().positive().optional(),
});
type Common = z.infer<typeof Common>;

/** The remote providers' cache, saved outputs and environment, from a context. */
const remoteServices = (context: ProviderContext) => ({
  cache: context.cacheDir ? createDiskCache(context.cacheDir) : null,
  saveLlmOutput: context.saveLlmOutput,
  env: { ...context.env },
});

/** The built-in providers, as definitions of the provider spec. */
const BUILT_IN: Readonly<Record<ProviderName, ProviderDefinition<Common>>> = {
  lexicon: {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    name: 'lexicon',
    description: 'the offline lexicon: English meanings, no translations, no network',
    remote: false,
    options: Common,
    create: () => createLexiconProvider(),
  },
  gemini: {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    name: 'gemini',
    description: 'Google Gemini (GEMINI_API_KEY)',
    options: Common,
    create: (options, context) => createGemini({ ...remoteServices(context), ...options, model: options.model ?? GEMINI_DEFAULT_MODEL }),
  },
  'openai-compatible': {
    specificationVersion: PROVIDER_SPECIFICATION_VERSION,
    name: 'openai-compatible',
    description: 'any OpenAI-compatible server (Ollama, llama.cpp, vLLM, OpenRouter); needs a model',
    options: Common,
    create: (options, context) => {
      if (!options.model) throw new FatalError('openai-compatible provider: no model: pass --model (e.g. llama3.1)');
      const { baseUrl, topP: _topP, topK: _topK, ...rest } = options;
      return createOpenAICompatible({ ...remoteServices(context), ...rest, model: options.model, ...(baseUrl ? { baseURL: baseUrl } : {}) });
    },
  },
};

/** Providers registered by plugins, with the plugin that gave each. */
const registered = new Map<string, { readonly plugin: string; readonly definition: ProviderDefinition<never> }>();

/**
 * Registers a plugin's provider (see `registerPlugin`, which checks the definition first).
 * @throws {RangeError} for a built-in name, or one another plugin gave
 */
export function registerProvider(definition: ProviderDefinition<never>, plugin: string): void {
  if ((PROVIDER_NAMES as readonly string[]).includes(definition.name)) throw new RangeError(`provider "${definition.name}" is a built-in provider`);
  const taken = registered.get(definition.name);
  if (taken && taken.plugin !== plugin) throw new RangeError(`provider "${definition.name}" is already given by plugin ${taken.plugin}`);
  registered.set(definition.name, { plugin, definition });
}

/** The plugin that registered provider `name`, or undefined (built in, or unknown). */
export function providerPlugin(name: string): string | undefined {
  return registered.get(name)?.plugin;
}

/** Every provider this process can create: the built-in ones, then those of loaded plugins. */
export function providerNames(): string[] {
  return [...PROVIDER_NAMES, ...registered.keys()];
}

/** The definition of provider `name` (built in or from a plugin), or undefined. */
export function providerDefinition(name: string): ProviderDefinition<never> | undefined {
  return Object.hasOwn(BUILT_IN, name) ? (BUILT_IN[name as ProviderName] as ProviderDefinition<never>) : registered.get(name)?.definition;
}

/**
 * The provider used when none is named: `gemini` when `GEMINI_API_KEY` or `GOOGLE_API_KEY` is set, else
 * the offline `lexicon`.
 */
export function defaultProviderName(env: Record<string, string | undefined> = process.env): ProviderName {
  return env.GEMINI_API_KEY || env.GOOGLE_API_KEY ? 'gemini' : 'lexicon';
}

/**
 * Builds a provider from its settings: its definition's schema checks the common settings that are set
 * and `options`, then its factory builds it.
 * @throws {FatalError} for an unknown name, options the schema refuses (naming the key), settings a
 *   provider needs and lacks (a model for `openai-compatible`), or a factory that throws
 */
export function createProvider(config: ProviderConfig, env: Record<string, string | undefined> = process.env): Provider {
  const definition = providerDefinition(config.name);
  if (!definition) throw new FatalError(`unknown provider "${String(config.name)}" (available: ${providerNames().join(', ')})`);
  const given: Record<string, unknown> = {};
  for (const key of ['model', 'baseUrl', 'apiKey', 'temperature', 'topP', 'topK'] as const) if (config[key] !== undefined) given[key] = config[key];
  const checked = definition.options.safeParse({ ...given, ...config.options });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.length ? issue.path.map(String).join('.') : 'options';
    throw new FatalError(`provider ${config.name}: ${where}: ${issue?.message ?? 'invalid options'}`);
  }
  let provider: Provider;
  try {
    provider = definition.create(checked.data as never, { env, cacheDir: config.cacheDir ?? null, saveLlmOutput: config.saveLlmOutput ?? null, baseDir: config.optionsDir ?? process.cwd() });
  } catch (error) {
    if (error instanceof FatalError) throw error;
    // A plugin's factory that throws (a missing file it was pointed at): one line, the run stops.
    throw new FatalError(`provider ${config.name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  }
  if (provider?.specificationVersion !== PROVIDER_SPECIFICATION_VERSION || typeof provider.analyzeChunk !== 'function') {
    throw new FatalError(`provider ${config.name}: create() did not return a provider of specification ${PROVIDER_SPECIFICATION_VERSION}`);
  }
  return provider;
}
