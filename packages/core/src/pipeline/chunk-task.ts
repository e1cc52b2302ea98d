/**
 * One chunk's task, the same on the main thread and in a worker: prompt → provider → validate → align.
 */
import { resolveItem } from './validate.js';
import { TransientError } from '../providers/errors.js';
import type { AnalyzeChunkRequest, AnalyzeChunkResult, LearnerLevel, Provider } from '../providers/spec.js';
import { raceAbort, scopedSignal, TimeoutError } from '../util/abort.js';
import type { QuotaFeedback } from '../scheduler/spec.js';
import type { Chunk, Cue, Expression, Warning } from '../schema.js';

/** The settings a chunk task needs (a plain object, so it can cross into a worker). */
export interface ChunkTaskSettings {
  readonly level: LearnerLevel;
  readonly targetLanguage: string;
  readonly minExpressionsPerChunk: number;
  readonly maxExpressionsPerChunk: number;
  /** Milliseconds one model call may take. */
  readonly timeoutPerChunk: number;
}

/** One chunk's checked result (plain data). */
export interface ChunkAnswer {
  readonly expressions: readonly Expression[];
  readonly warnings: readonly Warning[];
  readonly tokens: { readonly input: number; readonly output: number };
  /** True when the provider answered from its cache (no request sent). */
  readonly cached: boolean;
  /** What the answer told about the quota, for the scheduler's pacer (token count, `x-ratelimit-*` headers). */
  readonly quotaFeedback: QuotaFeedback;
}

/**
 * Asks the provider about one chunk, then checks and times each item on its own.
 * @param cues all cues of the file (`cues[i].index === i`)
 * @throws the provider's typed errors; `TransientError` when `timeoutPerChunk` passes
 */
export async function analyzeChunk(
  chunk: Chunk,
  cues: readonly Cue[],
  provider: Provider,
  settings: ChunkTaskSettings,
  signal: AbortSignal,
): Promise<ChunkAnswer> {
  const request: AnalyzeChunkRequest = {
    chunk,
    level: settings.level,
    targetLanguage: settings.targetLanguage,
    minExpressions: settings.minExpressionsPerChunk,
    maxExpressions: settings.maxExpressionsPerChunk,
  };
  const scope = scopedSignal(signal, settings.timeoutPerChunk);
  let result: AnalyzeChunkResult;
  let respondedAt: number;
  try {
    // A provider that ignores its signal still has its time bounded.
    result = await raceAbort(provider.analyzeChunk(request, { signal: scope.signal }), scope.signal);
    respondedAt = Date.now();
  } catch (error) {
    if (scope.signal.reason instanceof TimeoutError) throw new TransientError(`chunk ${chunk.id}: ${scope.signal.reason.message}`);
    throw error;
  } finally {
    scope.dispose();
  }
  const expressions: Expression[] = [];
  const warnings: Warning[] = [...result.warnings];
  for (const item of result.items) {
    const resolved = resolveItem(item, chunk, cues, { provider: provider.provider, model: provider.modelId });
    warnings.push(...resolved.warnings);
    if (resolved.expression) expressions.push(resolved.expression);
  }
  const cached = result.cached ?? false;
  return {
    expressions,
    warnings,
    tokens: { input: result.usage.inputTokens, output: result.usage.outputTokens },
    cached,
    quotaFeedback: { inputTokens: result.usage.inputTokens, cached, respondedAt, ...(result.rateLimit ? { rateLimit: result.rateLimit } : {}) },
  };
}

