/**
 * Time and waiting, behind one interface so that tests and benchmarks can replace it: with the virtual
 * clock, a simulated ten-minute rate-limited run finishes in well under a second.
 */

/** Sleeps `ms` milliseconds; rejects with the signal's reason when aborted, leaving no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A sleep function. */
export type Sleep = typeof sleep;

/** Now and waiting, in milliseconds. */
export interface Clock {
  /** The current time in milliseconds (epoch for the real clock, from `start` for a virtual one). */
  now(): number;
  /** Resolves after `ms` milliseconds of this clock; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now` and timers. */
export const realClock: Clock = { now: () => Date.now(), sleep };

/**
 * A virtual clock for simulations: time stands still while anything can still run, and jumps to the next
 * sleeper's wake-up time once the process has nothing else to do this turn (checked with `setImmediate`).
 * Everything that waits in the simulation must wait on this clock.
 * @param start the initial time in milliseconds
 */
export function createVirtualClock(start = 0): Clock {
  let now = start;
  let seq = 0;
  const sleepers: { at: number; seq: number; wake: () => void }[] = [];
  let pumping = false;
  const pump = () => {
    pumping = false;
    if (sleepers.length === 0) return;
    let first = 0;
    for (let i = 1; i < sleepers.length; i++) {
      const a = sleepers[i]!;
      const b = sleepers[first]!;
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) first = i;
    }
    const [next] = sleepers.splice(first, 1);
    now = Math.max(now, next!.at);
    next!.wake();
    schedule();
  };
  const schedule = () => {
    if (!pumping && sleepers.length > 0) {
      pumping = true;
      setImmediate(pump);
    }
  };
  return {
    now: () => now,
    sleep(ms, signal) {
      return new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const entry = {
          at: now + Math.max(0, ms),
          seq: seq++,
          wake: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal!.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(entry);
        schedule();
      });
    },
  };
}
