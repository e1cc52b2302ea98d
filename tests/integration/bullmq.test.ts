/**
 * The `bullmq` scheduler as it runs for real: a Redis server (Debian's redis-server), `langflix worker`
 * processes and a `langflix analyze --mode bullmq` producer, each its own OS process, against the
 * Gemini-compatible test server in this process. Each test has a queue of its own, so runs never share
 * jobs unless a test means them to.
 *
 * Checked: the report equals the local `sequential` report; no key ever reaches Redis; a worker killed
 * with SIGKILL mid-run loses no chunk and duplicates none; one rate limit holds across workers (no worker
 * sends while the queue is paused after a 429, and the queue's limiter paces them all); SIGTERM finishes
 * the chunks in hand and takes no more; enqueuing the same work twice runs it once; a per-day 429 stops
 * the run once.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeSubtitles, type AnalysisReport } from '@langflix/core';
import { createBullmqScheduler, sharedQuota } from '@langflix/scheduler-bullmq';
import { runCliAsync, startCli, type CliRun, type StartedCli } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { redisUnavailable, startTestRedis, type TestRedis } from '../support/redis.js';

const KEY = 'test-key-bullmq-5d1c77e0';
const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const unavailable = redisUnavailable();
if (unavailable) console.log(`bullmq tests skipped: ${unavailable}`);

/** The parts of a report that must not depend on how the chunks were run. */
const essence = (r: AnalysisReport) => ({ expressions: r.expressions, warnings: r.warnings, chunks: r.chunks, source: r.source });
/** The analysis settings every run here uses (about 7 chunks of the example). */
const SETTINGS = ['--provider', 'gemini', '--max-input-chars', '600', '--level', 'mixed', '--max-expressions', '0', '--no-cache', '--format', 'json', '--quiet'];

let redis: TestRedis;
let server: GeminiTestServer;
let sequential: AnalysisReport;
const work = mkdtempSync(join(tmpdir(), 'langflix-bullmq-'));
const started: StartedCli[] = [];
let queues = 0;

describe.skipIf(unavailable !== null)('bullmq: a producer and workers in separate processes on a real Redis', () => {
  beforeAll(async () => {
    [redis, server] = await Promise.all([startTestRedis(), startGeminiTestServer({ seed: 5 })]);
    console.log(`bullmq tests: Redis from ${redis.origin}`);
    const run = await runCliAsync(['analyze', example, '--mode', 'sequential', '--base-url', server.url, ...SETTINGS], { env: { GEMINI_API_KEY: KEY } });
    expect(run.status, run.stderr).toBe(0);
    sequential = JSON.parse(run.stdout) as AnalysisReport;
    expect(sequential.chunks.total).toBeGreaterThanOrEqual(6);
  });
  afterEach(async () => {
    // Every worker a test started is gone before the next test.
    for (const cli of started.splice(0)) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
    server.configure({ script: [], resetQuotas: true, latencyMs: 0, requestsPerMinute: null, requestsPerDay: null, windowMs: undefined, quotaDetails: undefined, answer: undefined });
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  /** A queue name no other test uses. */
  const newQueue = () => `test-${process.pid}-${++queues}`;

  /** Starts `langflix worker` on `queue` and waits until it takes jobs. */
  async function startWorker(queue: string, extra: readonly string[] = []): Promise<StartedCli> {
    const cli = startCli(['worker', '--redis', redis.url, '--queue', queue, '--concurrency', '2', '--lock-duration', '2', ...extra], {
      env: { GEMINI_API_KEY: KEY, XDG_CACHE_HOME: join(work, 'cache') },
      timeoutMs: 90_000,
    });
    started.push(cli);
    await expect.poll(() => cli.output().stderr, { timeout: 15_000, interval: 50 }).toMatch(/takes chunks from queue/);
    return cli;
  }

  /** Runs `langflix analyze --mode bullmq` on `queue` (without a key: the workers have theirs). */
  function produce(queue: string, extra: readonly string[] = []): Promise<CliRun> {
    return runCliAsync(['analyze', example, '--mode', 'bullmq', '--redis', redis.url, '--queue', queue, '--base-url', server.url, ...SETTINGS, ...extra], {
      env: { GEMINI_API_KEY: '', GOOGLE_API_KEY: '' },
    });
  }

  const report = (run: CliRun): AnalysisReport => {
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as AnalysisReport;
  };

  async function withQueue<T>(queue: string, fn: (q: Queue) => Promise<T>): Promise<T> {
    const q = new Queue(queue, { connection: { url: redis.url } });
    try {
      return await fn(q);
    } finally {
      await q.close();
    }
  }

  /** Everything stored in Redis, as text. */
  async function redisDump(): Promise<string> {
    return withQueue('dump', async (q) => {
      const client = (await q.client) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
      const keys = (await client.keys!('*')) as string[];
      const parts: unknown[] = [];
      for (const key of keys) {
        const type = (await client.type!(key)) as string;
        const read = { string: () => client.get!(key), hash: () => client.hgetall!(key), list: () => client.lrange!(key, 0, -1), zset: () => client.zrange!(key, 0, -1), set: () => client.smembers!(key), stream: () => client.xrange!(key, '-', '+') }[type];
        parts.push([key, read ? await read() : type]);
      }
      return JSON.stringify(parts);
    });
  }

  it('three workers give the report of the local sequential scheduler; no key reaches Redis', async () => {
    const queue = newQueue();
    const workers = await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    server.configure({ latencyMs: { min: 20, max: 120 } });
    const before = server.requests.length;
    const run = await produce(queue);
    const distributed = report(run);
    expect(essence(distributed)).toEqual(essence(sequential));
    expect(distributed.config.scheduler).toBe('bullmq');
    // One request per chunk, each with the worker's key; the key is nowhere in Redis.
    const requests = server.requests.slice(before);
    expect(requests.filter((r) => r.outcome === 'ok')).toHaveLength(sequential.chunks.total);
    expect(requests.every((r) => r.apiKeyGiven)).toBe(true);
    expect(await redisDump()).not.toContain(KEY);
    // One job per chunk, and the work was shared.
    const processedBy = await withQueue(queue, async (q) => (await q.getJobs(['completed'])).map((j) => j.processedBy));
    expect(processedBy).toHaveLength(sequential.chunks.total);
    expect(new Set(processedBy).size).toBeGreaterThanOrEqual(2);
    for (const worker of workers) expect(worker.child.exitCode).toBeNull();
  });

  it('a worker killed with SIGKILL mid-run loses no chunk and duplicates none: another worker takes its chunks', async () => {
    const queue = newQueue();
    const [victim] = await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    server.configure({ latencyMs: { min: 400, max: 700 } });
    const before = server.requests.length;
    const producing = produce(queue);
    // Kill the first worker while it holds a chunk (BullMQ records who took each job).
    const victimName = `${hostname()}:${victim!.child.pid}`;
    const held = await withQueue(queue, async (q) => {
      for (let i = 0; i < 200; i++) {
        const mine = (await q.getJobs(['active'])).filter((j) => j.processedBy === victimName);
        if (mine.length > 0) return mine.map((j) => ({ id: j.id!, firstCue: j.data.chunk.firstCue, lastCue: j.data.chunk.lastCue }));
        await new Promise((r) => setTimeout(r, 25));
      }
      return [];
    });
    expect(held.length).toBeGreaterThan(0);
    // Kill it once the server has its request for one of those chunks (the answers take 400 ms or more, so
    // the request is still open): a fixed delay here missed the request on a busy machine.
    const reached = () => server.requests.slice(before).some((r) => held.some((h) => r.cueIndices.includes(h.firstCue) && r.cueIndices.includes(h.lastCue)));
    await expect.poll(reached, { timeout: 30_000, interval: 5 }).toBe(true);
    victim!.child.kill('SIGKILL');
    const distributed = report(await producing);
    expect(essence(distributed)).toEqual(essence(sequential));
    // The killed worker's request was cut off; its chunk was done again by another worker, once.
    await expect.poll(() => server.requests.slice(before).some((r) => r.aborted)).toBe(true);
    const jobs = await withQueue(queue, (q) => q.getJobs(['completed', 'failed', 'active', 'wait', 'delayed']));
    expect(jobs).toHaveLength(sequential.chunks.total);
    for (const { id } of held) expect(jobs.find((j) => j.id === id)?.processedBy).not.toBe(victimName);
    expect(jobs.every((j) => j.finishedOn && !j.failedReason)).toBe(true);
  });

  it('one rate limit for all workers: after a 429 the whole queue pauses, and no worker sends until it ends', async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    // Four requests per 2.5 s, six slots among the workers: 429s come at once.
    server.configure({ requestsPerMinute: 4, windowMs: 2500, latencyMs: 60 });
    const before = server.requests.length;
    const distributed = report(await produce(queue));
    expect(essence(distributed)).toEqual(essence(sequential));
    expect(distributed.stats.rateLimited).toBeGreaterThan(0);
    const log = server.requests.slice(before);
    const limited = log.filter((r) => r.outcome === '429-minute');
    expect(limited.length).toBeGreaterThan(0);
    // Between a 429's answer reaching its worker (its latency, plus 400 ms for that worker to set the pause
    // in Redis and for a request another worker had already begun, on a busy machine) and the end of the
    // wait it advised, nothing is sent by anyone.
    const violations = limited.flatMap((r) => log.filter((o) => o.at > r.at + r.latencyMs + 400 && o.at < r.at + r.retryDelayMs!).map((o) => `${o.number}@${o.at - r.at}ms after 429 #${r.number} (wait ${r.retryDelayMs} ms)`));
    expect(violations).toEqual([]);
    // What the 429s taught one worker is every worker's: the quota the 429 states (QuotaFailure: 4 per
    // 2.5 s), set as the queue's global rate limit.
    const shared = await withQueue(queue, (q) => sharedQuota(q));
    expect(shared).toEqual({ unit: 'requests', limit: 4, windowMs: 2500, source: 'stated' });
    const limit = await withQueue(queue, (q) => q.getGlobalRateLimit());
    expect(limit).toMatchObject({ max: shared!.limit });
    expect(limit!.duration).toBeGreaterThan(shared!.windowMs);
  });

  it('workers learn a quota their 429s do not state from the queue’s shared history of sends, and all pace to it', async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    // RetryInfo only: the quota (3 per 2 s) must be learned from the delays and the accept times.
    server.configure({ requestsPerMinute: 3, windowMs: 2000, latencyMs: 40, quotaDetails: 'retry-info' });
    const distributed = report(await produce(queue));
    expect(essence(distributed)).toEqual(essence(sequential));
    const shared = await withQueue(queue, (q) => sharedQuota(q));
    expect(shared).toMatchObject({ unit: 'requests', source: 'learned' });
    // The queue's global rate limit is the learned quota plus the pacer's margin after the window's edge:
    // 1.5 requests a second (3 per 2 s, or a rate-equivalent), a little slow rather than fast.
    const limit = await withQueue(queue, (q) => q.getGlobalRateLimit());
    expect(limit).toMatchObject({ max: shared!.limit });
    expect(limit!.duration).toBeGreaterThan(shared!.windowMs);
    const perSecond = (limit!.max / limit!.duration) * 1000;
    expect(perSecond).toBeGreaterThan(1);
    expect(perSecond).toBeLessThanOrEqual(1.55);
  });

  it("the queue's limiter paces every worker together (requestsPerMinute)", async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    server.configure({ latencyMs: 20 });
    const before = server.requests.length;
    const startedAt = Date.now();
    // The library's producer, with a short window (3 requests per 1.5 s) to keep the test short.
    const distributed = await analyzeSubtitles(readFileSync(example), {
      name: example,
      provider: { name: 'gemini', baseUrl: server.url },
      scheduler: createBullmqScheduler({ redis: redis.url, queue, requestsPerMinute: 3, rateLimitWindowMs: 1500 }),
      maxInputChars: 600,
      level: 'mixed',
      maxExpressions: 0,
    });
    const elapsed = Date.now() - startedAt;
    expect(essence(distributed)).toEqual(essence(sequential));
    const times = server.requests.slice(before).map((r) => r.at);
    expect(times).toHaveLength(sequential.chunks.total);
    // Six slots would send every chunk at once; the limiter lets 3 go per window, so the run spans the
    // windows, and no 1.5 s holds more than two windows' worth (BullMQ's window is fixed, not sliding).
    const windows = Math.ceil(sequential.chunks.total / 3) - 1;
    expect(elapsed).toBeGreaterThanOrEqual(windows * 1500 - 100);
    for (const t of times) expect(times.filter((u) => u >= t && u < t + 1500).length).toBeLessThanOrEqual(6);
    expect(Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + 300).length))).toBeLessThanOrEqual(3);
  });

  it('a chunk that keeps failing is retried by BullMQ with back-off, then listed in chunks.failed like a local failure', async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue)]);
    // Every request for the chunk holding cue 40 gets a 500.
    server.configure({
      answer: (cues, context) => {
        if (cues.some((c) => c.index === 40)) throw new Error('boom');
        return context.defaultItems;
      },
    });
    const before = server.requests.length;
    const events: string[] = [];
    const distributed = await analyzeSubtitles(readFileSync(example), {
      name: example,
      provider: { name: 'gemini', baseUrl: server.url },
      scheduler: createBullmqScheduler({ redis: redis.url, queue, retry: { baseDelayMs: 100 } }),
      maxInputChars: 600,
      level: 'mixed',
      maxExpressions: 0,
      onEvent: (e) => void (e.type === 'retry' && events.push(`${e.id}:${e.attempt}:${e.error.name}`)),
    });
    server.configure({ answer: undefined });
    const failure = distributed.chunks.failed[0]!;
    expect(distributed.chunks.failed).toHaveLength(1);
    expect(failure).toMatchObject({ error: 'TransientError', attempts: 4, stoppedRun: false });
    expect(failure.firstCue).toBeLessThanOrEqual(40);
    expect(failure.lastCue).toBeGreaterThanOrEqual(40);
    expect(events).toEqual([1, 2, 3].map((attempt) => `${failure.chunkId}:${attempt}:TransientError`));
    expect(server.requests.slice(before).filter((r) => r.cueIndices.includes(40))).toHaveLength(4);
    // The other chunks are those of the local report.
    const expected = sequential.chunks.total - 1;
    expect(distributed.chunks.succeeded).toBe(expected);
    const outside = (r: AnalysisReport) => r.expressions.flatMap((e) => e.occurrences).filter((o) => o.cueIndex < failure.firstCue || o.cueIndex > failure.lastCue).map((o) => `${o.id}@${o.startMs}`).sort();
    expect(outside(distributed)).toEqual(outside(sequential));
  });

  it('SIGTERM: a worker finishes the chunks in hand, takes no more, and exits 0; the run completes with another worker', async () => {
    const queue = newQueue();
    const worker = await startWorker(queue);
    server.configure({ latencyMs: 1500 });
    const before = server.requests.length;
    const producing = produce(queue);
    await expect.poll(() => server.requests.length - before, { timeout: 15_000, interval: 20 }).toBe(2);
    const signalledAt = Date.now();
    worker.child.kill('SIGTERM');
    const exit = await worker.result;
    expect(exit.status, exit.stderr).toBe(0);
    expect(exit.stderr).toMatch(/SIGTERM: taking no more chunks; finishing the 2 in hand/);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    // Its two requests were answered, not cut off, and nothing more was sent.
    const sent = server.requests.slice(before);
    expect(sent).toHaveLength(2);
    expect(sent.every((r) => r.outcome === 'ok' && !r.aborted)).toBe(true);
    server.configure({ latencyMs: 0 });
    await startWorker(queue);
    const distributed = report(await producing);
    expect(essence(distributed)).toEqual(essence(sequential));
    expect(server.requests.slice(before).filter((r) => r.outcome === 'ok')).toHaveLength(sequential.chunks.total);
  });

  it('the same work enqueued twice runs once: two producers at once, then a third after them, one request per chunk', async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue)]);
    server.configure({ latencyMs: { min: 50, max: 150 } });
    const before = server.requests.length;
    const [a, b] = await Promise.all([produce(queue), produce(queue)]);
    expect(essence(report(a))).toEqual(essence(sequential));
    expect(essence(report(b))).toEqual(essence(sequential));
    expect(server.requests.slice(before).filter((r) => r.outcome === 'ok')).toHaveLength(sequential.chunks.total);
    const again = report(await produce(queue));
    expect(essence(again)).toEqual(essence(sequential));
    expect(again.stats.requests).toBe(0);
    expect(server.requests.length - before).toBe(sequential.chunks.total);
    expect(await withQueue(queue, (q) => q.getJobCounts('completed'))).toEqual({ completed: sequential.chunks.total });
  });

  it('a per-day 429 stops the run once: exit 3, one RateLimitError, the rest not sent and off the queue', async () => {
    const queue = newQueue();
    await Promise.all([startWorker(queue), startWorker(queue), startWorker(queue)]);
    server.configure({ requestsPerDay: 2, latencyMs: 100 });
    const before = server.requests.length;
    const out = join(work, 'day.json');
    const run = await produce(queue, ['--out', out]);
    expect(run.status, run.stderr).toBe(3);
    expect(run.stderr.match(/The provider refused/g)).toHaveLength(1);
    expect(run.stderr).toMatch(/daily quota|per day/i);
    const stopped = JSON.parse(readFileSync(out, 'utf8')) as AnalysisReport;
    expect(stopped.chunks.succeeded).toBeLessThanOrEqual(2);
    expect(stopped.chunks.succeeded + stopped.chunks.failed.length).toBe(stopped.chunks.total);
    expect(stopped.chunks.failed.filter((f) => f.error === 'RateLimitError')).toHaveLength(1);
    expect(stopped.chunks.failed.filter((f) => f.error === 'RunStoppedError').length).toBeGreaterThan(0);
    // Only the requests already in the workers' hands went out after the first per-day 429.
    const log = server.requests.slice(before);
    const first = log.findIndex((r) => r.outcome === '429-day');
    expect(first).toBeGreaterThanOrEqual(2);
    expect(log.length - first).toBeLessThanOrEqual(6);
    await new Promise((r) => setTimeout(r, 500));
    expect(await withQueue(queue, (q) => q.getJobCounts('wait', 'delayed', 'active'))).toEqual({ wait: 0, delayed: 0, active: 0 });
  });

  it('with no worker, the producer says so; Ctrl-C then ends the run (exit 130) and takes its chunks off the queue', async () => {
    const queue = newQueue();
    const producer = startCli(['analyze', example, '--mode', 'bullmq', '--redis', redis.url, '--queue', queue, '--base-url', server.url, ...SETTINGS.filter((a) => a !== '--quiet')], { env: { GEMINI_API_KEY: '' } });
    started.push(producer);
    await expect.poll(() => producer.output().stderr, { timeout: 15_000, interval: 50 }).toMatch(/no langflix worker is connected to queue "test-[\d-]+" at redis:\/\/127\.0\.0\.1:\d+\/? yet/);
    expect(await withQueue(queue, (q) => q.getJobCounts('wait'))).toEqual({ wait: sequential.chunks.total });
    producer.child.kill('SIGINT');
    const run = await producer.result;
    expect(run.status, run.stderr).toBe(130);
    const partial = JSON.parse(run.stdout) as AnalysisReport;
    expect(partial.chunks.failed.map((f) => f.error)).toEqual(Array(sequential.chunks.total).fill('InterruptedError'));
    await expect.poll(() => withQueue(queue, (q) => q.getJobCounts('wait', 'delayed', 'active'))).toEqual({ wait: 0, delayed: 0, active: 0 });
  });
});
