/**
 * The producer side of the `bullmq` scheduler: `Scheduler.run` puts one BullMQ job per chunk on the
 * queue, lets `langflix worker` processes (on any machines) run them, and yields each chunk's outcome as
 * its result comes back (QueueEvents `completed` / `failed`). The core merges them in chunk order into the
 * same report as the local schedulers.
 *
 * - Idempotent: a job's id is a hash of everything that decides its answer (see `chunkJobId`), so
 *   enqueuing the same work again — a second run of the same file, two producers at once — adds nothing:
 *   a finished job's stored result is used (finished jobs are kept `keepSeconds`), a job in progress is
 *   waited for, and a job that failed in an earlier run is retried.
 * - One rate limit for every worker: `requestsPerMinute` is set as the queue's global rate limit in Redis
 *   (BullMQ's limiter, shared by all workers of the queue); on a 429 a worker pauses the whole queue.
 * - Retries are BullMQ's own: `attempts` and exponential back-off with jitter for transient faults; a job
 *   whose worker died is put back by BullMQ's stalled-job check.
 * - A per-day 429 or a key every request would fail with stops the run once: the chunk that met it fails
 *   with that error, the run's jobs not yet taken are removed from the queue, and every unfinished chunk
 *   fails with `RunStoppedError`. An aborted signal does the same with its reason.
 * - Every result is also checked for by polling job states (`pollMs`), so a missed event costs a delay,
 *   never a chunk.
 */
import { Job, Queue, QueueEvents, type JobsOptions } from 'bullmq';
import {
  FatalError,
  RateLimitError,
  redactUrl,
  RETRY_DEFAULTS,
  reviveError,
  RunStoppedError,
  TransientError,
  type ChunkWorkerData,
  type RetryOptions,
  type RunOptions,
  type Scheduler,
  type SchedulerEvent,
  type Task,
  type TaskOutcome,
} from '@langflix/core';
import { chunkJobId, cuesHash, decodeFailure, JOB_FORMAT, jobProviderSettings, type ChunkJobData, type ChunkJobProgress } from './job.js';
import { connected, connectionFor, CONNECT_TIMEOUT_MS, DEFAULT_PREFIX, DEFAULT_QUEUE } from './redis.js';

/** Options of {@link createBullmqScheduler}. */
export interface BullmqSchedulerOptions {
  /** The Redis server, `redis://[user:password@]host:port[/db]` or `rediss://…`. */
  readonly redis: string;
  /** The queue; its workers must name the same one. @default 'langflix' */
  readonly queue?: string;
  /** BullMQ's key prefix. @default 'bull' */
  readonly prefix?: string;
  /**
   * Most requests per minute for all workers of the queue together (the API key's quota), set as the
   * queue's global rate limit in Redis, where it stays for later runs. Null or absent keeps the limit the
   * queue has (none: no limit). @default null
   */
  readonly requestsPerMinute?: number | null;
  /** The window of `requestsPerMinute`, in milliseconds (for quotas per another window, and tests). @default 60000 */
  readonly rateLimitWindowMs?: number;
  /**
   * Retry limits: `maxAttempts` becomes each job's BullMQ `attempts`, `baseDelayMs` the delay of its
   * exponential back-off (full jitter; BullMQ's back-off has no cap, so `maxDelayMs` is not used),
   * `maxRateLimitWaits` the 429 waits a chunk may have before it fails. @default RETRY_DEFAULTS
   */
  readonly retry?: RetryOptions;
  /**
   * Seconds finished jobs and a file's cues stay in Redis: enqueuing the same work again within this time
   * reuses the result. At least 60. @default 86400
   */
  readonly keepSeconds?: number;
  /** Milliseconds between checks of the unfinished jobs' states, besides the events. @default 2000 */
  readonly pollMs?: number;
  /** Milliseconds the first connection may take. @default 10000 */
  readonly connectTimeoutMs?: number;
  /**
   * Told what a person waiting on the run should know, once per run: that no worker is connected to the
   * queue (so nothing will happen until one starts). @default nothing
   */
  readonly onNote?: (message: string) => void;
}

/**
 * The global rate limit set on a queue that has none, so that BullMQ's manual rate limiting (the pause
 * after a 429), which only applies to a queue with a limit, works: far above any real quota.
 */
const NO_LIMIT = 1_000_000_000;

/** One chunk's job as the producer follows it. */
interface Tracked<T> {
  readonly task: Task<T>;
  readonly jobId: string;
  readonly job: { readonly name: string; readonly data: ChunkJobData; readonly opts: JobsOptions };
  /** Times a worker took the job (`active`), 429 waits and a stalled worker included, as locally. */
  attempts: number;
  lastError: Error | null;
  done: boolean;
}

/**
 * Creates the `bullmq` scheduler. Its `run` needs the tasks' plain form (`RunOptions.worker`: the cues, the
 * chunks, the provider's settings and the task settings), which `analyzeSubtitles` gives when the provider
 * is given as settings.
 * @throws {RangeError} for a bad URL or number; its `run` throws a `FatalError` when Redis cannot be reached
 */
export function createBullmqScheduler(options: BullmqSchedulerOptions): Scheduler {
  const connection = connectionFor(options.redis);
  const queueName = options.queue ?? DEFAULT_QUEUE;
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const keepSeconds = options.keepSeconds ?? 86_400;
  const pollMs = options.pollMs ?? 2000;
  const windowMs = options.rateLimitWindowMs ?? 60_000;
  const rpm = options.requestsPerMinute ?? null;
  if (rpm !== null && (!Number.isInteger(rpm) || rpm < 1)) throw new RangeError(`requestsPerMinute must be a whole number ≥ 1, got ${rpm}`);
  if (!Number.isInteger(keepSeconds) || keepSeconds < 60) throw new RangeError(`keepSeconds must be a whole number ≥ 60, got ${keepSeconds}`);
  if (!(windowMs > 0)) throw new RangeError(`rateLimitWindowMs must be > 0, got ${windowMs}`);

  return {
    name: 'bullmq',
    async *run<T>(tasks: readonly Task<T>[], run: RunOptions = {}): AsyncIterable<TaskOutcome<T>> {
      if (tasks.length === 0) return;
      const spec = run.worker;
      if (!spec || tasks.some((t) => typeof (t.input as { chunkId?: unknown } | undefined)?.chunkId !== 'number')) {
        throw new RangeError('the bullmq scheduler sends chunks to worker processes: give the provider as plain settings ({ name: "gemini", … }), not a live provider object');
      }
      const data = spec.workerData as unknown as ChunkWorkerData;
      const emit = (event: SchedulerEvent) => run.onEvent?.(event);

      const queue = new Queue<ChunkJobData, unknown>(queueName, { connection, prefix });
      let events: QueueEvents | null = null;
      /** Jobs of a stopped run leaving the queue: done before the connection closes. */
      let removal: Promise<void> = Promise.resolve();
      try {
        await connected(options.redis, [queue], options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);
        const client = await queue.client;
        // Events from now on (Redis's clock, the stream ids' own): none of this run's can be missed.
        events = new QueueEvents(queueName, { connection, prefix, autorun: true, lastEventId: await streamIdNow(client) });
        await connected(options.redis, [events], options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS);

        // The file's cues, once: each job names them.
        const hash = cuesHash(data.cues);
        const cuesKey = `${prefix}:${queueName}:cues:${hash}`;
        await client.set(cuesKey, JSON.stringify(data.cues), { EX: keepSeconds });
        // The queue's shared limit.
        if (rpm !== null) await queue.setGlobalRateLimit(rpm, windowMs);
        else if (!(await queue.getGlobalRateLimit())) await queue.setGlobalRateLimit(NO_LIMIT, 60_000);

        const provider = jobProviderSettings(data.provider);
        const tracked = new Map<string, Tracked<T>>();
        for (const task of tasks) {
          const chunk = data.chunks[(task.input as { chunkId: number }).chunkId];
          if (!chunk) throw new RangeError(`task ${task.id}: no chunk ${(task.input as { chunkId: number }).chunkId} in this run`);
          const jobId = chunkJobId({ cuesHash: hash, chunk, provider, settings: data.settings });
          const jobData: ChunkJobData = {
            v: JOB_FORMAT,
            chunk,
            cuesKey,
            cueCount: data.cues.length,
            provider,
            cache: data.provider.cacheDir !== null && data.provider.cacheDir !== undefined,
            settings: data.settings,
            maxRateLimitWaits: retry.maxRateLimitWaits,
          };
          const opts: JobsOptions = {
            jobId,
            attempts: retry.maxAttempts,
            backoff: { type: 'exponential', delay: retry.baseDelayMs, jitter: 1 },
            removeOnComplete: { age: keepSeconds },
            removeOnFail: { age: keepSeconds },
          };
          tracked.set(jobId, { task, jobId, job: { name: `chunk-${chunk.id}`, data: jobData, opts }, attempts: 0, lastError: null, done: false });
        }

        // Outcomes, in the order they arrive.
        const ready: TaskOutcome<T>[] = [];
        let wake = () => {};
        let settled = 0;
        let stopReason: Error | null = null;
        let pauseUntil = 0;
        const settle = (t: Tracked<T>, outcome: TaskOutcome<T>, final = true) => {
          if (t.done) return;
          t.done = true;
          settled++;
          if (final) emit({ type: 'done', id: t.task.id, ok: outcome.ok, attempts: outcome.attempts });
          ready.push(outcome);
          wake();
        };
        const succeed = (t: Tracked<T>, value: unknown) => settle(t, { id: t.task.id, ok: true, value: value as T, attempts: Math.max(1, t.attempts) });
        const fail = (t: Tracked<T>, error: Error) => {
          if (t.done) return;
          if (error instanceof RateLimitError) emit({ type: 'rateLimit', id: t.task.id, retryAfterMs: error.retryAfterMs, scope: error.scope });
          settle(t, { id: t.task.id, ok: false, error, attempts: Math.max(1, t.attempts) });
          if ((error instanceof RateLimitError && error.scope === 'day') || (error instanceof FatalError && error.stopsRun)) stop(new RunStoppedError(`run stopped: ${error.message}`));
        };
        /** Ends the run once: unfinished chunks fail with `reason`, and the jobs no worker has taken leave the queue. */
        const stop = (reason: Error) => {
          if (stopReason) return;
          stopReason = reason;
          const unfinished = [...tracked.values()].filter((t) => !t.done);
          for (const t of unfinished) settle(t, { id: t.task.id, ok: false, error: reason, attempts: t.attempts }, false);
          removal = removeUnstarted(queue, unfinished.map((t) => t.jobId));
        };
        const open = (jobId: string | undefined): Tracked<T> | undefined => {
          const t = jobId === undefined ? undefined : tracked.get(jobId);
          return t && !t.done ? t : undefined;
        };

        events.on('error', () => {}); // reconnects by itself; the poll covers what it misses
        events.on('active', ({ jobId }) => {
          const t = open(jobId);
          if (!t) return;
          t.attempts++;
          emit({ type: 'start', id: t.task.id, attempt: t.attempts });
        });
        events.on('progress', ({ jobId, data: progress }) => {
          const t = open(jobId);
          const note = progress as Partial<ChunkJobProgress> | null;
          if (!t || typeof note !== 'object' || note === null) return;
          if (note.langflix === 'attempt-failed' && note.error) t.lastError = reviveError(note.error);
          if (note.langflix === 'quota' && note.quota) emit({ type: 'quota', quotas: [note.quota] });
          if (note.langflix === 'rate-limited' && typeof note.retryAfterMs === 'number' && typeof note.pauseMs === 'number') {
            const error = new RateLimitError(`429: per-minute quota; every worker paused for ${note.pauseMs} ms`, note.retryAfterMs, 'minute');
            emit({ type: 'rateLimit', id: t.task.id, retryAfterMs: note.retryAfterMs, scope: 'minute' });
            const until = Date.now() + note.pauseMs;
            if (until > pauseUntil + 100) {
              pauseUntil = until;
              emit({ type: 'pause', untilMs: until, resumeInMs: note.pauseMs });
            }
            emit({ type: 'retry', id: t.task.id, attempt: t.attempts, delayMs: note.pauseMs, error });
          }
        });
        events.on('delayed', ({ jobId, delay }) => {
          const t = open(jobId);
          if (!t) return;
          emit({ type: 'retry', id: t.task.id, attempt: t.attempts, delayMs: Math.max(0, Number(delay) - Date.now()), error: t.lastError ?? new TransientError('the attempt failed') });
        });
        events.on('stalled', ({ jobId }) => {
          const t = open(jobId);
          if (t) emit({ type: 'retry', id: t.task.id, attempt: t.attempts, delayMs: 0, error: new TransientError('its worker stopped answering: another worker takes the chunk') });
        });
        events.on('completed', ({ jobId, returnvalue }) => {
          const t = open(jobId);
          if (t) succeed(t, returnvalue);
        });
        events.on('failed', ({ jobId, failedReason }) => {
          const t = open(jobId);
          if (!t) return;
          // Only a final failure: a job BullMQ retries is not failed (checked, in case of an older BullMQ).
          void queue.getJobState(t.jobId).then(
            (state) => state === 'failed' && fail(t, decodeFailure(failedReason)),
            () => {},
          );
        });

        const onAbort = () => stop(run.signal!.reason instanceof Error ? run.signal!.reason : new Error('aborted'));
        if (run.signal?.aborted) onAbort();
        else run.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          if (!stopReason) {
            await enqueue(queue, [...tracked.values()], succeed, fail);
            // Stopped while the jobs went in: take them out again (a job another run shares, it puts back).
            if (stopReason) await removeUnstarted(queue, [...tracked.keys()]);
          }
          let lastPoll = Date.now();
          let noted = false;
          for (;;) {
            while (ready.length > 0) yield ready.shift()!;
            if (settled === tracked.size) break;
            const waitMs = Math.max(0, lastPoll + pollMs - Date.now());
            await new Promise<void>((resolve) => {
              const timer = setTimeout(resolve, waitMs);
              wake = () => {
                clearTimeout(timer);
                resolve();
              };
            });
            wake = () => {};
            if (!stopReason && Date.now() - lastPoll >= pollMs) {
              lastPoll = Date.now();
              await reconcile(queue, [...tracked.values()].filter((t) => !t.done), succeed, fail).catch(() => {});
              if (!noted && options.onNote && [...tracked.values()].every((t) => t.attempts === 0 && !t.done)) {
                noted = true;
                // CLIENT LIST may be refused (some managed Redis): then say nothing.
                const workers = await queue.getWorkersCount().catch(() => null);
                if (workers === 0) options.onNote(`no langflix worker is connected to queue "${queueName}" at ${redactUrl(options.redis)} yet: the chunks wait for one (langflix worker --redis …)`);
              }
            }
          }
        } finally {
          run.signal?.removeEventListener('abort', onAbort);
        }
      } finally {
        await removal.catch(() => {});
        await Promise.allSettled([events?.close(), queue.close()]);
      }
    },
  };
}

/**
 * Puts the run's jobs on the queue, as far as they are not there already: a job finished before gives its
 * result (or, failed, is retried from its first attempt), a job in progress is waited for, the others are
 * added.
 */
async function enqueue<T>(queue: Queue<ChunkJobData, unknown>, jobs: readonly Tracked<T>[], succeed: (t: Tracked<T>, value: unknown) => void, fail: (t: Tracked<T>, error: Error) => void): Promise<void> {
  const states = await Promise.all(jobs.map((t) => queue.getJobState(t.jobId)));
  const add: Tracked<T>[] = [];
  for (const [i, t] of jobs.entries()) {
    const state = states[i];
    if (state === 'unknown') add.push(t);
    else if (state === 'completed') {
      const job = await Job.fromId(queue, t.jobId);
      if (job && job.finishedOn) succeed(t, job.returnvalue);
      else add.push(t);
    } else if (state === 'failed') {
      // Failed in an earlier run: this run tries again.
      const job = await Job.fromId(queue, t.jobId);
      try {
        await job?.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch (error) {
        fail(t, error instanceof Error ? error : new Error(String(error)));
      }
    }
    // Waiting, delayed, active: another run's job with the same work, or this one's; its events will come.
  }
  if (add.length > 0) await queue.addBulk(add.map((t) => t.job));
}

/** Settles the jobs whose final state the events did not bring, and puts back a job that left the queue. */
async function reconcile<T>(queue: Queue<ChunkJobData, unknown>, jobs: readonly Tracked<T>[], succeed: (t: Tracked<T>, value: unknown) => void, fail: (t: Tracked<T>, error: Error) => void): Promise<void> {
  for (const t of jobs) {
    const state = await queue.getJobState(t.jobId);
    if (t.done) continue;
    if (state === 'completed' || state === 'failed') {
      const job = await Job.fromId(queue, t.jobId);
      if (!job || t.done) continue;
      if (state === 'completed') succeed(t, job.returnvalue);
      else fail(t, decodeFailure(job.failedReason));
    } else if (state === 'unknown') {
      // Removed (by a stopped run of another producer, or by hand): this run still needs it.
      await queue.add(t.job.name, t.job.data, t.job.opts);
    }
  }
}

/**
 * Takes the jobs no worker has taken yet off the queue. A job in a worker's hands finishes, and a finished
 * one stays: their results serve a later run of the same work.
 */
async function removeUnstarted(queue: Queue<ChunkJobData, unknown>, jobIds: readonly string[]): Promise<void> {
  await Promise.allSettled(
    jobIds.map(async (jobId) => {
      const state = await queue.getJobState(jobId);
      if (state === 'waiting' || state === 'delayed' || state === 'prioritized') await queue.remove(jobId);
    }),
  );
}

/** A stream id for Redis's "now", to read the queue's events from; `$` (new ones only) if the server will not say. */
async function streamIdNow(client: unknown): Promise<string> {
  try {
    const [seconds, micros] = await (client as { time(): Promise<[string, string]> }).time();
    return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`;
  } catch {
    return '$';
  }
}
