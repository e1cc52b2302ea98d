/**
 * Limits on requests in flight: fixed (sequential, parallel) or AIMD (adaptive).
 */
import type { RateLimitError } from '../providers/errors.js';
import type { ConcurrencyPolicy } from './dispatch.js';

/** A fixed limit: `n` requests in flight, no pacing. */
export function fixedLimit(n: number): ConcurrencyPolicy {
  const limit = Math.max(1, Math.floor(n));
  return { limit: () => limit, onSuccess() {}, onRateLimit() {}, perMinuteCap: () => null };
}

/** Options of {@link aimdLimit}. */
export interface AimdOptions {
  /** Highest limit on requests in flight. */
  readonly max: number;
  /** @default min(4, max) */
  readonly start?: number;
  /** Multiplier applied on a per-minute 429. @default 0.75 */
  readonly decrease?: number;
  /** Milliseconds without a 429 after which a learned per-minute cap grows by one request. @default 60000 */
  readonly capGrowthMs?: number;
}

/**
 * Additive increase, multiplicative decrease (as in TCP congestion control, RFC 5681) of the limit on
 * requests in flight, within [1, max]:
 * - start at min(4, max); +1 per success while at least half the limit is in use, +1/limit per success
 *   after the first cut (congestion avoidance);
 * - on a per-minute 429, cut by 25% at most once per burst: only for a request that started after the
 *   last cut, since requests already in flight when the first 429 arrived say nothing new;
 * - learn a per-minute cap from the requests accepted in the last 60 s and let it grow back by one request
 *   per minute without a 429 (the estimate may be low); when the 429 states its quota (`quotaValue`), that
 *   is the cap, and it does not grow: probing past a stated limit only buys more 429s.
 */
export function aimdLimit(options: AimdOptions): ConcurrencyPolicy {
  const max = Math.max(1, Math.floor(options.max));
  const decrease = options.decrease ?? 0.75;
  const capGrowthMs = options.capGrowthMs ?? 60_000;
  let limit = Math.min(max, options.start ?? 4);
  let cut = false;
  let lastCutAt = -Infinity;
  let cap: number | null = null;
  let capLearnedAt = 0;
  let capStated = false;
  const grown = (now: number) => cap! + Math.floor((now - capLearnedAt) / capGrowthMs);
  return {
    limit: () => Math.max(1, Math.floor(limit)),
    onSuccess(inFlight) {
      if (inFlight < limit / 2) return;
      limit = Math.min(max, limit + (cut ? 1 / limit : 1));
    },
    onRateLimit(error: RateLimitError, startedAt, now, acceptedInWindow) {
      if (startedAt > lastCutAt) {
        limit = Math.max(1, limit * decrease);
        cut = true;
        lastCutAt = now;
      }
      if (error.quotaValue !== undefined && error.quotaValue > 0) {
        cap = error.quotaValue;
        capStated = true;
      } else if (!capStated) {
        const learned = Math.max(1, acceptedInWindow);
        cap = cap === null ? learned : Math.min(grown(now), learned);
      }
      capLearnedAt = now;
    },
    perMinuteCap(now) {
      return cap === null ? null : capStated ? cap : grown(now);
    },
  };
}
