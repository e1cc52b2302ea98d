/**
 * One analysis of a document: the core pipeline on the document's current text, with each chunk's
 * expressions put on the document as soon as the chunk finishes, and the final (deduplicated, ranked)
 * report put in their place at the end.
 */
import { fileURLToPath } from 'node:url';
import {
  analyzeParsedSubtitles,
  chunkCues,
  createProvider,
  createScheduler,
  defaultCacheDir,
  defaultProviderName,
  defaultSchedulerMode,
  type AnalysisReport,
  type ChunkResult,
  type LearnerLevel,
  type ProviderConfig,
  type ProviderName,
  type SchedulerEvent,
} from '@langflix/core';
import { distinctExpressions } from './features.js';
import type { AnalyzeResult, LangflixSettings } from './protocol.js';
import type { DocumentState } from './state.js';

/** What a run needs besides the document. */
export interface AnalysisOptions {
  readonly settings: LangflixSettings;
  /** The API key from the initialization options or `langflix.setApiKey`; null to rely on the environment. */
  readonly apiKey: string | null;
  readonly signal: AbortSignal;
  /** The process environment (for keys and the cache folder). @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Called after each finished chunk (`done` of `total`), and on a rate-limit pause with a note. */
  readonly onProgress?: (done: number, total: number, note?: string) => void;
  /** Called whenever the document's results changed (a chunk's expressions arrived, or the final report). */
  readonly onResults?: () => void;
}

/** A problem the user can fix before any model call (no cues, no key); its message is meant for them. */
export class AnalysisSetupError extends Error {
  override readonly name = 'AnalysisSetupError';
}

/** The provider a run uses: the setting, or for `auto` gemini when a key is known and the offline lexicon otherwise. */
export function providerConfigFor(settings: LangflixSettings, apiKey: string | null, env: Record<string, string | undefined>): ProviderConfig {
  const keyKnown = apiKey !== null || defaultProviderName(env) === 'gemini';
  const name: ProviderName = settings.provider === 'auto' ? (keyKnown ? 'gemini' : 'lexicon') : settings.provider;
  if (name === 'gemini' && !keyKnown) {
    throw new AnalysisSetupError('langflix.provider is gemini but no API key is known: set one with "LangFlix: Set API Key" (langflix.setApiKey), or GEMINI_API_KEY in the server\'s environment');
  }
  if (name === 'openai-compatible' && !settings.model) throw new AnalysisSetupError('langflix.provider is openai-compatible: set langflix.model too');
  return {
    name,
    ...(settings.model ? { model: settings.model } : {}),
    ...(settings.baseUrl ? { baseUrl: settings.baseUrl } : {}),
    ...(apiKey ? { apiKey } : {}),
    cacheDir: settings.cache ? (settings.cacheDir ?? defaultCacheDir(env)) : null,
  };
}

/** A document's display name for the report: its path for `file:` URIs, else the URI. */
function nameOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/**
 * Analyses the document's current text. Each finished chunk replaces the results on its cues; at the end
 * the report's expressions replace those of every chunk that succeeded, and a chunk that failed keeps what
 * it had. Cancelling (the signal) stops sending and ends the run with what finished.
 * @returns the summary and the report
 * @throws {AnalysisSetupError} when the document has no cue or the provider lacks a key or a model
 */
export async function analyzeDocument(state: DocumentState, options: AnalysisOptions): Promise<{ result: AnalyzeResult; report: AnalysisReport }> {
  const { settings, signal } = options;
  const env = options.env ?? process.env;
  const parsed = state.parsed;
  if (parsed.cues.length === 0) throw new AnalysisSetupError('no subtitle cues found: not a SubRip or WebVTT document');
  const provider = createProvider(providerConfigFor(settings, options.apiKey, env), env);
  const mode = settings.schedulerMode === 'auto' ? defaultSchedulerMode(provider.remote) : settings.schedulerMode;
  // Requests are I/O: worker threads would add nothing here, and a bundled server has no worker module.
  const scheduler = createScheduler(mode, { maxWorkers: settings.maxWorkers, useWorkers: false });
  const { chunks } = chunkCues(parsed.cues, { maxInputChars: settings.maxInputChars });
  const anchor = state.anchor();
  let finished = 0;
  const onChunk = ({ chunk, ok, expressions }: ChunkResult) => {
    finished++;
    if (ok) {
      state.replace(anchor, [[chunk.firstCue, chunk.lastCue]], expressions);
      options.onResults?.();
    }
    options.onProgress?.(finished, chunks.length);
  };
  const onEvent = (event: SchedulerEvent) => {
    if (event.type === 'pause') options.onProgress?.(finished, chunks.length, `rate-limited: resuming in ${Math.ceil(event.resumeInMs / 1000)} s`);
  };

  try {
    options.onProgress?.(0, chunks.length);
    const report = await analyzeParsedSubtitles(parsed, {
      name: nameOf(state.uri),
      provider,
      scheduler,
      level: settings.level as LearnerLevel,
      targetLanguage: settings.targetLanguage,
      maxInputChars: settings.maxInputChars,
      maxExpressions: settings.maxExpressions,
      signal,
      onChunk,
      onEvent,
    });
    const failed = new Set(report.chunks.failed.map((f) => f.chunkId));
    const succeeded = chunks.filter((c) => !failed.has(c.id)).map((c) => [c.firstCue, c.lastCue] as const);
    state.replace(anchor, succeeded, report.expressions);
    state.setFailures(
      anchor,
      signal.aborted ? [] : report.chunks.failed.map((f) => ({ cueRange: [f.firstCue, f.lastCue] as [number, number], message: `chunk ${f.chunkId} failed after ${f.attempts} attempts: ${f.message}` })),
      succeeded,
    );
    options.onResults?.();
    const annotations = state.annotations();
    return {
      report,
      result: {
        expressions: distinctExpressions(annotations),
        annotations: annotations.length,
        chunks: { total: report.chunks.total, succeeded: report.chunks.succeeded, failed: report.chunks.failed.length },
        cancelled: signal.aborted,
        requests: report.stats.requests,
        cacheHits: report.stats.cacheHits,
        durationMs: report.stats.durationMs,
        provider: provider.provider,
        model: provider.modelId,
      },
    };
  } finally {
    state.anchors.delete(anchor);
  }
}
