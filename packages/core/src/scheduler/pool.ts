/**
 * A tinypool pool of worker threads for I/O-bound tasks: `threads` threads each running up to
 * `concurrentTasksPerWorker` tasks at once, so requests in flight = threads × tasks per thread. Started
 * once per run and closed at its end.
 */
import { randomUUID } from 'node:crypto';
import { BroadcastChannel } from 'node:worker_threads';
import Tinypool from 'tinypool';
import { reviveError } from '../providers/errors.js';
import { CANCEL_CHANNEL_FIELD, type WorkerTaskReply } from './worker-protocol.js';

/** Where and with what a task runs off the main thread. */
export interface WorkerSpec {
  /** The worker module (its default export made with `defineWorkerTask`). */
  readonly filename: string | URL;
  /** Plain data every worker receives once at start (structured-cloned), e.g. the file's cues. */
  readonly workerData: Record<string, unknown>;
}

/** A started pool. */
export interface WorkerPool {
  /** True once a thread has loaded its module and can take tasks. */
  isReady(): boolean;
  /**
   * Runs one task attempt on a worker; resolves with its value, rejects with its error revived as the
   * provider's typed error, or with the signal's reason as soon as `signal` aborts (the worker is told to
   * abort the attempt).
   */
  run(input: unknown, signal: AbortSignal): Promise<unknown>;
  /** Ends every thread; after it resolves nothing of the pool is left running. */
  close(): Promise<void>;
}

/**
 * Starts a pool.
 * @param slots requests in flight the pool must carry (≥ 1)
 * @param maxThreads most threads (the machine's cores, usually)
 */
export function startWorkerPool(spec: WorkerSpec, slots: number, maxThreads: number): WorkerPool {
  const threads = Math.max(1, Math.min(slots, maxThreads));
  const channelName = `langflix-cancel-${randomUUID()}`;
  const channel = new BroadcastChannel(channelName);
  const pool = new Tinypool({
    filename: spec.filename instanceof URL ? spec.filename.href : spec.filename,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: Math.ceil(slots / threads),
    // Deno hangs with atomics (tinypool's docs); the calls are I/O-bound, so nothing is lost without them.
    useAtomics: false,
    workerData: { ...spec.workerData, [CANCEL_CHANNEL_FIELD]: channelName },
  });
  // Threads take a while to load the core, the SDK and the lemmatiser; until one has, the scheduler runs
  // tasks on the main thread instead of letting them wait in tinypool's queue.
  let ready = false;
  (pool.run({ key: 'warmup', input: null, warmup: true }) as Promise<unknown>).then(
    () => (ready = true),
    () => {},
  );
  return {
    isReady: () => ready,
    run(input, signal) {
      const key = randomUUID();
      return new Promise((resolve, reject) => {
        if (signal.aborted) return reject(signal.reason);
        const onAbort = () => {
          channel.postMessage(key);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        (pool.run({ key, input }) as Promise<WorkerTaskReply>).then(
          (reply) => {
            signal.removeEventListener('abort', onAbort);
            if (reply.ok) resolve(reply.value);
            else reject(reviveError(reply.error));
          },
          (error: unknown) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
          },
        );
      });
    },
    async close() {
      channel.close();
      await pool.destroy();
    },
  };
}
