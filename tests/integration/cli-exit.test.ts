/**
 * The exit codes of `langflix analyze`, each produced for real against the Gemini-compatible test server,
 * plus `--dry-run` (no request) and Ctrl-C (SIGINT: in-flight requests aborted, the partial report written,
 * exit 130). The key never reaches any output.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AnalysisReport } from '@langflix/core';
import { runCli, runCliAsync, startCli, type CliRun } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const KEY = 'AIzaSy-exit-test-key-9f8e7d6c5b4a';
const example = join(repoRoot, 'examples/sprite-fright.en.srt');
let server: GeminiTestServer;
let work: string;

beforeAll(async () => void (server = await startGeminiTestServer()));
afterAll(() => server.close());
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'langflix-cli-exit-'));
  server.configure({ latencyMs: 0, script: [], answer: undefined, requestsPerDay: null, invalidKeys: ['invalid'], resetQuotas: true });
});

/** `analyze` of the example through the test server, sequential and uncached so each chunk is one request in order. */
const args = (...extra: string[]) => ['analyze', example, '--provider', 'gemini', '--base-url', server.url, '--no-cache', '--mode', 'sequential', '--max-input-chars', '600', ...extra];
const env = { GEMINI_API_KEY: KEY };

function noKey(run: CliRun): void {
  expect(run.stdout + run.stderr).not.toContain(KEY);
}

describe('exit codes', () => {
  it('0: every chunk done', async () => {
    const run = await runCliAsync(args('--json'), { env });
    expect(run.status).toBe(0);
    const report = AnalysisReport.parse(JSON.parse(run.stdout));
    expect(report.chunks.failed).toEqual([]);
    expect(report.chunks.succeeded).toBe(report.chunks.total);
    noKey(run);
  });

  it('1: some chunks failed; the report is still written and lists them', async () => {
    // Every request carrying cue 0 fails with a 500: its chunk fails after its retries, the others succeed.
    server.configure({ answer: (cues, ctx) => { if (cues.some((c) => c.index === 0)) throw new Error('boom'); return ctx.defaultItems; } });
    const out = join(work, 'report.json');
    const run = await runCliAsync(args('--report', out, '--format', 'csv', '--quiet'), { env });
    expect(run.status).toBe(1);
    const report = AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.chunks.failed).toHaveLength(1);
    expect(report.chunks.failed[0]).toMatchObject({ chunkId: 0, firstCue: 0, error: 'TransientError' });
    expect(report.chunks.succeeded).toBe(report.chunks.total - 1);
    expect(run.stderr).toMatch(/chunk 0 \(cues 0–\d+\) failed after \d+ attempts: TransientError: Gemini 500/);
    expect(run.stdout.replace(/^\uFEFF/, '').split('\r\n')[0]).toBe('source,start,end,startMs,endMs,expression,matchedText,type,level,meaning,translation,similarExpressions,cueIndex,timing,occurrences');
    noKey(run);
  }, 90_000);

  it('2: usage or input error, before any request', async () => {
    const before = server.requests.length;
    const runs = await Promise.all([
      runCliAsync(args('--max-workers', 'many'), { env }),
      runCliAsync(['analyze', join(work, 'missing.srt'), '--provider', 'gemini', '--base-url', server.url], { env }),
      runCliAsync(args('--format', 'pdf'), { env }),
      runCliAsync(args(), { env: { GEMINI_API_KEY: '', GOOGLE_API_KEY: '' } }),
    ]);
    expect(runs.map((r) => r.status)).toEqual([2, 2, 2, 2]);
    expect(runs[0]!.stderr).toBe('langflix: --max-workers: expected a whole number ≥ 1, or null (auto), got "many"\n');
    expect(runs[1]!.stderr).toMatch(/missing\.srt: no such file/);
    expect(runs[2]!.stderr).toMatch(/^langflix: --format: expected one of table, json, jsonl, csv, anki, srt, vtt, markdown, got "pdf"/);
    expect(runs[3]!.stderr).toMatch(/^langflix: --provider: gemini needs an API key: set GEMINI_API_KEY/);
    expect(server.requests.length).toBe(before);
  });

  it('3: the provider refused a bad key; the run stops after one request', async () => {
    const before = server.requests.length;
    const run = await runCliAsync(args('--json'), { env: { GEMINI_API_KEY: 'invalid' } });
    expect(run.status).toBe(3);
    expect(server.requests.length - before).toBe(1);
    const report = AnalysisReport.parse(JSON.parse(run.stdout));
    expect(report.chunks.failed[0]).toMatchObject({ error: 'FatalError' });
    expect(report.chunks.failed.slice(1).every((f) => f.error === 'RunStoppedError')).toBe(true);
    expect(run.stderr).toMatch(/API key not valid/);
  });

  it('3: the daily quota is used up; the partial report is written', async () => {
    server.configure({ requestsPerDay: 2 });
    const out = join(work, 'report.json');
    const run = await runCliAsync(args('--report', out, '--quiet', '--format', 'markdown'), { env });
    expect(run.status).toBe(3);
    const report = AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.chunks.succeeded).toBe(2);
    expect(report.chunks.failed[0]).toMatchObject({ error: 'RateLimitError' });
    expect(report.chunks.failed[0]!.message).toMatch(/daily quota/);
    expect(run.stderr).toMatch(/The provider refused: Gemini 429 \(day quota/);
    expect(run.stdout).toMatch(/## Not analysed/);
    noKey(run);
  });

  it('130: Ctrl-C aborts the request in flight, writes the partial report with the unfinished chunks marked', async () => {
    server.configure({ latencyMs: 400 });
    const before = server.requests.length;
    const out = join(work, 'partial.json');
    const cli = startCli(args('--report', out, '--format', 'json'), { env });
    // Wait until the third request is in flight (two chunks done), then press Ctrl-C.
    const deadline = Date.now() + 30_000;
    while (server.requests.length - before < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    cli.child.kill('SIGINT');
    const run = await cli.result;
    expect(run.status).toBe(130);
    const sent = server.requests.length - before;
    expect(sent).toBeGreaterThanOrEqual(3);
    const report = AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(AnalysisReport.parse(JSON.parse(run.stdout))).toEqual(report);
    expect(report.chunks.total).toBeGreaterThan(sent);
    expect(report.chunks.succeeded).toBeGreaterThanOrEqual(2);
    expect(report.chunks.failed.length).toBe(report.chunks.total - report.chunks.succeeded);
    expect(report.chunks.failed.every((f) => f.error === 'InterruptedError')).toBe(true);
    // The request in flight was aborted, and nothing was sent after Ctrl-C.
    await new Promise((r) => setTimeout(r, 500));
    expect(server.requests.length - before).toBe(sent);
    expect(server.requests.at(-1)!.aborted).toBe(true);
    expect(run.stderr).toMatch(/Interrupted: aborting the requests in flight/);
    noKey(run);
  });
});

describe('--help', () => {
  it('documents every exit code, for the command and for analyze', () => {
    for (const args of [['--help'], ['analyze', '--help']]) {
      const run = runCli(args);
      expect(run.status).toBe(0);
      const codes = run.stdout.slice(run.stdout.indexOf('EXIT CODES'));
      for (const [code, word] of [['0', 'every chunk'], ['1', 'some chunks failed'], ['2', 'usage or input error'], ['3', 'the provider refused'], ['130', 'interrupted by Ctrl-C']]) {
        expect(codes).toMatch(new RegExp(`^ {2}${code} +${word}`, 'm'));
      }
    }
    expect(runCli(['analyze', '--help']).stdout).toMatch(/Formats: table, json, jsonl, csv, anki, srt, vtt, markdown\./);
  });
});

describe('--dry-run', () => {
  it('shows cues, chunks, requests and estimated input tokens, and sends nothing', async () => {
    const before = server.requests.length;
    const text = await runCliAsync(args('--dry-run'), { env });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/sprite-fright\.en\.srt: 82 cues → (\d+) chunks → \1 requests to gemini \(gemini-2\.5-flash\), about [\d,]+ input tokens/);
    expect(text.stdout).toMatch(/^ {2}chunk 0: cues 0–\d+, [\d,]+ prompt characters, ~[\d,]+ tokens$/m);
    expect(text.stdout).toMatch(/nothing was sent\.$/m);
    const json = await runCliAsync(args('--dry-run', '--json'), { env });
    const plan = JSON.parse(json.stdout) as { dryRun: boolean; requests: number; inputTokens: number; files: Array<{ cues: number; chunks: unknown[] }> };
    expect(plan).toMatchObject({ dryRun: true, files: [{ cues: 82 }] });
    expect(plan.requests).toBe(plan.files[0]!.chunks.length);
    expect(plan.inputTokens).toBeGreaterThan(1000);
    // Even without a key: a dry run needs none.
    expect((await runCliAsync(args('--dry-run'), { env: { GEMINI_API_KEY: '' } })).status).toBe(0);
    expect(server.requests.length).toBe(before);
  });
});

describe('--dry-run with the response cache', () => {
  it('counts the chunks the cache would answer: 0 requests on a fully cached file, all of them with --no-cache', async () => {
    const cached = (...extra: string[]) => ['analyze', example, '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--max-input-chars', '600', ...extra];
    const plan = async (...extra: string[]) => {
      const run = await runCliAsync(cached('--dry-run', '--json', ...extra), { env });
      expect(run.status, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as { requests: number; inputTokens: number; cacheHits: number; files: Array<{ chunks: Array<{ cached: boolean }> }> };
    };
    const cold = await plan();
    const chunks = cold.files[0]!.chunks.length;
    expect(cold).toMatchObject({ requests: chunks, cacheHits: 0 });

    expect((await runCliAsync(cached('--quiet', '--out', join(work, 'first.json')), { env })).status).toBe(0);
    const before = server.requests.length;
    const warm = await plan();
    expect(warm).toMatchObject({ requests: 0, inputTokens: 0, cacheHits: chunks });
    expect(warm.files[0]!.chunks.every((c) => c.cached)).toBe(true);
    const text = await runCliAsync(cached('--dry-run'), { env });
    expect(text.stdout).toMatch(new RegExp(`82 cues → ${chunks} chunks \\(${chunks} answered from the cache\\) → 0 requests to gemini`));
    expect(text.stdout).toMatch(/^ {2}chunk 0: cues 0–\d+, cached: no request$/m);
    expect(text.stdout).toMatch(new RegExp(`^Dry run: ${chunks} chunks answered from the cache, 0 requests to send, about 0 input tokens`, 'm'));
    expect(await plan('--no-cache')).toMatchObject({ requests: chunks, cacheHits: 0 });
    expect(server.requests.length).toBe(before);
  });
});
