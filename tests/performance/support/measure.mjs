/**
 * Timing for the benchmarks: warm-up, then repeated runs interleaved across the contenders, the order rotating
 * from round to round, the median kept. Interleaving spreads a drift of the machine's speed over all contenders
 * rather than landing on one, and spreads the garbage collection of one contender's allocations over the others'
 * clocks evenly. No collection is forced between runs: a forced full collection is no state an application is
 * in, and it changes how the engine treats the code that runs next (V8 may drop optimised code whose object
 * layouts it collected), which would measure the harness rather than the parsers.
 * Plain JavaScript, so a benchmark can run it in a clean `node` process outside vitest.
 */
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

/**
 * Something to time. `run`'s result (awaited when a promise) is kept until the clock stops, then dropped.
 * @typedef {{ id: string; run: () => unknown }} Contender
 */

/**
 * Timing figures of one contender, in milliseconds.
 * @typedef {object} Timing
 * @property {number[]} samplesMs every timed run, in order
 * @property {number} runs
 * @property {number} warmupRuns
 * @property {number} medianMs
 * @property {number} minMs
 * @property {number} maxMs
 * @property {number} relativeIqr interquartile range over the median: how steady the runs were
 */

/** @param {readonly number[]} sorted @param {number} q */
function quantile(sorted, q) {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = /** @type {number} */ (sorted[Math.floor(pos)]);
  const hi = /** @type {number} */ (sorted[Math.ceil(pos)]);
  return lo + (hi - lo) * (pos - Math.floor(pos));
}

/** @param {number[]} samplesMs @param {number} warmupRuns @returns {Timing} */
export function summarise(samplesMs, warmupRuns = 0) {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const medianMs = quantile(sorted, 0.5);
  return {
    samplesMs,
    runs: samplesMs.length,
    warmupRuns,
    medianMs,
    minMs: sorted[0] ?? Number.NaN,
    maxMs: sorted[sorted.length - 1] ?? Number.NaN,
    relativeIqr: (quantile(sorted, 0.75) - quantile(sorted, 0.25)) / medianMs,
  };
}

/** @param {Contender} contender @returns {Promise<number>} */
async function timeOnce(contender) {
  const start = performance.now();
  const result = contender.run();
  if (result instanceof Promise) await result;
  return performance.now() - start;
}

/**
 * How long to measure. Each contender is warmed up for at least `warmupRuns` runs and `warmupMs` (but no longer
 * than `maxWarmupMs` once it has run once), then timed for about `budgetMs`: as many runs as fit, within
 * `minRuns`…`maxRuns`. A slow contender thus gets few runs and a fast one many, and the whole stays bounded.
 * @typedef {object} MeasureOptions
 * @property {number} warmupRuns
 * @property {number} warmupMs
 * @property {number} maxWarmupMs
 * @property {number} budgetMs
 * @property {number} minRuns
 * @property {number} maxRuns
 */

/** @type {MeasureOptions} */
export const DEFAULT_OPTIONS = { warmupRuns: 5, warmupMs: 500, maxWarmupMs: 2000, budgetMs: 3000, minRuns: 3, maxRuns: 31 };

/**
 * Warm each contender up, then time it in rounds: in each round every contender that still needs runs runs once,
 * the order rotating from round to round.
 * @param {readonly Contender[]} contenders
 * @param {Partial<MeasureOptions>} [options]
 * @returns {Promise<Map<string, Timing>>} the timings by contender id
 */
export async function measure(contenders, options = {}) {
  const o = { ...DEFAULT_OPTIONS, ...options };
  /** @type {Map<string, { target: number; warmups: number; samples: number[] }>} */
  const plan = new Map();
  for (const c of contenders) {
    const begin = performance.now();
    let runs = 0;
    let last = 0;
    for (;;) {
      last = await timeOnce(c);
      runs++;
      const elapsed = performance.now() - begin;
      if ((runs >= o.warmupRuns && elapsed >= o.warmupMs) || elapsed >= o.maxWarmupMs) break;
    }
    const target = Math.max(o.minRuns, Math.min(o.maxRuns, Math.round(o.budgetMs / Math.max(last, 1e-3))));
    plan.set(c.id, { target, warmups: runs, samples: [] });
  }
  for (let round = 0; ; round++) {
    const due = contenders.filter((c) => (plan.get(c.id)?.samples.length ?? 0) < (plan.get(c.id)?.target ?? 0));
    if (due.length === 0) break;
    for (let k = 0; k < due.length; k++) {
      const c = /** @type {Contender} */ (due[(round + k) % due.length]);
      plan.get(c.id)?.samples.push(await timeOnce(c));
    }
  }
  return new Map([...plan].map(([id, p]) => [id, summarise(p.samples, p.warmups)]));
}

/**
 * The machine the figures were measured on; `loadAverage1m` (one-minute load average when asked) tells how busy
 * it was with other work.
 * @typedef {{ cpu: string; cores: number; memoryGiB: number; os: string; node: string; v8: string; loadAverage1m?: number }} Machine
 */

/** @returns {Machine} */
export function machine() {
  const list = cpus();
  return {
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()} ${arch()}`,
    node: process.version,
    v8: process.versions.v8,
    loadAverage1m: Math.round((loadavg()[0] ?? 0) * 100) / 100,
  };
}
