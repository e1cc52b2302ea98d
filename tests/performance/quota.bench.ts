/**
 * Adaptive mode against what a user would write instead, under real quotas (issue 16). Over real HTTP to
 * the project's Gemini-compatible test server (`tests/support/gemini-server.ts`, 0.3 s per answer, sliding
 * windows), the same 46 chunks of a real film (The Last Man on Earth, 1964, at `maxInputChars` 500) under
 * two quotas:
 * - 20 requests / 60 s, 429s with QuotaFailure (quota id and value) and RetryInfo, as Google's API sends;
 * - 10 requests / 10 s, 429s with RetryInfo only, as proxies and self-hosted servers send.
 * Contenders: LangFlix `--mode adaptive --max-workers 16` (told nothing); `Promise.all` over the SDK;
 * `p-limit` 5 + `p-retry` around the SDK (its defaults: 10 retries, exponential from 1 s); Bottleneck told
 * the quota (reservoir refreshed each window, 5 at a time, a 429 retried after its RetryInfo delay);
 * the Vercel AI SDK's `generateText` (default `maxRetries` 2, 5 at a time); LangChain.js
 * `ChatGoogleGenerativeAI.batch` (`maxConcurrency` 5, default retries). Each: makespan, chunks lost,
 * requests sent; the ideal pacer, max(⌈N/C⌉·L, (⌈N/Q⌉ − 1)·W + L), as the reference.
 *
 * The server is warmed by one untimed request first (it loads its lexicon then), so no contender pays
 * for the server's own cold start.
 * The peers do not change from run to run, so their figures are kept in `results/quota.json` and measured
 * again only when their versions or the method change (or with `LANGFLIX_BENCH_FRESH=1`); adaptive is
 * measured on every run. A full run takes about 10 minutes of real time (each quota run waits out its
 * windows), a run with cached peers about 3.
 * Asserts nothing about time; checks that adaptive loses no chunk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { GoogleGenerativeAI } from '@google/generative-ai';
import { generateText } from 'ai';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { ChatGoogleGenerativeAI } from '@langchain/google-genai';
import Bottleneck from 'bottleneck';
import pLimit from 'p-limit';
import pRetry from 'p-retry';
import { analyzeSubtitles, buildPrompt, chunkCues, parseSubtitles, type QuotaEstimate } from '@langflix/core';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { machine } from './support/measure.mjs';
import { publishResult } from './support/results.mjs';
import { paths } from './report/report.mjs';

const FILM = join(paths.results, '../../../../shared/fixtures/subtitles/real/the-last-man-on-earth-1964.en.srt');
const MAX_INPUT_CHARS = 500;
const LATENCY_MS = 300;
const ADAPTIVE_WORKERS = 16;
const PEER_CONCURRENCY = 5;
const MODEL = 'gemini-2.5-flash';
const KEY = 'bench-key-not-secret-000000';

interface Quota {
  readonly id: string;
  readonly label: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly details: 'quota-failure' | 'retry-info';
}
const QUOTAS: readonly Quota[] = [
  { id: '20-per-60s', label: '20 requests / 60 s, QuotaFailure + RetryInfo', limit: 20, windowMs: 60_000, details: 'quota-failure' },
  { id: '10-per-10s', label: '10 requests / 10 s, RetryInfo only', limit: 10, windowMs: 10_000, details: 'retry-info' },
];

interface Run {
  quota: string;
  contender: string;
  seconds: number;
  lost: number;
  sent: number;
  sendsPerChunk: number;
  /** Adaptive only: seconds from the first 429 to the next send that was not refused at once, and the delay the 429 asked. */
  firstWait?: { seconds: number; serverDelaySeconds: number };
  quotaLearned?: QuotaEstimate;
  /** Adaptive only: when its 429s came, in seconds from its first request. */
  refusedAt?: number[];
}

const present = existsSync(FILM);
if (!present) console.warn(`quota benchmark skipped: ${FILM} not found (the shared fixtures sit beside the clone)`);

/** The installed version of a package of the tests workspace (some export no `./package.json`). */
const version = (name: string) => (JSON.parse(readFileSync(join(paths.results, '../../node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The Retry delay a 429 from `@google/generative-ai` carries (RetryInfo), in ms; null when none. */
function retryInfoMs(error: unknown): number | null {
  const details = (error as { errorDetails?: Array<{ '@type'?: string; retryDelay?: string }> }).errorDetails;
  const delay = details?.find((d) => d['@type']?.endsWith('RetryInfo'))?.retryDelay;
  const match = delay ? /^([\d.]+)s$/.exec(delay) : null;
  return match ? Math.ceil(Number(match[1]) * 1000) : null;
}

test.skipIf(!present)('quota: adaptive against the peers under a per-minute and a 10 s RetryInfo-only quota', async () => {
  const began = performance.now();
  const bytes = readFileSync(FILM);
  const cues = parseSubtitles(bytes).cues;
  const { chunks } = chunkCues(cues, { maxInputChars: MAX_INPUT_CHARS, overlapCues: 0 });
  const prompts = chunks.map((chunk) => buildPrompt({ chunk, level: 'intermediate', targetLanguage: 'ko', minExpressions: 1, maxExpressions: 3 }));
  const server = await startGeminiTestServer({ latencyMs: LATENCY_MS });

  const versions = {
    '@google/generative-ai': version('@google/generative-ai'),
    'p-limit': version('p-limit'),
    'p-retry': version('p-retry'),
    bottleneck: version('bottleneck'),
    ai: version('ai'),
    '@ai-sdk/google': version('@ai-sdk/google'),
    '@langchain/core': version('@langchain/core'),
    '@langchain/google-genai': version('@langchain/google-genai'),
  };
  const method = { chunks: chunks.length, maxInputChars: MAX_INPUT_CHARS, latencyMs: LATENCY_MS, peerConcurrency: PEER_CONCURRENCY, quotas: QUOTAS, versions };
  const cachedFile = join(paths.results, 'quota.json');
  const cached = existsSync(cachedFile) ? (JSON.parse(readFileSync(cachedFile, 'utf8')) as { data?: { method?: unknown; runs?: Run[] } }) : null;
  const reusePeers = !process.env.LANGFLIX_BENCH_FRESH && cached?.data?.runs && JSON.stringify(cached.data.method) === JSON.stringify(method);

  const sdkModel = () => new GoogleGenerativeAI(KEY).getGenerativeModel({ model: MODEL }, { baseUrl: server.url });
  const callSdk = (i: number) => sdkModel().generateContent({ systemInstruction: prompts[i]!.system, contents: [{ role: 'user', parts: [{ text: prompts[i]!.user }] }] });
  const settledLost = (results: PromiseSettledResult<unknown>[]) => results.filter((r) => r.status === 'rejected').length;
  const indices = chunks.map((_, i) => i);

  /** Each peer: runs the 46 calls its way and says how many were lost. */
  const peers: Record<string, (quota: Quota) => Promise<number>> = {
    'Promise.all over the SDK': async () => settledLost(await Promise.allSettled(indices.map(callSdk))),
    'p-limit + p-retry around the SDK': async () => {
      const limit = pLimit(PEER_CONCURRENCY);
      return settledLost(await Promise.allSettled(indices.map((i) => limit(() => pRetry(() => callSdk(i))))));
    },
    'Bottleneck told the quota': async (quota) => {
      const limiter = new Bottleneck({ maxConcurrent: PEER_CONCURRENCY, reservoir: quota.limit, reservoirRefreshAmount: quota.limit, reservoirRefreshInterval: quota.windowMs });
      limiter.on('failed', (error, job) => {
        const delay = retryInfoMs(error);
        return delay !== null && job.retryCount < 10 ? delay : undefined;
      });
      try {
        return settledLost(await Promise.allSettled(indices.map((i) => limiter.schedule(() => callSdk(i)))));
      } finally {
        await limiter.stop({ dropWaitingJobs: true });
      }
    },
    'Vercel AI SDK generateText': async () => {
      const google = createGoogleGenerativeAI({ baseURL: `${server.url}/v1beta`, apiKey: KEY });
      const limit = pLimit(PEER_CONCURRENCY);
      return settledLost(await Promise.allSettled(indices.map((i) => limit(() => generateText({ model: google(MODEL), system: prompts[i]!.system, prompt: prompts[i]!.user })))));
    },
    'LangChain.js .batch': async () => {
      const model = new ChatGoogleGenerativeAI({ model: MODEL, apiKey: KEY, baseUrl: server.url });
      const inputs = indices.map((i) => [
        ['system', prompts[i]!.system],
        ['human', prompts[i]!.user],
      ] as [string, string][]);
      const results = await model.batch(inputs, { maxConcurrency: PEER_CONCURRENCY }, { returnExceptions: true });
      return results.filter((r) => r instanceof Error).length;
    },
  };

  // The server answers from the offline lexicon, which it loads on its first request (about a second, in
  // this process): that cold start is the server's, so it is paid before any contender is timed.
  await callSdk(0);

  const runs: Run[] = [];
  const measure = async (quota: Quota, contender: string, work: () => Promise<Partial<Run> & { lost: number }>) => {
    server.configure({ requestsPerMinute: quota.limit, windowMs: quota.windowMs, quotaDetails: quota.details, resetQuotas: true });
    const before = server.requests.length;
    const started = performance.now();
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const sent = server.requests.length - before;
    const run: Run = { quota: quota.id, contender, seconds: +seconds.toFixed(1), sent, sendsPerChunk: +(sent / chunks.length).toFixed(3), ...result };
    runs.push(run);
    console.log(`${quota.id} ${contender.padEnd(34)} ${run.seconds.toFixed(1).padStart(6)} s  lost ${run.lost}  sent ${sent}${run.firstWait ? `  first wait ${run.firstWait.seconds} s (server asked ${run.firstWait.serverDelaySeconds} s)` : ''}`);
    // Let the last window drain in the log before the next contender (its quota is reset anyway).
    return { before, run };
  };

  try {
    for (const quota of QUOTAS) {
      const quotas: QuotaEstimate[] = [];
      const { before } = await measure(quota, 'LangFlix adaptive', async () => {
        const report = await analyzeSubtitles(bytes, {
          provider: { name: 'gemini', apiKey: KEY, baseUrl: server.url },
          mode: 'adaptive',
          maxWorkers: ADAPTIVE_WORKERS,
          maxInputChars: MAX_INPUT_CHARS,
          onEvent: (e) => void (e.type === 'quota' && quotas.push(...e.quotas)),
        });
        return { lost: report.chunks.failed.length };
      });
      const adaptive = runs[runs.length - 1]!;
      const log = server.requests.slice(before);
      const first = log.findIndex((r) => r.status === 429);
      if (first >= 0) {
        const next = log.slice(first + 1).find((r) => r.at > log[first]!.at + 1000);
        if (next) adaptive.firstWait = { seconds: +((next.at - log[first]!.at) / 1000).toFixed(2), serverDelaySeconds: +(log[first]!.retryDelayMs! / 1000).toFixed(2) };
      }
      adaptive.refusedAt = log.filter((r) => r.status === 429).map((r) => +((r.at - log[0]!.at) / 1000).toFixed(2));
      console.log(`${quota.id} adaptive: 429s at ${adaptive.refusedAt.join(', ')} s; sends at ${log.map((r) => ((r.at - log[0]!.at) / 1000).toFixed(1)).join(' ')}`);
      const learned = quotas.filter((q) => q.unit === 'requests').pop();
      if (learned) adaptive.quotaLearned = { ...learned, windowMs: Math.round(learned.windowMs) };
      expect(adaptive.lost, `${quota.id}: adaptive lost chunks`).toBe(0);

      for (const [name, peer] of Object.entries(peers)) {
        const old = reusePeers ? cached!.data!.runs!.find((r) => r.quota === quota.id && r.contender === name) : undefined;
        if (old) {
          runs.push(old);
          console.log(`${quota.id} ${name.padEnd(34)} ${old.seconds.toFixed(1).padStart(6)} s  lost ${old.lost}  sent ${old.sent}  (cached)`);
          continue;
        }
        await measure(quota, name, async () => ({ lost: await peer(quota) }));
      }
    }
  } finally {
    await server.close();
  }

  const ideal = QUOTAS.map((q) => ({
    quota: q.id,
    seconds: +(Math.max(Math.ceil(chunks.length / ADAPTIVE_WORKERS) * LATENCY_MS, (Math.ceil(chunks.length / q.limit) - 1) * q.windowMs + LATENCY_MS) / 1000).toFixed(1),
  }));
  const idealOf = (quota: string) => ideal.find((i) => i.quota === quota)!.seconds;
  const verdicts = QUOTAS.map((q) => {
    const mine = runs.find((r) => r.quota === q.id && r.contender === 'LangFlix adaptive')!;
    const lossless = runs.filter((r) => r.quota === q.id && r.contender !== 'LangFlix adaptive' && r.lost === 0);
    return { quota: q.id, noLoss: mine.lost === 0, fasterThanEveryLosslessPeer: lossless.every((r) => mine.seconds <= r.seconds), fewestSends: lossless.every((r) => mine.sent <= r.sent) };
  });
  const durationMs = performance.now() - began;
  const measuredOn = machine();

  await publishResult({
    benchmark: 'quota',
    title: 'Adaptive mode under quotas, against the peers',
    order: 25,
    generatedAt: new Date().toISOString(),
    machine: measuredOn,
    description:
      `The same ${chunks.length} chunks of a real film (*The Last Man on Earth*, 1964, \`maxInputChars\` ${MAX_INPUT_CHARS}) over real HTTP ` +
      `to the Gemini-compatible test server (${LATENCY_MS / 1000} s per answer, sliding windows), under a per-minute quota whose 429s state it ` +
      '(QuotaFailure + RetryInfo, as Google sends) and a 10 s quota whose 429s only say when to retry (RetryInfo, as proxies send). ' +
      `LangFlix \`--mode adaptive --max-workers ${ADAPTIVE_WORKERS}\` is told nothing; the peers run ${PEER_CONCURRENCY} at a time with their ` +
      'libraries\' documented defaults, except Bottleneck, which is told the quota. The ideal pacer knows the quota: ' +
      'max(⌈N/C⌉·L, (⌈N/Q⌉ − 1)·W + L).',
    tables: QUOTAS.map((q) => ({
      title: `**${q.label}** — ideal pacer ${idealOf(q.id).toFixed(1)} s`,
      columns: ['way of running the calls', 'makespan s', 'vs ideal', 'chunks lost', 'requests sent', 'sends per chunk'],
      align: ['left', 'right', 'right', 'right', 'right', 'right'] as ('left' | 'right')[],
      rows: runs
        .filter((r) => r.quota === q.id)
        .map((r) => [r.contender === 'LangFlix adaptive' ? '**LangFlix adaptive**' : r.contender, r.seconds.toFixed(1), `${(r.seconds / idealOf(q.id)).toFixed(2)}×`, r.lost > 0 ? `**${r.lost}**` : '0', String(r.sent), r.sendsPerChunk.toFixed(2)]),
    })),
    notes: [
      ...runs
        .filter((r) => r.contender === 'LangFlix adaptive')
        .map(
          (r) =>
            `Adaptive, ${r.quota}: learned ${r.quotaLearned ? `${r.quotaLearned.limit} requests per ${(r.quotaLearned.windowMs / 1000).toFixed(1)} s (${r.quotaLearned.source})` : 'no quota'}` +
            (r.firstWait ? `; first wait ${r.firstWait.seconds} s after a 429 that asked for ${r.firstWait.serverDelaySeconds} s` : '') +
            '.',
        ),
      `Verdict: ${verdicts.map((v) => `${v.quota}: adaptive lost ${v.noLoss ? 'nothing' : 'chunks'}, ${v.fasterThanEveryLosslessPeer ? 'finished no later than' : 'finished later than one of'} the peers that lost nothing, ${v.fewestSends ? 'with the fewest requests' : 'not with the fewest requests'}`).join('; ')}.`,
      `Versions: ${Object.entries(versions).map(([n, v]) => `${n} ${v}`).join(', ')}. Each figure is one run in real time on a machine shared with other work ` +
        `(one-minute load average ${measuredOn.loadAverage1m} at the end). Peer figures are reused from the previous run while their versions and the method are unchanged ` +
        `(LANGFLIX_BENCH_FRESH=1 measures them again); this run took ${(durationMs / 60_000).toFixed(1)} min.`,
    ],
    data: { method, runs, ideal, verdicts, durationMs: Math.round(durationMs) },
  });
});
