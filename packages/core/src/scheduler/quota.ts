/**
 * The quota estimator and pacer of the adaptive scheduler: it learns a quota — a window and the requests
 * (or tokens) it admits — from what the server says and when it said it, and tells the dispatcher when the
 * next send may start so that the server refuses almost nothing.
 *
 * What it learns from, best first:
 * - a 429 that states its quota: `QuotaFailure` id (`…PerMinute…`: 60 s, `…Tokens…`: a token quota) and
 *   value (the limit) — taken as is;
 * - `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` headers of any answer: the limit as is, the
 *   window as the longest reset seen (a reset is "until the budget is whole again", at most one window);
 *   the remaining budget holds sends beyond it;
 * - otherwise the timing alone: a 429 at send time `s` asking to wait `d` says a slot frees at `F = s + d`.
 *   On a sliding window that is the moment the oldest request in the window leaves it, so `F − a` for an
 *   accepted send time `a` is a candidate window and the sends accepted in `[a, s)` its limit. A candidate
 *   is kept only if it fits what happened: no accepted send had a full window before it, and every 429 met
 *   a full window. Of those, the shortest window whose rate is within 10% of the fastest wins (a longer
 *   window at the same rate allows bigger bursts).
 *   When none fits (a fixed window, a quota that changed, a token bucket), only the sends since the last
 *   cool-down are used. Every new 429 re-estimates: quotas change under load and across keys.
 * No window length is assumed anywhere: a quota of 10 per 10 s is learned as such, not as a per-minute cap.
 *
 * Pacing: a send may start when fewer than `limit` sends (or `limit` tokens, estimated) were counted by
 * the server in the last `window + margin`, each send counted at its anchor (its start plus the delay its
 * round trip shows it had before reaching the server); the margin (8 ms + 0.05% of the window, plus jitter
 * of up to 10 ms + 0.05% drawn per send) aims just after the window's edge, where a sliding-window server
 * refuses. A paced send refused just before its slot freed widens the margin by what it missed (up to 5%
 * of the window, or 500 ms): the timing noise of a busy machine or network is larger than assumed. Token estimates are the request's characters times tokens per character calibrated from the
 * answers' token counts (`usageMetadata.promptTokenCount`), not a fixed guess once an answer has come.
 */
import type { RateLimitError } from '../providers/errors.js';
import type { RateLimitBudget, RateLimitHeaders } from '../providers/rate-limits.js';
import type { QuotaEstimate, QuotaFeedback } from './spec.js';

/** One send as the pacer tracks it. */
interface Entry {
  readonly at: number;
  readonly chars: number;
  /** Estimated tokens until the answer gives the real count. */
  tokens: number;
  answered: boolean;
  /** Sent before any answer came back: its round trip may hold a cold start (loading modules, connecting). */
  readonly firstWave: boolean;
  /** Sent while a quota estimate was in force. */
  readonly paced: boolean;
  /** Milliseconds from start to answer (or 429), once known. */
  rtt?: number;
  /**
   * When the server counted it, as a 429 told: under a stated window `W`, a 429 saying capacity frees at
   * `F` means the send that leaves the window then was counted at `F − W`.
   */
  told?: number;
}

/** A send as the server most likely counted it: at its anchor (see {@link QuotaPacer.anchorOf}). */
interface Counted {
  readonly at: number;
  readonly weight: number;
  readonly answered: boolean;
}

/** A 429 kept for checking candidate estimates. */
interface Refusal {
  readonly entry: Entry;
  /** The wait the server asked for, in ms from its decision. */
  readonly retryAfterMs: number;
}

/** A 429 as the estimator reads it: sent (anchored) at `at`, capacity free at `freeAt`. */
interface ReadRefusal {
  readonly at: number;
  readonly freeAt: number;
  /** The refused request's weight in the unit (1 request, or its estimated tokens). */
  readonly weight: number;
}

/** A budget from `x-ratelimit-*` headers. */
interface Budget {
  /** Send time of the request whose answer carried it. */
  readonly at: number;
  readonly remaining: number;
  readonly resetAt: number;
}

type Unit = 'requests' | 'tokens';

/** Options of {@link QuotaPacer}. */
export interface QuotaPacerOptions {
  /** Random numbers in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
  /** Sends remembered (the accept history the estimates are checked against). @default 2000 */
  readonly historySize?: number;
  /** Tokens per character assumed before any answer has given a count. @default 0.25 */
  readonly initialTokensPerChar?: number;
  /** Quotas known from the start (e.g. configured), taken as stated. @default none */
  readonly known?: readonly Pick<QuotaEstimate, 'unit' | 'limit' | 'windowMs'>[];
}

/** A handle on one send, from {@link QuotaPacer.sent}. */
export type SendHandle = object;

const REFUSALS_KEPT = 32;

/**
 * The margin past a window's edge: a fixed part for the clock's and the event loop's granularity plus a
 * small fraction of the window, and jitter across sends (13–26 ms for 10 s, 38–76 ms for 60 s). Small,
 * because each send's own delay to the server is already in its anchor (see `anchorOf`); a margin that
 * proves too small grows after a refusal at the edge.
 */
const MARGIN_MS = 8;
const JITTER_MS = 8;
const MARGIN_FRACTION = 0.0005;

/**
 * Most of a slow round trip taken as a send's delay to the server over a span of `spanMs` (a window, or
 * the time a 429 spans): 2% of it, and at least 50 ms. Sends of the first wave are not bounded.
 */
const delayCap = (spanMs: number): number => Math.max(50, 0.02 * spanMs);
/**
 * Most a send's delay moves it when learning a window, in ms: a learned window is a 429's free time minus
 * an earlier send's anchor, so an anchor too late would make the window too short (a slow round trip can
 * be the server's own slowness, after it counted the request).
 */
const LEARNING_DELAY_MS = 50;

/** Learns quotas and paces sends to them; see the module comment. Times are clock milliseconds. */
export class QuotaPacer {
  private readonly random: () => number;
  private readonly historySize: number;
  /** Sends not refused, in start order. */
  private log: Entry[] = [];
  private readonly handles = new WeakMap<SendHandle, Entry>();
  private readonly refusals: Record<Unit, Refusal[]> = { requests: [], tokens: [] };
  private readonly estimates: Record<Unit, QuotaEstimate | null> = { requests: null, tokens: null };
  /** Estimates to redo from the refusals before the next pacing decision. */
  private readonly stale: Record<Unit, boolean> = { requests: false, tokens: false };
  /** What the last 429 of each unit stated (limit and/or window), kept for re-estimates. */
  private readonly stated: Record<Unit, { limit?: number; windowMs?: number }> = { requests: {}, tokens: {} };
  private readonly budgets: Record<Unit, Budget | null> = { requests: null, tokens: null };
  /** Longest `x-ratelimit-reset-*` seen for the current header limit, per unit. */
  private readonly longestReset: Record<Unit, { limit: number; resetMs: number } | null> = { requests: null, tokens: null };
  /** Shortest round trip of an answered send: the network and the server's own time, without a cold start. */
  private minRtt = Infinity;
  private answers = 0;
  private charsCounted = 0;
  private tokensCounted = 0;
  private readonly initialTokensPerChar: number;
  /** The jitter of the next send, drawn once and kept until it starts, so waiting does not re-roll it. */
  private nextJitter: number | null = null;
  /** Margin added after 429s at a window's edge (the machine's or the network's timing noise), in ms. */
  private edgeMargin = 0;
  /** When the edge margin last grew for a new burst of misses, and what it was before. */
  private marginGrownAt = -Infinity;
  private marginBeforeBurst = 0;
  private lastReported = '';

  constructor(options: QuotaPacerOptions = {}) {
    this.random = options.random ?? Math.random;
    this.historySize = Math.max(16, options.historySize ?? 2000);
    this.initialTokensPerChar = options.initialTokensPerChar ?? 0.25;
    for (const quota of options.known ?? []) this.estimates[quota.unit] = { ...quota, source: 'stated' };
  }

  /** Estimated tokens per character of a request: input tokens counted by the server over characters sent. */
  tokensPerChar(): number {
    return this.charsCounted > 0 && this.tokensCounted > 0 ? this.tokensCounted / this.charsCounted : this.initialTokensPerChar;
  }

  /** The quotas paced to now (re-estimated first if a 429 came since). */
  quotas(): QuotaEstimate[] {
    this.refresh();
    const out: QuotaEstimate[] = [];
    if (this.estimates.requests) out.push(this.estimates.requests);
    if (this.estimates.tokens) {
      const sized = this.log.filter((e) => e.chars > 0);
      const chars = sized.reduce((sum, e) => sum + e.chars, 0) / Math.max(1, sized.length);
      out.push({ ...this.estimates.tokens, tokensPerChar: +this.tokensPerChar().toFixed(4), tokensPerRequest: Math.round(chars * this.tokensPerChar()) });
    }
    return out;
  }

  /** True once any quota is known. */
  known(): boolean {
    return this.estimates.requests !== null || this.estimates.tokens !== null || this.stale.requests || this.stale.tokens;
  }

  /**
   * The quotas if they changed since the last call (for a `quota` event), else null.
   */
  changed(): QuotaEstimate[] | null {
    const quotas = this.quotas();
    const key = JSON.stringify(quotas.map((q) => [q.unit, q.limit, Math.round(q.windowMs / 100), q.source]));
    if (key === this.lastReported) return null;
    this.lastReported = key;
    return quotas;
  }

  /** A send of `chars` characters starts at `at`. */
  sent(at: number, chars = 0): SendHandle {
    const entry: Entry = { at, chars, tokens: chars * this.tokensPerChar(), answered: false, firstWave: this.answers === 0, paced: this.estimates.requests !== null || this.estimates.tokens !== null };
    this.log.push(entry);
    if (this.log.length > this.historySize) this.log.splice(0, this.log.length - this.historySize);
    this.nextJitter = null;
    const handle = {};
    this.handles.set(handle, entry);
    return handle;
  }

  /**
   * The send was answered (not refused) at `now`; `feedback` is what the answer said, when it said anything.
   * Without `now` its round trip is unknown.
   */
  answered(handle: SendHandle, feedback?: QuotaFeedback, now?: number): void {
    const entry = this.handles.get(handle);
    if (!entry) return;
    entry.answered = true;
    this.answers++;
    if (now !== undefined && !feedback?.cached) {
      // The answer's own arrival when the task says it (checking answers takes time the server never saw).
      const respondedAt = feedback?.respondedAt;
      entry.rtt = (respondedAt !== undefined && respondedAt >= entry.at && respondedAt <= now ? respondedAt : now) - entry.at;
      this.minRtt = Math.min(this.minRtt, entry.rtt);
    }
    if (feedback?.cached) {
      // No request went out: it used no quota.
      this.forget(entry);
      return;
    }
    if (feedback && feedback.inputTokens > 0) {
      entry.tokens = feedback.inputTokens;
      if (entry.chars > 0) {
        this.charsCounted += entry.chars;
        this.tokensCounted += feedback.inputTokens;
      }
    }
    if (feedback?.rateLimit) this.readHeaders(entry.at, feedback.rateLimit);
  }

  /** The send was refused at `now` with a 429 (a per-minute one: per-day quotas stop the run instead). */
  refused(handle: SendHandle, error: RateLimitError, now?: number): void {
    const entry = this.handles.get(handle);
    if (!entry) return;
    this.answers++;
    if (now !== undefined) entry.rtt = now - entry.at;
    this.forget(entry);
    if (error.headers) this.readHeaders(entry.at, error.headers);
    const unit: Unit = error.unit;
    const estimate = this.estimates[unit];
    // Sent by the pacer and refused just before a slot freed: the timing noise is larger than the margin,
    // and the quota is what it was (re-learning from a near miss alone would shrink the window to nothing).
    const edgeMiss = estimate !== null && entry.paced && error.retryAfterMs <= Math.max(0.05 * estimate.windowMs, 500);
    // Once per burst: the sends released together with this one were paced by the same too-small margin,
    // which grows to cover the worst miss among them (not by the sum of their misses).
    if (edgeMiss) {
      if (entry.at > this.marginGrownAt) {
        this.marginBeforeBurst = this.edgeMargin;
        this.marginGrownAt = now ?? entry.at;
      }
      const needed = this.marginBeforeBurst + error.retryAfterMs + 50;
      this.edgeMargin = Math.min(Math.max(0.05 * estimate.windowMs, 500), Math.max(this.edgeMargin, needed));
    }
    const refusals = this.refusals[unit];
    refusals.push({ entry, retryAfterMs: Math.max(0, error.retryAfterMs) });
    if (refusals.length > REFUSALS_KEPT) refusals.shift();
    this.stated[unit] = {
      ...(error.quotaValue !== undefined && error.quotaValue > 0 ? { limit: error.quotaValue } : {}),
      ...(error.windowMs !== undefined && error.windowMs > 0 ? { windowMs: error.windowMs } : {}),
    };
    // Worked out when next needed, once the rest of the burst has been answered or refused too.
    if (!edgeMiss) this.stale[unit] = true;
    else this.tell(unit, estimate);
  }

  /**
   * How long after its start a send reached the server, as its round trip shows: the part beyond the
   * shortest answered round trip (0 for a 429 that comes back faster than answers do), at most `cap` ms.
   */
  private delayOf(entry: Entry, cap: number): number {
    if (entry.rtt === undefined || !Number.isFinite(this.minRtt)) return 0;
    return Math.min(Math.max(0, entry.rtt - this.minRtt), cap);
  }

  /**
   * The earliest clock time a send of `chars` characters may start at; `now` or earlier means now.
   */
  nextSendAt(now: number, chars = 0): number {
    this.refresh();
    let at = now;
    const requests = this.estimates.requests;
    if (requests) at = Math.max(at, this.windowFreesAt(requests, now, 1, 'requests'));
    const tokens = this.estimates.tokens;
    if (tokens) at = Math.max(at, this.windowFreesAt(tokens, now, chars * this.tokensPerChar(), 'tokens'));
    for (const unit of ['requests', 'tokens'] as const) {
      const budget = this.budgets[unit];
      if (!budget || budget.resetAt <= now) continue;
      const used = this.log.filter((e) => e.at > budget.at).reduce((sum, e) => sum + (unit === 'tokens' ? e.tokens : 1), 0);
      const need = unit === 'tokens' ? chars * this.tokensPerChar() : 1;
      if (used + need > budget.remaining) {
        // The server said the budget is spent: wait for the first slot it frees (or its reset).
        const estimate = this.estimates[unit];
        const oldest = estimate ? this.log.find((e) => e.at > now - estimate.windowMs) : undefined;
        const frees = oldest && estimate ? Math.min(budget.resetAt, oldest.at + estimate.windowMs) : budget.resetAt;
        at = Math.max(at, frees + this.margin(estimate?.windowMs ?? budget.resetAt - budget.at));
      }
    }
    return at;
  }

  /** The margin after a window's edge for the next send, in ms (jitter drawn once per send). */
  private margin(windowMs: number): number {
    this.nextJitter ??= this.random();
    return MARGIN_MS + MARGIN_FRACTION * windowMs + this.edgeMargin + this.nextJitter * (JITTER_MS + MARGIN_FRACTION * windowMs);
  }

  /** When the window has room for `need` more (requests or tokens): `now` if it has room now. */
  private windowFreesAt(estimate: QuotaEstimate, now: number, need: number, unit: Unit): number {
    const margin = this.margin(estimate.windowMs);
    const span = estimate.windowMs + margin;
    const log = this.counted(unit, estimate.windowMs);
    let used = 0;
    let first = log.length;
    for (let i = log.length - 1; i >= 0 && log[i]!.at > now - span; i--) {
      used += log[i]!.weight;
      first = i;
    }
    if (used + need <= estimate.limit || used === 0) return now;
    // Sends leave the window oldest first; wait until enough have left (a send larger than the whole
    // quota waits for an empty window).
    for (let i = first; i < log.length; i++) {
      used -= log[i]!.weight;
      if (used + need <= estimate.limit || used <= 0) return log[i]!.at + span;
    }
    return now;
  }

  /**
   * When the server counted a send, as late as it may have been: its start plus its delay to the server
   * (`delayOf`: a busy event loop, a worker thread picking the task up, or a cold start for the sends before
   * any answer came back), and no earlier than a 429 told (see `tell`). Pacing counts each send from there,
   * so the margin past a window's edge can stay small. The delay taken is at most 2% of the window (50 ms at
   * least) except for the first wave, whose cold start can be long: an answer slow for the server's own
   * reasons (a long generation) then only holds that send's slot a little longer.
   */
  private anchorOf(e: Entry, windowMs: number): number {
    const anchor = e.at + this.delayOf(e, e.firstWave ? Infinity : delayCap(windowMs));
    return e.told !== undefined ? Math.max(anchor, e.told) : anchor;
  }

  /**
   * Under a stated window, a 429 tells when the server counted the send that frees its slot: the
   * `limit`-th latest accepted send before the refused one was counted at `freeAt − window` (later than
   * it started when it took long to reach the server, as the first sends of a run do).
   */
  private tell(unit: Unit, estimate: QuotaEstimate): void {
    if (unit !== 'requests' || estimate.source !== 'stated') return;
    for (const refusal of this.refusals.requests) {
      const before = this.log.filter((e) => e.at <= refusal.entry.at);
      const oldest = before[before.length - estimate.limit];
      if (!oldest) continue;
      const counted = refusal.entry.at + this.delayOf(refusal.entry, delayCap(estimate.windowMs)) + refusal.retryAfterMs - estimate.windowMs;
      // Only later than its start, and by less than a window: anything else is not this send.
      if (counted > oldest.at && counted - oldest.at < estimate.windowMs) oldest.told = Math.max(oldest.told ?? oldest.at, counted);
    }
  }

  /**
   * The sends with their weight in `unit`, in time order: at their anchors under a window of `windowMs`
   * (for pacing), or for learning (`null`) at their starts plus their delays up to `LEARNING_DELAY_MS`.
   */
  private counted(unit: Unit, windowMs: number | null): Counted[] {
    const at = (e: Entry) => (windowMs !== null ? this.anchorOf(e, windowMs) : e.at + this.delayOf(e, LEARNING_DELAY_MS));
    return this.log.map((e) => ({ at: at(e), weight: unit === 'tokens' ? e.tokens : 1, answered: e.answered })).sort((a, b) => a.at - b.at);
  }

  private forget(entry: Entry): void {
    const i = this.log.lastIndexOf(entry);
    if (i >= 0) this.log.splice(i, 1);
  }

  /** Takes the `x-ratelimit-*` headers of an answer to a request sent at `at`. */
  private readHeaders(at: number, headers: RateLimitHeaders): void {
    for (const unit of ['requests', 'tokens'] as const) {
      const budget: RateLimitBudget | undefined = headers[unit];
      if (!budget) continue;
      if (budget.remaining !== undefined && budget.resetMs !== undefined) {
        // The newest word wins: answers may arrive out of order.
        if (!this.budgets[unit] || this.budgets[unit]!.at <= at) this.budgets[unit] = { at, remaining: budget.remaining, resetAt: at + budget.resetMs };
      }
      if (budget.limit === undefined || budget.limit <= 0) continue;
      const longest = this.longestReset[unit];
      const resetMs = Math.max(budget.resetMs ?? 0, longest && longest.limit === budget.limit ? longest.resetMs : 0);
      this.longestReset[unit] = { limit: budget.limit, resetMs };
      const current = this.estimates[unit];
      if (current?.source === 'stated') continue;
      // A reset is at most one window; the longest seen is the best guess of the window. A learned window
      // that is longer (from a 429) is kept.
      const windowMs = Math.max(resetMs, current?.source === 'learned' ? current.windowMs : 0);
      if (windowMs > 0) this.estimates[unit] = { unit, limit: budget.limit, windowMs, source: 'headers' };
    }
  }

  /** Redoes stale estimates from the refusals. */
  private refresh(): void {
    for (const unit of ['requests', 'tokens'] as const) {
      if (!this.stale[unit]) continue;
      this.stale[unit] = false;
      const estimate = this.estimate(unit);
      if (estimate) {
        this.estimates[unit] = estimate;
        this.tell(unit, estimate);
      }
    }
  }

  private estimate(unit: Unit): QuotaEstimate | null {
    const refusals = this.refusals[unit];
    const latest = refusals[refusals.length - 1];
    if (!latest) return null;
    const stated = this.stated[unit];
    if (stated.limit !== undefined && stated.windowMs !== undefined) return { unit, limit: stated.limit, windowMs: stated.windowMs, source: 'stated' };
    const current = this.estimates[unit];
    // Headers state the limit; a 429 then only corrects the window.
    const limit = stated.limit ?? (current?.source === 'headers' ? current.limit : undefined);
    // Sends at their starts plus their delays to the server, but at most LEARNING_DELAY_MS: a slow first
    // answer (the server warming up after it counted the request) cannot shorten the window by more than
    // that, and an edge miss then widens the margin. A 429's delay is taken in full (up to 2% of the time
    // it spans, without a bound in the first wave, whose cold start can be long): a later free time only
    // lengthens the window.
    const first = this.log[0]?.at;
    const read: ReadRefusal[] = refusals.map((r) => {
      const span = r.entry.at + r.retryAfterMs - Math.min(first ?? r.entry.at, r.entry.at);
      const delay = this.delayOf(r.entry, r.entry.firstWave ? Infinity : delayCap(span));
      return { at: r.entry.at + Math.min(delay, LEARNING_DELAY_MS), freeAt: r.entry.at + delay + r.retryAfterMs, weight: unit === 'tokens' ? r.entry.tokens : 1 };
    });
    const found = learn(this.counted(unit, null), read, limit, stated.windowMs);
    // When nothing fits the whole history, learn() used the latest 429 alone: forget the older ones.
    if (found?.fresh) refusals.splice(0, refusals.length - 1);
    if (found) {
      const source = stated.limit !== undefined || stated.windowMs !== undefined ? 'stated' : current?.source === 'headers' ? 'headers' : 'learned';
      return { unit, limit: found.limit, windowMs: found.windowMs, source };
    }
    return current;
  }
}

/**
 * The window and limit that explain the refusals and the accepted sends (see the module comment), or null
 * when nothing can be said. `limit` or `windowMs`, when the server stated one, is taken as given.
 */
function learn(
  log: readonly Counted[],
  refusals: readonly ReadRefusal[],
  statedLimit: number | undefined,
  statedWindowMs: number | undefined,
): { limit: number; windowMs: number; fresh?: boolean } | null {
  const weight = (e: Counted) => e.weight;
  const latest = refusals[refusals.length - 1]!;
  // The candidates: the latest sends before the 429 (enough for any window the history can show).
  const before = log.filter((e) => e.at <= latest.at).slice(-500);
  if (statedWindowMs !== undefined) {
    // The window is known: the limit is what it held when the 429 came.
    const held = before.filter((e) => e.at > latest.at - statedWindowMs).reduce((sum, e) => sum + weight(e), 0);
    return { limit: statedLimit ?? Math.max(1, Math.floor(held)), windowMs: statedWindowMs };
  }
  // Send times and running sums of their weights, for window sums by binary search.
  const times = log.map((e) => e.at);
  const sums = [0];
  for (const e of log) sums.push(sums[sums.length - 1]! + weight(e));
  /** Weight of the sends in (from, to]. */
  const between = (from: number, to: number) => sums[upperBound(times, to)]! - sums[upperBound(times, from)]!;
  const fits = (limit: number, windowMs: number): boolean => {
    const tolerance = Math.max(50, 0.02 * windowMs);
    // No accepted send met a full window...
    for (let i = 0; i < log.length; i++) {
      if (log[i]!.answered && between(log[i]!.at - windowMs + tolerance, log[i]!.at) > limit + 1e-9) return false;
    }
    // ...and every 429 did.
    for (const refusal of refusals) {
      if (between(refusal.at - windowMs - tolerance, refusal.at) + refusal.weight <= limit * 0.98) return false;
    }
    return true;
  };

  let best: { limit: number; windowMs: number } | null = null;
  const candidates: { limit: number; windowMs: number }[] = [];
  let held = 0;
  for (let j = before.length - 1; j >= 0; j--) {
    held += weight(before[j]!);
    const windowMs = latest.freeAt - before[j]!.at;
    if (windowMs <= 0) continue;
    const limit = statedLimit ?? held;
    if (statedLimit !== undefined && Math.abs(held - statedLimit) > Math.max(0.5, 0.05 * statedLimit)) continue;
    if (!fits(limit, windowMs)) continue;
    candidates.push({ limit, windowMs });
  }
  // The shortest window whose rate is within 10% of the fastest: a longer window at the same rate allows
  // bigger bursts, which timing noise turns into refusals.
  const fastest = Math.max(0, ...candidates.map((c) => c.limit / c.windowMs));
  for (const c of candidates) if (c.limit / c.windowMs >= 0.9 * fastest && (!best || c.windowMs < best.windowMs)) best = c;
  if (best) return { limit: whole(best.limit), windowMs: best.windowMs };

  // Nothing fits the whole history: the quota is not a sliding window, or it changed. Use what was sent
  // since the cool-down before this one, and forget the older refusals.
  const previous = [...refusals].reverse().find((r) => r.freeAt <= latest.at);
  const recent = before.filter((e) => !previous || e.at >= previous.freeAt);
  const oldest = recent[0];
  if (!oldest) return null;
  const windowMs = latest.freeAt - oldest.at;
  const total = recent.reduce((sum, e) => sum + weight(e), 0);
  if (windowMs <= 0) return null;
  return { limit: whole(statedLimit ?? Math.max(1, total)), windowMs, fresh: true };
}

/** The number of sorted `times` at or before `t`. */
function upperBound(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A limit as a whole number of requests (or tokens), at least 1. */
function whole(limit: number): number {
  return Math.max(1, Math.floor(limit + 1e-9));
}
