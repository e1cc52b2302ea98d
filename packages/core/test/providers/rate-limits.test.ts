import { describe, expect, it } from 'vitest';
import { RateLimitError, reviveError, serializeError } from '../../src/providers/errors.js';
import { parseDuration, parseRateLimitHeaders, parseRetryAfter, readQuotaId, retryAfterFromHeaders } from '../../src/providers/rate-limits.js';

describe('parseDuration', () => {
  it('reads protobuf, Go-style compound and bare-second durations, in milliseconds', () => {
    expect(parseDuration('37s')).toBe(37_000);
    expect(parseDuration('45.837906927s')).toBe(45_838);
    expect(parseDuration('120ms')).toBe(120);
    expect(parseDuration('6m0s')).toBe(360_000);
    expect(parseDuration('1h2m3.5s')).toBe(3_723_500);
    expect(parseDuration('2.5')).toBe(2500);
    expect(parseDuration('soon')).toBeNull();
    expect(parseDuration('5s later')).toBeNull();
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and an HTTP date (RFC 9110 §10.2.3)', () => {
    const now = Date.parse('Sun, 06 Dec 2026 10:00:00 GMT');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 10:00:12 GMT', now)).toBe(12_000);
    expect(parseRetryAfter('Sun, 06 Dec 2026 09:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('whenever', now)).toBeNull();
  });
  it('prefers retry-after-ms to Retry-After', () => {
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2', 'retry-after-ms': '1450' }))).toBe(1450);
    expect(retryAfterFromHeaders(new Headers({ 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterFromHeaders(new Headers())).toBeNull();
  });
});

describe('x-ratelimit-* headers', () => {
  it('reads the requests budget and its -tokens twin', () => {
    const headers = new Headers({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '59',
      'x-ratelimit-reset-requests': '1s',
      'x-ratelimit-limit-tokens': '150000',
      'x-ratelimit-remaining-tokens': '149984',
      'x-ratelimit-reset-tokens': '6m0s',
    });
    expect(parseRateLimitHeaders(headers)).toEqual({
      requests: { limit: 60, remaining: 59, resetMs: 1000 },
      tokens: { limit: 150_000, remaining: 149_984, resetMs: 360_000 },
    });
  });
  it('is null without them, and leaves out unreadable values', () => {
    expect(parseRateLimitHeaders(new Headers({ 'content-type': 'application/json' }))).toBeNull();
    expect(parseRateLimitHeaders({ 'x-ratelimit-limit-requests': 'lots', 'x-ratelimit-remaining-requests': '3' })).toEqual({ requests: { remaining: 3 } });
  });
});

describe('quota ids', () => {
  it('name the window and the unit', () => {
    expect(readQuotaId('GenerateRequestsPerMinutePerProjectPerModel-FreeTier')).toEqual({ windowMs: 60_000, unit: 'requests', scope: 'minute' });
    expect(readQuotaId('GenerateContentInputTokensPerModelPerMinute-FreeTier')).toEqual({ windowMs: 60_000, unit: 'tokens', scope: 'minute' });
    expect(readQuotaId('GenerateRequestsPerDayPerProjectPerModel-FreeTier')).toEqual({ windowMs: 86_400_000, unit: 'requests', scope: 'day' });
    expect(readQuotaId('SomethingElse')).toEqual({ unit: 'requests', scope: 'minute' });
    expect(readQuotaId('GenerateRequestsPer10SecondsPerProjectPerModel')).toEqual({ windowMs: 10_000, unit: 'requests', scope: 'minute' });
  });
});

describe('RateLimitError across threads', () => {
  it('keeps its quota id, window, unit and headers through serializeError / reviveError', () => {
    const error = new RateLimitError('429', 1234, 'minute', 500, { quotaId: 'TokensPerMinute', windowMs: 60_000, unit: 'tokens', headers: { requests: { limit: 5 } } });
    const revived = reviveError(JSON.parse(JSON.stringify(serializeError(error)))) as RateLimitError;
    expect(revived).toBeInstanceOf(RateLimitError);
    expect(revived).toMatchObject({ retryAfterMs: 1234, scope: 'minute', quotaValue: 500, quotaId: 'TokensPerMinute', windowMs: 60_000, unit: 'tokens', headers: { requests: { limit: 5 } } });
  });
});
