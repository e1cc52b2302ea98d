/**
 * The adaptive policy's quota estimates, each on a simulated server and a virtual clock: a window learned
 * from RetryInfo delays, from Retry-After (seconds and HTTP dates), from x-ratelimit-* headers, stated by
 * QuotaFailure, and a token quota paced by estimated tokens. A simulated run of minutes takes milliseconds.
 */
import { describe, expect, it } from 'vitest';
import { RateLimitError } from '../../src/providers/errors.js';
import { parseRetryAfter, type RateLimitHeaders } from '../../src/providers/rate-limits.js';
import { createVirtualClock, type Clock } from '../../src/scheduler/clock.js';
import { dispatch } from '../../src/scheduler/dispatch.js';
import { aimdLimit, knownQuotaLimit, type ConcurrencyPolicy } from '../../src/scheduler/policies.js';
import { QuotaPacer } from '../../src/scheduler/quota.js';
import type { QuotaEstimate, QuotaFeedback, SchedulerEvent, Task } from '../../src/scheduler/spec.js';
import { mulberry32 } from '../../src/util/random.js';

/** How the simulated server words its 429s and answers. */
type Dialect = 'retry-info' | 'quota-failure' | 'retry-after-seconds' | 'retry-after-date' | 'headers' | 'tokens';

interface SimOptions {
  readonly clock: Clock;
  /** Requests (or, for `tokens`, input tokens) admitted per sliding window. */
  readonly limit: number;
  readonly windowMs: number;
  readonly dialect: Dialect;
  /** Virtual milliseconds per answer, 429s included (as the project's test server does). @default 300 */
  readonly latencyMs?: number;
  /** Tokens the server counts per character of a request. @default 1/3 */
  readonly tokensPerChar?: number;
  /** Changes the limit after this many accepted requests. */
  readonly changeAfter?: { readonly accepted: number; readonly limit: number };
}

/** A sliding-window server on the virtual clock; a request's weight is 1 or its tokens. */
function simulatedServer(options: SimOptions) {
  const { clock, windowMs, dialect } = options;
  const latency = options.latencyMs ?? 300;
  const tokensPerChar = options.tokensPerChar ?? 1 / 3;
  let limit = options.limit;
  const taken: { at: number; weight: number }[] = [];
  const log: { at: number; ok: boolean; retryMs: number | null }[] = [];
  const call = async (chars: number, signal: AbortSignal): Promise<{ quotaFeedback: QuotaFeedback }> => {
    const now = clock.now();
    const weight = dialect === 'tokens' ? Math.ceil(chars * tokensPerChar) : 1;
    while (taken.length > 0 && taken[0]!.at <= now - windowMs) taken.shift();
    let used = taken.reduce((sum, t) => sum + t.weight, 0);
    const budget = (): RateLimitHeaders => ({ requests: { limit, remaining: Math.max(0, limit - used), resetMs: taken.length > 0 ? taken[taken.length - 1]!.at + windowMs - now : 0 } });
    if (used + weight > limit) {
      // Time until enough of the window has left for this request.
      let freed = used;
      let frees = now;
      for (const t of taken) {
        freed -= t.weight;
        frees = t.at + windowMs;
        if (freed + weight <= limit) break;
      }
      const retryMs = frees - now;
      log.push({ at: now, ok: false, retryMs });
      await clock.sleep(latency, signal);
      if (dialect === 'quota-failure') throw new RateLimitError('429', retryMs, 'minute', limit, { quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', windowMs });
      if (dialect === 'tokens') throw new RateLimitError('429', retryMs, 'minute', limit, { quotaId: 'GenerateContentInputTokensPerModelPerMinute', windowMs, unit: 'tokens' });
      if (dialect === 'retry-after-seconds') throw new RateLimitError('429', parseRetryAfter(String(Math.ceil(retryMs / 1000)))!, 'minute');
      if (dialect === 'retry-after-date') {
        // An HTTP date has whole seconds: the client reads it against its own clock.
        const date = new Date(Math.ceil((now + retryMs) / 1000) * 1000).toUTCString();
        throw new RateLimitError('429', parseRetryAfter(date, now)!, 'minute');
      }
      if (dialect === 'headers') throw new RateLimitError('429', retryMs, 'minute', undefined, { headers: budget() });
      throw new RateLimitError('429', retryMs, 'minute');
    }
    taken.push({ at: now, weight });
    used += weight;
    log.push({ at: now, ok: true, retryMs: null });
    const feedback: QuotaFeedback = { inputTokens: weight, ...(dialect === 'headers' ? { rateLimit: budget() } : {}) };
    if (options.changeAfter && log.filter((l) => l.ok).length === options.changeAfter.accepted) limit = options.changeAfter.limit;
    await clock.sleep(latency, signal);
    return { quotaFeedback: feedback };
  };
  return { call, log };
}

interface RunResult {
  makespanMs: number;
  sends: number;
  lost: number;
  quotas: QuotaEstimate[][];
  log: { at: number; ok: boolean; retryMs: number | null }[];
}

async function run(policy: ConcurrencyPolicy, sim: SimOptions & { chunks: number; chars?: number }): Promise<RunResult> {
  const server = simulatedServer(sim);
  const tasks: Task<{ quotaFeedback: QuotaFeedback }>[] = Array.from({ length: sim.chunks }, (_, id) => ({ id, size: sim.chars ?? 0, run: (signal) => server.call(sim.chars ?? 0, signal) }));
  const quotas: QuotaEstimate[][] = [];
  const onEvent = (e: SchedulerEvent) => void (e.type === 'quota' && quotas.push([...e.quotas]));
  let ok = 0;
  for await (const outcome of dispatch(tasks, { policy, execute: (task, signal) => task.run(signal), clock: sim.clock, batchSize: sim.chunks, random: mulberry32(7) }, { onEvent })) {
    if (outcome.ok) ok++;
  }
  return { makespanMs: sim.clock.now(), sends: server.log.length, lost: sim.chunks - ok, quotas, log: server.log };
}

/** The ideal pacer's time (../shared/research/rate-limits.md): max(⌈N/C⌉·L, (⌈N/Q⌉ − 1)·W + L). */
function idealMs(chunks: number, limit: number, windowMs: number, latencyMs: number, concurrency: number): number {
  return Math.max(Math.ceil(chunks / concurrency) * latencyMs, (Math.ceil(chunks / limit) - 1) * windowMs + latencyMs);
}

const last = (quotas: QuotaEstimate[][], unit: 'requests' | 'tokens' = 'requests') => quotas.flat().filter((q) => q.unit === unit).pop();

describe('adaptive policy: quota estimates on a virtual clock', () => {
  it('learns a 10 s window and its 10 requests from RetryInfo delays alone, and paces to them', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, random: mulberry32(1) }), { clock, chunks: 46, limit: 10, windowMs: 10_000, dialect: 'retry-info' });
    expect(result.lost).toBe(0);
    expect(last(result.quotas)).toMatchObject({ unit: 'requests', limit: 10, source: 'learned' });
    expect(last(result.quotas)!.windowMs).toBeGreaterThan(9_500);
    expect(last(result.quotas)!.windowMs).toBeLessThan(10_500);
    expect(result.sends / 46).toBeLessThanOrEqual(1.15);
    expect(result.makespanMs).toBeLessThanOrEqual(1.15 * idealMs(46, 10, 10_000, 300, 16) + 3000);
  });

  it('takes a QuotaFailure’s stated quota, waits the server’s delay once, and sends ≤ 1.10 per chunk', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, random: mulberry32(2) }), { clock, chunks: 46, limit: 20, windowMs: 60_000, dialect: 'quota-failure' });
    expect(result.lost).toBe(0);
    expect(last(result.quotas)).toMatchObject({ unit: 'requests', limit: 20, windowMs: 60_000, source: 'stated' });
    expect(result.sends / 46).toBeLessThanOrEqual(1.1);
    expect(result.makespanMs).toBeLessThanOrEqual(1.1 * idealMs(46, 20, 60_000, 300, 16) + 3000);
    // The first wait: from the first 429 to the next send, against the delay it asked for.
    const first = result.log.findIndex((l) => !l.ok);
    const next = result.log.slice(first + 1).find((l) => l.at > result.log[first]!.at + 1000)!;
    expect(Math.abs(next.at - result.log[first]!.at - result.log[first]!.retryMs!)).toBeLessThanOrEqual(2000);
  });

  it('learns the window from Retry-After seconds and from an HTTP date', async () => {
    for (const dialect of ['retry-after-seconds', 'retry-after-date'] as const) {
      const clock = createVirtualClock(1_000_000);
      const result = await run(aimdLimit({ max: 16, random: mulberry32(3) }), { clock, chunks: 46, limit: 10, windowMs: 10_000, dialect });
      expect(result.lost, dialect).toBe(0);
      const quota = last(result.quotas)!;
      expect(quota, dialect).toMatchObject({ limit: 10, source: 'learned' });
      // Whole seconds overstate the wait by up to a second: the window may come out a little long, never short.
      expect(quota.windowMs, dialect).toBeGreaterThan(9_900);
      expect(quota.windowMs, dialect).toBeLessThan(11_100);
      expect(result.sends / 46, dialect).toBeLessThanOrEqual(1.15);
      expect(result.makespanMs - 1_000_000, dialect).toBeLessThanOrEqual(1.15 * idealMs(46, 10, 10_000, 300, 16) + 3000);
    }
  });

  it('paces to x-ratelimit-* headers before the budget runs out: ≤ 1.05 sends per chunk', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, random: mulberry32(4) }), { clock, chunks: 46, limit: 10, windowMs: 10_000, dialect: 'headers' });
    expect(result.lost).toBe(0);
    expect(last(result.quotas)).toMatchObject({ unit: 'requests', limit: 10, windowMs: 10_000, source: 'headers' });
    expect(result.sends / 46).toBeLessThanOrEqual(1.05);
    expect(result.makespanMs).toBeLessThanOrEqual(1.1 * idealMs(46, 10, 10_000, 300, 16) + 3000);
  });

  it('paces a token quota by estimated tokens, calibrated from the answers’ token counts', async () => {
    const clock = createVirtualClock(0);
    // 1,500 characters ≈ 500 tokens a request; 5,000 tokens a minute: 10 requests a minute.
    const result = await run(aimdLimit({ max: 16, random: mulberry32(5) }), { clock, chunks: 30, chars: 1500, limit: 5000, windowMs: 60_000, dialect: 'tokens' });
    expect(result.lost).toBe(0);
    const quota = last(result.quotas, 'tokens')!;
    expect(quota).toMatchObject({ unit: 'tokens', limit: 5000, windowMs: 60_000, source: 'stated' });
    expect(quota.tokensPerChar!).toBeCloseTo(1 / 3, 2);
    expect(result.sends / 30).toBeLessThanOrEqual(1.15);
    expect(result.makespanMs).toBeLessThanOrEqual(1.15 * idealMs(30, 10, 60_000, 300, 16) + 3000);
  });

  it('with headers expected (firstWave 3), a budget smaller than the default first wave costs no refusal', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, firstWave: 3, random: mulberry32(9) }), { clock, chunks: 46, limit: 5, windowMs: 10_000, dialect: 'headers' });
    expect(result.lost).toBe(0);
    expect(result.sends / 46).toBeLessThanOrEqual(1.05);
  });

  it('sends a first wave of 8 at once, then probes narrowly until a quota is known', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, random: mulberry32(10) }), { clock, chunks: 46, limit: 20, windowMs: 60_000, dialect: 'retry-info' });
    expect(result.log.filter((l) => l.at === 0)).toHaveLength(8);
    // The quota fills at the 21st send: only the probes in flight then (at most 3) are refused.
    const refusedBeforeLearning = result.log.filter((l) => !l.ok && l.at < 30_000).length;
    expect(refusedBeforeLearning).toBeGreaterThan(0);
    expect(refusedBeforeLearning).toBeLessThanOrEqual(3);
    // The 6th send of the first window was at 0, so the run ends right after two more windows.
    expect(result.makespanMs).toBeLessThanOrEqual(120_000 + 300 + 2 * 200);
  });

  it('keeps re-estimating: a quota cut from 10 to 5 per 10 s mid-run is learned again', async () => {
    const clock = createVirtualClock(0);
    const result = await run(aimdLimit({ max: 16, random: mulberry32(6) }), { clock, chunks: 60, limit: 10, windowMs: 10_000, dialect: 'retry-info', changeAfter: { accepted: 25, limit: 5 } });
    expect(result.lost).toBe(0);
    expect(last(result.quotas)).toMatchObject({ limit: 5 });
    // After the cut, most windows pass without a refusal.
    expect(result.sends / 60).toBeLessThanOrEqual(1.3);
  });

  it('the pacer told the quota: no refusal at all', async () => {
    const clock = createVirtualClock(0);
    const result = await run(knownQuotaLimit(16, { limit: 10, windowMs: 10_000 }, { random: mulberry32(8) }), { clock, chunks: 46, limit: 10, windowMs: 10_000, dialect: 'retry-info' });
    expect(result.sends).toBe(46);
    expect(result.makespanMs).toBeLessThanOrEqual(1.05 * idealMs(46, 10, 10_000, 300, 16) + 1000);
  });
});

describe('QuotaPacer', () => {
  it('holds a send until the oldest send of a full learned window has left it, plus a margin', () => {
    const pacer = new QuotaPacer({ random: () => 0 });
    const handles = [0, 100, 200].map((at) => pacer.sent(at));
    for (const h of handles.slice(0, 2)) pacer.answered(h);
    // The third is refused: capacity frees 5 s after the first send.
    pacer.refused(handles[2]!, new RateLimitError('429', 4800, 'minute'));
    expect(pacer.quotas()).toEqual([{ unit: 'requests', limit: 2, windowMs: 5000, source: 'learned' }]);
    const at = pacer.nextSendAt(300);
    // Just past the edge: 8 ms + 0.05% of the window (jitter 0 here), not a fixed second.
    expect(at).toBeGreaterThanOrEqual(5008);
    expect(at).toBeLessThanOrEqual(5050);
  });

  it('counts a send from its start plus the delay its answer’s own round trip shows, not the time spent checking it', () => {
    const pacer = new QuotaPacer({ random: () => 0, known: [{ unit: 'requests', limit: 1, windowMs: 1000 }] });
    // The shortest round trip: 100 ms.
    pacer.answered(pacer.sent(0), { inputTokens: 0, respondedAt: 100 }, 130);
    // 140 ms to the answer (40 ms more than the shortest: it reached the server late), checked until 400.
    pacer.answered(pacer.sent(1200), { inputTokens: 0, respondedAt: 1340 }, 1400);
    // Its slot frees a window after 1240, plus the margin (8 ms + 0.05% of the window).
    expect(pacer.nextSendAt(1500)).toBeCloseTo(1240 + 1000 + 8.5, 6);
  });

  it('a stated quota (QuotaFailure id and value) is taken as is', () => {
    const pacer = new QuotaPacer();
    pacer.refused(pacer.sent(0), new RateLimitError('429', 30_000, 'minute', 15, { quotaId: 'GenerateRequestsPerMinutePerProjectPerModel', windowMs: 60_000 }));
    expect(pacer.quotas()).toEqual([{ unit: 'requests', limit: 15, windowMs: 60_000, source: 'stated' }]);
  });

  it('headers: the limit as stated, the window as the longest reset seen, the budget held', () => {
    const pacer = new QuotaPacer({ random: () => 0 });
    const first = pacer.sent(0);
    pacer.answered(first, { inputTokens: 10, rateLimit: { requests: { limit: 3, remaining: 2, resetMs: 8000 } } });
    expect(pacer.quotas()).toEqual([{ unit: 'requests', limit: 3, windowMs: 8000, source: 'headers' }]);
    pacer.sent(10);
    pacer.sent(20);
    // Three sends in the window: the next waits for the first to leave it.
    expect(pacer.nextSendAt(30)).toBeGreaterThanOrEqual(8000);
  });
});
