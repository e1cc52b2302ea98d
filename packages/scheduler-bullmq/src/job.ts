/**
 * What one BullMQ job carries and how it is named: the job of one chunk is self-contained plain data — the
 * chunk, a reference to the file's cues (stored once per file in Redis), the provider's settings without
 * any key or local path, and the task settings — so any worker on any machine can run it. Its id is a hash
 * of everything that decides the answer, so the same work enqueued twice is one job.
 */
import { cacheKey, PROMPT_VERSION, reviveError, serializeError, type Chunk, type ChunkTaskSettings, type Cue, type ProviderConfig, type QuotaEstimate, type SerializedError } from '@langflix/core';

/** The version of {@link ChunkJobData}; a worker refuses a job of another version. */
export const JOB_FORMAT = 1;

/** The provider settings a job carries: what decides the model's answer, never a key or a local folder. */
export type JobProviderSettings = Pick<ProviderConfig, 'name' | 'model' | 'baseUrl' | 'temperature' | 'topP' | 'topK'>;

/** The data of one chunk's job (JSON in Redis). */
export interface ChunkJobData {
  /** {@link JOB_FORMAT}. */
  readonly v: number;
  readonly chunk: Chunk;
  /** The Redis key holding the file's cues as a JSON array (`cues[i].index === i`), written by the producer. */
  readonly cuesKey: string;
  /** How many cues that key holds, to check what a worker reads. */
  readonly cueCount: number;
  readonly provider: JobProviderSettings;
  /** False when the producer ran with `--no-cache`: workers then send every request. */
  readonly cache: boolean;
  readonly settings: ChunkTaskSettings;
  /** Most waits after a per-minute 429 before the chunk fails (the local schedulers' `maxRateLimitWaits`). */
  readonly maxRateLimitWaits: number;
  /** Waits after a per-minute 429 so far, counted by the workers. */
  readonly rateLimitWaits?: number;
}

/** What a worker publishes as job progress, for the producer's events (QueueEvents `progress`). */
export type ChunkJobProgress =
  /** An attempt failed with a fault that BullMQ retries after its back-off. */
  | { readonly langflix: 'attempt-failed'; readonly attempt: number; readonly error: SerializedError }
  /** A per-minute 429: every worker of the queue is paused for `pauseMs`, and this job goes back to the queue. */
  | { readonly langflix: 'rate-limited'; readonly attempt: number; readonly retryAfterMs: number; readonly pauseMs: number }
  /** The quota every worker of the queue now paces to, learned from the queue's shared history of sends. */
  | { readonly langflix: 'quota'; readonly quota: QuotaEstimate };

/** The provider's settings fit for a job: the key, the cache folder and the folder of saved output stay behind. */
export function jobProviderSettings(provider: ProviderConfig): JobProviderSettings {
  const { name, model, baseUrl, temperature, topP, topK } = provider;
  return {
    name,
    ...(model !== undefined ? { model } : {}),
    ...(baseUrl !== undefined ? { baseUrl } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(topK !== undefined ? { topK } : {}),
  };
}

/** SHA-256 (hex) of a file's cues: their times and text, all that alignment reads. */
export function cuesHash(cues: readonly Cue[]): string {
  return cacheKey({ cues });
}

/**
 * The job id of one chunk: `chunk-` and a SHA-256 over the file's cues, the chunk, the provider and model,
 * the task settings that shape the answer, and the prompt version — so the same work is one job, however
 * often and by however many producers it is enqueued, and any change gives a new job.
 */
export function chunkJobId(input: { readonly cuesHash: string; readonly chunk: Chunk; readonly provider: JobProviderSettings; readonly settings: ChunkTaskSettings }): string {
  const { level, targetLanguage, minExpressionsPerChunk, maxExpressionsPerChunk } = input.settings;
  return `chunk-${cacheKey({
    job: JOB_FORMAT,
    cues: input.cuesHash,
    chunk: [input.chunk.id, input.chunk.firstCue, input.chunk.lastCue, input.chunk.text],
    provider: cacheKey({ ...input.provider }),
    settings: [level, targetLanguage, minExpressionsPerChunk, maxExpressionsPerChunk],
    prompt: PROMPT_VERSION,
  })}`;
}

/**
 * A failure as the job's `failedReason`: the typed error as JSON (`serializeError`), so the producer gets
 * back the same class with its fields. Never holds a key: provider messages never do.
 */
export function encodeFailure(error: unknown): string {
  return JSON.stringify(serializeError(error));
}

/**
 * The typed error back from a job's `failedReason`; a reason BullMQ wrote itself (a job stalled too often,
 * a lost lock) becomes a plain `Error` with that message.
 */
export function decodeFailure(reason: string | undefined | null): Error {
  if (reason) {
    try {
      const data = JSON.parse(reason) as Partial<SerializedError> | null;
      if (data && typeof data.name === 'string' && typeof data.message === 'string') return reviveError(data as SerializedError);
    } catch {
      // not ours
    }
  }
  return new Error(reason || 'the job failed without a reason');
}
