/**
 * Waiting, behind one function so that tests can make time pass instantly.
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

/** A sleep function; injected into schedulers. */
export type Sleep = typeof sleep;
