/**
 * The worker side of the `bullmq` scheduler (`langflix worker`): takes chunk jobs from the queue, runs
 * the same chunk task as the local schedulers (`runChunkTask`: prompt → provider → validate → align), and
 * hands back the chunk's answer as the job's return value. Any number of workers, on any machines, share
 * one queue.
 *
 * Errors become BullMQ outcomes:
 * - per-minute `RateLimitError` (429): the whole queue is paused for the server's `retryAfterMs` (+ a small
 *   jitter) with BullMQ's manual rate limiting, so no worker anywhere
 *   takes a job meanwhile, and the job goes back to the front of the queue without using an attempt
 *   (`Worker.RateLimitError`); after `maxRateLimitWaits` such waits it fails. The quota is learned from the
 *   queue's shared history of sends and set as the queue's global rate limit (`quota.ts`), so every
 *   worker paces to it;
 * - `TransientError` (5xx, network, timeout, malformed answer): a failed attempt; BullMQ retries it with
 *   its exponential back-off with jitter, up to the job's `attempts`;
 * - per-day `RateLimitError`, `FatalError` and anything else: `UnrecoverableError`, no retry (the producer
 *   stops the run for a per-day quota or a key every request would fail with).
 * A job's `failedReason` is the typed error as JSON, so the producer revives the same class.
 *
 * A worker that dies (SIGKILL, a lost machine) leaves its jobs locked until `lockDurationMs` passes; then
 * another worker's stalled-job check puts them back in the queue. `close()` (SIGTERM) stops taking jobs
 * and waits for those in hand.
 */
import { hostname } from 'node:os';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { FatalError, RateLimitError, TransientError, runChunkTask, serializeError, type ChunkAnswer, type Cue, type ProviderConfig } from '@langflix/core';
import { decodeFailure, encodeFailure, JOB_FORMAT, type ChunkJobData, type ChunkJobProgress } from './job.js';
import { learnSharedQuota, recordSend } from './quota.js';
import { connected, connectionFor, CONNECT_TIMEOUT_MS, DEFAULT_PREFIX, DEFAULT_QUEUE, pauseLeft, pauseQueue } from './redis.js';

/** Options of {@link startChunkWorker}. */
export interface ChunkWorkerOptions {
  /** The Redis server, `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  readonly redis: string;
  /** The queue to take chunks from. @default 'langflix' */
  readonly queue?: string;
  /** BullMQ's key prefix. @default 'bull' */
  readonly prefix?: string;
  /** Chunks analysed at once by this worker (requests in flight). @default 4 */
  readonly concurrency?: number;
  /**
   * Milliseconds a job stays locked to this worker without news from it: a worker that died is noticed
   * this long after its last lock renewal, and its jobs go back to the queue. @default 30000
   */
  readonly lockDurationMs?: number;
  /**
   * This machine's API key for remote providers (jobs never carry one); without it, each provider reads its
   * own variables from `env` (`GEMINI_API_KEY`, `GOOGLE_API_KEY`, `OPENAI_API_KEY`).
   */
  readonly apiKey?: string;
  /** This machine's response cache folder, used for jobs that allow the cache; null for none. @default null */
  readonly cacheDir?: string | null;
  /** A folder on this machine to save each chunk's prompt and raw answer in; null for none. @default null */
  readonly saveLlmOutput?: string | null;
  /** Where providers read their variables. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** The worker's name in BullMQ (each job records who processed it). @default `<host>:<pid>` */
  readonly name?: string;
  /** Milliseconds the first connection may take. @default 10000 */
  readonly connectTimeoutMs?: number;
  /** What the worker has to say: a chunk done, a retry, a pause. @default nothing */
  readonly onLog?: (line: string) => void;
}

/** A started worker. */
export interface ChunkWorker {
  /** The BullMQ worker. */
  readonly worker: Worker<ChunkJobData, ChunkAnswer>;
  /** Its name, as jobs record it (`processedBy`). */
  readonly name: string;
  /** Chunks being analysed now. */
  running(): number;
  /**
   * Stops taking jobs; with `force` false, waits for the chunks in hand to finish, else leaves them (they
   * go back to the queue once their lock expires: end the process then). Closes every connection.
   */
  close(force?: boolean): Promise<void>;
}

/** Cues of files read from Redis, by key: a worker usually serves the chunks of a few files at a time. */
const MAX_FILES = 8;

/**
 * Connects and starts taking chunk jobs.
 * @throws {FatalError} `cannot reach Redis at …` when the server does not answer within `connectTimeoutMs`
 * @throws {RangeError} for a URL that is not `redis://` or `rediss://`, or a bad number
 */
export async function startChunkWorker(options: ChunkWorkerOptions): Promise<ChunkWorker> {
  const connection = connectionFor(options.redis);
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const concurrency = options.concurrency ?? 4;
  const lockDuration = options.lockDurationMs ?? 30_000;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1, got ${concurrency}`);
  if (!(lockDuration >= 1000)) throw new RangeError(`lockDurationMs must be at least 1000, got ${lockDuration}`);
  const env = options.env ?? process.env;
  const log = options.onLog ?? (() => {});
  const name = options.name ?? `${hostname()}:${process.pid}`;

  // The queue, for the queue-wide pause and reading cues; the worker has connections of its own.
  const queue = new Queue<ChunkJobData, ChunkAnswer>(queueName, { connection, prefix });
  const files = new Map<string, readonly Cue[]>();
  const cuesOf = async (data: ChunkJobData): Promise<readonly Cue[]> => {
    const cached = files.get(data.cuesKey);
    if (cached) return cached;
    const text = await (await queue.client).get(data.cuesKey);
    if (text === null) throw new FatalError(`the cues of this chunk's file are no longer in Redis (${data.cuesKey}): run the analysis again`);
    const cues = JSON.parse(text) as Cue[];
    if (cues.length !== data.cueCount) throw new FatalError(`the cues in ${data.cuesKey} are not those of this job`);
    files.set(data.cuesKey, cues);
    if (files.size > MAX_FILES) files.delete(files.keys().next().value!);
    return cues;
  };
  const providerFor = (data: ChunkJobData): ProviderConfig => ({
    ...data.provider,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
    cacheDir: data.cache ? (options.cacheDir ?? null) : null,
    saveLlmOutput: options.saveLlmOutput ?? null,
  });
  let running = 0;

  const processJob = async (job: Job<ChunkJobData, ChunkAnswer>, _token?: string, signal?: AbortSignal): Promise<ChunkAnswer> => {
    const data = job.data;
    const attempt = job.attemptsMade + 1;
    const label = `chunk ${data.chunk?.id} (cues ${data.chunk?.firstCue}–${data.chunk?.lastCue}, job ${String(job.id).slice(0, 14)})`;
    if (data.v !== JOB_FORMAT) throw new UnrecoverableError(encodeFailure(new FatalError(`job format ${String(data.v)} is not this worker's (${JOB_FORMAT}): update langflix on every machine`)));
    running++;
    let sent: { at: number } | null = null;
    try {
      // A job handed out just before another worker's 429 must not be sent while the queue is paused.
      const pause = await pauseLeft(queue);
      if (pause > 0) throw Worker.RateLimitError();
      const cues = await cuesOf(data);
      sent = { at: Date.now() };
      const answer = await runChunkTask({ chunk: data.chunk, cues, provider: providerFor(data), settings: data.settings }, signal ?? new AbortController().signal, env);
      log(`${label}: ${answer.expressions.length} expressions${answer.cached ? ' (from the cache)' : ''}`);
      // An accepted send goes into the queue's shared history, which the quota is learned from (quota.ts).
      if (!answer.cached) await recordSend(queue, `${String(job.id)}:${attempt}:${name}`, sent.at).catch(() => {});
      const headers = answer.quotaFeedback?.rateLimit;
      if (headers?.requests?.limit !== undefined) {
        const quota = await learnSharedQuota(queue, { headers, at: sent.at }).catch(() => null);
        if (quota) await report(job, { langflix: 'quota', quota });
      }
      return answer;
    } catch (error) {
      if (error instanceof Error && error.message === Worker.RateLimitError().message) throw error;
      if (error instanceof RateLimitError && error.scope === 'minute') {
        const waits = (data.rateLimitWaits ?? 0) + 1;
        if (waits > data.maxRateLimitWaits) {
          log(`${label}: 429 (minute quota) ${waits - 1} times: giving up`);
          throw new UnrecoverableError(encodeFailure(error));
        }
        // What the server said teaches every worker the quota.
        const learned = sent ? await learnSharedQuota(queue, { refused: { at: sent.at, error } }).catch(() => null) : null;
        if (learned) await report(job, { langflix: 'quota', quota: learned });
        // Counted from the answer: the request may have reached the server well after this worker began it.
        const pauseMs = await pauseQueue(queue, Math.round(error.retryAfterMs + 100 + Math.random() * Math.min(1000, 0.01 * error.retryAfterMs + 100)));
        log(`${label}: 429 (minute quota): every worker of queue ${queueName} paused for ${pauseMs} ms`);
        await job.updateData({ ...data, rateLimitWaits: waits });
        await report(job, { langflix: 'rate-limited', attempt, retryAfterMs: error.retryAfterMs, pauseMs });
        throw Worker.RateLimitError();
      }
      if (error instanceof TransientError && attempt < (job.opts.attempts ?? 1)) {
        log(`${label}: attempt ${attempt} failed: ${error.message}; BullMQ retries it after its back-off`);
        await report(job, { langflix: 'attempt-failed', attempt, error: serializeError(error) });
        throw new Error(encodeFailure(error));
      }
      log(`${label}: failed: ${decodeFailure(encodeFailure(error)).message}`);
      throw new UnrecoverableError(encodeFailure(error));
    } finally {
      running--;
    }
  };

  const worker = new Worker<ChunkJobData, ChunkAnswer>(queueName, processJob, {
    connection,
    prefix,
    concurrency,
    name,
    lockDuration,
    stalledInterval: lockDuration,
    // A job whose worker died twice is not a reason to fail it; one that kills every worker it meets is.
    maxStalledCount: 3,
    autorun: false,
  });
  // After the start, say what goes wrong with Redis (ioredis reconnects by itself), once per kind of fault.
  let up = false;
  let lastFault = '';
  worker.on('error', (error) => {
    if (up && error.message !== lastFault) log(`Redis: ${error.message} (reconnecting)`);
    lastFault = error.message;
  });
  worker.on('ready', () => void (lastFault = ''));
  try {
    await connected(options.redis, [queue, worker], options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
    up = true;
  } catch (error) {
    await Promise.allSettled([worker.close(true), queue.close()]);
    throw error;
  }
  void worker.run().catch((error: unknown) => log(`worker stopped: ${error instanceof Error ? error.message : String(error)}`));

  let closing: Promise<void> | null = null;
  return {
    worker,
    name,
    running: () => running,
    close(force = false) {
      if (force) {
        // Chunks in hand are left as they are: once their lock expires, another worker takes them again.
        closing = Promise.allSettled([worker.close(true), queue.close()]).then(() => {});
        return closing;
      }
      closing ??= Promise.allSettled([worker.close(false)]).then(async () => void (await queue.close()));
      return closing;
    },
  };
}

/** Publishes a worker's note on a job (QueueEvents `progress`); a failure to publish never fails the job. */
async function report(job: Job<ChunkJobData, ChunkAnswer>, progress: ChunkJobProgress): Promise<void> {
  try {
    await job.updateProgress(progress as unknown as object);
  } catch {
    // progress is for display only
  }
}
