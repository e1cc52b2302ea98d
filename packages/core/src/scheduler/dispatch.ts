/**
 * The dispatcher every built-in scheduler runs on: a queue of tasks, a limit on requests in flight set by
 * a {@link ConcurrencyPolicy}, one shared cool-down after a 429, retries with back-off that hold no slot
 * while they wait, a retry budget for the whole run, a final sequential pass over failed tasks, and a
 * clean stop (abort, per-day quota, a key every request would fail with). All of this state lives here, on
 * the main thread, whatever executes the tasks.
 */
import { FatalError, RateLimitError, TransientError } from '../providers/errors.js';
import { realClock, type Clock } from './clock.js';
import type { ConcurrencyPolicy, SendRecord } from './policies.js';
import { RETRY_DEFAULTS, type RetryOptions } from './retry.js';
import { RunStoppedError } from './stopped.js';
import type { QuotaFeedback, RunOptions, SchedulerEvent, Task, TaskOutcome } from './spec.js';

export type { ConcurrencyPolicy, SendRecord } from './policies.js';

/** The least time past a 429's delay that the shared cool-down lasts, in ms (timer and clock granularity). */
const COOL_DOWN_MARGIN_MS = 20;

/** Options of {@link dispatch}. */
export interface DispatchOptions {
  readonly policy: ConcurrencyPolicy;
  /** Runs one attempt of a task; the signal aborts it (timeout of the run, stop, cancel). */
  readonly execute: <T>(task: Task<T>, signal: AbortSignal) => Promise<T>;
  readonly clock?: Clock;
  readonly retry?: RetryOptions;
  /**
   * Most tasks open at once (queued, in flight or waiting to retry): runs of more tasks are admitted as
   * earlier ones finish, so memory stays flat.
   * @default 20
   */
  readonly batchSize?: number;
  /**
   * Transient retries allowed for the whole run; null for max(10, a quarter of the tasks).
   * @default null
   */
  readonly retryBudget?: number | null;
  /**
   * Try each failed task once more, one at a time, after all others finished.
   * @default true
   */
  readonly finalRetry?: boolean;
  /** Random numbers in [0, 1) for jitter. @default Math.random */
  readonly random?: () => number;
}

/** The quota feedback a task's value carries, if any (see {@link QuotaFeedback}). */
function feedbackOf(value: unknown): QuotaFeedback | undefined {
  const feedback = (value as { quotaFeedback?: unknown } | null | undefined)?.quotaFeedback;
  return typeof feedback === 'object' && feedback !== null ? (feedback as QuotaFeedback) : undefined;
}

interface Open<T> {
  readonly task: Task<T>;
  attempts: number;
  rateLimitWaits: number;
}

/**
 * Runs `tasks` and yields each outcome as it is final: successes as they finish (any order), failures
 * after the final retry pass. See the module comment for the rules.
 */
export async function* dispatch<T>(tasks: readonly Task<T>[], options: DispatchOptions, run: RunOptions = {}): AsyncIterable<TaskOutcome<T>> {
  const clock = options.clock ?? realClock;
  const retry = { ...RETRY_DEFAULTS, ...options.retry };
  const random = options.random ?? Math.random;
  const batchSize = Math.max(1, options.batchSize ?? 20);
  let budget = options.retryBudget ?? Math.max(10, Math.ceil(tasks.length / 4));
  const { policy } = options;
  const emit = (event: SchedulerEvent) => run.onEvent?.(event);

  let wake: () => void = () => {};
  const stop = new AbortController();
  let stopReason: Error | null = null;
  const stopRun = (reason: Error) => {
    if (stopReason) return;
    stopReason = reason;
    stop.abort(reason);
    wake(); // the loop may be waiting out a pause: stopping must not wait for it
  };
  const onRunAbort = () => stopRun(run.signal!.reason instanceof Error ? run.signal!.reason : new Error('aborted'));
  if (run.signal?.aborted) onRunAbort();
  else run.signal?.addEventListener('abort', onRunAbort, { once: true });

  let next = 0; // next task to admit
  const queue: Open<T>[] = [];
  let inFlight = 0;
  let waiting = 0; // retries sleeping, holding no slot
  let pauseUntil = 0;
  const ready: TaskOutcome<T>[] = [];
  const failed: { open: Open<T>; error: Error }[] = [];
  let lastLimit = policy.limit();

  const settle = (outcome: TaskOutcome<T>) => {
    ready.push(outcome);
    wake();
  };

  const admit = () => {
    while (next < tasks.length && queue.length + inFlight + waiting < batchSize) queue.push({ task: tasks[next++]!, attempts: 0, rateLimitWaits: 0 });
  };

  const requeueLater = (open: Open<T>, delayMs: number) => {
    waiting++;
    clock.sleep(delayMs, stop.signal).then(
      () => {
        waiting--;
        queue.unshift(open);
        wake();
      },
      () => {
        waiting--;
        failed.push({ open, error: stopReason ?? new Error('aborted') });
        wake();
      },
    );
  };

  const launch = (open: Open<T>) => {
    open.attempts++;
    inFlight++;
    const send: SendRecord = { id: open.task.id, startedAt: clock.now(), size: open.task.size ?? 0 };
    policy.onSend(send);
    emit({ type: 'start', id: open.task.id, attempt: open.attempts });
    options.execute(open.task, stop.signal).then(
      (value) => {
        inFlight--;
        policy.onSuccess(send, inFlight + 1, clock.now(), feedbackOf(value));
        reportQuota();
        emit({ type: 'done', id: open.task.id, ok: true, attempts: open.attempts });
        settle({ id: open.task.id, ok: true, value, attempts: open.attempts });
      },
      (caught: unknown) => {
        inFlight--;
        const error = caught instanceof Error ? caught : new Error(String(caught));
        if (stopReason) {
          failed.push({ open, error });
          return wake();
        }
        if (error instanceof RateLimitError) {
          emit({ type: 'rateLimit', id: open.task.id, retryAfterMs: error.retryAfterMs, scope: error.scope });
          if (error.scope === 'day') {
            failed.push({ open, error });
            stopRun(new RunStoppedError(`run stopped: ${error.message}`));
            return wake();
          }
          const now = clock.now();
          policy.onRateLimit(send, error, now);
          // One cool-down shared by every send: the server's delay counts from when it decided (when the
          // request reached it, a little after it was sent), plus a small jittered margin (20 ms, and up to
          // 10 ms + 0.1% of the delay more) so the first sends land just past the edge; the policy's pacer
          // spaces the rest.
          const until = send.startedAt + error.retryAfterMs + Math.round(COOL_DOWN_MARGIN_MS + random() * Math.min(1000, 0.001 * error.retryAfterMs + 10));
          if (until > pauseUntil && until > now) {
            pauseUntil = until;
            emit({ type: 'pause', untilMs: pauseUntil, resumeInMs: pauseUntil - now });
          }
          if (open.rateLimitWaits++ >= retry.maxRateLimitWaits) {
            failed.push({ open, error });
            return wake();
          }
          emit({ type: 'retry', id: open.task.id, attempt: open.attempts, delayMs: Math.max(0, pauseUntil - now), error });
          queue.unshift(open); // back at the front; the pause and the pacer hold every send
          return wake();
        }
        policy.onFailure(send);
        if (error instanceof FatalError && error.stopsRun) {
          failed.push({ open, error });
          stopRun(new RunStoppedError(`run stopped: ${error.message}`));
          return wake();
        }
        const transientAttempts = open.attempts - open.rateLimitWaits;
        if (error instanceof TransientError && transientAttempts < retry.maxAttempts && budget > 0) {
          budget--;
          const ceiling = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (transientAttempts - 1));
          const delayMs = Math.round(ceiling * random());
          emit({ type: 'retry', id: open.task.id, attempt: open.attempts, delayMs, error });
          requeueLater(open, delayMs);
          return wake();
        }
        failed.push({ open, error });
        wake();
      },
    );
  };

  /** Tells the listeners the quotas paced to, when they changed. */
  const reportQuota = () => {
    const quotas = policy.quotaChanged();
    if (quotas && quotas.length > 0) emit({ type: 'quota', quotas });
  };

  /** When the next send may start, or 0 if now; Infinity if nothing may start until a request finishes. */
  const blockedUntil = (): number => {
    const now = clock.now();
    if (pauseUntil > now) return pauseUntil;
    if (inFlight >= Math.max(1, Math.floor(policy.limit()))) return Infinity;
    const head = queue[0];
    const until = policy.nextSendAt(now, head?.task.size ?? 0);
    if (until > now) {
      // Holding sends for the quota is a pause too: progress displays count it down.
      if (Math.abs(until - lastQuotaPause) > 250) {
        lastQuotaPause = until;
        reportQuota();
        emit({ type: 'pause', untilMs: until, resumeInMs: until - now });
      }
      return until;
    }
    return 0;
  };
  let lastQuotaPause = 0;

  try {
    for (;;) {
      if (!stopReason) {
        admit();
        while (queue.length > 0 && !stopReason && blockedUntil() === 0) launch(queue.shift()!);
        const limit = policy.limit();
        if (limit !== lastLimit) {
          lastLimit = limit;
          emit({ type: 'limit', limit, inFlight });
        }
      }
      while (ready.length > 0) yield ready.shift()!;
      const unfinished = inFlight > 0 || waiting > 0 || (!stopReason && (queue.length > 0 || next < tasks.length));
      if (!unfinished) break;
      // Sleep until something finishes or the next send is allowed.
      const until = !stopReason && queue.length > 0 ? blockedUntil() : Infinity;
      if (until <= clock.now() || (ready.length > 0)) continue; // things changed while the caller read outcomes
      const tick = new AbortController();
      const woken = new Promise<void>((resolve) => (wake = resolve));
      const timed = Number.isFinite(until) ? clock.sleep(Math.max(0, until - clock.now()), tick.signal).catch(() => {}) : null;
      await (timed ? Promise.race([woken, timed]) : woken);
      tick.abort();
    }

    // Tasks never started because the run stopped.
    if (stopReason) {
      while (queue.length > 0) failed.push({ open: queue.shift()!, error: stopReason });
      while (next < tasks.length) failed.push({ open: { task: tasks[next++]!, attempts: 0, rateLimitWaits: 0 }, error: stopReason });
    }

    failed.sort((a, b) => a.open.task.id - b.open.task.id);
    for (const { open, error } of failed) {
      let outcome: TaskOutcome<T> = { id: open.task.id, ok: false, error, attempts: open.attempts };
      const retryable = !stopReason && options.finalRetry !== false && !(error instanceof FatalError);
      if (retryable) {
        const wait = pauseUntil - clock.now();
        if (wait > 0) await clock.sleep(wait, stop.signal).catch(() => {});
        if (!stopReason) {
          const until = policy.nextSendAt(clock.now(), open.task.size ?? 0);
          if (until > clock.now()) await clock.sleep(until - clock.now(), stop.signal).catch(() => {});
          open.attempts++;
          const send: SendRecord = { id: open.task.id, startedAt: clock.now(), size: open.task.size ?? 0 };
          policy.onSend(send);
          emit({ type: 'start', id: open.task.id, attempt: open.attempts });
          try {
            const value = await options.execute(open.task, stop.signal);
            policy.onSuccess(send, 1, clock.now(), feedbackOf(value));
            outcome = { id: open.task.id, ok: true, value, attempts: open.attempts };
          } catch (caught) {
            outcome = { id: open.task.id, ok: false, error: caught instanceof Error ? caught : new Error(String(caught)), attempts: open.attempts };
          }
        }
      }
      emit({ type: 'done', id: open.task.id, ok: outcome.ok, attempts: outcome.attempts });
      yield outcome;
    }
  } finally {
    run.signal?.removeEventListener('abort', onRunAbort);
    // An abandoned iteration (the caller stopped reading) must not leave requests running.
    if (inFlight > 0 || waiting > 0) stop.abort(new Error('scheduler closed'));
  }
}
