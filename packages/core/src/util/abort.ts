/**
 * Abort-signal helpers shared by every stage that calls out (providers, the chunk task): a signal scoped to
 * one call with its own timeout, the error a timeout aborts with, and a race against a signal. No domain.
 */
/** The reason a request's signal is aborted with when its time is up. */
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  /** @param timeoutMs the time allowed, in milliseconds */
  constructor(readonly timeoutMs: number) {
    super(`timed out after ${timeoutMs} ms`);
  }
}

/**
 * A signal that aborts when `parent` does or when `timeoutMs` pass (with a {@link TimeoutError}), and a
 * `dispose` that clears the timer and the listener on `parent`: call it when the work is done, so nothing
 * of the call is left behind (unlike `AbortSignal.timeout`, whose timer lives on).
 * @param timeoutMs milliseconds; `Infinity` or 0 for no timeout
 */
export function scopedSignal(parent: AbortSignal | undefined, timeoutMs = 0): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const onAbort = () => controller.abort(parent!.reason);
  if (parent?.aborted) controller.abort(parent.reason);
  else parent?.addEventListener('abort', onAbort, { once: true });
  const timer = timeoutMs > 0 && Number.isFinite(timeoutMs) ? setTimeout(() => controller.abort(new TimeoutError(timeoutMs)), timeoutMs) : undefined;
  return {
    signal: controller.signal,
    dispose: () => {
      if (timer !== undefined) clearTimeout(timer);
      parent?.removeEventListener('abort', onAbort);
    },
  };
}

/**
 * Settles with `work`, or rejects with the signal's reason as soon as `signal` aborts, so a task that
 * ignores its signal still cannot outlive its timeout.
 */
export function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error: unknown) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}
