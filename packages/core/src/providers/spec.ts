/**
 * The provider interface: one call to one model for one chunk. Shaped like the Vercel AI SDK's provider
 * specification: almost no runtime, a `specificationVersion` so the contract can evolve without
 * breaking plugins, and unsupported settings reported as `warnings` rather than thrown.
 */
import type { AnalyzeChunkRequest, Warning } from '../schema.js';
import type { ModelExpressionItem } from '../expressions/schema.js';

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
  analyzeChunk(request: AnalyzeChunkRequest, options?: CallOptions): Promise<AnalyzeChunkResult>;
  /**
   * True when `analyzeChunk(request)` would be answered from the provider's response cache, sending no
   * request (what `--dry-run` counts). Optional: a provider without it has no cache.
   */
  cached?(request: AnalyzeChunkRequest): Promise<boolean>;
}
