import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { ModelExpressionItem } from '@langflix/core';
import { fixturesDir } from './fixtures.js';
import { startGeminiTestServer, type GeminiTestServer, type GeminiTestServerOptions } from './gemini-server.js';

/** The real SDK, when installed for the tests package; its tests skip (saying so) when it is not. */
const sdk = await import('@google/generative-ai').catch(() => null);
if (!sdk) console.warn('@google/generative-ai cannot be imported from tests/: the SDK checks of gemini-server.test.ts are skipped');

const KEY = 'AIzaTestKey-q7Vx2-never-logged';
const MODEL = 'gemini-2.5-flash';
const LINES = ["Let's call it a day.", 'I need to figure out what happened.', 'Nothing here to see.', "Don't give up now.", 'It was a piece of cake.', 'We should break the ice first.'];
const FIRST = 10;

/** A prompt with the cue lines `[10] …` to `[15] …`, and a target language line when given. */
function promptText(targetLanguage?: string): string {
  const head = ['Find the expressions worth learning.', ...(targetLanguage ? [`Target language: ${targetLanguage}`] : []), ''];
  return [...head, ...LINES.map((line, i) => `[${FIRST + i}] ${line}`)].join('\n');
}

const servers: GeminiTestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options?: GeminiTestServerOptions): Promise<GeminiTestServer> {
  const server = await startGeminiTestServer(options);
  servers.push(server);
  return server;
}

interface CallOptions {
  key?: string | null;
  signal?: AbortSignal;
  prompt?: string;
}

/** One generateContent call with plain fetch. */
function generate(server: GeminiTestServer, options: CallOptions = {}): Promise<Response> {
  const { key = KEY, signal, prompt = promptText() } = options;
  return fetch(`${server.url}/v1beta/models/${MODEL}:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key === null ? {} : { 'x-goog-api-key': key }) },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: prompt }] }], generationConfig: { responseMimeType: 'application/json' } }),
    ...(signal ? { signal } : {}),
  });
}

/** The model's text of a 200 generateContent answer. */
async function answerText(response: Response): Promise<string> {
  expect(response.status).toBe(200);
  const body = (await response.json()) as { candidates: Array<{ content: { parts: Array<{ text: string }> } }> };
  return body.candidates[0]!.content.parts[0]!.text;
}

/** The value of a JSON tree with every leaf replaced by its type: two bodies in the same format have the same shape. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

const geminiFixtures = join(fixturesDir, 'gemini');
const haveGeminiFixtures = existsSync(geminiFixtures);
if (!haveGeminiFixtures) console.warn(`${geminiFixtures} not found: the fixture format comparisons are skipped`);
const fixture = (name: string): unknown => JSON.parse(readFileSync(join(geminiFixtures, name), 'utf8'));

type ErrorBody = { error: { code: number; message: string; status: string; details?: Array<Record<string, unknown>> } };
const detail = (body: ErrorBody, type: string) => body.error.details?.find((d) => d['@type'] === `type.googleapis.com/google.rpc.${type}`);

describe('generateContent answers', () => {
  it('answers lexicon items that cite cues of the prompt, with the expression in the cue text, in the format of generate-content.ok.json', async () => {
    const server = await start();
    const response = await generate(server, { prompt: promptText('ko') });
    const body = (await response.clone().json()) as Record<string, unknown>;
    const items = (JSON.parse(await answerText(response)) as { expressions: unknown[] }).expressions;
    expect(items.map((i) => (i as { expression: string }).expression)).toEqual(expect.arrayContaining(['call it a day', 'figure out', 'give up', 'piece of cake']));
    for (const raw of items) {
      const item = ModelExpressionItem.parse(raw);
      const line = LINES[item.cue_index - FIRST];
      expect(line).toBeDefined();
      expect(item.cue_text).toBe(line);
      expect(line!.toLowerCase()).toContain(item.expression);
      expect(item.translation).toBe(`[ko] ${item.meaning}`);
      expect(item.context_start_index).toBeLessThanOrEqual(item.cue_index);
      expect(item.context_end_index).toBeGreaterThanOrEqual(item.cue_index);
    }
    expect(body).toMatchObject({ candidates: [{ finishReason: 'STOP', index: 0, content: { role: 'model' } }], modelVersion: MODEL });
    const usage = body.usageMetadata as { promptTokenCount: number; candidatesTokenCount: number; totalTokenCount: number };
    expect(usage.promptTokenCount).toBe(Math.ceil(promptText('ko').length / 4));
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + usage.candidatesTokenCount);
    if (haveGeminiFixtures) expect(shape({ ...body, candidates: [] })).toEqual(shape({ ...(fixture('generate-content.ok.json') as object), candidates: [] }));
    expect(server.requests).toEqual([
      expect.objectContaining({ number: 0, path: `/v1beta/models/${MODEL}:generateContent`, model: MODEL, apiKeyGiven: true, cueIndices: [10, 11, 12, 13, 14, 15], status: 200, outcome: 'ok', aborted: false }),
    ]);
  });

  it('omits translation without a target language line, takes the key from ?key=, and reads the system instruction', async () => {
    const server = await start();
    const response = await fetch(`${server.url}/v1beta/models/${MODEL}:generateContent?key=${KEY}`, {
      method: 'POST',
      body: JSON.stringify({
        systemInstruction: { parts: [{ text: 'You are a teacher.\nTarget language: Korean (ko)' }] },
        contents: [{ role: 'user', parts: [{ text: '[3] Let\'s call it a day.' }] }],
      }),
    });
    const [item] = JSON.parse(await answerText(response)).expressions;
    expect(item).toMatchObject({ expression: 'call it a day', cue_index: 3, translation: `[ko] ${item.meaning}` });
    const bare = JSON.parse(await answerText(await generate(server))).expressions as Array<Record<string, unknown>>;
    expect(bare.length).toBeGreaterThan(0);
    for (const i of bare) expect(i).not.toHaveProperty('translation');
  });

  it('lets an answer override replace the items', async () => {
    const server = await start({ answer: (cues, context) => [{ cues: cues.map((c) => c.index), model: context.model, first: context.defaultItems[0]?.expression }] });
    expect(JSON.parse(await answerText(await generate(server)))).toEqual({ expressions: [{ cues: [10, 11, 12, 13, 14, 15], model: MODEL, first: 'call it a day' }] });
  });
});

describe('per-minute quota', () => {
  it('answers 429 past the limit with the body of rate-limit.per-minute.json and the real remaining time of the sliding window; 429s do not count', async () => {
    let clock = 1_000_000;
    const server = await start({ requestsPerMinute: 2, now: () => clock });
    expect((await generate(server)).status).toBe(200);
    clock += 10_000;
    expect((await generate(server)).status).toBe(200);
    clock = 1_020_412.937116;
    const limited = await generate(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    const body = (await limited.json()) as ErrorBody;
    expect(body.error).toMatchObject({ code: 429, status: 'RESOURCE_EXHAUSTED' });
    expect(body.error.message).toMatch(/Please retry in 39\.587062884s\.$/);
    expect(body.error.message).toContain(`limit: 2, model: ${MODEL}`);
    expect(detail(body, 'RetryInfo')).toEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '39.587062884s' });
    expect(detail(body, 'QuotaFailure')).toMatchObject({
      violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier', quotaValue: '2', quotaDimensions: { model: MODEL, location: 'global' } }],
    });
    if (haveGeminiFixtures) expect(shape(body)).toEqual(shape(fixture('rate-limit.per-minute.json')));

    // The first request leaves the window at 1 060 000; the 429 took no slot, so one request fits again.
    clock = 1_060_001;
    expect((await generate(server)).status).toBe(200);
    clock = 1_060_002;
    const again = (await (await generate(server)).json()) as ErrorBody;
    expect(detail(again, 'RetryInfo')?.retryDelay).toBe('9.998s');
    expect(server.requests.map((r) => r.outcome)).toEqual(['ok', 'ok', '429-minute', 'ok', '429-minute']);
    expect(server.requests.map((r) => r.retryDelayMs)).toEqual([null, null, expect.closeTo(39_587.062884, 6), null, 9998]);
  });

  it('counts a fixed window from its start, and writes the delay in the chosen format', async () => {
    let clock = 185_000;
    const server = await start({ requestsPerMinute: 1, windowKind: 'fixed', retryDelayFormat: 'seconds', now: () => clock });
    const delayOf = async () => detail((await (await generate(server)).json()) as ErrorBody, 'RetryInfo')?.retryDelay;
    expect((await generate(server)).status).toBe(200);
    clock = 204_600;
    expect(await delayOf()).toBe('35s'); // 35.4 s to 240 000, rounded down as Google does
    server.configure({ retryDelayFormat: 'ms' });
    expect(await delayOf()).toBe('35400ms');
    server.configure({ retryDelayFormat: 'fractional' });
    expect(await delayOf()).toBe('35.4s');
    clock = 240_000; // a new window
    expect((await generate(server)).status).toBe(200);
  });

  it('surfaces through the SDK as status 429 with RetryInfo in errorDetails', async ({ skip }) => {
    if (!sdk) return skip('@google/generative-ai is not installed');
    const server = await start({ requestsPerMinute: 0, now: () => 30_000 });
    const model = new sdk.GoogleGenerativeAI(KEY).getGenerativeModel({ model: MODEL }, { baseUrl: server.url });
    const error = await model.generateContent(promptText()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.GoogleGenerativeAIFetchError);
    const fetchError = error as InstanceType<typeof sdk.GoogleGenerativeAIFetchError>;
    expect(fetchError.status).toBe(429);
    expect(fetchError.errorDetails).toContainEqual({ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '60s' });
    expect(fetchError.message).not.toContain(KEY);
  });
});

describe('per-day quota', () => {
  it('answers 429 with the per-day body once the day is used up, whatever the clock, until the quotas are reset', async () => {
    let clock = 0;
    const server = await start({ requestsPerDay: 2, now: () => clock });
    expect((await generate(server)).status).toBe(200);
    expect((await generate(server)).status).toBe(200);
    clock = 17_500;
    const limited = await generate(server);
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as ErrorBody;
    expect(detail(body, 'QuotaFailure')).toMatchObject({ violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier', quotaValue: '2' }] });
    expect(detail(body, 'RetryInfo')?.retryDelay).toBe('42.5s'); // a short wait that does not help, as with Google
    if (haveGeminiFixtures) expect(shape(body)).toEqual(shape(fixture('rate-limit.per-day.json')));
    clock += 86_400_000;
    expect((await generate(server)).status).toBe(429);
    server.configure({ resetQuotas: true });
    expect((await generate(server)).status).toBe(200);
    expect(server.requests.map((r) => r.outcome)).toEqual(['ok', 'ok', '429-day', '429-day', 'ok']);
  });
});

describe('failures', () => {
  it('answers 503 with the body of overloaded.503.json, by script and by share', async () => {
    const server = await start({ script: ['503', 'ok'] });
    const first = await generate(server);
    expect(first.status).toBe(503);
    const body = await first.json();
    expect(body).toEqual({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    if (haveGeminiFixtures) expect(body).toEqual(fixture('overloaded.503.json'));
    expect((await generate(server)).status).toBe(200);
    server.configure({ rate503: 1 });
    expect((await generate(server)).status).toBe(503);
    expect(server.requests.map((r) => r.outcome)).toEqual(['503', 'ok', '503']);
  });

  it('draws the same outcomes for the same seed, in roughly the configured shares', async () => {
    const outcomes = async (seed: number) => {
      const server = await start({ seed, rate503: 0.25, rateMalformed: 0.25 });
      const statuses: number[] = [];
      for (let i = 0; i < 40; i++) statuses.push((await generate(server)).status);
      return server.requests.map((r) => r.outcome);
    };
    const a = await outcomes(7);
    expect(await outcomes(7)).toEqual(a);
    expect(await outcomes(8)).not.toEqual(a);
    const count = (kind: string) => a.filter((o) => o === kind).length;
    expect(count('503')).toBeGreaterThanOrEqual(3);
    expect(count('malformed')).toBeGreaterThanOrEqual(3);
    expect(count('ok')).toBeGreaterThanOrEqual(10);
  });

  it('hangs until the client aborts, and logs it as aborted', async () => {
    const server = await start({ script: ['hang'] });
    const controller = new AbortController();
    const pending = generate(server, { signal: controller.signal });
    await delay(150);
    controller.abort();
    await expect(pending).rejects.toThrow(/abort/i);
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
    expect(server.requests[0]).toMatchObject({ outcome: 'hang', status: null });
    expect((await generate(server)).status).toBe(200); // the server goes on
  });

  it('hangs through the SDK until its signal aborts', async ({ skip }) => {
    if (!sdk) return skip('@google/generative-ai is not installed');
    const server = await start({ rateHang: 1 });
    const model = new sdk.GoogleGenerativeAI(KEY).getGenerativeModel({ model: MODEL }, { baseUrl: server.url });
    const error = await model.generateContent(promptText(), { signal: AbortSignal.timeout(200) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(sdk.GoogleGenerativeAIAbortError);
    await expect.poll(() => server.requests[0]?.aborted).toBe(true);
  });

  it('answers 200 with text that is not valid JSON, cut off as by a token limit', async () => {
    const server = await start({ rateMalformed: 1 });
    const response = await generate(server);
    const body = (await response.clone().json()) as { candidates: Array<{ finishReason: string }> };
    expect(body.candidates[0]!.finishReason).toBe('MAX_TOKENS');
    const text = await answerText(response);
    expect(text.startsWith('{"expressions":[')).toBe(true);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('puts three bad items among the good ones', async () => {
    const server = await start({ rateInvalidItems: 1 });
    const items = JSON.parse(await answerText(await generate(server))).expressions as Array<Record<string, unknown>>;
    server.configure({ rateInvalidItems: 0 });
    const good = JSON.parse(await answerText(await generate(server))).expressions as Array<Record<string, unknown>>;
    const base = good[0]!;
    expect(items).toHaveLength(good.length + 3);
    for (const item of good) expect(items).toContainEqual(item);
    const bad = items.filter((i) => !good.some((g) => JSON.stringify(g) === JSON.stringify(i)));
    const notInText = bad.find((i) => !promptText().toLowerCase().includes(String(i.expression)));
    expect(ModelExpressionItem.safeParse(notInText).success).toBe(true);
    const offByTwo = bad.find((i) => ModelExpressionItem.safeParse(i).success && i !== notInText)!;
    expect(offByTwo).toEqual({ ...base, cue_index: Number(base.cue_index) + 2 }); // cue_text still the real cue's
    const missing = bad.find((i) => !ModelExpressionItem.safeParse(i).success);
    expect(missing).toEqual({ expression: base.expression, cue_index: base.cue_index });
    expect(server.requests.map((r) => r.outcome)).toEqual(['invalid-items', 'ok']);
  });
});

describe('keys and paths', () => {
  it('answers an invalid key 400 API_KEY_INVALID (invalid-argument.400.json), a missing key 403, an unknown path 404', async () => {
    const server = await start({ invalidKeys: ['bad-key'] });
    const invalid = await generate(server, { key: 'bad-key' });
    expect(invalid.status).toBe(400);
    const body = await invalid.json();
    expect(detail(body as ErrorBody, 'ErrorInfo')).toMatchObject({ reason: 'API_KEY_INVALID' });
    if (haveGeminiFixtures) expect(body).toEqual(fixture('invalid-argument.400.json'));
    const missing = await generate(server, { key: null });
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ error: { code: 403, status: 'PERMISSION_DENIED', message: expect.stringMatching(/^Method doesn't allow unregistered callers/) } });
    const unknown = await fetch(`${server.url}/v1beta/models`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND' } });
    expect(server.requests.map((r) => [r.outcome, r.status, r.apiKeyGiven])).toEqual([
      ['400', 400, true],
      ['403', 403, false],
      ['404', 404, false],
    ]);
  });

  it('answers 400 INVALID_ARGUMENT to a body that is not JSON or has no contents, and rejects invalid knobs', async () => {
    const server = await start();
    const post = (body: string) => fetch(`${server.url}/v1beta/models/${MODEL}:generateContent`, { method: 'POST', headers: { 'x-goog-api-key': KEY }, body });
    for (const body of ['{"contents": [', '{}', '[]']) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 400, status: 'INVALID_ARGUMENT' } });
    }
    expect(server.requests.map((r) => r.outcome)).toEqual(['400', '400', '400']);
    expect(() => server.configure({ rate503: 0.6, rateHang: 0.6 })).toThrow(RangeError);
    expect(() => server.configure({ requestsPerMinute: 1.5 })).toThrow(RangeError);
    await expect(startGeminiTestServer({ latencyMs: { min: 5, max: 1 } })).rejects.toThrow(RangeError);
  });

  it('reaches the SDK as status 400 with the ErrorInfo', async ({ skip }) => {
    if (!sdk) return skip('@google/generative-ai is not installed');
    const server = await start();
    const model = new sdk.GoogleGenerativeAI('invalid').getGenerativeModel({ model: MODEL }, { baseUrl: server.url });
    const error = (await model.generateContent('hello').catch((e: unknown) => e)) as InstanceType<typeof sdk.GoogleGenerativeAIFetchError>;
    expect(error.status).toBe(400);
    expect(error.errorDetails).toContainEqual(expect.objectContaining({ reason: 'API_KEY_INVALID' }));
  });

  it('never stores or logs the key', async () => {
    const server = await start({ script: ['ok', '503', 'hang'] });
    const controller = new AbortController();
    await generate(server);
    await generate(server);
    const hung = generate(server, { signal: controller.signal }).catch(() => undefined);
    await expect.poll(() => server.requests.length).toBe(3);
    await fetch(`${server.url}/v1beta/models/${MODEL}:generateContent?key=${KEY}`, { method: 'POST', body: '{"contents":[{"parts":[{"text":"[0] hi"}]}]}' });
    await fetch(`${server.url}/nowhere?key=${KEY}`);
    await fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` }, body: JSON.stringify({ model: MODEL, messages: [{ role: 'user', content: promptText() }] }) });
    controller.abort();
    await hung;
    expect(server.requests).toHaveLength(6);
    expect(JSON.stringify(server.requests)).not.toContain(KEY);
    expect(server.requests.every((r) => !r.path.includes('?'))).toBe(true);
  });
});

describe('latency', () => {
  it('waits about latencyMs before answering, per request when given a function or a range', async () => {
    const server = await start({ latencyMs: 300 });
    const started = performance.now();
    expect((await generate(server)).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    server.configure({ latencyMs: (n) => n * 10 });
    await generate(server);
    await generate(server);
    server.configure({ latencyMs: { min: 20, max: 40 } });
    await generate(server);
    const latencies = server.requests.map((r) => r.latencyMs);
    expect(latencies.slice(0, 3)).toEqual([300, 10, 20]);
    expect(latencies[3]).toBeGreaterThanOrEqual(20);
    expect(latencies[3]).toBeLessThanOrEqual(40);
  });
});

describe('OpenAI-compatible chat completions', () => {
  const chat = (server: GeminiTestServer, key: string | null = KEY) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key === null ? {} : { authorization: `Bearer ${key}` }) },
      body: JSON.stringify({ model: MODEL, messages: [{ role: 'system', content: 'Target language: ko' }, { role: 'user', content: promptText() }] }),
    });

  it('answers the same items as a chat.completion', async () => {
    const server = await start();
    const response = await chat(server);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; model: string; choices: Array<{ message: { role: string; content: string }; finish_reason: string }>; usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number } };
    expect(body).toMatchObject({ object: 'chat.completion', model: MODEL, choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant' } }] });
    const items = JSON.parse(body.choices[0]!.message.content).expressions;
    expect(items[0]).toMatchObject({ expression: 'call it a day', cue_index: 10, translation: `[ko] ${items[0].meaning}` });
    expect(body.usage.total_tokens).toBe(body.usage.prompt_tokens + body.usage.completion_tokens);
    expect(server.requests[0]).toMatchObject({ path: '/v1/chat/completions', model: MODEL, cueIndices: [10, 11, 12, 13, 14, 15], outcome: 'ok' });
  });

  it('sends Retry-After with its 429s and 503s, in OpenAI error bodies; 401 for a bad key', async () => {
    let clock = 0;
    const server = await start({ requestsPerMinute: 1, now: () => clock, script: ['ok', '503'] });
    expect((await chat(server)).status).toBe(200);
    const overloaded = await chat(server);
    expect(overloaded.status).toBe(503);
    expect(overloaded.headers.get('retry-after')).toBe('1');
    clock = 12_300;
    const limited = await chat(server);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('48');
    expect(limited.headers.get('retry-after-ms')).toBe('47700');
    expect(await limited.json()).toMatchObject({ error: { type: 'requests', code: 'rate_limit_exceeded', message: expect.stringContaining('Please try again in 47.7s.') } });
    const bad = await chat(server, 'invalid');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_api_key' } });
    expect((await chat(server, null)).status).toBe(401);
  });
});

describe('close', () => {
  /** Handles that would keep the process alive: servers, sockets and timers. */
  const handles = () => process.getActiveResourcesInfo().filter((k) => k === 'TCPServerWrap' || k === 'TCPSocketWrap' || k === 'Timeout').length;

  it('ends hung and waiting requests and leaves no server, socket or timer behind', async () => {
    // Warm up fetch, so that the handles it keeps for itself are in the baseline.
    const warm = await startGeminiTestServer();
    await (await generate(warm)).text();
    await warm.close();
    await delay(50);
    const baseline = handles();

    const server = await startGeminiTestServer({ latencyMs: 60_000, script: ['hang'] });
    const hung = generate(server).then(() => 'answered', () => 'failed');
    const waiting = generate(server).then(() => 'answered', () => 'failed');
    await expect.poll(() => server.requests.length).toBe(2);
    expect(handles()).toBeGreaterThan(baseline);
    const closing = server.close();
    expect(server.close()).toBe(closing);
    await closing;
    expect(await hung).toBe('failed');
    expect(await waiting).toBe('failed');
    expect(server.requests.map((r) => [r.outcome, r.aborted])).toEqual([
      ['hang', false],
      ['ok', false],
    ]);
    await expect.poll(handles).toBeLessThanOrEqual(baseline);
  });
});
