/**
 * A simulated rate-limited model API on a virtual clock, for scheduler tests and benchmarks: requests
 * take `latencyMs` of virtual time, and over `requestsPerMinute` (fixed or sliding 60 s window) they are
 * refused with a RateLimitError carrying the real remaining wait, as Gemini's RetryInfo does.
 */
import { RateLimitError, type Clock } from '@langflix/core';

/** Options of {@link createSimulatedApi}. */
export interface SimulatedApiOptions {
  readonly clock: Clock;
  /** Requests allowed per 60 s. */
  readonly requestsPerMinute: number;
  /** `sliding`: any 60 s; `fixed`: calendar minutes of the clock. @default 'sliding' */
  readonly window?: 'sliding' | 'fixed';
  /** Virtual milliseconds one accepted request takes. @default 2000 */
  readonly latencyMs?: number;
  /** Tell the client the quota (`quotaValue`), as Gemini does. @default true */
  readonly revealQuota?: boolean;
}

/** The API and what it saw. */
export interface SimulatedApi {
  /** One request for `id`; resolves after the latency or rejects at once with a 429. */
  call(id: number, signal: AbortSignal): Promise<number>;
  /** Requests sent, accepted ones, and how often each id was accepted. */
  readonly sent: number;
  readonly accepted: number;
  readonly acceptedById: ReadonlyMap<number, number>;
}

export function createSimulatedApi(options: SimulatedApiOptions): SimulatedApi {
  const { clock, requestsPerMinute } = options;
  const latency = options.latencyMs ?? 2000;
  const starts: number[] = [];
  const acceptedById = new Map<number, number>();
  let sent = 0;
  let accepted = 0;
  return {
    get sent() {
      return sent;
    },
    get accepted() {
      return accepted;
    },
    acceptedById,
    async call(id, signal) {
      sent++;
      const now = clock.now();
      let inWindow: number[];
      let resetAt: number;
      if (options.window === 'fixed') {
        const windowStart = Math.floor(now / 60_000) * 60_000;
        inWindow = starts.filter((t) => t >= windowStart);
        resetAt = windowStart + 60_000;
      } else {
        inWindow = starts.filter((t) => t > now - 60_000);
        resetAt = (inWindow[inWindow.length - requestsPerMinute] ?? now) + 60_000;
      }
      if (inWindow.length >= requestsPerMinute) {
        throw new RateLimitError('429 simulated', Math.max(1, resetAt - now), 'minute', options.revealQuota === false ? undefined : requestsPerMinute);
      }
      starts.push(now);
      accepted++;
      acceptedById.set(id, (acceptedById.get(id) ?? 0) + 1);
      await clock.sleep(latency, signal);
      return id;
    },
  };
}
