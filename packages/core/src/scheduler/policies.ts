/**
 * How many requests may be in flight and when the next may start: fixed (sequential, parallel) or
 * adaptive (an AIMD limit on requests in flight plus the quota pacer of `quota.ts`).
 */
import type { RateLimitError } from '../providers/errors.js';
import { QuotaPacer, type QuotaPacerOptions, type SendHandle } from './quota.js';
import type { QuotaEstimate, QuotaFeedback } from './spec.js';

/** One attempt as the dispatcher tells a policy about it. */
export interface SendRecord {
  /** The task's id. */
  readonly id: number;
  /** Clock time the attempt started, in ms. */
  readonly startedAt: number;
  /** The request's size in characters (`Task.size`), 0 when unknown. */
  readonly size: number;
}

/** Decides how many requests may be in flight and when the next may start, and learns from outcomes. */
export interface ConcurrencyPolicy {
  /** Requests allowed in flight now (≥ 1). */
  limit(): number;
  /** An attempt starts. */
  onSend(send: SendRecord): void;
  /** An attempt succeeded; `inFlight` counts it and the others still running; `feedback` is what its answer said. */
  onSuccess(send: SendRecord, inFlight: number, now: number, feedback?: QuotaFeedback): void;
  /** An attempt met a per-minute 429 (any window shorter than a day). */
  onRateLimit(send: SendRecord, error: RateLimitError, now: number): void;
  /** An attempt failed otherwise (a transient or fatal fault): the request may or may not have counted. */
  onFailure(send: SendRecord): void;
  /** Earliest clock time the next attempt (of `size` characters) may start; `now` or earlier for now. */
  nextSendAt(now: number, size: number): number;
  /** The quotas now paced to, if they changed since the last call (for a `quota` event); else null. */
  quotaChanged(): readonly QuotaEstimate[] | null;
}

/** A fixed limit: `n` requests in flight, no pacing. */
export function fixedLimit(n: number): ConcurrencyPolicy {
  const limit = Math.max(1, Math.floor(n));
  return { limit: () => limit, onSend() {}, onSuccess() {}, onRateLimit() {}, onFailure() {}, nextSendAt: (now) => now, quotaChanged: () => null };
}

/** Options of {@link aimdLimit}. */
export interface AimdOptions extends QuotaPacerOptions {
  /** Highest limit on requests in flight. */
  readonly max: number;
  /** Lowest probe limit on requests in flight while the quota is unknown. @default min(3, max) */
  readonly start?: number;
  /**
   * Requests sent at once before any attempt has come back, while nothing is known: the sends of a
   * quota's first window that reach the server first set when every later window can start (on a sliding
   * window the k-th accepted send frees its slot first, so a run of N sends under Q per window ends no
   * sooner than the ((N − 1) mod Q + 1)-th send plus ⌊(N − 1)/Q⌋ windows). A quota smaller than this
   * costs at most `firstWave − Q` refused sends, once. @default min(8, max)
   */
  readonly firstWave?: number;
  /** Multiplier applied on a 429, once per burst. @default 0.75 */
  readonly decrease?: number;
}

/**
 * The adaptive policy: additive increase, multiplicative decrease (as in TCP congestion control, RFC 5681)
 * of the limit on requests in flight within [1, max], and a {@link QuotaPacer} that learns the quota and
 * holds each send until the learned window has room.
 * - +1 per success while at least half the limit is in use; on a 429, −25% at most once per burst (only
 *   for a request that started after the last cut: those already in flight say nothing new);
 * - the first `firstWave` requests go out at once; after the first attempt comes back, until a quota is
 *   known, the limit stays within max(start, accepted sends / 8): every request sent between the moment an
 *   unknown quota fills and the first 429 coming back is refused, so probing grows slowly (a quota of 20 per
 *   window then costs two or three refused requests, not ten). Once a quota is known
 *   (from a 429 or from `x-ratelimit-*` headers) the pacer holds the sends and only `max` bounds them.
 */
export function aimdLimit(options: AimdOptions): ConcurrencyPolicy {
  const max = Math.max(1, Math.floor(options.max));
  const start = Math.max(1, Math.min(max, options.start ?? 3));
  const firstWave = Math.max(start, Math.min(max, options.firstWave ?? 8));
  const decrease = options.decrease ?? 0.75;
  const pacer = new QuotaPacer(options);
  const handles = new WeakMap<SendRecord, SendHandle>();
  let limit = firstWave;
  let lastCutAt = -Infinity;
  let accepted = 0;
  /** Attempts that came back (answered, refused or failed). */
  let returned = 0;
  const probeCap = () => (pacer.known() ? max : returned === 0 ? firstWave : Math.max(start, Math.floor(accepted / 8)));
  return {
    limit: () => Math.max(1, Math.min(Math.floor(limit), probeCap())),
    onSend(send) {
      handles.set(send, pacer.sent(send.startedAt, send.size));
    },
    onSuccess(send, inFlight, now, feedback) {
      const handle = handles.get(send);
      if (handle) pacer.answered(handle, feedback, now);
      returned++;
      if (!feedback?.cached) accepted++;
      if (inFlight >= Math.min(limit, probeCap()) / 2) limit = Math.min(max, limit + 1);
    },
    onRateLimit(send, error, now) {
      const handle = handles.get(send);
      if (handle) pacer.refused(handle, error, now);
      returned++;
      if (send.startedAt > lastCutAt) {
        limit = Math.max(1, Math.min(limit, probeCap()) * decrease);
        lastCutAt = now;
      }
    },
    onFailure(send) {
      // A 5xx or a timeout may have counted toward the quota: keep it in the history as a send.
      const handle = handles.get(send);
      if (handle) pacer.answered(handle);
      returned++;
    },
    nextSendAt: (now, size) => pacer.nextSendAt(now, size),
    quotaChanged: () => pacer.changed(),
  };
}

/**
 * A pacer told the quota: `max` requests in flight and sends held to `limit` per `windowMs` (plus the
 * pacer's margin). The reference an adaptive run is measured against in benchmarks, and what a user who
 * knows the quota can configure.
 */
export function knownQuotaLimit(max: number, quota: { readonly limit: number; readonly windowMs: number; readonly unit?: 'requests' | 'tokens' }, options: QuotaPacerOptions = {}): ConcurrencyPolicy {
  const pacer = new QuotaPacer({ ...options, known: [{ unit: quota.unit ?? 'requests', limit: quota.limit, windowMs: quota.windowMs }] });
  const handles = new WeakMap<SendRecord, SendHandle>();
  const n = Math.max(1, Math.floor(max));
  return {
    limit: () => n,
    onSend: (send) => void handles.set(send, pacer.sent(send.startedAt, send.size)),
    onSuccess(send, _inFlight, now, feedback) {
      const handle = handles.get(send);
      if (handle) pacer.answered(handle, feedback, now);
    },
    onRateLimit() {},
    onFailure() {},
    nextSendAt: (now, size) => pacer.nextSendAt(now, size),
    quotaChanged: () => pacer.changed(),
  };
}
