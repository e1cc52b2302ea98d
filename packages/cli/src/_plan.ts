/**
 * `langflix analyze --dry-run`: what a run would do — cues, chunks, the requests it would send and an
 * estimate of their input tokens — worked out without calling any model.
 */
import { plural } from '@langflix/core/formats';
import { ANALYZE_DEFAULTS, buildPrompt, chunkCues, createProvider, toAnalyzeOptions, type LearnerLevel, type ParsedSubtitles, type ResolvedConfig } from '@langflix/core';

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
  /** Requests a run would send before retries and cache hits: one per chunk for a remote provider, else 0. */
  readonly requests: number;
  /** Estimated input tokens of those requests. */
  readonly inputTokens: number;
}

/** Plans the analysis of one parsed file under `config`; sends nothing. */
export function planFile(input: string, parsed: ParsedSubtitles, config: ResolvedConfig): FilePlan {
  const provider = createProvider(toAnalyzeOptions(config, {}).provider, {});
  const { chunks } = chunkCues(parsed.cues, { maxInputChars: config.maxInputChars, overlapCues: config.overlapCues });
  const plans = chunks.map((chunk) => {
    const prompt = buildPrompt({
      chunk,
      level: config.level as LearnerLevel,
      targetLanguage: config.targetLanguage,
      minExpressions: ANALYZE_DEFAULTS.minExpressionsPerChunk,
      maxExpressions: ANALYZE_DEFAULTS.maxExpressionsPerChunk,
    });
    const promptChars = prompt.system.length + prompt.user.length;
    return { id: chunk.id, firstCue: chunk.firstCue, lastCue: chunk.lastCue, promptChars, inputTokens: Math.ceil(promptChars / CHARS_PER_TOKEN) };
  });
  const remote = provider.remote;
  return {
    input,
    cues: parsed.cues.length,
    provider: provider.provider,
    model: provider.modelId,
    remote,
    chunks: plans,
    requests: remote ? plans.length : 0,
    inputTokens: remote ? plans.reduce((sum, c) => sum + c.inputTokens, 0) : 0,
  };
}

/** A plan as text for a terminal: one line for the file, one per chunk. */
export function describePlan(plan: FilePlan): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const head = plan.remote
    ? `${plan.input}: ${n(plan.cues)} cues → ${plural(plan.chunks.length, 'chunk')} → ${plural(plan.requests, 'request')} to ${plan.provider} (${plan.model}), about ${n(plan.inputTokens)} input tokens`
    : `${plan.input}: ${n(plan.cues)} cues → ${plural(plan.chunks.length, 'chunk')} → no request: the ${plan.provider} provider is offline`;
  const lines = plan.chunks.map((c) => `  chunk ${c.id}: cues ${c.firstCue}–${c.lastCue}, ${n(c.promptChars)} prompt characters, ~${n(c.inputTokens)} tokens`);
  return [head, ...lines].join('\n');
}
