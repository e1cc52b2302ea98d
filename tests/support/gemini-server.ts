/**
 * A Gemini-compatible HTTP test server, for any test or benchmark that needs a model without the network.
 *
 * It speaks the REST dialect the real `@google/generative-ai` SDK uses
 * (`POST {url}/v1beta/models/{model}:generateContent`, key in `x-goog-api-key` or `?key=`) and an
 * OpenAI-compatible one (`POST {url}/v1/chat/completions`, also at `{url}/v1beta/openai/chat/completions`
 * as Gemini serves it; key as `Authorization: Bearer`). Answers follow the model contract (DESIGN.md, "The
 * model contract"): the prompt's cue lines `[<cue index>] <plain text>` are run through the offline lexicon
 * provider of `@langflix/core` (level `mixed`), so a test can check what comes back against what it sent.
 *
 * Failures are produced in the real bodies of `../shared/fixtures/gemini/`: per-minute and per-day quota
 * 429s (with a `RetryInfo.retryDelay` computed from the real state of the quota window), 503 overloaded,
 * 400 invalid key, 403 missing key, plus answers that hang, are cut off, or carry bad items. All chance is
 * drawn from a seeded PRNG (mulberry32), so a run is the same every time for the same requests in the same
 * order. The key is never stored: the log only says whether one was given.
 *
 * Outcome of a model request, in this order:
 * 1. unknown path or method → 404; no key → 403 (OpenAI dialect: 401); key in `invalidKeys` → 400
 *    (OpenAI dialect: 401); body not JSON or without `contents`/`messages` → 400;
 * 2. the next `script` entry, if any, forces the outcome;
 * 3. otherwise the per-day quota, then the per-minute quota: over either → 429 (not counted);
 * 4. otherwise the request is accepted (counted toward both quotas) and one draw decides between
 *    503, hang, malformed, invalid items and ok by the `rate*` shares.
 * Then the answer waits `latencyMs` (hangs never answer) and is sent.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mulberry32 } from './random.js';
import { createLexiconProvider, type Chunk, type Cue, type ModelExpressionItem, type Provider } from '@langflix/core';

/** An outcome a `script` entry can force on the next model request. */
export type ScriptedOutcome = 'ok' | '429-minute' | '429-day' | '503' | 'hang' | 'malformed' | 'invalid-items';

/**
 * How a request ended. The model outcomes of {@link ScriptedOutcome}, or, for answers that never reach the
 * model, the HTTP status as a string: `'400'` (invalid key, bad body), `'401'` (OpenAI dialect: missing or
 * invalid key), `'403'` (no key), `'404'` (unknown path), `'500'` (the `answer` knob threw).
 */
export type RequestOutcome = ScriptedOutcome | '400' | '401' | '403' | '404' | '500';

/**
 * Added latency before an answer, in milliseconds: a fixed number, a uniform range `{ min, max }` (drawn
 * from the seeded PRNG per request), or a function of the request's 0-based arrival number.
 */
export type LatencyOption = number | { readonly min: number; readonly max: number } | ((requestNumber: number) => number);

/**
 * How `RetryInfo.retryDelay` is written in Gemini 429 bodies, for a remaining time of 34 412.937116 ms:
 * - `'fractional'`: protobuf Duration JSON with the fraction kept, trailing zeros trimmed: `"34.412937116s"`
 *   (`"34.4s"` for 34 400 ms, `"34s"` for 34 000 ms);
 * - `'seconds'`: whole seconds, rounded down as Google does: `"34s"` (the fixtures' message says 34.41 s
 *   while their `retryDelay` says `"34s"`, so a client that waits exactly that long can be early);
 * - `'ms'`: milliseconds rounded up, a non-protobuf form some gateways send: `"34413ms"`.
 * The message always gives the precise value ("Please retry in 34.412937116s.").
 */
export type RetryDelayFormat = 'fractional' | 'seconds' | 'ms';

/** What an `answer` override is told about the request besides its cues. */
export interface AnswerContext {
  /** The model named in the URL (Gemini) or the body (OpenAI dialect; `''` when absent). */
  readonly model: string;
  /** 0-based arrival number of the request (its position in `requests`). */
  readonly requestNumber: number;
  /** Every text part of the request (system instruction included), joined by newlines. */
  readonly prompt: string;
  /** The code from a `Target language: <code>` line of the prompt, or null when there is none. */
  readonly targetLanguage: string | null;
  /** What the server would answer by default: the lexicon's items, with `translation` when a target language is given. */
  readonly defaultItems: readonly ModelExpressionItem[];
}

/**
 * Replaces the default answer: returns the items of `{"expressions": [...]}`. Items are `unknown` so a test
 * can answer with deliberately broken ones.
 */
export type AnswerFn = (cues: readonly Cue[], context: AnswerContext) => readonly unknown[] | Promise<readonly unknown[]>;

/** Options of {@link startGeminiTestServer}; every knob but `port` can be changed later with `configure`. */
export interface GeminiTestServerOptions {
  /** Seed of the PRNG behind every random choice (outcome shares, latency ranges, cut points). @default 1 */
  seed?: number;
  /** Added latency before each answer (errors included; hangs never answer), in ms. @default 0 */
  latencyMs?: LatencyOption;
  /** Accepted requests allowed per window (`windowMs`); over it, 429 with the per-minute body. `null`: no limit. @default null */
  requestsPerMinute?: number | null;
  /**
   * How the per-minute window moves: `'sliding'` counts the accepted requests of the last `windowMs`
   * (a slot frees `windowMs` after the request that took it); `'fixed'` counts those since the start of the
   * current window, windows being consecutive `windowMs` spans of the clock from 0.
   * @default 'sliding'
   */
  windowKind?: 'sliding' | 'fixed';
  /** Length of the per-minute window, in ms (a "per-minute" quota of any window: 10 s, 60 s, …). @default 60000 */
  windowMs?: number;
  /**
   * Input tokens (the prompt's characters / 4, as `usageMetadata.promptTokenCount` reports them) allowed per
   * window (`windowMs`); over it, 429 naming the token quota (Gemini: `QuotaFailure` quota id
   * `GenerateContentInputTokensPerModelPerMinute`; OpenAI dialect: "tokens per min (TPM)"). `null`: no limit.
   * @default null
   */
  tokensPerMinute?: number | null;
  /**
   * What a Gemini per-minute 429 says besides its delay: `'quota-failure'` — `QuotaFailure` (quota id and
   * value) and `RetryInfo`, with "Please retry in …" in the message, as Google's API does; `'retry-info'` —
   * `RetryInfo` only and the bare message "Resource has been exhausted (e.g. check quota).", as proxies and
   * self-hosted servers send, so the client must learn the quota from timing alone.
   * @default 'quota-failure'
   */
  quotaDetails?: 'quota-failure' | 'retry-info';
  /**
   * OpenAI dialect: send `x-ratelimit-{limit,remaining,reset}-requests` (and the `-tokens` twins when
   * `tokensPerMinute` is set) with every answer and 429 while a per-minute quota is set, as OpenAI,
   * LiteLLM and OpenRouter do. `reset` is the time until the window is empty again (OpenAI: "until the rate
   * limit resets to its initial state"), written as `1.234s`.
   * @default true
   */
  rateLimitHeaders?: boolean;
  /**
   * Accepted requests allowed in total since start (or since `configure({ resetQuotas: true })`); over it,
   * 429 with the per-day body. It never rolls over by itself. Its `retryDelay` is, as with Google, a short
   * wait that does not help: the time to the clock's next whole minute. `null`: no limit.
   * @default null
   */
  requestsPerDay?: number | null;
  /** How `RetryInfo.retryDelay` is written in Gemini 429s. @default 'fractional' */
  retryDelayFormat?: RetryDelayFormat;
  /** Share (0–1) of accepted requests answered 503 UNAVAILABLE ("The model is overloaded"). @default 0 */
  rate503?: number;
  /** Share (0–1) of accepted requests never answered, until the client aborts or the server closes. @default 0 */
  rateHang?: number;
  /**
   * Share (0–1) of accepted requests answered 200 with the answer cut off (not valid JSON), finish reason
   * `MAX_TOKENS` (OpenAI dialect: `length`). @default 0
   */
  rateMalformed?: number;
  /**
   * Share (0–1) of accepted requests whose answer carries three bad items among the good ones: an
   * expression that is not in the prompt, a `cue_index` 2 past the real cue (with that cue's `cue_text`),
   * and one missing required fields (only `expression` and `cue_index`). @default 0
   */
  rateInvalidItems?: number;
  /** Keys answered 400 API_KEY_INVALID (OpenAI dialect: 401 `invalid_api_key`). @default ['invalid'] */
  invalidKeys?: readonly string[];
  /** The clock of the quota windows and of `LoggedRequest.at`, in ms (latency is always real time). @default Date.now */
  now?: () => number;
  /**
   * Outcomes forced on the next model requests (those past the key and body checks), one each, in order,
   * before quotas and shares apply. A forced `'ok'` is answered even over quota; forced non-429 outcomes
   * count toward the quotas like accepted requests. A forced `'429-minute'` advises the time until the
   * oldest request of the window leaves it (the whole window when it is empty); a forced `'429-day'` the
   * same short wait as a real per-day 429. `configure({ script })` replaces what is left.
   * @default []
   */
  script?: readonly ScriptedOutcome[];
  /** Replaces the default (lexicon) answer; `rateInvalidItems` and `rateMalformed` still apply on top. @default none */
  answer?: AnswerFn;
  /** OpenAI dialect only: the `Retry-After` sent with 503s, in ms (the header carries whole seconds, rounded up). @default 1000 */
  overloadedRetryAfterMs?: number;
  /** Port to listen on at 127.0.0.1; 0 takes a free one. Fixed at start. @default 0 */
  port?: number;
}

/** What `configure` takes: any knob (a knob given as `undefined` goes back to its default), and `resetQuotas`. */
export type GeminiTestServerChanges = Partial<Omit<GeminiTestServerOptions, 'port'>> & {
  /** Forget every accepted request: both quota windows start empty. */
  resetQuotas?: boolean;
};

/** One request as the server saw it. Never holds the key. Entries are live: `aborted` can change later. */
export interface LoggedRequest {
  /** 0-based arrival number (position in `requests`). */
  readonly number: number;
  /** When the request was decided (its body fully received), in ms of the `now` clock. */
  readonly at: number;
  /** URL path, without the query string (which may hold the key). */
  readonly path: string;
  /** Model from the URL (Gemini) or body (OpenAI dialect); null on 404s or when absent. */
  readonly model: string | null;
  /** True when a non-empty key was given (header, `?key=`, or Bearer). */
  readonly apiKeyGiven: boolean;
  /** Cue indices found in the prompt's cue lines, in prompt order. */
  readonly cueIndices: readonly number[];
  /** HTTP status decided for the answer (sent unless `aborted`); null for a hang. */
  readonly status: number | null;
  readonly outcome: RequestOutcome;
  /** True when the client went away before the answer was completely sent. */
  readonly aborted: boolean;
  /** Latency the answer waited (or was to wait), in ms; 0 for hangs. */
  readonly latencyMs: number;
  /** For 429s: the wait the answer advised, in ms (precise, before `retryDelayFormat` rounding); else null. */
  readonly retryDelayMs: number | null;
}

/** A running test server. */
export interface GeminiTestServer {
  /** `http://127.0.0.1:<port>`: pass as the SDK's `baseUrl` (or `${url}/v1` as an OpenAI base URL). */
  readonly url: string;
  /** Every request seen, in the order they were decided (arrival order for sequential clients). Live. */
  readonly requests: readonly LoggedRequest[];
  /** Changes knobs between the phases of a test; see {@link GeminiTestServerChanges}. @throws {RangeError} on an invalid knob */
  configure(changes: GeminiTestServerChanges): void;
  /** Stops listening, ends hung and waiting requests (their clients see the connection close), clears every timer. Idempotent. */
  close(): Promise<void>;
}

/** Defaults of {@link GeminiTestServerOptions}. */
export const GEMINI_TEST_SERVER_DEFAULTS = {
  seed: 1,
  latencyMs: 0,
  requestsPerMinute: null,
  windowKind: 'sliding',
  windowMs: 60_000,
  tokensPerMinute: null,
  quotaDetails: 'quota-failure',
  rateLimitHeaders: true,
  requestsPerDay: null,
  retryDelayFormat: 'fractional',
  rate503: 0,
  rateHang: 0,
  rateMalformed: 0,
  rateInvalidItems: 0,
  invalidKeys: ['invalid'],
  now: Date.now,
  script: [],
  answer: undefined,
  overloadedRetryAfterMs: 1000,
} as const satisfies Omit<GeminiTestServerOptions, 'port'>;

type Settings = Required<Omit<GeminiTestServerOptions, 'port' | 'answer'>> & { answer: AnswerFn | undefined };

type MutableLog = { -readonly [K in keyof LoggedRequest]: LoggedRequest[K] };

/** An answer to send: status, JSON body and extra headers; or a hang. */
type Reply = { status: number; body: unknown; headers?: Record<string, string>; outcome: RequestOutcome; retryDelayMs?: number } | { hang: true };

// ---------------------------------------------------------------------------------------------------------
// Randomness


/** A PRNG of its own for request `n`, so one request's draws never shift another's. */
function requestRandom(seed: number, n: number): () => number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35);
  h ^= h >>> 16;
  return mulberry32(h);
}

// ---------------------------------------------------------------------------------------------------------
// Options

function checkShare(name: string, value: number): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${name} must be a share between 0 and 1, got ${value}`);
}

function checkLimit(name: string, value: number | null): void {
  if (value !== null && !(Number.isInteger(value) && value >= 0)) throw new RangeError(`${name} must be a non-negative integer or null, got ${value}`);
}

/** Checks a fully resolved set of knobs. @throws {RangeError} */
function validate(s: Settings): void {
  for (const name of ['rate503', 'rateHang', 'rateMalformed', 'rateInvalidItems'] as const) checkShare(name, s[name]);
  const total = s.rate503 + s.rateHang + s.rateMalformed + s.rateInvalidItems;
  if (total > 1 + 1e-9) throw new RangeError(`rate503 + rateHang + rateMalformed + rateInvalidItems must not exceed 1, got ${total}`);
  checkLimit('requestsPerMinute', s.requestsPerMinute);
  checkLimit('tokensPerMinute', s.tokensPerMinute);
  if (s.quotaDetails !== 'quota-failure' && s.quotaDetails !== 'retry-info') throw new RangeError(`quotaDetails must be 'quota-failure' or 'retry-info', got ${JSON.stringify(s.quotaDetails)}`);
  checkLimit('requestsPerDay', s.requestsPerDay);
  if (!(s.windowMs > 0)) throw new RangeError(`windowMs must be positive, got ${s.windowMs}`);
  if (typeof s.latencyMs === 'number' && !(s.latencyMs >= 0)) throw new RangeError(`latencyMs must be non-negative, got ${s.latencyMs}`);
  if (typeof s.latencyMs === 'object' && !(s.latencyMs.min >= 0 && s.latencyMs.max >= s.latencyMs.min)) {
    throw new RangeError(`latencyMs range must have 0 <= min <= max, got ${JSON.stringify(s.latencyMs)}`);
  }
  if (!(s.overloadedRetryAfterMs >= 0)) throw new RangeError(`overloadedRetryAfterMs must be non-negative, got ${s.overloadedRetryAfterMs}`);
}

/** Applies changes to settings: a key given as `undefined` goes back to its default. */
function merge(base: Settings, changes: Partial<Settings>): Settings {
  const next: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(changes)) {
    if (!(key in GEMINI_TEST_SERVER_DEFAULTS)) continue;
    next[key] = value === undefined ? GEMINI_TEST_SERVER_DEFAULTS[key as keyof typeof GEMINI_TEST_SERVER_DEFAULTS] : value;
  }
  return next as Settings;
}

// ---------------------------------------------------------------------------------------------------------
// Prompts and answers

const CUE_LINE = /^\s*\[(\d+)\][ \t]?(.*?)\s*$/;

/** Cues rebuilt from the `[<index>] <text>` lines of a prompt (first line of an index wins). */
export function parseCueLines(prompt: string): Cue[] {
  const cues: Cue[] = [];
  const seen = new Set<number>();
  for (const line of prompt.split('\n')) {
    const m = CUE_LINE.exec(line);
    if (!m) continue;
    const index = Number(m[1]);
    if (!Number.isSafeInteger(index) || seen.has(index)) continue;
    seen.add(index);
    cues.push({ index, id: null, startMs: index * 2000, endMs: index * 2000 + 1500, text: m[2]!, plain: m[2]!, line: 1 });
  }
  return cues;
}

/** The code of a `Target language: ko` line (also `Target language: Korean (ko)`), or null. */
export function parseTargetLanguage(prompt: string): string | null {
  const line = /^\s*target language\s*:\s*(.+?)\s*$/im.exec(prompt)?.[1];
  if (!line) return null;
  const code = /\(([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\)/.exec(line)?.[1] ?? /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*\b/.exec(line)?.[0];
  return code ?? line.split(/\s+/)[0] ?? null;
}

let lexicon: Provider | undefined;

/** The lexicon's items for the cues, in the contract's key order, with a `[<lang>] <meaning>` translation when asked. */
async function lexiconItems(cues: readonly Cue[], targetLanguage: string | null): Promise<ModelExpressionItem[]> {
  if (cues.length === 0) return [];
  lexicon ??= createLexiconProvider();
  const indices = cues.map((c) => c.index);
  // Built by hand rather than with chunkCues, which takes cue indices to be array positions from 0.
  const chunk: Chunk = {
    id: 0,
    firstCue: Math.min(...indices),
    lastCue: Math.max(...indices),
    cues: [...cues],
    text: cues.map((c) => `[${c.index}] ${c.plain}`).join('\n'),
  };
  const result = await lexicon.analyzeChunk({ chunk, level: 'mixed', targetLanguage: 'en', minExpressions: 0, maxExpressions: Number.MAX_SAFE_INTEGER });
  return result.items.map((item) => ({
    expression: item.expression,
    cue_index: item.cue_index,
    cue_text: item.cue_text,
    context_start_index: item.context_start_index,
    context_end_index: item.context_end_index,
    meaning: item.meaning,
    ...(targetLanguage === null ? {} : { translation: `[${targetLanguage}] ${item.meaning}` }),
    type: item.type,
    level: item.level,
    similar_expressions: item.similar_expressions,
  }));
}

/** Idioms offered as the hallucinated item; the first one absent from the prompt is used. */
const HALLUCINATIONS = ['kick the bucket', 'spill the beans', 'bite the bullet', 'break the ice', 'under the weather', 'once in a blue moon'];

/** The good items with the three bad ones of `rateInvalidItems` inserted at random places. */
function withBadItems(good: readonly unknown[], cues: readonly Cue[], defaults: readonly ModelExpressionItem[], prompt: string, random: () => number): unknown[] {
  const firstCue = cues[0] ?? { index: 0, plain: '' };
  const base: ModelExpressionItem = defaults[0] ?? {
    expression: firstCue.plain.split(/\s+/).filter(Boolean).slice(0, 2).join(' ') || 'um',
    cue_index: firstCue.index,
    cue_text: firstCue.plain,
    context_start_index: firstCue.index,
    context_end_index: firstCue.index,
    meaning: 'a few words of the line',
    type: 'other',
    level: 'A1',
    similar_expressions: [],
  };
  const lower = prompt.toLowerCase();
  const absent = HALLUCINATIONS.find((e) => !lower.includes(e)) ?? 'zyzzyva quux frobnicate';
  const bad: unknown[] = [
    { ...base, expression: absent, meaning: 'an expression that is not in the text' },
    { ...base, cue_index: base.cue_index + 2 },
    { expression: base.expression, cue_index: base.cue_index },
  ];
  const items = [...good];
  for (const item of bad) items.splice(Math.floor(random() * (items.length + 1)), 0, item);
  return items;
}

// ---------------------------------------------------------------------------------------------------------
// Bodies

/** Seconds with up to 9 fractional digits, trailing zeros trimmed: 34412.937116 ms → `34.412937116`. */
function preciseSeconds(ms: number): string {
  const nanos = Math.max(0, Math.round(ms * 1e6));
  const whole = Math.floor(nanos / 1e9);
  const frac = String(nanos % 1e9).padStart(9, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

function formatRetryDelay(ms: number, format: RetryDelayFormat): string {
  if (format === 'seconds') return `${Math.floor(Math.max(0, ms) / 1000)}s`;
  if (format === 'ms') return `${Math.ceil(Math.max(0, ms))}ms`;
  return `${preciseSeconds(ms)}s`;
}

function googleError(code: number, status: string, message: string, details?: unknown[]): unknown {
  return { error: { code, message, status, ...(details ? { details } : {}) } };
}

const HELP = {
  '@type': 'type.googleapis.com/google.rpc.Help',
  links: [{ description: 'Learn more about Gemini API quotas', url: 'https://ai.google.dev/gemini-api/docs/rate-limits' }],
};

function googleQuotaBody(scope: 'minute' | 'day', model: string, limit: number, retryMs: number, format: RetryDelayFormat, unit: 'requests' | 'tokens' = 'requests', details: 'quota-failure' | 'retry-info' = 'quota-failure', windowMs = 60_000): unknown {
  // Google's ids say PerMinute; a window of another length is named by its seconds (PerMinute when 60 s).
  const per = windowMs === 60_000 ? 'PerMinute' : `Per${preciseSeconds(windowMs)}Seconds`;
  const retryOnly = details === 'retry-info' && scope === 'minute';
  if (retryOnly) {
    return googleError(429, 'RESOURCE_EXHAUSTED', 'Resource has been exhausted (e.g. check quota).', [
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: formatRetryDelay(retryMs, format) },
    ]);
  }
  const metric = unit === 'tokens' ? 'generativelanguage.googleapis.com/generate_content_free_tier_input_token_count' : 'generativelanguage.googleapis.com/generate_content_free_tier_requests';
  const quotaFailure = {
    '@type': 'type.googleapis.com/google.rpc.QuotaFailure',
    violations: [
      {
        quotaMetric: metric,
        quotaId:
          scope === 'day'
            ? 'GenerateRequestsPerDayPerProjectPerModel-FreeTier'
            : unit === 'tokens'
              ? `GenerateContentInputTokensPerModel${per}-FreeTier`
              : `GenerateRequests${per}PerProjectPerModel-FreeTier`,
        quotaDimensions: { model, location: 'global' },
        quotaValue: String(limit),
      },
    ],
  };
  const retryInfo = { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: formatRetryDelay(retryMs, format) };
  const message =
    'You exceeded your current quota, please check your plan and billing details.\n' +
    `* Quota exceeded for metric: ${metric}, limit: ${limit}, model: ${model}\n` +
    `Please retry in ${preciseSeconds(retryMs)}s.`;
  // Detail order as in the fixtures: per-minute QuotaFailure first, per-day Help first.
  return googleError(429, 'RESOURCE_EXHAUSTED', message, scope === 'minute' ? [quotaFailure, HELP, retryInfo] : [HELP, quotaFailure, retryInfo]);
}

/** The wire format of one endpoint family: Google's or OpenAI's. */
interface Dialect {
  readonly keyMissing: () => Reply;
  readonly keyInvalid: () => Reply;
  readonly badRequest: (message: string) => Reply;
  readonly rateLimited: (scope: 'minute' | 'day', model: string, limit: number, used: number, retryMs: number, s: Settings, unit?: 'requests' | 'tokens') => Reply;
  readonly overloaded: (s: Settings) => Reply;
  readonly internal: (message: string) => Reply;
  readonly answer: (text: string, model: string, truncated: boolean, promptChars: number, number: number, now: number) => Reply;
}

const tokens = (chars: number): number => Math.ceil(chars / 4);

const GOOGLE: Dialect = {
  keyMissing: () => ({
    status: 403,
    outcome: '403',
    body: googleError(403, 'PERMISSION_DENIED', "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."),
  }),
  keyInvalid: () => ({
    status: 400,
    outcome: '400',
    body: googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
    ]),
  }),
  badRequest: (message) => ({ status: 400, outcome: '400', body: googleError(400, 'INVALID_ARGUMENT', message) }),
  rateLimited: (scope, model, limit, _used, retryMs, s, unit = 'requests') => ({
    status: 429,
    outcome: scope === 'minute' ? '429-minute' : '429-day',
    retryDelayMs: retryMs,
    body: googleQuotaBody(scope, model, limit, retryMs, s.retryDelayFormat, unit, s.quotaDetails, s.windowMs),
  }),
  overloaded: () => ({ status: 503, outcome: '503', body: googleError(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.') }),
  internal: (message) => ({ status: 500, outcome: '500', body: googleError(500, 'INTERNAL', message) }),
  answer: (text, model, truncated, promptChars) => ({
    status: 200,
    outcome: 'ok',
    body: {
      candidates: [{ content: { parts: [{ text }], role: 'model' }, finishReason: truncated ? 'MAX_TOKENS' : 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: tokens(promptChars), candidatesTokenCount: tokens(text.length), totalTokenCount: tokens(promptChars) + tokens(text.length) },
      modelVersion: model,
    },
  }),
};

function openAiError(status: number, outcome: RequestOutcome, message: string, type: string, code: string | null, headers?: Record<string, string>): Reply {
  return { status, outcome, body: { error: { message, type, param: null, code } }, ...(headers ? { headers } : {}) };
}

/** `Retry-After` (whole seconds, rounded up) and `retry-after-ms` headers. */
function retryAfter(ms: number): Record<string, string> {
  return { 'retry-after': String(Math.ceil(ms / 1000)), 'retry-after-ms': String(Math.ceil(ms)) };
}

const OPENAI: Dialect = {
  keyMissing: () =>
    openAiError(401, '401', "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).", 'invalid_request_error', null),
  keyInvalid: () => openAiError(401, '401', 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key'),
  badRequest: (message) => openAiError(400, '400', message, 'invalid_request_error', null),
  rateLimited: (scope, model, limit, used, retryMs, s, unit = 'requests') => {
    // OpenAI names a per-minute quota "per min (RPM)"; any other window is named as it is.
    const per = s.windowMs === 60_000 ? `${unit} per min (${unit === 'tokens' ? 'TPM' : 'RPM'})` : `${unit} per ${preciseSeconds(s.windowMs)}s`;
    const reply =
      scope === 'minute'
        ? openAiError(429, '429-minute', `Rate limit reached for ${model} on ${per}: Limit ${limit}, Used ${used}, Requested 1. Please try again in ${preciseSeconds(retryMs)}s.`, unit, 'rate_limit_exceeded', retryAfter(retryMs))
        : openAiError(429, '429-day', `You exceeded your current quota, please check your plan and billing details. Requests per day (RPD) for ${model}: Limit ${limit}, Used ${used}.`, 'insufficient_quota', 'insufficient_quota', retryAfter(retryMs));
    return { ...reply, retryDelayMs: retryMs };
  },
  overloaded: (s) => openAiError(503, '503', 'The model is overloaded. Please try again later.', 'server_error', null, retryAfter(s.overloadedRetryAfterMs)),
  internal: (message) => openAiError(500, '500', message, 'server_error', null),
  answer: (text, model, truncated, promptChars, number, now) => ({
    status: 200,
    outcome: 'ok',
    body: {
      id: `chatcmpl-test-${number}`,
      object: 'chat.completion',
      created: Math.floor(now / 1000),
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: truncated ? 'length' : 'stop' }],
      usage: { prompt_tokens: tokens(promptChars), completion_tokens: tokens(text.length), total_tokens: tokens(promptChars) + tokens(text.length) },
    },
  }),
};

// ---------------------------------------------------------------------------------------------------------
// Requests

/** Text parts of a Gemini `Content` (or a bare string, as `systemInstruction` may be). */
function contentText(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  const parts = (content as { parts?: unknown } | null)?.parts;
  if (!Array.isArray(parts)) return [];
  return parts.map((p) => (p as { text?: unknown } | null)?.text).filter((t): t is string => typeof t === 'string');
}

/** Text of an OpenAI message `content`: a string or an array of `{ type: 'text', text }` parts. */
function messageText(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.map((p) => (p as { text?: unknown } | null)?.text).filter((t): t is string => typeof t === 'string');
}

/** The prompt of a request: text where cue lines are looked for (user turns) and all text. */
interface Prompt {
  readonly user: string;
  readonly all: string;
}

function geminiPrompt(body: Record<string, unknown>): Prompt | string {
  if (!Array.isArray(body.contents) || body.contents.length === 0) return '* GenerateContentRequest.contents: contents is not specified';
  const user = body.contents.flatMap(contentText).join('\n');
  const system = contentText(body.systemInstruction).join('\n');
  return { user, all: system ? `${system}\n${user}` : user };
}

function openAiPrompt(body: Record<string, unknown>): Prompt | string {
  if (!Array.isArray(body.messages) || body.messages.length === 0) return "'messages' is a required property";
  const messages = body.messages as Array<{ role?: unknown; content?: unknown } | null>;
  const isSystem = (m: { role?: unknown } | null) => m?.role === 'system' || m?.role === 'developer';
  const user = messages.filter((m) => !isSystem(m)).flatMap((m) => messageText(m?.content)).join('\n');
  const all = messages.flatMap((m) => messageText(m?.content)).join('\n');
  return { user, all };
}

const GEMINI_PATH = /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):generateContent$/;
const OPENAI_PATHS = new Set(['/v1/chat/completions', '/v1beta/openai/chat/completions']);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Starts a Gemini-compatible test server on 127.0.0.1 (a free port unless `port` is given).
 * @throws {RangeError} on an invalid knob
 */
export async function startGeminiTestServer(options: GeminiTestServerOptions = {}): Promise<GeminiTestServer> {
  const { port = 0, ...knobs } = options;
  let settings = merge({ ...GEMINI_TEST_SERVER_DEFAULTS, answer: undefined } as Settings, knobs);
  validate(settings);
  let script: ScriptedOutcome[] = [...settings.script];
  /** Clock times of accepted requests still inside the per-minute window. */
  let minuteTimes: number[] = [];
  /** Input tokens of each of `minuteTimes`, in the same order. */
  let minuteTokens: number[] = [];
  let dayCount = 0;
  const log: MutableLog[] = [];
  const sockets = new Set<Socket>();
  const waits = new Set<() => void>();
  let closing = false;

  /** Accepted requests in the current per-minute window (dropping those out of every window). */
  function inWindow(t: number): number[] {
    const keep = minuteTimes.map((x) => x > t - settings.windowMs);
    minuteTokens = minuteTokens.filter((_, i) => keep[i]);
    minuteTimes = minuteTimes.filter((_, i) => keep[i]);
    if (settings.windowKind === 'sliding') return minuteTimes;
    const start = Math.floor(t / settings.windowMs) * settings.windowMs;
    return minuteTimes.filter((x) => x >= start);
  }

  /** Time until a per-minute slot frees, in ms (the whole window when none is taken). */
  function minuteRetryMs(t: number, times: readonly number[]): number {
    if (settings.windowKind === 'fixed') return Math.floor(t / settings.windowMs) * settings.windowMs + settings.windowMs - t;
    const limit = settings.requestsPerMinute ?? times.length;
    const freeing = times[Math.min(Math.max(0, times.length - limit), times.length - 1)];
    return freeing === undefined ? settings.windowMs : freeing + settings.windowMs - t;
  }

  /** Input tokens of the requests in `times` (the tail of `minuteTimes`). */
  const tokensIn = (times: readonly number[]): number => minuteTokens.slice(minuteTokens.length - times.length).reduce((a, b) => a + b, 0);

  /** Time until enough tokens leave the window for `need` more, in ms. */
  function tokenRetryMs(t: number, times: readonly number[], need: number): number {
    if (settings.windowKind === 'fixed') return Math.floor(t / settings.windowMs) * settings.windowMs + settings.windowMs - t;
    const weights = minuteTokens.slice(minuteTokens.length - times.length);
    let used = weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < times.length; i++) {
      used -= weights[i]!;
      if (used + need <= (settings.tokensPerMinute ?? Infinity)) return times[i]! + settings.windowMs - t;
    }
    return settings.windowMs;
  }

  /** The `x-ratelimit-*` headers (OpenAI dialect) for the window as it is after this request's decision. */
  function budgetHeaders(t: number, times: readonly number[]): Record<string, string> {
    if (!settings.rateLimitHeaders) return {};
    const reset = (ms: number) => `${preciseSeconds(Math.max(0, Math.round(ms)))}s`;
    const emptyIn = times.length > 0 ? (settings.windowKind === 'fixed' ? Math.floor(t / settings.windowMs) * settings.windowMs + settings.windowMs - t : times[times.length - 1]! + settings.windowMs - t) : 0;
    const headers: Record<string, string> = {};
    if (settings.requestsPerMinute !== null) {
      headers['x-ratelimit-limit-requests'] = String(settings.requestsPerMinute);
      headers['x-ratelimit-remaining-requests'] = String(Math.max(0, settings.requestsPerMinute - times.length));
      headers['x-ratelimit-reset-requests'] = reset(emptyIn);
    }
    if (settings.tokensPerMinute !== null) {
      headers['x-ratelimit-limit-tokens'] = String(settings.tokensPerMinute);
      headers['x-ratelimit-remaining-tokens'] = String(Math.max(0, settings.tokensPerMinute - tokensIn(times)));
      headers['x-ratelimit-reset-tokens'] = reset(emptyIn);
    }
    return headers;
  }

  /** Time to the clock's next whole minute, in ms: the unhelpful wait a per-day 429 advises. */
  const dayRetryMs = (t: number): number => 60_000 - (((t % 60_000) + 60_000) % 60_000);

  function latencyFor(n: number, random: () => number): number {
    const l = settings.latencyMs;
    const ms = typeof l === 'number' ? l : typeof l === 'function' ? l(n) : l.min + random() * (l.max - l.min);
    return Math.max(0, Number.isFinite(ms) ? ms : 0);
  }

  /** Waits `ms`; false when the client went away or the server closed meanwhile. */
  function wait(ms: number, res: ServerResponse): Promise<boolean> {
    if (ms <= 0) return Promise.resolve(!res.destroyed && !closing);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        res.off('close', onClose);
        waits.delete(onClose);
        resolve(ok);
      };
      const onClose = () => done(false);
      const timer = setTimeout(() => done(!res.destroyed && !closing), ms);
      res.on('close', onClose);
      waits.add(onClose);
    });
  }

  async function decide(req: IncomingMessage, entry: MutableLog, url: URL, bodyText: string, random: () => number): Promise<Reply> {
    const gemini = GEMINI_PATH.exec(url.pathname);
    const openai = OPENAI_PATHS.has(url.pathname);
    if (req.method !== 'POST' || (!gemini && !openai)) {
      return { status: 404, outcome: '404', body: googleError(404, 'NOT_FOUND', `The requested URL ${url.pathname} was not found on this server.`) };
    }
    const dialect = gemini ? GOOGLE : OPENAI;
    const key = gemini
      ? (req.headers['x-goog-api-key'] as string | undefined) || url.searchParams.get('key') || ''
      : /^Bearer\s+(.*)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim() ?? '';
    entry.apiKeyGiven = key.length > 0;
    if (gemini) entry.model = safeDecode(gemini[2]!);
    if (!entry.apiKeyGiven) return dialect.keyMissing();
    if (settings.invalidKeys.includes(key)) return dialect.keyInvalid();

    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(bodyText);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      body = parsed as Record<string, unknown>;
    } catch {
      return dialect.badRequest('Invalid JSON payload received.');
    }
    if (!gemini) entry.model = typeof body.model === 'string' ? body.model : null;
    const prompt = gemini ? geminiPrompt(body) : openAiPrompt(body);
    if (typeof prompt === 'string') return dialect.badRequest(prompt);
    const userCues = parseCueLines(prompt.user);
    const cues = userCues.length > 0 ? userCues : parseCueLines(prompt.all);
    entry.cueIndices = cues.map((c) => c.index);
    const model = entry.model ?? '';
    const t = entry.at;
    const promptTokens = tokens(prompt.all.length);

    // Which outcome: script, then quotas, then shares.
    const draw = random();
    let outcome = script.shift();
    const times = inWindow(t);
    let overTokens = false;
    if (outcome === undefined) {
      if (settings.requestsPerDay !== null && dayCount >= settings.requestsPerDay) outcome = '429-day';
      else if (settings.requestsPerMinute !== null && times.length >= settings.requestsPerMinute) outcome = '429-minute';
      else if (settings.tokensPerMinute !== null && tokensIn(times) + promptTokens > settings.tokensPerMinute) {
        outcome = '429-minute';
        overTokens = true;
      }
    }
    const withBudget = (reply: Reply): Reply => (gemini || 'hang' in reply ? reply : { ...reply, headers: { ...reply.headers, ...budgetHeaders(t, inWindow(t)) } });
    if (outcome === '429-day') return withBudget(dialect.rateLimited('day', model, settings.requestsPerDay ?? Math.max(1, dayCount), dayCount, dayRetryMs(t), settings));
    if (outcome === '429-minute') {
      if (overTokens) return withBudget(dialect.rateLimited('minute', model, settings.tokensPerMinute!, tokensIn(times), tokenRetryMs(t, times, promptTokens), settings, 'tokens'));
      return withBudget(dialect.rateLimited('minute', model, settings.requestsPerMinute ?? Math.max(1, times.length), times.length, minuteRetryMs(t, times), settings));
    }
    minuteTimes.push(t);
    minuteTokens.push(promptTokens);
    dayCount++;
    if (outcome === undefined) {
      const shares: Array<[ScriptedOutcome, number]> = [
        ['503', settings.rate503],
        ['hang', settings.rateHang],
        ['malformed', settings.rateMalformed],
        ['invalid-items', settings.rateInvalidItems],
      ];
      let edge = 0;
      outcome = 'ok';
      for (const [kind, share] of shares) {
        edge += share;
        if (draw < edge) {
          outcome = kind;
          break;
        }
      }
    }
    if (outcome === '503') return withBudget(dialect.overloaded(settings));
    if (outcome === 'hang') return { hang: true };

    const targetLanguage = parseTargetLanguage(prompt.all);
    const defaults = await lexiconItems(cues, targetLanguage);
    let items: readonly unknown[] = defaults;
    if (settings.answer) {
      try {
        items = await settings.answer(cues, { model, requestNumber: entry.number, prompt: prompt.all, targetLanguage, defaultItems: defaults });
      } catch (error) {
        return dialect.internal(`answer knob failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (outcome === 'invalid-items') items = withBadItems(items, cues, defaults, prompt.all, random);
    let text = JSON.stringify({ expressions: items });
    const truncated = outcome === 'malformed';
    if (truncated) {
      // A proper prefix of a JSON object is never valid JSON; cut in the second half, as a token limit would.
      const half = Math.floor(text.length / 2);
      text = text.slice(0, half + Math.floor(random() * (text.length - half)));
    }
    return withBudget({ ...dialect.answer(text, model, truncated, prompt.all.length, entry.number, t), outcome });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let bodyText: string;
    try {
      bodyText = await readBody(req);
    } catch {
      return; // the client went away before its request was complete: nothing to answer or log
    }
    if (closing) {
      res.destroy();
      return;
    }
    const entry: MutableLog = {
      number: log.length,
      at: settings.now(),
      path: url.pathname,
      model: null,
      apiKeyGiven: false,
      cueIndices: [],
      status: null,
      outcome: '404',
      aborted: false,
      latencyMs: 0,
      retryDelayMs: null,
    };
    log.push(entry);
    res.on('close', () => {
      if (!res.writableFinished && !closing) entry.aborted = true;
    });
    const random = requestRandom(settings.seed, entry.number);
    const reply = await decide(req, entry, url, bodyText, random);
    if ('hang' in reply) {
      entry.outcome = 'hang';
      return;
    }
    entry.status = reply.status;
    entry.outcome = reply.outcome;
    entry.retryDelayMs = reply.retryDelayMs ?? null;
    entry.latencyMs = latencyFor(entry.number, random);
    if (!(await wait(entry.latencyMs, res))) return;
    const json = JSON.stringify(reply.body, null, GEMINI_PATH.test(url.pathname) || reply.status === 404 ? 2 : undefined);
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=UTF-8', ...reply.headers });
    res.end(json);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        res.writeHead(500, { 'content-type': 'application/json; charset=UTF-8' });
        res.end(JSON.stringify(googleError(500, 'INTERNAL', error instanceof Error ? error.message : String(error))));
      }
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${address.port}`,
    requests: log,
    configure(changes: GeminiTestServerChanges): void {
      const { resetQuotas, ...rest } = changes;
      const next = merge(settings, rest as Partial<Settings>);
      validate(next);
      settings = next;
      if ('script' in rest) script = [...settings.script];
      if (resetQuotas) {
        minuteTimes = [];
        minuteTokens = [];
        dayCount = 0;
      }
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        closing = true;
        for (const cancel of [...waits]) cancel();
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      });
      return closed;
    },
  };
}
