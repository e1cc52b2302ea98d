/**
 * Providers by name, built from plain serialisable settings, so that the same settings can cross into a
 * worker thread or another process and build the same provider there.
 */
import { createDiskCache } from './cache.js';
import { FatalError } from './errors.js';
import { createGemini, GEMINI_DEFAULT_MODEL } from './gemini.js';
import { createLexiconProvider } from './lexicon/index.js';
import { createOpenAICompatible } from './openai-compatible.js';
import type { Provider } from './spec.js';

/** The built-in provider names. */
export const PROVIDER_NAMES = ['lexicon', 'gemini', 'openai-compatible'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

/** Serialisable provider settings. Keys may also come from the environment (see each provider). */
export interface ProviderConfig {
  name: ProviderName;
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
}

/**
 * The provider used when none is named: `gemini` when `GEMINI_API_KEY` or `GOOGLE_API_KEY` is set, else
 * the offline `lexicon`.
 */
export function defaultProviderName(env: Record<string, string | undefined> = process.env): ProviderName {
  return env.GEMINI_API_KEY || env.GOOGLE_API_KEY ? 'gemini' : 'lexicon';
}

/**
 * Builds a provider from its settings.
 * @throws {FatalError} for an unknown name, or settings a provider needs and lacks (a model for `openai-compatible`)
 */
export function createProvider(config: ProviderConfig, env: Record<string, string | undefined> = process.env): Provider {
  const remote = {
    cache: config.cacheDir ? createDiskCache(config.cacheDir) : null,
    saveLlmOutput: config.saveLlmOutput ?? null,
    env,
    ...(config.apiKey ? { apiKey: config.apiKey } : {}),
    ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
  };
  switch (config.name) {
    case 'lexicon':
      return createLexiconProvider();
    case 'gemini':
      return createGemini({
        ...remote,
        model: config.model ?? GEMINI_DEFAULT_MODEL,
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
        ...(config.topP !== undefined ? { topP: config.topP } : {}),
        ...(config.topK !== undefined ? { topK: config.topK } : {}),
      });
    case 'openai-compatible':
      if (!config.model) throw new FatalError('openai-compatible provider: no model: pass --model (e.g. llama3.1)');
      return createOpenAICompatible({ ...remote, model: config.model, ...(config.baseUrl ? { baseURL: config.baseUrl } : {}) });
    default:
      throw new FatalError(`unknown provider "${String((config as { name: unknown }).name)}" (available: ${PROVIDER_NAMES.join(', ')})`);
  }
}
