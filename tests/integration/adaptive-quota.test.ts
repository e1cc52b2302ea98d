/**
 * The adaptive scheduler against quotas over real HTTP (issue 16), at a small scale: a real subtitle file,
 * the real `@google/generative-ai` SDK (and the `openai-compatible` provider over fetch), worker threads,
 * and the project's test server with short sliding windows. What is asserted is what a user pays for —
 * requests sent per chunk, no chunk lost — and what the scheduler learned; time is for the benchmark
 * (tests/performance/quota.bench.ts) to measure.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSubtitles, type ProviderConfig, type QuotaEstimate } from '@langflix/core';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const FILE = readFileSync(join(import.meta.dirname, '../../examples/sprite-fright.en.srt'));
/** 26 chunks of the example film. */
const MAX_INPUT_CHARS = 150;
const KEY = 'test-key-not-secret-000000';

let server: GeminiTestServer;
beforeAll(async () => {
  server = await startGeminiTestServer({ latencyMs: 50 });
  // The server's own cold start (loading the lexicon it answers from, in this process, for about a second)
  // would hold every round trip of the first run, which no client can learn from.
  await fetch(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent?key=${KEY}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: '[0] Come back here.' }] }] }),
  });
});
afterAll(async () => {
  await server.close();
});

/** Runs the file in adaptive mode against the server as configured; the sends, the report and the quotas learned. */
async function run(provider: ProviderConfig, quota: Parameters<GeminiTestServer['configure']>[0]) {
  server.configure({ ...quota, resetQuotas: true });
  const before = server.requests.length;
  const quotas: QuotaEstimate[] = [];
  const events: string[] = [];
  const report = await analyzeSubtitles(FILE, {
    provider,
    mode: 'adaptive',
    maxWorkers: 8,
    maxInputChars: MAX_INPUT_CHARS,
    onEvent: (e) => {
      if (e.type === 'quota') quotas.push(...e.quotas);
      if (e.type === 'start' || e.type === 'done' || e.type === 'rateLimit') events.push(e.type);
    },
  });
  // Requests sent before the first attempt came back (answered or refused).
  const firstWave = events.findIndex((type) => type !== 'start');
  const log = server.requests.slice(before);
  return { report, firstWave, sent: log.length, perChunk: log.length / report.chunks.total, learned: quotas.filter((q) => q.unit === 'requests').pop() };
}

const gemini = (): ProviderConfig => ({ name: 'gemini', apiKey: KEY, baseUrl: server.url });

describe('adaptive mode learns a quota over real HTTP', () => {
  it('from RetryInfo-only 429s (6 requests / 3 s): the window and its limit, few refused sends', async () => {
    const { report, firstWave, perChunk, learned } = await run(gemini(), { requestsPerMinute: 6, windowMs: 3000, quotaDetails: 'retry-info' });
    expect(report.chunks).toMatchObject({ total: 26, succeeded: 26, failed: [] });
    // Told nothing, it sends a first wave of 8 before any attempt comes back (2 of them over the quota).
    expect(firstWave).toBe(8);
    expect(learned).toMatchObject({ unit: 'requests', source: 'learned' });
    // The rate (2 requests a second), as 6 per 3 s or an equivalent that timing noise leaves open (3 per
    // 1.5 s admits no more in any 3 s); a little slow rather than fast, never a per-minute cap.
    const perSecond = (learned!.limit / learned!.windowMs) * 1000;
    expect(perSecond).toBeGreaterThan(1.4);
    expect(perSecond).toBeLessThanOrEqual(2.05);
    expect(learned!.windowMs).toBeLessThan(3900);
    expect(perChunk).toBeLessThanOrEqual(1.25);
  });

  it('from a QuotaFailure that states it (5 requests / 2 s): taken as stated', async () => {
    const { report, perChunk, learned } = await run(gemini(), { requestsPerMinute: 5, windowMs: 2000, quotaDetails: 'quota-failure' });
    expect(report.chunks.failed).toEqual([]);
    expect(learned).toMatchObject({ unit: 'requests', limit: 5, windowMs: 2000, source: 'stated' });
    expect(perChunk).toBeLessThanOrEqual(1.25);
  });

  it('from x-ratelimit-* headers of an OpenAI-compatible server (8 requests / 4 s): paced before the budget runs out', async () => {
    const { report, firstWave, perChunk, learned } = await run({ name: 'openai-compatible', apiKey: KEY, baseUrl: `${server.url}/v1`, model: 'test-model' }, { requestsPerMinute: 8, windowMs: 4000 });
    expect(report.chunks.failed).toEqual([]);
    // A server that states its budget is asked 3 requests first, not the blind first wave of 8.
    expect(firstWave).toBe(3);
    // The limit as the headers state it; a 429 at a window's edge (timing noise on a busy machine) may
    // correct the window, never the limit.
    expect(learned).toMatchObject({ unit: 'requests', limit: 8 });
    // No 429 but at the edges of windows, from the timing noise of a machine running the whole suite at
    // once (hundreds of ms over 4 s windows): at most three in 26 sends.
    expect(perChunk).toBeLessThanOrEqual(1.12);
  });
});
