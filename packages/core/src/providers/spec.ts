/**
 * The provider interface: one call to one model for one chunk. Shaped like the Vercel AI SDK's provider
 * specification: almost no runtime, a `specificationVersion` so the contract can evolve without
 * breaking plugins, and unsupported settings reported as `warnings` rather than thrown.
 */
import type { AnalyzeChunkRequest, Warning } from '../schema.js';
import type { ModelExpressionItem } from '../expressions/schema.js';
import type { RateLimitHeaders } from './rate-limits.js';

export type { AnalyzeChunkRequest, LearnerLevel } from '../schema.js';

/** What a provider answers for one chunk: items valid in shape (not yet checked against the text). */
export interface AnalyzeChunkResult {
  readonly items: readonly ModelExpressionItem[];
  /** The model's raw answer text, for saving and debugging. */
  readonly rawText: string;
  /** Token counts as the provider reports them (0 when it has none). */
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  /** Items dropped for their shape, settings the provider ignored, and the like. */
  readonly warnings: readonly Warning[];
  /** True when the answer came from the response cache: no request was sent, nothing was billed. */
  readonly cached?: boolean;
  /**
   * The `x-ratelimit-*` headers of the answer, when the server sent any: the budget left before it runs out,
   * for the scheduler's pacer.
   */
  readonly rateLimit?: RateLimitHeaders;
}

/** Per-call options: every call can be cancelled. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/**
 * A model provider.
 * `analyzeChunk` throws only the typed errors of `providers/errors.ts`: `RateLimitError`,
 * `TransientError`, `FatalError` (and the signal's reason when aborted).
 */
export interface Provider {
  readonly specificationVersion: 'v1';
  /** Provider name as chosen in config, e.g. `lexicon`, `gemini`. */
  readonly provider: string;
  readonly modelId: string;
  /** True when calls go over the network (and so are rate-limited and billed). */
  readonly remote: boolean;
  /**
   * True when the server states its quota in every answer (`x-ratelimit-*` headers, as OpenAI-compatible
   * servers do): the adaptive scheduler then reads the budget from the first answers before it widens,
   * instead of sending a wide first wave blind. Optional: absent means the quota is only learned from 429s.
   */
  readonly quotaHeaders?: boolean;
  analyzeChunk(request: AnalyzeChunkRequest, options?: CallOptions): Promise<AnalyzeChunkResult>;
  /**
   * True when `analyzeChunk(request)` would be answered from the provider's response cache, sending no
   * request (what `--dry-run` counts). Optional: a provider without it has no cache.
   */
  cached?(request: AnalyzeChunkRequest): Promise<boolean>;
}

/** The version of the provider specification this LangFlix implements: providers and their definitions say it. */
export const PROVIDER_SPECIFICATION_VERSION = 'v1';

/**
 * A schema for a provider's options: a zod schema (any version), or anything else with zod's `safeParse`.
 * Unknown keys should be allowed (zod objects drop them): every provider is given the common settings.
 */
export interface OptionsSchema<Options> {
  safeParse(value: unknown): { success: true; data: Options } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

/** What a provider is built with besides its options: the environment (for keys) and the run's shared services. */
export interface ProviderContext {
  /** The environment a key is read from (read when a request is sent, never earlier). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Folder of the response cache; null for none. */
  readonly cacheDir: string | null;
  /** Folder to save each chunk's prompt and raw answer in; null for none. */
  readonly saveLlmOutput: string | null;
  /**
   * The absolute folder a relative file path in the provider's own options is relative to: the config
   * file's folder when `providerOptions` came from a config file, else the working folder.
   */
  readonly baseDir: string;
}

/**
 * How a provider is made, by name — what the built-in providers and plugin providers (`LangflixPlugin
 * .providers`) implement alike. `create` is given the options checked against `options`: the common
 * settings that are set (`model`, `baseUrl`, `apiKey`, `temperature`, `topP`, `topK`) and the
 * provider's own (`providerOptions` in config).
 */
export interface ProviderDefinition<Options = Record<string, unknown>> {
  readonly specificationVersion: typeof PROVIDER_SPECIFICATION_VERSION;
  /** The provider's name in config (`provider: <name>`): lower case letters, digits and `-`. */
  readonly name: string;
  /** What a user writes under this name, in a line of `--help`. */
  readonly description?: string;
  /** True when its calls go over the network (the scheduler then defaults to `adaptive`). @default true */
  readonly remote?: boolean;
  /** The options' schema (zod). */
  readonly options: OptionsSchema<Options>;
  /**
   * Builds the provider. Throw a `FatalError` for settings that cannot work (the run stops with its
   * message); never read a key here, only when a request is sent.
   */
  create(options: Options, context: ProviderContext): Provider;
}
