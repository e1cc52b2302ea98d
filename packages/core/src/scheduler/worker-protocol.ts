/**
 * How a scheduler's worker threads talk to the main thread. A task goes in as `{ key, input }`; its
 * result comes back as `{ ok: true, value }` or `{ ok: false, error }` with the error as plain data, so the
 * provider's typed errors survive the thread boundary (a thrown Error loses its class there). A running
 * task is cancelled by posting its key on a BroadcastChannel, not through tinypool's `signal` option:
 * with a signal, tinypool runs one task per thread and kills the thread on abort, which would defeat
 * `concurrentTasksPerWorker` for I/O-bound calls.
 */
import { BroadcastChannel, workerData as threadData } from 'node:worker_threads';
import { serializeError, type SerializedError } from '../providers/errors.js';

/** What the main thread sends for one task attempt, or a warm-up that only tells when a thread is up. */
export interface WorkerTaskMessage {
  /** Unique per attempt; cancelling posts it on the run's channel. */
  readonly key: string;
  readonly input: unknown;
  /** True for the warm-up sent when the pool starts: answered at once, once the module has loaded. */
  readonly warmup?: boolean;
}

/** What a worker sends back. */
export type WorkerTaskReply = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: SerializedError };

/** The field of `workerData` naming the run's cancellation channel. */
export const CANCEL_CHANNEL_FIELD = '__langflixCancelChannel';

/**
 * Wraps a task function as a worker module's default export: `fn(input, signal, workerData)` runs with a
 * signal that aborts when the main thread cancels this attempt. `prepare(workerData)`, when given, starts
 * as the thread loads (e.g. building the provider and loading the HTTP client, which makes a thread's
 * first request tens of milliseconds slower); the warm-up and every task wait for it, and a failure of it
 * is left for the first task to meet again.
 */
export function defineWorkerTask<I, O, D>(
  fn: (input: I, signal: AbortSignal, data: D) => Promise<O>,
  prepare?: (data: D) => Promise<void>,
): (message: WorkerTaskMessage) => Promise<WorkerTaskReply> {
  // tinypool hands a worker `[its private data, the pool's workerData]`.
  const data = (threadData as [unknown, D & { [CANCEL_CHANNEL_FIELD]: string }])[1];
  const prepared = prepare ? prepare(data).catch(() => {}) : Promise.resolve();
  const running = new Map<string, AbortController>();
  const channel = new BroadcastChannel(data[CANCEL_CHANNEL_FIELD]);
  // The channel must not keep an idle worker alive; tinypool ends the thread when the pool closes.
  (channel as unknown as { unref?: () => void }).unref?.();
  channel.onmessage = (event: unknown) => {
    const key = (event as { data: unknown }).data;
    if (typeof key === 'string') running.get(key)?.abort(new Error('cancelled by the scheduler'));
  };
  return async ({ key, input, warmup }) => {
    await prepared;
    if (warmup) return { ok: true, value: null };
    const controller = new AbortController();
    running.set(key, controller);
    try {
      return { ok: true, value: await fn(input as I, controller.signal, data) };
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    } finally {
      running.delete(key);
    }
  };
}
