/**
 * Scheduler benchmarks (issue: the pluggable scheduler). Prints tables and writes
 * tests/performance/results/scheduler.json; asserts nothing about time.
 *
 * 1. parallel vs sequential on the Gemini-compatible test server at a fixed latency, 10/20/50 chunks,
 *    `maxWorkers` 5 (the ideal speed-up is 5×), with adaptive beside them;
 * 2. adaptive on a simulated API limited to 10, 150 and 1000 requests per minute (fixed and sliding
 *    windows) on a virtual clock: goodput against an ideal pacer that knows the limit, requests sent per
 *    chunk, chunks lost or duplicated;
 * 3. worker threads vs the same concurrency on the main thread, and memory per worker;
 * 4. peak RSS growth for 20 and 1000 chunks per mode.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import {
  aimdLimit,
  analyzeSubtitles,
  createParallelScheduler,
  createVirtualClock,
  dispatch,
  type ConcurrencyPolicy,
  type ProviderConfig,
  type Task,
} from '@langflix/core';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { createSimulatedApi } from '../support/simulated-api.js';
import { cpus, totalmem } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
/**
 * Fixed latency of one model call, in ms: 2 s, a fast answer from a hosted model for a chunk of ~1,500
 * tokens with structured output. Starting the worker pool costs a fixed few hundred ms (each thread loads
 * the core, the SDK and the lemmatiser's dictionaries), which a shorter latency would make look larger
 * than it is on real runs; `poolStartMs` reports it on its own.
 */
const LATENCY_MS = 2000;
const MAX_WORKERS = 5;
const KEY = 'bench-key-not-secret-000000';

/** A SubRip file of exactly `chunks` chunks at `maxInputChars` 200: one long-enough cue per chunk. */
function srtOfChunks(chunks: number): Uint8Array {
  const lines = ['Come on, we have to get out of here before they break in.', 'I gave it up a long time ago, and I will not pick it up again.'];
  const blocks = Array.from({ length: chunks }, (_, i) => {
    const start = i * 3000;
    const stamp = (ms: number) => new Date(ms).toISOString().slice(11, 23).replace('.', ',');
    const text = `${lines[i % 2]} (${i}) ${'and so on '.repeat(10)}`;
    return `${i + 1}\n${stamp(start)} --> ${stamp(start + 2500)}\n${text}\n`;
  });
  return new TextEncoder().encode(blocks.join('\n'));
}

const MAX_INPUT_CHARS = 200;

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

/** Peak RSS growth over a baseline while `run` runs, sampled every 20 ms, in MB. */
async function peakRssGrowth(run: () => Promise<unknown>): Promise<number> {
  (globalThis as { gc?: () => void }).gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    await run();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - baseline) / 1e6;
}

/** A fixed limit with a known per-minute cap: the ideal pacer adaptive is measured against. */
function idealPacer(max: number, perMinute: number): ConcurrencyPolicy {
  return { limit: () => max, onSuccess() {}, onRateLimit() {}, perMinuteCap: () => perMinute };
}

async function simulate(policy: ConcurrencyPolicy, chunks: number, perMinute: number, window: 'sliding' | 'fixed', revealQuota: boolean) {
  const clock = createVirtualClock(0);
  const api = createSimulatedApi({ clock, requestsPerMinute: perMinute, window, latencyMs: 2000, revealQuota });
  const tasks: Task<number>[] = Array.from({ length: chunks }, (_, id) => ({ id, run: (signal) => api.call(id, signal) }));
  const done = new Map<number, number>();
  for await (const outcome of dispatch(tasks, { policy, execute: (task, signal) => task.run(signal), clock, batchSize: chunks, retry: { maxRateLimitWaits: 1000 } })) {
    if (outcome.ok) done.set(outcome.id, (done.get(outcome.id) ?? 0) + 1);
  }
  const lost = tasks.filter((t) => !done.has(t.id)).length;
  const duplicated = [...api.acceptedById.values()].filter((n) => n > 1).length;
  return { virtualMs: clock.now(), sent: api.sent, lost, duplicated };
}

describe('scheduler benchmarks', () => {
  let server: GeminiTestServer;
  const results: Record<string, unknown> = {
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    latencyMs: LATENCY_MS,
    maxWorkers: MAX_WORKERS,
  };

  it('runs', async () => {
    server = await startGeminiTestServer({ latencyMs: LATENCY_MS });
    const provider: ProviderConfig = { name: 'gemini', apiKey: KEY, baseUrl: server.url };
    try {
      // 1. Time against chunks, per mode.
      const curves: { chunks: number; mode: string; ms: number; ideal: number }[] = [];
      for (const chunks of [1, 10, 20, 50]) {
        const input = srtOfChunks(chunks);
        for (const mode of ['sequential', 'parallel', 'adaptive']) {
          const { ms, value } = await timed(() => analyzeSubtitles(input, { provider, mode, maxWorkers: MAX_WORKERS, maxInputChars: MAX_INPUT_CHARS, level: 'mixed' }));
          if (value.chunks.total !== chunks || value.chunks.failed.length > 0) throw new Error(`${mode}: ${value.chunks.total} chunks, ${value.chunks.failed.length} failed`);
          const ideal = mode === 'sequential' ? chunks * LATENCY_MS : Math.ceil(chunks / MAX_WORKERS) * LATENCY_MS;
          curves.push({ chunks, mode, ms: Math.round(ms), ideal });
        }
      }
      results.curves = curves;
      const speedups = [10, 20, 50].map((chunks) => {
        const at = (mode: string) => curves.find((c) => c.chunks === chunks && c.mode === mode)!.ms;
        return { chunks, sequentialMs: at('sequential'), parallelMs: at('parallel'), adaptiveMs: at('adaptive'), parallelSpeedup: +(at('sequential') / at('parallel')).toFixed(2), adaptiveSpeedup: +(at('sequential') / at('adaptive')).toFixed(2) };
      });
      results.speedups = speedups;
      const one = (mode: string) => curves.find((c) => c.chunks === 1 && c.mode === mode)!.ms;
      results.poolStartMs = one('parallel') - one('sequential');
      console.log(`\nparallel vs sequential, test server at ${LATENCY_MS} ms, maxWorkers ${MAX_WORKERS} (ideal 5×)`);
      console.table(speedups);
      console.log(`worker pool start (1 chunk, parallel − sequential): ${results.poolStartMs} ms`);

      // 2. Adaptive against rate limits, on a virtual clock.
      const goodput: Record<string, unknown>[] = [];
      for (const [window, revealQuota] of [['sliding', true], ['fixed', true], ['sliding', false]] as const) {
        for (const perMinute of [10, 150, 1000]) {
          const chunks = perMinute === 10 ? 60 : 300;
          const adaptive = await simulate(aimdLimit({ max: MAX_WORKERS }), chunks, perMinute, window, revealQuota);
          const ideal = await simulate(idealPacer(MAX_WORKERS, perMinute), chunks, perMinute, window, revealQuota);
          goodput.push({
            window,
            quotaInAnswer: revealQuota,
            perMinute,
            chunks,
            adaptiveMin: +(adaptive.virtualMs / 60_000).toFixed(2),
            idealMin: +(ideal.virtualMs / 60_000).toFixed(2),
            goodputVsIdeal: +(ideal.virtualMs / adaptive.virtualMs).toFixed(3),
            requestsPerChunk: +(adaptive.sent / chunks).toFixed(3),
            lost: adaptive.lost,
            duplicated: adaptive.duplicated,
          });
        }
      }
      results.goodput = goodput;
      console.log('\nadaptive on a simulated rate-limited API (virtual clock, 2 s latency, maxWorkers 5; quotaInAnswer: the 429 states the limit, as Gemini’s does); goal ≥ 0.9 of ideal, ≤ 1.25 requests per chunk');
      console.table(goodput);

      // 3. Worker threads vs the main thread at the same concurrency.
      const input = srtOfChunks(40);
      const onThreads = await timed(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: true }), maxInputChars: MAX_INPUT_CHARS }));
      const onMain = await timed(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: false }), maxInputChars: MAX_INPUT_CHARS }));
      server.configure({ latencyMs: 200 });
      const threadsRss = await peakRssGrowth(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: true }), maxInputChars: MAX_INPUT_CHARS }));
      const mainRss = await peakRssGrowth(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: false }), maxInputChars: MAX_INPUT_CHARS }));
      const threads = Math.min(MAX_WORKERS, (await import('node:os')).availableParallelism());
      results.threads = { chunks: 40, workerThreadsMs: Math.round(onThreads.ms), mainThreadMs: Math.round(onMain.ms), difference: +((onThreads.ms - onMain.ms) / onMain.ms).toFixed(3), threads, rssPerWorkerMB: +((threadsRss - mainRss) / threads).toFixed(1) };
      console.log('\nworker threads vs main thread, same concurrency (goal: within 5%)');
      console.table([results.threads]);

      // 4. Memory growth per mode.
      server.configure({ latencyMs: 2 });
      const memory: Record<string, unknown>[] = [];
      for (const chunks of [20, 1000]) {
        const big = srtOfChunks(chunks);
        for (const mode of ['sequential', 'parallel', 'adaptive']) {
          const mb = await peakRssGrowth(() => analyzeSubtitles(big, { provider, mode, maxWorkers: MAX_WORKERS, maxInputChars: MAX_INPUT_CHARS }));
          memory.push({ chunks, mode, peakRssGrowthMB: +mb.toFixed(1) });
        }
      }
      results.memory = memory;
      console.log('\npeak RSS growth (goal for 20 chunks: under 500 MB)');
      console.table(memory);
    } finally {
      await server.close();
    }
    mkdirSync(join(here, 'results'), { recursive: true });
    writeFileSync(join(here, 'results/scheduler.json'), JSON.stringify(results, null, 2) + '\n');
  });
});
