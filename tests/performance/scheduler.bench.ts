/**
 * Scheduler benchmarks (issue 9: the pluggable scheduler). Prints its figures, writes
 * tests/performance/results/scheduler.json through `publishResult` (README tables, charts
 * `charts/scheduler-*.vl.json`), and asserts nothing about time; it does check that no run lost a chunk.
 *
 * 1. speed-up: sequential, parallel and adaptive on the Gemini-compatible test server at 2 s per call,
 *    1/10/20/50 chunks, `maxWorkers` 5 (ideal 5×, goal 4.5× for parallel);
 * 2. time against chunks, 1–100 chunks per mode, at 500 ms per call (sequential at 100 chunks and 2 s would
 *    cost 200 s of bench time by itself; the 2 s figures of 1. stay as they are), beside the ideal
 *    (sequential n × latency, parallel and adaptive ⌈n / maxWorkers⌉ × latency);
 * 3. adaptive on a simulated API limited to 10, 150 and 1000 requests per minute (fixed and sliding windows,
 *    the quota stated in the 429 or not) on a virtual clock: goodput against an ideal pacer that knows the
 *    limit, requests sent per chunk, chunks lost or duplicated;
 * 4. worker threads vs the same concurrency on the main thread, and memory per worker;
 * 5. peak RSS growth for 20, 100 and 1000 chunks per mode.
 */
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import {
  aimdLimit,
  analyzeSubtitles,
  createParallelScheduler,
  createVirtualClock,
  dispatch,
  knownQuotaLimit,
  type ConcurrencyPolicy,
  type ProviderConfig,
  type Task,
} from '@langflix/core';
import { startGeminiTestServer } from '../support/gemini-server.js';
import { createSimulatedApi } from '../support/simulated-api.js';
import { machine } from './support/measure.mjs';
import { publishResult } from './support/results.mjs';

/**
 * Fixed latency of one model call for the speed-up and threads figures, in ms: 2 s, a fast answer from a hosted
 * model for a chunk of ~1,500 tokens with structured output. Starting the worker pool costs a fixed few hundred
 * ms (each thread loads the core, the SDK and the lemmatiser's dictionaries), which a shorter latency would
 * make look larger than it is on real runs; `poolStartMs` reports it on its own.
 */
const LATENCY_MS = 2000;
/** Latency for the time-against-chunks curve (1–100 chunks), so that its sequential line stays affordable. */
const CURVE_LATENCY_MS = 500;
const MAX_WORKERS = 5;
const MODES = ['sequential', 'parallel', 'adaptive'] as const;
type Mode = (typeof MODES)[number];
const SPEEDUP_CHUNKS = [1, 10, 20, 50];
const CURVE_CHUNKS = [1, 5, 10, 25, 50, 75, 100];
const MEMORY_CHUNKS = [20, 100, 1000];
const THREADS_CHUNKS = 40;
/** Parallel's speed-up over sequential the issue asks for, with `maxWorkers` 5 (0.9 of the ideal 5×). */
const SPEEDUP_GOAL = 4.5;
const GOODPUT_GOAL = 0.9;
const REQUESTS_PER_CHUNK_GOAL = 1.25;
const THREADS_GOAL = 0.05;
const MEMORY_GOAL_MB = 500;
const KEY = 'bench-key-not-secret-000000';
const MAX_INPUT_CHARS = 200;

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

/** A pacer told the per-minute quota: the ideal adaptive is measured against. */
function idealPacer(max: number, perMinute: number): ConcurrencyPolicy {
  return knownQuotaLimit(max, { limit: perMinute, windowMs: 60_000 });
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

/** The ideal time of `chunks` chunks in `mode` at `latencyMs`: every call back to back, `maxWorkers` at a time. */
function idealMs(mode: Mode, chunks: number, latencyMs: number): number {
  return mode === 'sequential' ? chunks * latencyMs : Math.ceil(chunks / MAX_WORKERS) * latencyMs;
}

const fixed = (n: number, digits: number) => n.toFixed(digits);
const seconds = (ms: number) => fixed(ms / 1000, 1);
const load = () => Math.round((loadavg()[0] ?? 0) * 100) / 100;

interface Run {
  chunks: number;
  mode: Mode;
  ms: number;
  ideal: number;
}

test('scheduler: speed-up, time against chunks, goodput under rate limits, threads, memory', async () => {
  const began = performance.now();
  const loadAverages: { section: string; loadAverage1m: number }[] = [];
  const server = await startGeminiTestServer({ latencyMs: LATENCY_MS });
  const provider: ProviderConfig = { name: 'gemini', apiKey: KEY, baseUrl: server.url };
  const analyse = async (chunks: number, mode: Mode) => {
    const { ms, value } = await timed(() => analyzeSubtitles(srtOfChunks(chunks), { provider, mode, maxWorkers: MAX_WORKERS, maxInputChars: MAX_INPUT_CHARS, level: 'mixed' }));
    // Correctness, whatever the time: every chunk analysed, none failed.
    expect({ mode, chunks: value.chunks.total, failed: value.chunks.failed.length }).toEqual({ mode, chunks, failed: 0 });
    return ms;
  };

  const runs: Run[] = [];
  const curve: (Run & { seconds: number; idealSeconds: number })[] = [];
  const goodput: {
    window: 'sliding' | 'fixed';
    quotaInAnswer: boolean;
    variant: string;
    perMinute: number;
    chunks: number;
    adaptiveMin: number;
    idealMin: number;
    goodputVsIdeal: number;
    requestsPerChunk: number;
    lost: number;
    duplicated: number;
  }[] = [];
  const memory: { chunks: number; mode: Mode; peakRssGrowthMB: number }[] = [];
  const threads = await (async () => {
    try {
      // 1. Speed-up at 2 s per call: the modes interleaved at each chunk count.
      loadAverages.push({ section: 'speed-up', loadAverage1m: load() });
      for (const chunks of SPEEDUP_CHUNKS) {
        for (const mode of MODES) {
          const ms = await analyse(chunks, mode);
          runs.push({ chunks, mode, ms: Math.round(ms), ideal: idealMs(mode, chunks, LATENCY_MS) });
          console.log(`speed-up runs: ${mode.padEnd(10)} ${String(chunks).padStart(3)} chunks  ${seconds(ms).padStart(6)} s`);
        }
      }

      // 2. Time against chunks, 1–100, at 500 ms per call.
      server.configure({ latencyMs: CURVE_LATENCY_MS });
      loadAverages.push({ section: 'curve', loadAverage1m: load() });
      for (const chunks of CURVE_CHUNKS) {
        for (const mode of MODES) {
          const ms = await analyse(chunks, mode);
          const ideal = idealMs(mode, chunks, CURVE_LATENCY_MS);
          curve.push({ chunks, mode, ms: Math.round(ms), ideal, seconds: +fixed(ms / 1000, 3), idealSeconds: ideal / 1000 });
          console.log(`curve: ${mode.padEnd(10)} ${String(chunks).padStart(3)} chunks  ${seconds(ms).padStart(6)} s  (ideal ${seconds(ideal)} s)`);
        }
      }

      // 3. Adaptive against rate limits, on a virtual clock.
      loadAverages.push({ section: 'goodput', loadAverage1m: load() });
      for (const [window, revealQuota] of [['sliding', true], ['fixed', true], ['sliding', false]] as const) {
        for (const perMinute of [10, 150, 1000]) {
          const chunks = perMinute === 10 ? 60 : 300;
          const adaptive = await simulate(aimdLimit({ max: MAX_WORKERS }), chunks, perMinute, window, revealQuota);
          const ideal = await simulate(idealPacer(MAX_WORKERS, perMinute), chunks, perMinute, window, revealQuota);
          goodput.push({
            window,
            quotaInAnswer: revealQuota,
            variant: `${window} window, ${revealQuota ? 'quota stated in the 429' : 'no quota in the 429'}`,
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
      console.log(
        `\nadaptive on a simulated rate-limited API (virtual clock, 2 s latency, maxWorkers ${MAX_WORKERS}; quotaInAnswer: the 429 states the limit, as Gemini's does); ` +
          `goal ≥ ${GOODPUT_GOAL} of ideal, ≤ ${REQUESTS_PER_CHUNK_GOAL} requests per chunk`,
      );
      console.table(goodput);
      // Correctness: no chunk lost or accepted twice under any limit.
      expect(goodput.filter((g) => g.lost > 0 || g.duplicated > 0)).toEqual([]);

      // 4. Worker threads vs the main thread at the same concurrency.
      server.configure({ latencyMs: LATENCY_MS });
      loadAverages.push({ section: 'threads', loadAverage1m: load() });
      const input = srtOfChunks(THREADS_CHUNKS);
      const onThreads = await timed(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: true }), maxInputChars: MAX_INPUT_CHARS }));
      const onMain = await timed(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: false }), maxInputChars: MAX_INPUT_CHARS }));
      const rssLatencyMs = 200;
      server.configure({ latencyMs: rssLatencyMs });
      const threadsRss = await peakRssGrowth(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: true }), maxInputChars: MAX_INPUT_CHARS }));
      const mainRss = await peakRssGrowth(() => analyzeSubtitles(input, { provider, scheduler: createParallelScheduler({ maxWorkers: MAX_WORKERS, useWorkers: false }), maxInputChars: MAX_INPUT_CHARS }));
      const threadCount = Math.min(MAX_WORKERS, availableParallelism());
      const threads = {
        chunks: THREADS_CHUNKS,
        latencyMs: LATENCY_MS,
        workerThreadsMs: Math.round(onThreads.ms),
        mainThreadMs: Math.round(onMain.ms),
        difference: +((onThreads.ms - onMain.ms) / onMain.ms).toFixed(3),
        threads: threadCount,
        rssPerWorkerMB: +((threadsRss - mainRss) / threadCount).toFixed(1),
        rssLatencyMs,
      };
      console.log(`\nworker threads vs main thread, same concurrency (goal: within ${THREADS_GOAL * 100}%)`);
      console.table([threads]);

      // 5. Memory growth per mode.
      server.configure({ latencyMs: 2 });
      loadAverages.push({ section: 'memory', loadAverage1m: load() });
      for (const chunks of MEMORY_CHUNKS) {
        const big = srtOfChunks(chunks);
        for (const mode of MODES) {
          const mb = await peakRssGrowth(() => analyzeSubtitles(big, { provider, mode, maxWorkers: MAX_WORKERS, maxInputChars: MAX_INPUT_CHARS }));
          memory.push({ chunks, mode, peakRssGrowthMB: +mb.toFixed(1) });
        }
      }
      console.log(`\npeak RSS growth (goal for 20 chunks: under ${MEMORY_GOAL_MB} MB)`);
      console.table(memory);
      return threads;
    } finally {
      await server.close();
    }
  })();

  const at = (chunks: number, mode: Mode) => runs.find((r) => r.chunks === chunks && r.mode === mode)?.ms ?? Number.NaN;
  const speedups = SPEEDUP_CHUNKS.filter((c) => c > 1).map((chunks) => ({
    chunks,
    sequentialMs: at(chunks, 'sequential'),
    parallelMs: at(chunks, 'parallel'),
    adaptiveMs: at(chunks, 'adaptive'),
    parallelSpeedup: +(at(chunks, 'sequential') / at(chunks, 'parallel')).toFixed(2),
    adaptiveSpeedup: +(at(chunks, 'sequential') / at(chunks, 'adaptive')).toFixed(2),
    idealSpeedup: +(idealMs('sequential', chunks, LATENCY_MS) / idealMs('parallel', chunks, LATENCY_MS)).toFixed(2),
  }));
  const poolStartMs = at(1, 'parallel') - at(1, 'sequential');
  console.log(`\nparallel vs sequential, test server at ${LATENCY_MS} ms, maxWorkers ${MAX_WORKERS} (ideal 5×, goal ${SPEEDUP_GOAL}×)`);
  console.table(speedups);
  console.log(`worker pool start (1 chunk, parallel − sequential): ${poolStartMs} ms`);

  // Ideal lines of the curve chart: one for sequential, one shared by parallel and adaptive, at the measured counts.
  const curveIdeal = [
    ...CURVE_CHUNKS.map((chunks) => ({ line: 'sequential', label: `n × ${CURVE_LATENCY_MS / 1000} s`, chunks, seconds: idealMs('sequential', chunks, CURVE_LATENCY_MS) / 1000 })),
    ...CURVE_CHUNKS.map((chunks) => ({ line: 'parallel, adaptive', label: `⌈n / ${MAX_WORKERS}⌉ × ${CURVE_LATENCY_MS / 1000} s`, chunks, seconds: idealMs('parallel', chunks, CURVE_LATENCY_MS) / 1000 })),
  ];
  const curveAt = (chunks: number, mode: Mode) => curve.find((c) => c.chunks === chunks && c.mode === mode);
  const last = CURVE_CHUNKS[CURVE_CHUNKS.length - 1] ?? 100;
  const durationMs = performance.now() - began;
  const measuredOn = machine();

  const check = (ok: boolean) => (ok ? ' ✓' : ' ✗');
  const tables = [
    {
      title:
        `**Speed-up over sequential**, test server at ${LATENCY_MS / 1000} s per call, \`maxWorkers\` ${MAX_WORKERS}: ideal ${MAX_WORKERS}×, ` +
        `goal ${SPEEDUP_GOAL}× for parallel (✓ reached, ✗ not)`,
      columns: ['chunks', 'sequential s', 'parallel s', 'parallel speed-up', 'adaptive s', 'adaptive speed-up', 'ideal parallel s'],
      align: ['right', 'right', 'right', 'right', 'right', 'right', 'right'] as ('left' | 'right')[],
      rows: speedups.map((s) => [
        String(s.chunks),
        seconds(s.sequentialMs),
        seconds(s.parallelMs),
        `${fixed(s.parallelSpeedup, 2)}×${check(s.parallelSpeedup >= SPEEDUP_GOAL)}`,
        seconds(s.adaptiveMs),
        `${fixed(s.adaptiveSpeedup, 2)}×`,
        seconds(idealMs('parallel', s.chunks, LATENCY_MS)),
      ]),
    },
    {
      title: `**Time against chunks**, test server at ${CURVE_LATENCY_MS / 1000} s per call, \`maxWorkers\` ${MAX_WORKERS}: measured s (ideal s)`,
      columns: ['chunks', ...MODES],
      align: ['right', 'right', 'right', 'right'] as ('left' | 'right')[],
      rows: CURVE_CHUNKS.map((chunks) => [
        String(chunks),
        ...MODES.map((mode) => {
          const c = curveAt(chunks, mode);
          return c === undefined ? '' : `${fixed(c.ms / 1000, 2)} (${fixed(c.ideal / 1000, 2)})`;
        }),
      ]),
    },
    {
      title:
        `**Adaptive under a rate limit**, simulated API on a virtual clock, 2 s per call, \`maxWorkers\` ${MAX_WORKERS}: goodput = ideal pacer's time / adaptive's time ` +
        `(goal ≥ ${GOODPUT_GOAL}), requests sent per chunk (goal ≤ ${REQUESTS_PER_CHUNK_GOAL})`,
      columns: ['limit / min', 'window', 'quota in the 429', 'chunks', 'adaptive min', 'ideal pacer min', 'goodput', 'requests / chunk', 'lost', 'duplicated'],
      align: ['right', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'] as ('left' | 'right')[],
      rows: goodput.map((g) => [
        String(g.perMinute),
        g.window,
        g.quotaInAnswer ? 'yes' : 'no',
        String(g.chunks),
        fixed(g.adaptiveMin, 2),
        fixed(g.idealMin, 2),
        `${fixed(g.goodputVsIdeal, 3)}${check(g.goodputVsIdeal >= GOODPUT_GOAL)}`,
        `${fixed(g.requestsPerChunk, 3)}${check(g.requestsPerChunk <= REQUESTS_PER_CHUNK_GOAL)}`,
        String(g.lost),
        String(g.duplicated),
      ]),
    },
    {
      title: `**Worker threads against the main thread**, parallel at the same concurrency, ${THREADS_CHUNKS} chunks at ${LATENCY_MS / 1000} s per call (goal: within ${THREADS_GOAL * 100}%)`,
      columns: ['worker threads s', 'main thread s', 'difference', 'threads', 'RSS per worker thread MB'],
      align: ['right', 'right', 'right', 'right', 'right'] as ('left' | 'right')[],
      rows: [
        [
          seconds(threads.workerThreadsMs),
          seconds(threads.mainThreadMs),
          `${threads.difference >= 0 ? '+' : ''}${fixed(threads.difference * 100, 1)}%${check(Math.abs(threads.difference) <= THREADS_GOAL)}`,
          String(threads.threads),
          fixed(threads.rssPerWorkerMB, 1),
        ],
      ],
    },
    {
      title: `**Peak RSS growth, MB**, test server at 2 ms per call (goal for 20 chunks: under ${MEMORY_GOAL_MB} MB)`,
      columns: ['mode', ...MEMORY_CHUNKS.map((c) => `${c} chunks`)],
      align: ['left', ...MEMORY_CHUNKS.map(() => 'right')] as ('left' | 'right')[],
      rows: MODES.map((mode) => [
        mode,
        ...MEMORY_CHUNKS.map((chunks) => {
          const m = memory.find((r) => r.chunks === chunks && r.mode === mode);
          return m === undefined ? '' : `${fixed(m.peakRssGrowthMB, 1)}${chunks === 20 ? check(m.peakRssGrowthMB < MEMORY_GOAL_MB) : ''}`;
        }),
      ]),
    },
  ];

  const s50 = speedups.find((s) => s.chunks === 50);
  const worstGoodput = goodput.reduce((a, b) => (b.goodputVsIdeal < a.goodputVsIdeal ? b : a));
  const seqLast = curveAt(last, 'sequential');
  const parLast = curveAt(last, 'parallel');
  const adaLast = curveAt(last, 'adaptive');
  const notes = [
    s50 === undefined
      ? ''
      : `At 50 chunks parallel is **${fixed(s50.parallelSpeedup, 2)}×** as fast as sequential and adaptive **${fixed(s50.adaptiveSpeedup, 2)}×** (ideal ${MAX_WORKERS}×). ` +
        `Until it knows a quota, adaptive sends a first wave of min(8, ${MAX_WORKERS}) at once, then probes: 3 requests at a time, one more per 8 accepted (every request sent between an unknown quota filling and ` +
        'its first 429 is refused), so with no quota at all it is slower than parallel on a run this short; ' +
        `the goal of ${SPEEDUP_GOAL}× is for parallel. The worker pool's start, measured on one chunk as parallel's time minus sequential's, ` +
        `is ${poolStartMs} ms${Math.abs(poolStartMs) <= 100 ? ', within the noise' : ''}: chunks run on the main thread until a worker thread is up.`,
    seqLast === undefined || parLast === undefined || adaLast === undefined
      ? ''
      : `The time-against-chunks curve is measured at ${CURVE_LATENCY_MS} ms per call rather than ${LATENCY_MS / 1000} s: every point of every line is a run, and ` +
        `sequential at 100 chunks and ${LATENCY_MS / 1000} s would cost ${(100 * LATENCY_MS) / 1000} s of bench time by itself. At ${last} chunks sequential took ` +
        `${fixed(seqLast.ms / 1000, 1)} s (ideal ${fixed(seqLast.ideal / 1000, 0)} s), parallel ${fixed(parLast.ms / 1000, 1)} s and adaptive ` +
        `${fixed(adaLast.ms / 1000, 1)} s (ideal ${fixed(parLast.ideal / 1000, 0)} s). The ideal is every call back to back: n × latency for sequential, ` +
        `⌈n / ${MAX_WORKERS}⌉ × latency with ${MAX_WORKERS} at a time; the rest is parsing, chunking, HTTP, the SDK and merging.`,
    `Goodput: the lowest is **${fixed(worstGoodput.goodputVsIdeal, 3)}** (${worstGoodput.perMinute} requests per minute, ${worstGoodput.variant}); ` +
      `no chunk was lost or analysed twice in any run. The ideal pacer is the same dispatcher with ${MAX_WORKERS} at a time and the per-minute limit given ` +
      'in advance, so it never meets a 429; adaptive has to find the limit from the 429s. ' +
      `${MAX_WORKERS} calls of 2 s at a time send at most ${(MAX_WORKERS * 60_000) / 2000} a minute, so at 150 and 1000 per minute the limit holds neither back, and ` +
      'what adaptive loses there is its slow probe before it knows the quota.',
    'Memory: growth of the whole process\'s resident set (the vitest worker, worker threads included) over its size before the run, sampled ' +
      'every 20 ms, the modes interleaved at each size. No collection is forced between runs, so a run can reuse memory an earlier run left ' +
      '(0 MB means the process needed no more than it already held): a figure is what the process had to grow by, not all a run uses.',
    `Each figure of the test server is one run (a run is almost all waiting, which does not vary). The machine was shared: its one-minute load ` +
      `average was ${loadAverages.map((l) => `${l.loadAverage1m} at the start of the ${l.section} runs`).join(', ')}, and ${measuredOn.loadAverage1m} at the end. ` +
      `The benchmark took ${fixed(durationMs / 60_000, 1)} min.`,
  ].filter((n) => n !== '');

  await publishResult({
    benchmark: 'scheduler',
    title: 'Scheduler',
    order: 20,
    generatedAt: new Date().toISOString(),
    machine: measuredOn,
    description:
      '`analyzeSubtitles` end to end (parsing, chunking, the Gemini SDK over HTTP, merging) against the Gemini-compatible test server ' +
      '(`tests/support/gemini-server.ts`), which answers every call after a fixed latency, on a SubRip file of one cue per chunk ' +
      `(\`maxInputChars\` ${MAX_INPUT_CHARS}); sequential, parallel (a fixed ${MAX_WORKERS} requests in flight) and adaptive ` +
      `(an AIMD limit of at most ${MAX_WORKERS}), both on a pool of min(cores, ${MAX_WORKERS}) worker threads (${threads.threads} here). ` +
      'Adaptive under rate limits runs the same dispatcher against a simulated API on a virtual clock, ' +
      'so a run of minutes takes milliseconds and the figures do not depend on the machine.',
    tables,
    notes,
    data: {
      method: {
        latencyMs: LATENCY_MS,
        curveLatencyMs: CURVE_LATENCY_MS,
        maxWorkers: MAX_WORKERS,
        maxInputChars: MAX_INPUT_CHARS,
        memoryLatencyMs: 2,
        goals: { parallelSpeedup: SPEEDUP_GOAL, goodput: GOODPUT_GOAL, requestsPerChunk: REQUESTS_PER_CHUNK_GOAL, threadsDifference: THREADS_GOAL, memoryMBAt20Chunks: MEMORY_GOAL_MB },
        ideal: 'sequential: chunks × latency; parallel and adaptive: ceil(chunks / maxWorkers) × latency',
      },
      durationMs: Math.round(durationMs),
      loadAverages,
      runs,
      speedups,
      poolStartMs,
      curve,
      curveIdeal,
      goodput,
      threads,
      memory,
    },
  });
  console.log(`scheduler benchmark: ${fixed(durationMs / 1000, 1)} s`);
});
