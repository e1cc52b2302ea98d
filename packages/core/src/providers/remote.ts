/**
 * What every remote provider does around its one HTTP call: build the prompt, look in the response
 * cache, call, save the raw answer when asked, parse it item by item, and store it in the cache once it
 * parses. Each provider module supplies only the call and its error mapping.
 */
import { parseAnswer } from './answer.js';
import { buildPrompt, PROMPT_VERSION, type Prompt } from '../expressions/prompt.js';
import { scopedSignal, TimeoutError } from '../util/abort.js';
import { cacheKey, type CachedAnswer, type ResponseCache } from './cache.js';
import { TransientError } from './errors.js';
import { saveLlmOutput } from './save-output.js';
import type { RateLimitHeaders } from './rate-limits.js';
import type { AnalyzeChunkRequest, AnalyzeChunkResult, CallOptions, Provider } from './spec.js';

/** What one model call gives: the answer (cached as is) and the rate-limit headers that came with it (never cached). */
export type ModelAnswer = CachedAnswer & { readonly rateLimit?: RateLimitHeaders };

/** One model call: the prompt in, the answer's text and token counts out; typed errors only. */
export type ModelCall = (prompt: Prompt, signal: AbortSignal) => Promise<ModelAnswer>;

/** Options shared by the remote providers. */
export interface RemoteOptions {
  /** Where answers are cached between runs; null or absent for no cache. */
  cache?: ResponseCache | null;
  /** A folder to save each chunk's request and raw answer in (`saveLlmOutput`); absent for none. */
  saveLlmOutput?: string | null;
}

/**
 * Builds a provider from a model call.
 * @param settings the options that change answers (temperature, …), part of the cache key
 */
export function createRemoteProvider(
  identity: { provider: string; modelId: string; quotaHeaders?: boolean },
  settings: Record<string, unknown>,
  call: ModelCall,
  options: RemoteOptions = {},
): Provider {
  const { cache = null, saveLlmOutput: saveDir = null } = options;
  return {
    specificationVersion: 'v1',
    provider: identity.provider,
    modelId: identity.modelId,
    remote: true,
    ...(identity.quotaHeaders ? { quotaHeaders: true } : {}),
    async analyzeChunk(request: AnalyzeChunkRequest, callOptions: CallOptions = {}): Promise<AnalyzeChunkResult> {
      callOptions.signal?.throwIfAborted();
      const prompt = buildPrompt(request);
      const key = requestKey(identity, settings, request);
      const save = (answer: CachedAnswer, cached: boolean) =>
        saveDir
          ? saveLlmOutput(saveDir, { chunkId: request.chunk.id, key, provider: identity.provider, model: identity.modelId, promptVersion: PROMPT_VERSION, options: settings, prompt, ...answer, cached })
          : Promise.resolve();

      const hit = await cache?.get(key);
      if (hit) {
        try {
          const parsed = parseAnswer(hit.rawText, request.chunk.id);
          await save(hit, true);
          return { ...parsed, rawText: hit.rawText, usage: { inputTokens: 0, outputTokens: 0 }, cached: true };
        } catch {
          // An unreadable entry is a miss; the fresh answer replaces it.
        }
      }

      const scope = scopedSignal(callOptions.signal);
      let answer: CachedAnswer;
      let rateLimit: RateLimitHeaders | undefined;
      try {
        ({ rateLimit, ...answer } = await call(prompt, scope.signal));
      } catch (error) {
        if (scope.signal.aborted) {
          const reason: unknown = scope.signal.reason;
          throw reason instanceof TimeoutError ? new TransientError(`chunk ${request.chunk.id}: ${reason.message}`) : reason;
        }
        throw error;
      } finally {
        scope.dispose();
      }
      await save(answer, false);
      const parsed = parseAnswer(answer.rawText, request.chunk.id);
      await cache?.set(key, answer);
      return { ...parsed, rawText: answer.rawText, usage: answer.usage, ...(rateLimit ? { rateLimit } : {}) };
    },
    async cached(request: AnalyzeChunkRequest): Promise<boolean> {
      const hit = await cache?.get(requestKey(identity, settings, request));
      if (!hit) return false;
      try {
        parseAnswer(hit.rawText, request.chunk.id);
        return true;
      } catch {
        return false;
      }
    },
  };
}

/** The cache key of a request: everything that decides the model's answer (see `cacheKey`). */
function requestKey(identity: { provider: string; modelId: string }, settings: Record<string, unknown>, request: AnalyzeChunkRequest): string {
  return cacheKey({
    ...identity,
    promptVersion: PROMPT_VERSION,
    settings,
    level: request.level,
    targetLanguage: request.targetLanguage,
    minExpressions: request.minExpressions,
    maxExpressions: request.maxExpressions,
    chunkText: request.chunk.text,
  });
}
