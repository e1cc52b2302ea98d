/**
 * The three scheduler modes end to end: real worker threads, the real SDK, the Gemini-compatible test
 * server. They must give the same report, lose and duplicate nothing, and stop cleanly.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSubtitles, createLexiconProvider, createVirtualClock, dispatch, aimdLimit, type AnalyzeOptions, type AnalysisReport, type ProviderConfig, type Task } from '@langflix/core';
import { haveFixtures, realSubtitle, repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { createSimulatedApi } from '../support/simulated-api.js';

const KEY = 'test-key-sched-4b3a2918';
const example = readFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'));
let server: GeminiTestServer;
beforeAll(async () => void (server = await startGeminiTestServer({ seed: 11 })));
afterAll(() => server.close());
beforeEach(() => server.configure({ script: [], resetQuotas: true, rate503: 0, rateHang: 0, latencyMs: 0, requestsPerDay: undefined }));

const gemini = (): ProviderConfig => ({ name: 'gemini', apiKey: KEY, baseUrl: server.url });
const analyze = (input: Uint8Array, options: Partial<AnalyzeOptions>) =>
  analyzeSubtitles(input, { provider: gemini(), maxInputChars: 600, level: 'mixed', maxExpressions: 0, retry: { baseDelayMs: 20, maxDelayMs: 200 }, ...options });
/** The parts of a report that must not depend on how the chunks were run. */
const essence = (r: AnalysisReport) => ({ expressions: r.expressions, warnings: r.warnings, chunks: r.chunks, source: r.source });

describe('scheduler modes on the test server', () => {
  it('sequential, parallel (worker threads) and adaptive give identical reports', async () => {
    server.configure({ latencyMs: { min: 5, max: 40 } });
    const sequential = await analyze(example, { mode: 'sequential' });
    const parallel = await analyze(example, { mode: 'parallel', maxWorkers: 5 });
    const adaptive = await analyze(example, { mode: 'adaptive', maxWorkers: 5 });
    expect(sequential.chunks.total).toBeGreaterThanOrEqual(6);
    expect(sequential.chunks.failed).toEqual([]);
    expect(essence(parallel)).toEqual(essence(sequential));
    expect(essence(adaptive)).toEqual(essence(sequential));
    expect([parallel.config.scheduler, adaptive.config.scheduler]).toEqual(['parallel', 'adaptive']);
  });

  it('keeps a partial failure and reports it, with the other chunks intact', async () => {
    const clean = await analyze(example, { mode: 'parallel', maxWorkers: 3 });
    // Cue 40 is in one chunk: that chunk's requests fail with 500 every time.
    const lexicon = createLexiconProvider();
    server.configure({
      answer: async (cues) => {
        if (cues.some((c) => c.index === 40)) throw new Error('boom');
        const chunk = { id: 0, firstCue: cues[0]!.index, lastCue: cues[cues.length - 1]!.index, cues: [...cues], text: '' };
        return (await lexicon.analyzeChunk({ chunk, level: 'mixed', targetLanguage: 'en', minExpressions: 1, maxExpressions: 3 })).items;
      },
    });
    const report = await analyze(example, { mode: 'parallel', maxWorkers: 3 });
    server.configure({ answer: undefined });
    expect(report.chunks.failed).toHaveLength(1);
    const failure = report.chunks.failed[0]!;
    expect(failure.firstCue).toBeLessThanOrEqual(40);
    expect(failure.lastCue).toBeGreaterThanOrEqual(40);
    expect(failure.error).toBe('TransientError');
    // Every occurrence outside the failed chunk is still found, timed the same.
    const outside = (r: AnalysisReport) =>
      r.expressions
        .flatMap((e) => e.occurrences)
        .filter((o) => o.cueIndex < failure.firstCue || o.cueIndex > failure.lastCue)
        .map((o) => `${o.id}@${o.startMs}`)
        .sort();
    expect(outside(report)).toEqual(outside(clean));
  });

  it('aborts a hung request at its timeout on a worker thread and retries it', async () => {
    server.configure({ script: ['hang'] });
    const report = await analyze(example, { mode: 'parallel', maxWorkers: 2, timeoutPerChunk: 500 });
    expect(report.chunks.failed).toEqual([]);
    expect(report.stats.retries).toBeGreaterThanOrEqual(1);
    await expect.poll(() => server.requests.some((r) => r.outcome === 'hang' && r.aborted)).toBe(true);
  });

  it.skipIf(!haveFixtures())('with 5% 503s and 1% hung requests loses and duplicates no chunk', async () => {
    const film = readFileSync(realSubtitle('night-of-the-living-dead-1968.en.srt'));
    const clean = await analyze(film, { mode: 'adaptive', maxWorkers: 5, maxInputChars: 1500 });
    const before = server.requests.length;
    server.configure({ rate503: 0.05, rateHang: 0.01, latencyMs: { min: 1, max: 20 } });
    const noisy = await analyze(film, { mode: 'adaptive', maxWorkers: 5, maxInputChars: 1500, timeoutPerChunk: 800 });
    const log = server.requests.slice(before);
    expect(noisy.chunks.total).toBeGreaterThanOrEqual(25);
    expect(noisy.chunks.failed).toEqual([]);
    expect(essence(noisy)).toEqual(essence(clean));
    expect(log.some((r) => r.outcome === '503')).toBe(true);
    // Each chunk was answered at least once; answered twice only if a retry followed a lost answer.
    expect(log.filter((r) => r.outcome === 'ok').length).toBeGreaterThanOrEqual(noisy.chunks.total);
  });

  it('stops at a per-day 429: nothing is sent after it arrives', async () => {
    server.configure({ requestsPerDay: 2, latencyMs: 30 });
    const events: string[] = [];
    const report = await analyze(example, {
      mode: 'adaptive',
      maxWorkers: 4,
      onEvent: (e) => void (e.type === 'start' ? events.push('start') : e.type === 'rateLimit' && e.scope === 'day' && events.push('day')),
    });
    const firstDay = events.indexOf('day');
    expect(firstDay).toBeGreaterThan(0);
    expect(events.slice(firstDay).filter((e) => e === 'start')).toEqual([]);
    // The requests already in flight when it arrived are cut short too: the run stops at once.
    expect(report.chunks.succeeded).toBeLessThanOrEqual(2);
    expect(report.chunks.succeeded + report.chunks.failed.length).toBe(report.chunks.total);
    expect(report.chunks.failed.some((f) => f.error === 'RateLimitError' && /daily quota/.test(f.message))).toBe(true);
    expect(report.chunks.failed.filter((f) => f.error === 'RunStoppedError').length).toBeGreaterThan(0);
  });

  it('cancelled mid-run returns the partial report, and the process then exits on its own', async () => {
    server.configure({ latencyMs: 100 });
    const dir = mkdtempSync(join(tmpdir(), 'langflix-cancel-'));
    const script = join(dir, 'cancel.mjs');
    writeFileSync(
      script,
      `import { analyzeSubtitles } from ${JSON.stringify(join(repoRoot, 'packages/core/dist/index.js'))};
import { readFileSync } from 'node:fs';
const controller = new AbortController();
let done = 0;
const report = await analyzeSubtitles(readFileSync(${JSON.stringify(join(repoRoot, 'examples/sprite-fright.en.srt'))}), {
  provider: { name: 'gemini', apiKey: ${JSON.stringify(KEY)}, baseUrl: ${JSON.stringify(server.url)} },
  mode: 'parallel', maxWorkers: 2, maxInputChars: 600, signal: controller.signal,
  onEvent: (e) => { if (e.type === 'done' && e.ok && ++done === 2) controller.abort(new Error('user cancelled')); },
});
console.log(JSON.stringify({ succeeded: report.chunks.succeeded, total: report.chunks.total, failed: report.chunks.failed.map((f) => f.message) }));
`,
    );
    const started = Date.now();
    const result = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, [script]);
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
    expect(result.code, result.out).toBe(0);
    const summary = JSON.parse(result.out.trim().split('\n').pop()!);
    expect(summary.succeeded).toBeGreaterThanOrEqual(2);
    expect(summary.succeeded).toBeLessThan(summary.total);
    expect(summary.failed.every((m: string) => m === 'user cancelled')).toBe(true);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe('adaptive on a simulated rate-limited API (virtual clock)', () => {
  it('finishes a simulated ten-minute run in under a second of real time, losing and duplicating nothing', async () => {
    const clock = createVirtualClock(0);
    const api = createSimulatedApi({ clock, requestsPerMinute: 10, latencyMs: 2000 });
    const tasks: Task<number>[] = Array.from({ length: 100 }, (_, id) => ({ id, run: (signal) => api.call(id, signal) }));
    const started = Date.now();
    const ids: number[] = [];
    for await (const outcome of dispatch(tasks, { policy: aimdLimit({ max: 5 }), execute: (task, signal) => task.run(signal), clock, batchSize: 100 })) {
      expect(outcome.ok).toBe(true);
      ids.push(outcome.id);
    }
    expect(Date.now() - started).toBeLessThan(1000);
    expect(clock.now()).toBeGreaterThanOrEqual(9 * 60_000);
    expect(ids.sort((a, b) => a - b)).toEqual(tasks.map((t) => t.id));
    expect([...api.acceptedById.values()].every((n) => n === 1)).toBe(true);
    expect(api.sent / tasks.length).toBeLessThanOrEqual(1.25);
  });
});
