/**
 * `langflix analyze --dry-run`: what a run would do — cues, chunks, which chunks the response cache would
 * answer, the requests it would send and an estimate of their input tokens — worked out without calling
 * any model (the cache is read, never written).
 */
import { plural } from '@langflix/core/formats';
import {
  ANALYZE_DEFAULTS,
  buildPrompt,
  chunkCues,
  createProvider,
  toAnalyzeOptions,
  type AnalyzeChunkRequest,
  type LearnerLevel,
  type ParsedSubtitles,
  type ResolvedConfig,
} from '@langflix/core';

/** Characters per token assumed by the estimate: about 4 for English text with common tokenizers. */
export const CHARS_PER_TOKEN = 4;

/** One chunk's request as it would be sent. */
export interface ChunkPlan {
  readonly id: number;
  readonly firstCue: number;
  readonly lastCue: number;
  /** Characters of the whole prompt (system and user parts). */
  readonly promptChars: number;
  /** Estimated input tokens: `promptChars / CHARS_PER_TOKEN`, rounded up. */
  readonly inputTokens: number;
  /** True when the response cache holds this chunk's answer: no request would be sent for it. */
  readonly cached: boolean;
}

/** What analysing one file would do. */
export interface FilePlan {
  readonly input: string;
  readonly cues: number;
  readonly provider: string;
  readonly model: string;
  /** False for the offline lexicon, which sends nothing. */
  readonly remote: boolean;
  readonly chunks: readonly ChunkPlan[];
  /** Chunks the response cache would answer (0 with `--no-cache` or an offline provider). */
  readonly cacheHits: number;
  /** Requests a run would send before retries: one per chunk the cache does not answer, for a remote provider; else 0. */
  readonly requests: number;
  /** Estimated input tokens of those requests. */
  readonly inputTokens: number;
}

/**
 * Plans the analysis of one parsed file under `config`: the provider is built as a run builds it, so a
 * chunk counts as cached exactly when the run would take its answer from the cache. Sends nothing.
 * `optionsDir`: where relative paths in `providerOptions` are read from (see `providerOptionsDir`).
 */
export async function planFile(input: string, parsed: ParsedSubtitles, config: ResolvedConfig, optionsDir?: string): Promise<FilePlan> {
  const provider = createProvider(toAnalyzeOptions(config, {}, optionsDir).provider, {});
  const { chunks } = chunkCues(parsed.cues, { maxInputChars: config.maxInputChars, overlapCues: config.overlapCues });
  const plans: ChunkPlan[] = [];
  for (const chunk of chunks) {
    const request: AnalyzeChunkRequest = {
      chunk,
      level: config.level as LearnerLevel,
      targetLanguage: config.targetLanguage,
      minExpressions: ANALYZE_DEFAULTS.minExpressionsPerChunk,
      maxExpressions: ANALYZE_DEFAULTS.maxExpressionsPerChunk,
    };
    const prompt = buildPrompt(request);
    const promptChars = prompt.system.length + prompt.user.length;
    const cached = (await provider.cached?.(request)) ?? false;
    plans.push({ id: chunk.id, firstCue: chunk.firstCue, lastCue: chunk.lastCue, promptChars, inputTokens: Math.ceil(promptChars / CHARS_PER_TOKEN), cached });
  }
  const remote = provider.remote;
  const sent = remote ? plans.filter((c) => !c.cached) : [];
  return {
    input,
    cues: parsed.cues.length,
    provider: provider.provider,
    model: provider.modelId,
    remote,
    chunks: plans,
    cacheHits: plans.filter((c) => c.cached).length,
    requests: sent.length,
    inputTokens: sent.reduce((sum, c) => sum + c.inputTokens, 0),
  };
}

/** A plan as text for a terminal: one line for the file, one per chunk. */
export function describePlan(plan: FilePlan): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const hits = plan.cacheHits > 0 ? ` (${n(plan.cacheHits)} answered from the cache)` : '';
  const head = plan.remote
    ? `${plan.input}: ${n(plan.cues)} cues → ${plural(plan.chunks.length, 'chunk')}${hits} → ${plural(plan.requests, 'request')} to ${plan.provider} (${plan.model}), about ${n(plan.inputTokens)} input tokens`
    : `${plan.input}: ${n(plan.cues)} cues → ${plural(plan.chunks.length, 'chunk')} → no request: the ${plan.provider} provider is offline`;
  const lines = plan.chunks.map(
    (c) => `  chunk ${c.id}: cues ${c.firstCue}–${c.lastCue}, ${c.cached ? 'cached: no request' : `${n(c.promptChars)} prompt characters, ~${n(c.inputTokens)} tokens`}`,
  );
  return [head, ...lines].join('\n');
}
