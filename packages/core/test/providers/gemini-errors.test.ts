import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FatalError, RateLimitError, TransientError } from '../../src/providers/errors.js';
import { parseDuration, readRateLimit, toGeminiError } from '../../src/providers/gemini-errors.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../../shared/fixtures/gemini');
const present = existsSync(fixtures);
if (!present) console.warn(`Gemini fixtures not found at ${fixtures}: the fixture mapping tests are skipped`);

/** An error as @google/generative-ai 0.24.1 throws it for a non-OK answer (see its handleResponseNotOk). */
function sdkError(file: string, statusText: string) {
  const body = JSON.parse(readFileSync(join(fixtures, file), 'utf8')).error;
  const message = `[GoogleGenerativeAI Error]: Error fetching from https://example.test/v1beta/models/gemini-2.5-flash:generateContent: [${body.code} ${statusText}] ${body.message}${body.details ? ` ${JSON.stringify(body.details)}` : ''}`;
  return Object.assign(new Error(message), { status: body.code, statusText, errorDetails: body.details });
}

describe('parseDuration', () => {
  it('reads protobuf durations and the ms form, in milliseconds', () => {
    expect(parseDuration('37s')).toBe(37_000);
    expect(parseDuration('34.4s')).toBe(34_400);
    expect(parseDuration('45.837906927s')).toBe(45_838);
    expect(parseDuration('373ms')).toBe(373);
    expect(parseDuration('soon')).toBeNull();
  });
});

describe.skipIf(!present)('Gemini error fixtures become typed errors', () => {
  it('per-minute 429: RateLimitError from RetryInfo, scope minute, quotaValue', () => {
    const error = toGeminiError(sdkError('rate-limit.per-minute.json', 'Too Many Requests'), 'k');
    expect(error).toBeInstanceOf(RateLimitError);
    // RetryInfo says "34s" (floored); the message's "Please retry in 34.412937116s" is the finer figure.
    expect(error).toMatchObject({ retryAfterMs: 34_413, scope: 'minute', quotaValue: 10, windowMs: 60_000, unit: 'requests', quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' });
  });

  it('per-day 429: scope day, so the run stops', () => {
    const error = toGeminiError(sdkError('rate-limit.per-day.json', 'Too Many Requests'), 'k');
    expect(error).toMatchObject({ scope: 'day', quotaValue: 20 });
    expect(error.message).toMatch(/daily quota/);
  });

  it('503: TransientError with the API message', () => {
    const error = toGeminiError(sdkError('overloaded.503.json', 'Service Unavailable'), 'k');
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).toBe('Gemini 503: The model is overloaded. Please try again later.');
  });

  it('400 invalid key: FatalError that stops the run, with the API message and what to check', () => {
    const error = toGeminiError(sdkError('invalid-argument.400.json', 'Bad Request'), 'k');
    expect(error).toBeInstanceOf(FatalError);
    expect(error).toMatchObject({ stopsRun: true, message: 'Gemini 400: API key not valid. Please pass a valid API key. (check GEMINI_API_KEY)' });
  });
});

describe('readRateLimit', () => {
  it('falls back to the message’s “Please retry in …” when RetryInfo is missing', () => {
    expect(readRateLimit('Quota exceeded. Please retry in 12.5s.', []).retryAfterMs).toBe(12_500);
    expect(readRateLimit('Please retry in 373ms', []).retryAfterMs).toBe(373);
  });
  it('assumes a minute-scoped 60 s wait when the answer says nothing', () => {
    expect(readRateLimit('Resource exhausted', [])).toEqual({ retryAfterMs: 60_000, scope: 'minute', unit: 'requests' });
  });
  it('adds the second a whole-second RetryInfo may have lost when nothing finer is said', () => {
    expect(readRateLimit('Resource exhausted.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '9s' }]).retryAfterMs).toBe(10_000);
    expect(readRateLimit('Resource exhausted.', [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '9.25s' }]).retryAfterMs).toBe(9250);
  });
  it('reads a token quota from its QuotaFailure id: unit tokens, window one minute, limit the value', () => {
    const details = [
      { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier', quotaValue: '250000' }] },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12.5s' },
    ];
    expect(readRateLimit('Quota exceeded', details)).toEqual({
      retryAfterMs: 12_500,
      scope: 'minute',
      unit: 'tokens',
      quotaValue: 250_000,
      quotaId: 'GenerateContentInputTokensPerModelPerMinute-FreeTier',
      windowMs: 60_000,
    });
  });
});

describe('toGeminiError', () => {
  it('maps a network fault (no status) to TransientError and never repeats the key', () => {
    const error = toGeminiError(new Error('[GoogleGenerativeAI Error]: Error fetching from http://x/?key=SECRET123: fetch failed'), 'SECRET123');
    expect(error).toBeInstanceOf(TransientError);
    expect(error.message).not.toContain('SECRET123');
  });
  it('maps 404 to a FatalError that names what to check', () => {
    const error = toGeminiError(Object.assign(new Error('[404 Not Found] models/gemini-9 is not found'), { status: 404 }), 'k');
    expect(error).toMatchObject({ name: 'FatalError', stopsRun: true });
    expect(error.message).toMatch(/check the model name and base URL/);
  });
});
