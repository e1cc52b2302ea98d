import { describe, expect, it } from 'vitest';
import { FatalError, RateLimitError, TransientError } from '../../src/providers/errors.js';
import { createSequentialScheduler, RunStoppedError } from '../../src/scheduler/sequential.js';
import type { SchedulerEvent, Task, TaskOutcome } from '../../src/scheduler/spec.js';
import type { Clock } from '../../src/scheduler/clock.js';

/** A task that throws the given errors on its first attempts, then returns its id. */
function flaky(id: number, errors: Error[], calls: number[]): Task<number> {
  let attempt = 0;
  return {
    id,
    run: async () => {
      calls.push(id);
      const error = errors[attempt++];
      if (error) throw error;
      return id;
    },
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of iterable) all.push(item);
  return all;
}

/** A clock whose waits pass at once and are recorded. */
function recordingClock(waits: number[]): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) };
}

describe('sequential scheduler', () => {
  const waits: number[] = [];
  const scheduler = createSequentialScheduler({ clock: recordingClock(waits), retry: { maxAttempts: 3, baseDelayMs: 100 }, finalRetry: false });

  it('runs tasks one at a time in order and retries transient faults with back-off', async () => {
    waits.length = 0;
    const calls: number[] = [];
    const outcomes = await collect(scheduler.run([flaky(0, [], calls), flaky(1, [new TransientError('503'), new TransientError('503')], calls), flaky(2, [], calls)]));
    expect(calls).toEqual([0, 1, 1, 1, 2]);
    expect(outcomes.map((o) => [o.id, o.ok, o.attempts])).toEqual([[0, true, 1], [1, true, 3], [2, true, 1]]);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeLessThanOrEqual(200);
  });

  it('reports a task that keeps failing as a failure, never as an empty success', async () => {
    const calls: number[] = [];
    const [outcome] = await collect(scheduler.run([flaky(0, [new TransientError('a'), new TransientError('b'), new TransientError('c')], calls)]));
    expect(outcome).toMatchObject({ id: 0, ok: false, attempts: 3 });
    expect((outcome as Extract<TaskOutcome<number>, { ok: false }>).error.message).toBe('c');
  });

  it('tries a failed task once more at the end of the run when asked', async () => {
    const calls: number[] = [];
    const withFinal = createSequentialScheduler({ clock: recordingClock([]), retry: { maxAttempts: 2 } });
    const outcomes = await collect(withFinal.run([flaky(0, [new TransientError('a'), new TransientError('b')], calls), flaky(1, [], calls)]));
    expect(calls).toEqual([0, 0, 1, 0]);
    expect(outcomes.map((o) => [o.id, o.ok, o.attempts])).toEqual([[1, true, 1], [0, true, 3]]);
  });

  it('does not retry a fatal error', async () => {
    const calls: number[] = [];
    const [outcome] = await collect(scheduler.run([flaky(0, [new FatalError('400 bad request')], calls)]));
    expect(calls).toEqual([0]);
    expect(outcome).toMatchObject({ ok: false, attempts: 1 });
  });

  it('waits out a per-minute 429 for at least the server’s delay, then succeeds', async () => {
    waits.length = 0;
    const events: SchedulerEvent[] = [];
    const calls: number[] = [];
    const outcomes = await collect(scheduler.run([flaky(0, [new RateLimitError('429', 34_400, 'minute', 15)], calls)], { onEvent: (e) => events.push(e) }));
    expect(outcomes[0]).toMatchObject({ ok: true, attempts: 2 });
    // The server's delay plus a small jittered margin past it, not 20% more.
    expect(waits[0]!).toBeGreaterThanOrEqual(34_400 + 20);
    expect(waits[0]!).toBeLessThanOrEqual(34_400 + 1100);
    expect(events.filter((e) => e.type === 'rateLimit')).toEqual([{ type: 'rateLimit', id: 0, retryAfterMs: 34_400, scope: 'minute' }]);
  });

  it('stops the run at a per-day 429: nothing more is sent, and every other task is a failure', async () => {
    const calls: number[] = [];
    const outcomes = await collect(scheduler.run([flaky(0, [], calls), flaky(1, [new RateLimitError('quota', 0, 'day', 250)], calls), flaky(2, [], calls)]));
    expect(calls).toEqual([0, 1]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, false]);
    expect((outcomes[2] as Extract<TaskOutcome<number>, { ok: false }>).error).toBeInstanceOf(RunStoppedError);
  });

  it('stops at once when aborted during a 429 pause, instead of waiting it out', async () => {
    const controller = new AbortController();
    const real = createSequentialScheduler();
    const calls: number[] = [];
    setTimeout(() => controller.abort(new Error('user stop')), 50);
    const started = Date.now();
    const outcomes = await collect(real.run([flaky(0, [new RateLimitError('429', 60_000, 'minute')], calls), flaky(1, [], calls)], { signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(outcomes.map((o) => o.ok)).toEqual([false, false]);
    expect(calls).toEqual([0]);
  });

  it('stops sending when aborted', async () => {
    const controller = new AbortController();
    const calls: number[] = [];
    const tasks: Task<number>[] = [{ id: 0, run: async () => (controller.abort(new Error('user stop')), 0) }, flaky(1, [], calls)];
    const outcomes = await collect(scheduler.run(tasks, { signal: controller.signal }));
    expect(calls).toEqual([]);
    expect(outcomes[1]).toMatchObject({ id: 1, ok: false, attempts: 0 });
  });
});
