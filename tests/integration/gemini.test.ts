/**
 * The gemini provider through the real @google/generative-ai SDK, over HTTP to the Gemini-compatible test
 * server: answers become timed expressions, and every kind of failure becomes the right typed error and
 * the right action.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSubtitles, createDiskCache, createGemini, createSequentialScheduler, type AnalyzeOptions } from '@langflix/core';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { repoRoot } from '../support/fixtures.js';

const KEY = 'test-key-6f1d2c9a8b7e';
const example = readFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'));
let server: GeminiTestServer;
let waits: number[];

beforeAll(async () => {
  server = await startGeminiTestServer({ seed: 7 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.configure({ script: [], resetQuotas: true, requestsPerDay: undefined, requestsPerMinute: undefined });
  waits = [];
});

/** Analyses the example (3 chunks) with Gemini on the test server; waits between attempts are recorded, not slept. */
function analyze(options: Partial<AnalyzeOptions> & { apiKey?: string; cacheDir?: string; saveDir?: string } = {}) {
  const { apiKey = KEY, cacheDir, saveDir, ...rest } = options;
  const provider = createGemini({ apiKey, baseUrl: server.url, cache: cacheDir ? createDiskCache(cacheDir) : null, saveLlmOutput: saveDir ?? null });
  let now = 0;
  const scheduler = createSequentialScheduler({ clock: { now: () => now, sleep: async (ms) => void (waits.push(ms), (now += ms)) } });
  return analyzeSubtitles(example, { name: 'sprite-fright.en.srt', provider, scheduler, maxInputChars: 1200, level: 'mixed', ...rest });
}

const modelRequests = () => server.requests.filter((r) => r.path.includes(':generateContent'));

describe('gemini provider on the test server', () => {
  it('turns a good answer into translated expressions timed inside their cues', async () => {
    const before = modelRequests().length;
    const report = await analyze();
    expect(report.chunks).toMatchObject({ total: 3, succeeded: 3, failed: [] });
    expect(modelRequests().length - before).toBe(3);
    expect(report.expressions.length).toBeGreaterThanOrEqual(10);
    expect(report.config).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash' });
    for (const e of report.expressions) {
      expect(e.translation).toMatch(/^\[ko\] /);
      expect(e.provider).toBe('gemini');
      expect(e.endMs).toBeGreaterThan(e.startMs);
    }
    expect(report.stats.tokens.input).toBeGreaterThan(0);
  });

  it('waits out a per-minute 429 for the server’s RetryInfo delay, then the chunk succeeds', async () => {
    server.configure({ script: ['429-minute'] });
    const report = await analyze();
    expect(report.chunks.failed).toEqual([]);
    expect(report.stats.rateLimited).toBe(1);
    const advised = modelRequests().find((r) => r.outcome === '429-minute')!.retryDelayMs!;
    // The scheduler's one shared cool-down: the server's delay plus a jittered margin of 20 ms and up to
    // 10 ms + 0.1% of the delay more (scheduler/dispatch.ts), so the retry lands just past the window's
    // edge, never before it.
    expect(waits[0]).toBeGreaterThanOrEqual(advised + 20);
    expect(waits[0]).toBeLessThanOrEqual(advised + 2000);
  });

  it('stops at a per-day 429 with a clear message and sends nothing more', async () => {
    server.configure({ script: ['ok', '429-day'] });
    const before = modelRequests().length;
    const report = await analyze();
    expect(modelRequests().length - before).toBe(2);
    expect(report.chunks.succeeded).toBe(1);
    expect(report.chunks.failed.map((f) => f.error)).toEqual(['RateLimitError', 'RunStoppedError']);
    expect(report.chunks.failed[0]!.message).toMatch(/daily quota is used up/);
  });

  it('aborts a hung request at its timeout and retries it', async () => {
    server.configure({ script: ['hang'] });
    const before = modelRequests().length;
    const report = await analyze({ timeoutPerChunk: 400 });
    expect(report.chunks.failed).toEqual([]);
    expect(report.stats.retries).toBe(1);
    const hung = modelRequests().slice(before).find((r) => r.outcome === 'hang');
    await expect.poll(() => hung?.aborted).toBe(true);
  });

  it('retries a malformed answer rather than taking it as empty', async () => {
    server.configure({ script: ['malformed'] });
    const report = await analyze();
    expect(report.chunks.failed).toEqual([]);
    expect(report.stats.retries).toBe(1);
    expect(report.expressions.length).toBeGreaterThanOrEqual(10);
  });

  it('drops invalid items with warnings naming the chunk, repairs an off-by-two index, keeps the rest', async () => {
    const clean = await analyze();
    server.configure({ script: ['invalid-items'] });
    const report = await analyze();
    const codes = report.warnings.map((w) => w.code);
    expect(codes).toEqual(expect.arrayContaining(['item-invalid', 'item-dropped', 'cue-index-repaired']));
    expect(report.warnings.find((w) => w.code === 'item-dropped')!.message).toMatch(/^chunk 0: dropped/);
    expect(report.expressions.map((e) => e.id)).toEqual(clean.expressions.map((e) => e.id));
  });

  it('stops the run at an invalid key after one request, with the API’s message', async () => {
    const before = modelRequests().length;
    const report = await analyze({ apiKey: 'invalid' });
    expect(modelRequests().slice(before).map((r) => r.outcome)).toEqual(['400']);
    expect(report.chunks.failed[0]).toMatchObject({ error: 'FatalError', message: expect.stringMatching(/API key not valid.*GEMINI_API_KEY/) });
    expect(report.chunks.failed.slice(1).every((f) => f.error === 'RunStoppedError')).toBe(true);
  });

  it('serves a second run from the cache with no request, and saves each chunk’s call in its own file without the key', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'langflix-gemini-cache-'));
    const saveDir = mkdtempSync(join(tmpdir(), 'langflix-gemini-saved-'));
    const first = await analyze({ cacheDir, saveDir });
    const before = server.requests.length;
    const second = await analyze({ cacheDir });
    expect(server.requests.length).toBe(before);
    expect(second.stats).toMatchObject({ requests: 0, cacheHits: 3 });
    expect(second.expressions).toEqual(first.expressions);
    const saved = readdirSync(saveDir);
    expect(saved).toHaveLength(3);
    expect(saved.every((f) => /^chunk-000\d-[0-9a-f]{12}\.json$/.test(f))).toBe(true);
    for (const f of saved) {
      const text = readFileSync(join(saveDir, f), 'utf8');
      expect(text).not.toContain(KEY);
      expect(JSON.parse(text)).toMatchObject({ provider: 'gemini', prompt: { user: expect.stringContaining('Cues:') } });
    }
  });

  it('leaves no timer behind after calls that returned or were aborted', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const baseline = timers();
    server.configure({ script: ['hang'] });
    await analyze({ timeoutPerChunk: 300 });
    await new Promise((r) => setImmediate(r));
    expect(timers()).toBeLessThanOrEqual(baseline);
  });
});
