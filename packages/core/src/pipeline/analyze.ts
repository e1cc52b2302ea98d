/**
 * The pipeline: decode → parse → chunk → schedule(analyze chunk: provider → validate → align) → merge in
 * chunk order → dedupe → limit → AnalysisReport.
 */
import { chunkCues, CHUNK_DEFAULTS } from '../chunking/chunk.js';
import { dedupeExpressions } from '../expressions/dedupe.js';
import { rankExpressions } from '../expressions/rank.js';
import { separateContexts } from '../timing/context.js';
import { createLexiconProvider } from '../providers/lexicon/index.js';
import type { LearnerLevel, Provider } from '../providers/spec.js';
import { analyzeChunk, type ChunkAnswer, type ChunkTaskSettings } from './chunk-task.js';
import type { ChunkWorkerData } from './chunk-worker.js';
import { PROMPT_VERSION } from '../expressions/prompt.js';
import { LEARNER_LEVELS } from '../expressions/level.js';
import { FatalError, RateLimitError } from '../providers/errors.js';
import { RunStoppedError } from '../scheduler/stopped.js';
import { createScheduler, defaultSchedulerMode } from '../scheduler/registry.js';
import { MAX_WORKERS_WARNING, resolveMaxWorkers } from '../scheduler/pooled.js';
import type { RetryOptions } from '../scheduler/retry.js';
import { createProvider, type ProviderConfig } from '../providers/registry.js';
import { loadPlugins } from '../plugins/index.js';
import type { RunOptions, Scheduler, SchedulerEvent, Task } from '../scheduler/spec.js';
import type { AnalysisReport, Chunk, ChunkFailure, Expression, Warning } from '../schema.js';
import { noCuesMessage, parseSubtitles } from '../subtitles/parse.js';
import { SubtitleParseError } from '../subtitles/errors.js';
import type { ParsedSubtitles } from '../subtitles/types.js';

/**
 * The compiled worker module. Under a TypeScript runner (tests importing the sources), the worker is
 * still the compiled one in `dist/`: tinypool cannot load a `.ts` worker on Node 20.
 */
const CHUNK_WORKER_URL = import.meta.url.endsWith('.ts') ? new URL('../../dist/pipeline/chunk-worker.js', import.meta.url) : new URL('./chunk-worker.js', import.meta.url);

/** Options of {@link analyzeSubtitles}. Every field is optional; defaults are in {@link ANALYZE_DEFAULTS}. */
export interface AnalyzeOptions {
  /** The file's name or path, for the report and error messages. */
  name?: string;
  /**
   * The model provider: a live provider, or plain settings to build one from (which worker threads can
   * build too). @default the offline lexicon provider
   */
  provider?: Provider | ProviderConfig;
  /**
   * The scheduler mode, by name (see `SCHEDULER_MODES`): `parallel` and `adaptive` run chunks on worker
   * threads when `provider` is given as plain settings (a live provider object stays on this thread).
   * @default 'adaptive' for a remote provider, 'sequential' for a local one
   */
  mode?: string;
  /** Most requests in flight at once; null for min(available cores, 5); a warning above 10. @default null */
  maxWorkers?: number | null;
  /** Most chunks open at once, so memory stays flat on long runs. @default 20 */
  batchSize?: number;
  /** Retry limits for transient faults and 429s. */
  retry?: RetryOptions;
  /** Retry each failed chunk once more, one at a time, at the end of the run. @default true */
  finalRetry?: boolean;
  /** A scheduler instance; overrides `mode`. */
  scheduler?: Scheduler;
  /** The learner's level. @default 'intermediate' */
  level?: LearnerLevel;
  /** BCP-47 code of the learner's language, for translations. @default 'ko' */
  targetLanguage?: string;
  /** Chunk budget in characters of prompt text. @default 5000 */
  maxInputChars?: number;
  /** Context cues repeated from the previous chunk. @default 0 */
  overlapCues?: number;
  /** Fewest and most expressions asked of the model per chunk. @default 1 and 3 */
  minExpressionsPerChunk?: number;
  maxExpressionsPerChunk?: number;
  /** Most expressions in the report; 0 for no limit. @default 100 */
  maxExpressions?: number;
  /**
   * Milliseconds one model call may take before it is aborted (and retried as a transient fault).
   * @default 300000
   */
  timeoutPerChunk?: number;
  /** Turn the first subtitle problem into an error instead of a warning. @default false */
  strict?: boolean;
  /** Cancels the run: no more requests are sent, and unfinished chunks are reported as failed. */
  signal?: AbortSignal;
  /**
   * Called as each chunk's outcome arrives (in any order, before the report): its expressions, checked
   * and timed but not yet merged across chunks, or `ok: false` when it failed. For editors that show
   * results chunk by chunk.
   */
  onChunk?: (result: ChunkResult) => void;
  /** Scheduler events, for progress displays. */
  onEvent?: (event: SchedulerEvent) => void;
}

/** The settings of a run once defaults are filled in; nothing downstream checks for `undefined`. */
export interface AnalyzeSettings {
  level: LearnerLevel;
  targetLanguage: string;
  maxInputChars: number;
  overlapCues: number;
  minExpressionsPerChunk: number;
  maxExpressionsPerChunk: number;
  maxExpressions: number;
  timeoutPerChunk: number;
  strict: boolean;
}

/** One chunk's outcome, as {@link AnalyzeOptions.onChunk} sees it. */
export interface ChunkResult {
  readonly chunk: Chunk;
  readonly ok: boolean;
  /** The chunk's expressions (empty when it failed). */
  readonly expressions: readonly Expression[];
}

/** Defaults of {@link AnalyzeOptions}. */
export const ANALYZE_DEFAULTS: Readonly<AnalyzeSettings> = {
  level: 'intermediate',
  targetLanguage: 'ko',
  maxInputChars: CHUNK_DEFAULTS.maxInputChars,
  overlapCues: CHUNK_DEFAULTS.overlapCues,
  minExpressionsPerChunk: 1,
  maxExpressionsPerChunk: 3,
  maxExpressions: 100,
  timeoutPerChunk: 300_000,
  strict: false,
};

/**
 * Analyses a subtitle file: finds its expressions, checks and times each one, and reports.
 * @param input the file's bytes (decoded by BOM, UTF-8, then Windows-1252) or its decoded text
 * @returns the report; a chunk whose calls all failed is listed in `chunks.failed`, never as an empty result
 * @throws {SubtitleParseError} when the input holds no subtitle cue, or (with `strict`) at its first problem
 */
export async function analyzeSubtitles(input: string | Uint8Array, options: AnalyzeOptions = {}): Promise<AnalysisReport> {
  const parsed = parseSubtitles(input, { strict: options.strict ?? ANALYZE_DEFAULTS.strict, ...(options.name ? { fileName: options.name } : {}) });
  return analyzeParsedSubtitles(parsed, options);
}

/**
 * Analyses subtitles already parsed by `parseSubtitles` (so a caller that checked the cues first does
 * not parse twice). See {@link analyzeSubtitles}.
 * @throws {SubtitleParseError} when there is no cue
 * @throws {RangeError} for an unknown `level`, a negative `maxExpressions` or a bad `maxWorkers`
 */
export async function analyzeParsedSubtitles(
  parsed: ParsedSubtitles & { readonly encoding: string },
  options: AnalyzeOptions = {},
): Promise<AnalysisReport> {
  const started = Date.now();
  const settings: AnalyzeSettings = { ...ANALYZE_DEFAULTS, ...withoutUndefined(options) };
  if (!LEARNER_LEVELS.includes(settings.level)) {
    throw new RangeError(`level must be one of ${LEARNER_LEVELS.join(', ')}, got ${JSON.stringify(settings.level)}`);
  }
  if (!Number.isInteger(settings.maxExpressions) || settings.maxExpressions < 0) {
    throw new RangeError(`maxExpressions must be a non-negative integer, got ${settings.maxExpressions}`);
  }
  if (parsed.cues.length === 0) {
    throw new SubtitleParseError(noCuesMessage(parsed.warnings), { line: 1, code: 'no-cues', fileName: options.name });
  }
  const providerConfig = options.provider !== undefined && !('analyzeChunk' in options.provider) ? options.provider : null;
  // A plugin provider's module, named in its settings (each worker thread loads it too).
  if (providerConfig?.plugins?.length) await loadPlugins(providerConfig.plugins);
  const provider = options.provider === undefined ? createLexiconProvider() : providerConfig ? createProvider(providerConfig) : (options.provider as Provider);
  const maxWorkers = resolveMaxWorkers(options.maxWorkers);
  const scheduler =
    options.scheduler ??
    createScheduler(options.mode ?? defaultSchedulerMode(provider.remote), {
      maxWorkers,
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.finalRetry !== undefined ? { finalRetry: options.finalRetry } : {}),
      // A server that states its quota in its answers is asked a few requests first, and paced from them.
      ...(provider.quotaHeaders ? { firstWave: 3 } : {}),
    });
  const { chunks, warnings: chunkWarnings } = chunkCues(parsed.cues, settings);
  if (maxWorkers > MAX_WORKERS_WARNING && scheduler.name !== 'sequential') {
    chunkWarnings.push({ code: 'max-workers', message: `maxWorkers ${maxWorkers} is above ${MAX_WORKERS_WARNING}: few APIs allow that many requests at once on one key` });
  }

  const stats = { requests: 0, retries: 0, rateLimited: 0, cacheHits: 0 };
  const onEvent = (event: SchedulerEvent) => {
    if (event.type === 'start') stats.requests++;
    else if (event.type === 'retry') stats.retries++;
    else if (event.type === 'rateLimit') stats.rateLimited++;
    options.onEvent?.(event);
  };

  const tasks: Task<ChunkAnswer>[] = chunks.map((chunk) => ({
    id: chunk.id,
    run: (signal) => analyzeChunk(chunk, parsed.cues, provider, settings, signal),
    // Characters of the prompt's cue lines, for pacing under a token quota.
    size: chunk.text.length,
    // Plain settings can cross into a worker thread, which builds the same provider there.
    ...(providerConfig ? { input: { chunkId: chunk.id } } : {}),
  }));
  const worker: RunOptions['worker'] = providerConfig
    ? { filename: CHUNK_WORKER_URL, workerData: { cues: parsed.cues, chunks, provider: providerConfig, settings: chunkTaskSettings(settings) } satisfies ChunkWorkerData }
    : undefined;

  const answers = new Map<number, ChunkAnswer>();
  const failed: ChunkFailure[] = [];
  const runOptions: RunOptions = { ...(options.signal ? { signal: options.signal } : {}), ...(worker ? { worker } : {}), onEvent };
  for await (const outcome of scheduler.run(tasks, runOptions)) {
    options.onChunk?.({ chunk: chunks[outcome.id]!, ok: outcome.ok, expressions: outcome.ok ? outcome.value.expressions : [] });
    if (outcome.ok) {
      answers.set(outcome.id, outcome.value);
      if (outcome.value.cached) stats.cacheHits++;
    }
    else {
      const chunk = chunks[outcome.id]!;
      failed.push({
        chunkId: chunk.id,
        firstCue: chunk.firstCue,
        lastCue: chunk.lastCue,
        error: outcome.error.name,
        message: outcome.error.message,
        attempts: Math.max(1, outcome.attempts),
        stoppedRun: stopsRun(outcome.error),
      });
    }
  }

  // Merge in chunk order, whatever order the chunks finished in.
  const found: Expression[] = [];
  const warnings: Warning[] = [...parsed.warnings, ...chunkWarnings];
  const tokens = { input: 0, output: 0 };
  for (const chunk of chunks) {
    const answer = answers.get(chunk.id);
    if (!answer) continue;
    found.push(...answer.expressions);
    warnings.push(...answer.warnings);
    tokens.input += answer.tokens.input;
    tokens.output += answer.tokens.output;
  }
  const unique = separateContexts(dedupeExpressions(found), parsed.cues);
  const expressions = rankExpressions(unique, { level: settings.level, maxExpressions: settings.maxExpressions });

  return {
    source: { name: options.name ?? null, format: parsed.format, encoding: parsed.encoding, cues: parsed.cues.length },
    expressions,
    chunks: { total: chunks.length, succeeded: answers.size, failed: failed.sort((a, b) => a.chunkId - b.chunkId) },
    warnings: collapseRepeats(warnings),
    // Attempts answered from the cache sent no request.
    stats: { requests: stats.requests - stats.cacheHits, retries: stats.retries, rateLimited: stats.rateLimited, cacheHits: stats.cacheHits, durationMs: Date.now() - started, tokens },
    config: {
      provider: provider.provider,
      model: provider.modelId,
      scheduler: scheduler.name,
      maxWorkers: scheduler.name === 'sequential' ? 1 : maxWorkers,
      level: settings.level,
      targetLanguage: settings.targetLanguage,
      maxInputChars: settings.maxInputChars,
      overlapCues: settings.overlapCues,
      minExpressionsPerChunk: settings.minExpressionsPerChunk,
      maxExpressionsPerChunk: settings.maxExpressionsPerChunk,
      maxExpressions: settings.maxExpressions,
      timeoutPerChunk: settings.timeoutPerChunk,
      promptVersion: PROMPT_VERSION,
    },
  };
}

/** True for an error that stops a run, or that a stopped run gave the chunks it never finished. */
function stopsRun(error: Error): boolean {
  return (
    error instanceof RunStoppedError ||
    (error instanceof RateLimitError && error.scope === 'day') ||
    (error instanceof FatalError && error.stopsRun)
  );
}

/** The fields a chunk task needs, and nothing else: what crosses into a worker must be plain data. */
function chunkTaskSettings(settings: AnalyzeSettings): ChunkTaskSettings {
  const { level, targetLanguage, minExpressionsPerChunk, maxExpressionsPerChunk, timeoutPerChunk } = settings;
  return { level, targetLanguage, minExpressionsPerChunk, maxExpressionsPerChunk, timeoutPerChunk };
}

/** Keeps the first of warnings that repeat code and message (e.g. the same provider note for every chunk). */
function collapseRepeats(warnings: readonly Warning[]): Warning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
