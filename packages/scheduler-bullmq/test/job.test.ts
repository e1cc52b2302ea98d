import { describe, expect, it } from 'vitest';
import { chunkCues, FatalError, RateLimitError, TransientError, type ChunkTaskSettings, type Cue } from '@langflix/core';
import plugin, { bullmqSchedulerFromOptions, chunkJobId, connectionFor, createBullmqScheduler, cuesHash, decodeFailure, encodeFailure, jobProviderSettings } from '../src/index.js';

const cues: Cue[] = ['Hi there.', 'We had to call it a day.', 'Then we gave up.'].map((text, index) => ({ index, id: String(index + 1), startMs: index * 1000, endMs: index * 1000 + 900, text, plain: text, line: index * 4 + 2 }));
const { chunks } = chunkCues(cues, { maxInputChars: 5000 });
const chunk = chunks[0]!;
const settings: ChunkTaskSettings = { level: 'B2', targetLanguage: 'ko', minExpressionsPerChunk: 1, maxExpressionsPerChunk: 3, timeoutPerChunk: 300_000 };
const provider = jobProviderSettings({ name: 'gemini', model: 'gemini-2.5-flash', baseUrl: 'http://127.0.0.1:1' });

describe('chunk jobs', () => {
  it('carry the provider settings that decide the answer, never the key or this machine’s folders', () => {
    expect(jobProviderSettings({ name: 'gemini', model: 'm', apiKey: 'secret', temperature: 0.2, cacheDir: '/home/me/.cache', saveLlmOutput: '/tmp/out' })).toEqual({ name: 'gemini', model: 'm', temperature: 0.2 });
  });

  it('are named by a hash of the work: the same work is the same id, any change another', () => {
    const hash = cuesHash(cues);
    const id = chunkJobId({ cuesHash: hash, chunk, provider, settings });
    expect(id).toMatch(/^chunk-[0-9a-f]{64}$/);
    expect(chunkJobId({ cuesHash: cuesHash(structuredClone(cues)), chunk: structuredClone(chunk), provider: { ...provider }, settings: { ...settings } })).toBe(id);
    // The timeout does not change the answer; the rest does.
    expect(chunkJobId({ cuesHash: hash, chunk, provider, settings: { ...settings, timeoutPerChunk: 5000 } })).toBe(id);
    const retimed = cues.map((c) => ({ ...c, startMs: c.startMs + 100 }));
    const others = [
      chunkJobId({ cuesHash: cuesHash(retimed), chunk, provider, settings }),
      chunkJobId({ cuesHash: hash, chunk, provider: { ...provider, model: 'gemini-2.5-pro' }, settings }),
      chunkJobId({ cuesHash: hash, chunk, provider, settings: { ...settings, level: 'A2' } }),
      chunkJobId({ cuesHash: hash, chunk, provider, settings: { ...settings, targetLanguage: 'ja' } }),
      chunkJobId({ cuesHash: hash, chunk: { ...chunk, id: 1 }, provider, settings }),
    ];
    expect(new Set([id, ...others]).size).toBe(6);
  });

  it('carry typed errors across as JSON, and BullMQ’s own reasons as plain errors', () => {
    const minute = decodeFailure(encodeFailure(new RateLimitError('quota', 34_000, 'minute', 10)));
    expect(minute).toBeInstanceOf(RateLimitError);
    expect(minute).toMatchObject({ message: 'quota', retryAfterMs: 34_000, scope: 'minute', quotaValue: 10 });
    expect(decodeFailure(encodeFailure(new FatalError('bad key', { stopsRun: true })))).toMatchObject({ name: 'FatalError', stopsRun: true });
    expect(decodeFailure(encodeFailure(new TransientError('503')))).toBeInstanceOf(TransientError);
    const stalled = decodeFailure('job stalled more than allowable limit');
    expect(stalled).toMatchObject({ name: 'Error', message: 'job stalled more than allowable limit' });
    expect(decodeFailure(undefined).message).toBe('the job failed without a reason');
  });
});

describe('the plugin', () => {
  it('registers the mode bullmq, which needs a Redis URL', () => {
    expect(plugin.name).toBe('@langflix/scheduler-bullmq');
    expect(Object.keys(plugin.schedulers ?? {})).toEqual(['bullmq']);
    expect(() => bullmqSchedulerFromOptions({}, {})).toThrow('the bullmq scheduler needs a Redis server: pass --redis');
    expect(bullmqSchedulerFromOptions({}, { LANGFLIX_REDIS: 'redis://127.0.0.1:1' }).name).toBe('bullmq');
    expect(bullmqSchedulerFromOptions({ plugin: { redis: 'redis://127.0.0.1:1', queue: 'q', requestsPerMinute: 10 } }, {}).name).toBe('bullmq');
  });

  it('refuses a URL that is not Redis and bad numbers, without connecting', () => {
    expect(() => connectionFor('http://127.0.0.1:6379')).toThrow('expected a redis:// or rediss:// URL');
    expect(() => createBullmqScheduler({ redis: 'redis://h', requestsPerMinute: 0 })).toThrow('requestsPerMinute must be a whole number ≥ 1, got 0');
    expect(() => createBullmqScheduler({ redis: 'redis://h', keepSeconds: 5 })).toThrow('keepSeconds must be a whole number ≥ 60');
  });

  it('says so when the tasks cannot leave this process (a live provider object), and when Redis cannot be reached', async () => {
    const scheduler = createBullmqScheduler({ redis: 'redis://127.0.0.1:1', connectTimeoutMs: 300 });
    const tasks = [{ id: 0, run: async () => 1 }];
    await expect(async () => {
      for await (const _ of scheduler.run(tasks)) void _;
    }).rejects.toThrow('give the provider as plain settings');
    const worker = { filename: 'x', workerData: { cues, chunks, provider: { name: 'lexicon' }, settings } };
    await expect(async () => {
      for await (const _ of scheduler.run([{ id: 0, run: async () => 1, input: { chunkId: 0 } }], { worker })) void _;
    }).rejects.toThrow(/^cannot reach Redis at redis:\/\/127\.0\.0\.1:1: /);
  });
});
