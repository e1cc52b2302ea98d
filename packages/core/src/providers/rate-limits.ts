/**
 * What servers say about their quotas, read into plain data: durations (`"37s"`, `"6m0s"`, `"120ms"`),
 * `Retry-After` (seconds or an HTTP date, RFC 9110 §10.2.3) and `retry-after-ms`, the `x-ratelimit-*`
 * headers of OpenAI-compatible servers (OpenAI's rate-limit docs: `x-ratelimit-limit-requests`,
 * `-remaining-requests`, `-reset-requests` and the `-tokens` twins), and the window and unit a Gemini
 * `QuotaFailure.quotaId` names (`GenerateRequestsPerMinutePerProjectPerModel-FreeTier`,
 * `GenerateContentInputTokensPerModelPerMinute-FreeTier`; see `../shared/research/rate-limits.md`).
 * The scheduler's quota estimator (`scheduler/quota.ts`) learns from these.
 */

/** One dimension of an `x-ratelimit-*` budget, as the server stated it at the time of its answer. */
export interface RateLimitBudget {
  /** The quota: requests (or tokens) admitted per window. */
  readonly limit?: number;
  /** Requests (or tokens) left now. */
  readonly remaining?: number;
  /** Milliseconds until the budget is back to `limit` (OpenAI: "until the rate limit resets to its initial state"). */
  readonly resetMs?: number;
}

/** The `x-ratelimit-*` headers of one answer (a success or a 429), by unit; absent units were not sent. */
export interface RateLimitHeaders {
  readonly requests?: RateLimitBudget;
  readonly tokens?: RateLimitBudget;
}

/**
 * Reads a duration in milliseconds (rounded up): a protobuf Duration as JSON writes it (`"37s"`, `"34.4s"`,
 * `"45.837906927s"`), Go-style compound durations as OpenAI's reset headers send them (`"1s"`, `"120ms"`,
 * `"6m0s"`, `"1h2m3.5s"`), or a bare number of seconds. Null when it is none of those.
 */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const part = /(\d+(?:\.\d+)?)\s*(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let match: RegExpExecArray | null;
  while ((match = part.exec(trimmed)) !== null) {
    total += Number(match[1]) * unitMs[match[2]!]!;
    matched = part.lastIndex;
  }
  return matched > 0 && matched === trimmed.length ? Math.ceil(total) : null;
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds from `now`.
 * Null when absent or unreadable.
 */
export function parseRetryAfter(header: string | null | undefined, now = Date.now()): number | null {
  if (!header) return null;
  if (/^\s*\d+(\.\d+)?\s*$/.test(header)) return Math.ceil(Number(header) * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** A header lookup: a fetch `Headers`, or a plain record with lower-case names. */
export type HeaderSource = { get(name: string): string | null } | Readonly<Record<string, string | undefined>>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === 'function') return (headers as { get(name: string): string | null }).get(name);
  return (headers as Record<string, string | undefined>)[name] ?? null;
}

/**
 * The wait a 429's headers ask for, in milliseconds: `retry-after-ms` (a number of milliseconds, as
 * OpenAI's and Azure's APIs send), else `Retry-After` (seconds or an HTTP date). Null when neither is there.
 */
export function retryAfterFromHeaders(headers: HeaderSource, now = Date.now()): number | null {
  const ms = header(headers, 'retry-after-ms');
  if (ms !== null && /^\s*\d+(\.\d+)?\s*$/.test(ms)) return Math.ceil(Number(ms));
  return parseRetryAfter(header(headers, 'retry-after'), now);
}

/**
 * Reads the `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` headers. Reset values are durations
 * (`1s`, `120ms`, `6m0s`) or bare seconds. Null when the answer has none of them; a value that does not read
 * as a number or duration is left out.
 */
export function parseRateLimitHeaders(headers: HeaderSource): RateLimitHeaders | null {
  const read = (unit: 'requests' | 'tokens'): RateLimitBudget | undefined => {
    const count = (name: string) => {
      const value = header(headers, `x-ratelimit-${name}-${unit}`);
      const n = value === null ? Number.NaN : Number(value.trim());
      return Number.isFinite(n) && n >= 0 ? n : undefined;
    };
    const resetText = header(headers, `x-ratelimit-reset-${unit}`);
    const resetMs = resetText === null ? null : parseDuration(resetText);
    const budget = { limit: count('limit'), remaining: count('remaining'), resetMs: resetMs ?? undefined };
    const present = Object.fromEntries(Object.entries(budget).filter(([, v]) => v !== undefined)) as RateLimitBudget;
    return Object.keys(present).length > 0 ? present : undefined;
  };
  const requests = read('requests');
  const tokens = read('tokens');
  if (!requests && !tokens) return null;
  return { ...(requests ? { requests } : {}), ...(tokens ? { tokens } : {}) };
}

/** What a quota id (Gemini `QuotaFailure.violations[].quotaId`, or a quota name in a message) says. */
export interface QuotaIdMeaning {
  /** The window the id names, in milliseconds; undefined when it names none. */
  readonly windowMs?: number;
  /** What the quota counts. */
  readonly unit: 'requests' | 'tokens';
  /** `day` for a daily quota (waiting seconds cannot help), else `minute` (any shorter window). */
  readonly scope: 'minute' | 'day';
}

/**
 * Reads the window and unit out of a quota id: `…PerMinute…` 60 s, `…PerHour…` 1 h, `…PerDay…` 24 h,
 * `…PerSecond…` 1 s, `…Per10Seconds…` 10 s; `…Tokens…` counts tokens, anything else requests. These are the server's own words
 * for its window, not a guess of the scheduler's.
 */
export function readQuotaId(quotaId: string): QuotaIdMeaning {
  const windows: Array<[RegExp, number]> = [
    [/per\s*second/i, 1000],
    [/per\s*minute/i, 60_000],
    [/per\s*hour/i, 3_600_000],
    [/per\s*day/i, 86_400_000],
  ];
  // `Per10Seconds`: a window of so many seconds, as some gateways name theirs.
  const seconds = /per\s*(\d+(?:\.\d+)?)\s*seconds?/i.exec(quotaId)?.[1];
  const windowMs = seconds !== undefined ? Math.round(Number(seconds) * 1000) : windows.find(([pattern]) => pattern.test(quotaId))?.[1];
  return {
    ...(windowMs !== undefined ? { windowMs } : {}),
    unit: /tokens?/i.test(quotaId) ? 'tokens' : 'requests',
    scope: /per\s*day/i.test(quotaId) ? 'day' : 'minute',
  };
}
