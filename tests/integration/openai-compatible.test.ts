/**
 * The openai-compatible provider over fetch against the test server's chat completions endpoint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzeSubtitles, chunkCues, createOpenAICompatible, createSequentialScheduler, parseSubtitles, RateLimitError, FatalError, TransientError } from '@langflix/core';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const KEY = 'sk-test-1234567890abcdef';
const example = readFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'));
let server: GeminiTestServer;
beforeAll(async () => void (server = await startGeminiTestServer()));
afterAll(() => server.close());
beforeEach(() => server.configure({ script: [], resetQuotas: true }));

const provider = () => createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: KEY, model: 'llama3.1' });
const request = () => {
  const { chunks } = chunkCues(parseSubtitles(example).cues, { maxInputChars: 1200 });
  return { chunk: chunks[0]!, level: 'mixed' as const, targetLanguage: 'ko', minExpressions: 1, maxExpressions: 3 };
};

describe('openai-compatible provider', () => {
  it('analyses a file into timed, translated expressions', async () => {
    const report = await analyzeSubtitles(example, { provider: provider(), maxInputChars: 1200, level: 'mixed' });
    expect(report.chunks.failed).toEqual([]);
    expect(report.expressions.length).toBeGreaterThanOrEqual(10);
    expect(report.config).toMatchObject({ provider: 'openai-compatible', model: 'llama3.1' });
    expect(report.expressions[0]!.translation).toMatch(/^\[ko\] /);
  });

  it('reads Retry-After on a 429 and tells a daily quota from a per-minute one', async () => {
    server.configure({ script: ['429-minute', '429-day'] });
    const minute = await provider().analyzeChunk(request()).catch((e: unknown) => e);
    expect(minute).toBeInstanceOf(RateLimitError);
    expect((minute as RateLimitError).retryAfterMs).toBeGreaterThan(0);
    expect((minute as RateLimitError).scope).toBe('minute');
    const day = await provider().analyzeChunk(request()).catch((e: unknown) => e);
    expect(day).toMatchObject({ name: 'RateLimitError', scope: 'day' });
  });

  it('maps 503 to a transient error and a bad key to a fatal one that stops the run', async () => {
    server.configure({ script: ['503'] });
    await expect(provider().analyzeChunk(request())).rejects.toBeInstanceOf(TransientError);
    const bad = createOpenAICompatible({ baseURL: `${server.url}/v1`, apiKey: 'invalid', model: 'm' });
    const error = await bad.analyzeChunk(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FatalError);
    expect(error).toMatchObject({ stopsRun: true, message: expect.stringMatching(/401.*check OPENAI_API_KEY/) });
  });

  it('retries a malformed answer through the scheduler', async () => {
    server.configure({ script: ['malformed'] });
    const report = await analyzeSubtitles(example, { provider: provider(), maxInputChars: 1200, scheduler: createSequentialScheduler({ clock: { now: () => 0, sleep: async () => {} } }) });
    expect(report.chunks.failed).toEqual([]);
    expect(report.stats.retries).toBe(1);
  });
});
