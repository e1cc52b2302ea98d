/**
 * `@langflix/scheduler-bullmq`: a LangFlix plugin that registers the scheduler `bullmq` — one BullMQ job
 * per chunk on a Redis queue, run by `langflix worker` processes on any number of machines under one
 * shared rate limit, with BullMQ's retries and stalled-job recovery.
 *
 * - Producer: `createBullmqScheduler({ redis })`, or `mode: 'bullmq'` once the plugin is loaded
 *   (`plugins: ['@langflix/scheduler-bullmq']`, or `langflix analyze --mode bullmq --redis redis://…`).
 * - Worker: `startChunkWorker({ redis })`, or `langflix worker --redis redis://…`.
 */
import type { LangflixPlugin, Scheduler, SchedulerOptions } from '@langflix/core';
import { createBullmqScheduler } from './producer.js';

export { createBullmqScheduler, type BullmqSchedulerOptions } from './producer.js';
export { startChunkWorker, type ChunkWorker, type ChunkWorkerOptions } from './worker.js';
export { chunkJobId, cuesHash, decodeFailure, encodeFailure, jobProviderSettings, JOB_FORMAT, type ChunkJobData, type ChunkJobProgress, type JobProviderSettings } from './job.js';
export { connectionFor, DEFAULT_PREFIX, DEFAULT_QUEUE, pauseLeft, pauseQueue } from './redis.js';
export { learnSharedQuota, recordSend, sharedQuota } from './quota.js';

/**
 * The `bullmq` scheduler from `createScheduler('bullmq', options)`: `options.plugin` gives `redis` (else
 * the `LANGFLIX_REDIS` variable), `queue`, `requestsPerMinute` and `onNote` (see `BullmqSchedulerOptions`);
 * `options.retry` the retry limits.
 * @throws {RangeError} without a Redis URL, or for a bad setting
 */
export function bullmqSchedulerFromOptions(options: SchedulerOptions = {}, env: Record<string, string | undefined> = process.env): Scheduler {
  const settings = options.plugin ?? {};
  const redis = typeof settings.redis === 'string' && settings.redis !== '' ? settings.redis : env.LANGFLIX_REDIS;
  if (!redis) throw new RangeError('the bullmq scheduler needs a Redis server: pass --redis redis://host:6379 (or set redis in the config file, or LANGFLIX_REDIS)');
  const requestsPerMinute = settings.requestsPerMinute;
  if (requestsPerMinute !== undefined && requestsPerMinute !== null && typeof requestsPerMinute !== 'number') throw new RangeError(`requestsPerMinute must be a number, got ${JSON.stringify(requestsPerMinute)}`);
  return createBullmqScheduler({
    redis,
    ...(typeof settings.queue === 'string' ? { queue: settings.queue } : {}),
    ...(typeof requestsPerMinute === 'number' ? { requestsPerMinute } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(typeof settings.onNote === 'function' ? { onNote: settings.onNote as (message: string) => void } : {}),
  });
}

/** The plugin: the scheduler mode `bullmq`. */
export const plugin: LangflixPlugin = {
  name: '@langflix/scheduler-bullmq',
  schedulers: { bullmq: (options) => bullmqSchedulerFromOptions(options) },
};

export default plugin;
