import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, describeState, formatDuration, pauseLength, ProgressTracker } from '../src/_progress.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('ProgressTracker', () => {
  it('counts chunks done, failed and in flight from scheduler events', () => {
    const c = clock();
    const t = new ProgressTracker(4, c.now);
    t.apply({ type: 'start', id: 0, attempt: 1 });
    t.apply({ type: 'start', id: 1, attempt: 1 });
    expect(t.state()).toMatchObject({ done: 0, failed: 0, inFlight: 2, etaMs: null });
    c.advance(2000);
    t.apply({ type: 'done', id: 0, ok: true, attempts: 1 });
    t.apply({ type: 'done', id: 1, ok: false, attempts: 4 });
    expect(t.state()).toMatchObject({ done: 2, failed: 1, inFlight: 0, etaMs: 2000 });
  });

  it('counts a chunk retried at the end of the run by its last outcome', () => {
    const t = new ProgressTracker(1, clock().now);
    t.apply({ type: 'done', id: 0, ok: false, attempts: 4 });
    t.apply({ type: 'start', id: 0, attempt: 5 });
    t.apply({ type: 'done', id: 0, ok: true, attempts: 5 });
    expect(t.state()).toMatchObject({ done: 1, failed: 0, etaMs: 0 });
  });

  it('shows a 429 pause counting down, and the limit and in-flight count the scheduler reports', () => {
    const c = clock();
    const t = new ProgressTracker(10, c.now);
    t.apply({ type: 'start', id: 0, attempt: 1 });
    t.apply({ type: 'rateLimit', id: 0, retryAfterMs: 5000, scope: 'minute' });
    t.apply({ type: 'pause', untilMs: c.now() + 7000, resumeInMs: 7000 });
    t.apply({ type: 'retry', id: 0, attempt: 1, delayMs: 7000, error: Object.assign(new Error('429'), { name: 'RateLimitError' }) });
    t.apply({ type: 'limit', limit: 2, inFlight: 1 });
    expect(t.state()).toMatchObject({ pauseMs: 7000, limit: 2, inFlight: 1 });
    c.advance(3000);
    expect(t.state().pauseMs).toBe(4000);
    c.advance(5000);
    expect(t.state().pauseMs).toBe(0);
  });

  it('ignores events it does not know', () => {
    const t = new ProgressTracker(1, clock().now);
    expect(t.apply({ type: 'workerStarted' })).toBe(false);
    expect(t.state()).toMatchObject({ done: 0, inFlight: 0 });
  });
});

describe('the progress line', () => {
  it('says done/total, failed, in flight, limit, pause and ETA', () => {
    expect(describeState({ total: 40, done: 12, failed: 1, inFlight: 3, limit: 4, pauseMs: 9000, etaMs: 70_000, quotas: [] })).toBe(
      '12/40 chunks · 1 failed · 3 in flight · limit 4 · 429 pause 9s · ETA 1m10s',
    );
    expect(describeState({ total: 2, done: 0, failed: 0, inFlight: 1, limit: null, pauseMs: 0, etaMs: null, quotas: [] })).toBe('0/2 chunks · 1 in flight · ETA –');
  });

  it('says the quota paced to, and for a token quota that chunks are paced by estimated tokens', () => {
    const t = new ProgressTracker(46, () => 0);
    t.apply({ type: 'quota', quotas: [{ unit: 'requests', limit: 10, windowMs: 10_000, source: 'learned' }] });
    expect(describeState(t.state())).toBe('0/46 chunks · 0 in flight · quota 10 req/10s (learned) · ETA –');
    t.apply({ type: 'quota', quotas: [{ unit: 'tokens', limit: 250_000, windowMs: 60_000, source: 'stated', tokensPerChar: 0.31, tokensPerRequest: 1234 }] });
    expect(describeState(t.state())).toBe('0/46 chunks · 0 in flight · quota 250k tokens/1m (stated), ~1.2k tokens/chunk · ETA –');
  });

  it('formats durations and pause lengths', () => {
    expect([formatDuration(400), formatDuration(12_000), formatDuration(185_000), formatDuration(3_720_000)]).toEqual(['1s', '12s', '3m05s', '1h02m']);
    expect(pauseLength({ resumeInMs: 1500, untilMs: 0 })).toBe(1500);
    expect(pauseLength({ untilMs: Date.now() + 10_000 })).toBeGreaterThan(9000);
  });
});

/** A stream that keeps what is written. */
function sink() {
  let text = '';
  const stream = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
}

describe('plain log lines', () => {
  it('off a terminal: a line per finished chunk and per pause, retry or limit change', () => {
    const out = sink();
    const p = createProgress('lines', out.stream);
    p.startFile('a.srt', 2);
    p.event({ type: 'start', id: 0, attempt: 1 });
    p.event({ type: 'rateLimit', id: 0, retryAfterMs: 3000, scope: 'minute' });
    p.event({ type: 'retry', id: 0, attempt: 1, delayMs: 500, error: Object.assign(new Error('Gemini 503: overloaded'), { name: 'TransientError' }) });
    p.event({ type: 'limit', limit: 3, inFlight: 0 });
    p.event({ type: 'done', id: 0, ok: true, attempts: 2 });
    p.event({ type: 'somethingNew' });
    p.endFile('3 expressions');
    expect(out.text().split('\n')).toEqual([
      'a.srt: 2 chunks',
      'a.srt: 429 (minute quota) on chunk 0: pausing 3s',
      'a.srt: chunk 0: attempt 1 failed (Gemini 503: overloaded); retrying in 1s',
      'a.srt: limit 3 requests in flight',
      expect.stringMatching(/^a\.srt: 1\/2 chunks · 0 in flight · limit 3 · 429 pause 3s · ETA \d+s$/),
      'a.srt: 3 expressions',
      '',
    ]);
  });

  it('with --quiet: only problems and each file’s end', () => {
    const out = sink();
    const p = createProgress('quiet', out.stream);
    p.startFile('a.srt', 1);
    p.event({ type: 'start', id: 0, attempt: 1 });
    p.event({ type: 'done', id: 0, ok: true, attempts: 1 });
    p.endFile('done');
    expect(out.text()).toBe('a.srt: done\n');
  });

  it('silent (--json) writes no progress, only messages', () => {
    const out = sink();
    const p = createProgress('silent', out.stream);
    p.startFile('a.srt', 1);
    p.event({ type: 'done', id: 0, ok: false, attempts: 1 });
    p.log('a.srt: chunk 0 failed');
    p.endFile('done');
    expect(out.text()).toBe('a.srt: chunk 0 failed\n');
  });
});

describe('the live bar', () => {
  it('draws the bar with its counts on a terminal stream, and the summary above it', async () => {
    const out = sink();
    Object.assign(out.stream, { isTTY: true, columns: 120, rows: 30, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true });
    const p = createProgress('bar', out.stream);
    p.startFile('a.srt', 4);
    p.event({ type: 'start', id: 0, attempt: 1 });
    p.event({ type: 'done', id: 0, ok: true, attempts: 1 });
    await new Promise((r) => setTimeout(r, 300));
    p.endFile('4 expressions');
    p.stop();
    expect(out.text()).toContain('a.srt');
    expect(out.text()).toMatch(/1\/4 chunks · 0 in flight · ETA \d+s/);
    expect(out.text()).toContain('a.srt: 4 expressions');
  });

  it('clear() erases the bar and stops its redraws: nothing is drawn after it but the summary', async () => {
    const out = sink();
    Object.assign(out.stream, { isTTY: true, columns: 120, rows: 30, cursorTo: () => true, moveCursor: () => true, clearLine: () => true, clearScreenDown: () => true });
    const p = createProgress('bar', out.stream);
    p.startFile('a.srt', 2);
    p.event({ type: 'start', id: 0, attempt: 1 });
    p.clear();
    const cleared = out.text().length;
    expect(out.text()).toMatch(/\x1b\[0J$/); // the bar's lines erased, the cursor at their start
    p.event({ type: 'done', id: 0, ok: true, attempts: 1 });
    await new Promise((r) => setTimeout(r, 400)); // past cli-progress's redraw (fps 10) and the 250 ms countdown timer
    expect(out.text().length).toBe(cleared);
    p.endFile('2 expressions');
    p.stop();
    expect(out.text().slice(cleared)).toBe('a.srt: 2 expressions\n');
  });
});
