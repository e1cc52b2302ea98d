/**
 * Gemini API errors mapped to LangFlix's typed provider errors. Error bodies follow Google's AIP-193
 * (`error.code`, `error.status`, `error.details[]` with `google.rpc.RetryInfo` and
 * `google.rpc.QuotaFailure`); see https://ai.google.dev/gemini-api/docs/troubleshooting and the recorded
 * answers in `../shared/fixtures/gemini/`.
 */
import { FatalError, RateLimitError, TransientError, type ProviderError } from './errors.js';
import { parseDuration, readQuotaId } from './rate-limits.js';

/** The wait assumed when a 429 says nothing about it, in milliseconds. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

export { parseDuration };

interface ErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  violations?: Array<{ quotaId?: string; quotaValue?: string | number }>;
}

/** What a 429 says, as {@link readRateLimit} reads it. */
export interface RateLimitReading {
  /** Milliseconds to wait from when the server decided. */
  retryAfterMs: number;
  scope: 'minute' | 'day';
  /** The limit of the violated quota (requests or tokens per window). */
  quotaValue?: number;
  quotaId?: string;
  /** The window the quota id names, in milliseconds. */
  windowMs?: number;
  unit: 'requests' | 'tokens';
}

/**
 * What a 429 says: how long to wait, whether the quota is per day or over a shorter window, and, when a
 * `QuotaFailure` names it, the quota's id, limit, window and unit.
 * The wait is the longer of `RetryInfo.retryDelay` and the message's "Please retry in 37.828228215s":
 * Google often floors `retryDelay` to whole seconds, so waiting exactly that long can be up to 1 s early
 * (`../shared/research/rate-limits.md`). A whole-second `retryDelay` with no finer figure in the message
 * gets the second it may have lost; nothing at all gives {@link DEFAULT_RETRY_AFTER_MS}.
 */
export function readRateLimit(message: string, details: readonly ErrorDetail[] = []): RateLimitReading {
  const retryInfo = details.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const fromBody = retryInfo?.retryDelay ? parseDuration(retryInfo.retryDelay) : null;
  const messageText = /Please retry in ([\d.]+\s*(?:ms|s))/i.exec(message)?.[1];
  const fromMessage = messageText ? parseDuration(messageText) : null;
  const wholeSeconds = retryInfo?.retryDelay !== undefined && /^\s*\d+s\s*$/.test(retryInfo.retryDelay);
  const retryAfterMs =
    fromBody !== null && fromMessage !== null
      ? Math.max(fromBody, fromMessage)
      : fromBody !== null
        ? fromBody + (wholeSeconds && fromBody > 0 ? 1000 : 0)
        : (fromMessage ?? DEFAULT_RETRY_AFTER_MS);

  const violations = details.filter((d) => d['@type']?.endsWith('google.rpc.QuotaFailure')).flatMap((d) => d.violations ?? []);
  const daily = violations.find((v) => readQuotaId(v.quotaId ?? '').scope === 'day');
  const violation = daily ?? violations[0];
  const quotaValue = violation?.quotaValue === undefined ? undefined : Number(violation.quotaValue);
  const meaning = violation?.quotaId ? readQuotaId(violation.quotaId) : null;
  return {
    retryAfterMs,
    scope: daily ? 'day' : 'minute',
    unit: meaning?.unit ?? 'requests',
    ...(quotaValue !== undefined && Number.isFinite(quotaValue) && quotaValue > 0 ? { quotaValue } : {}),
    ...(violation?.quotaId ? { quotaId: violation.quotaId } : {}),
    ...(meaning?.windowMs !== undefined ? { windowMs: meaning.windowMs } : {}),
  };
}

/** The API's own message: the SDK wraps it as `Error fetching from <url>: [429 Too Many Requests] <message> <details JSON>`. */
function apiMessage(message: string): string {
  const afterStatus = /\[\d{3}[^\]]*\]\s*([\s\S]*)$/.exec(message)?.[1] ?? message;
  const withoutDetails = afterStatus.replace(/\s\[\{[\s\S]*$/, '');
  return withoutDetails.split('\n')[0]!.trim();
}

/**
 * Maps an error thrown by `@google/generative-ai` (`GoogleGenerativeAIFetchError` with `.status` and
 * `.errorDetails`, or a plain error for network faults) to a typed provider error. Any occurrence of
 * `secret` (the API key) is removed from the message.
 */
export function toGeminiError(error: unknown, secret: string): ProviderError {
  const raw = error as { status?: number; errorDetails?: ErrorDetail[]; message?: string; name?: string };
  // Keys are long; a short string would redact ordinary words.
  const redact = (text: string) => (secret.length >= 8 ? text.split(secret).join('***') : text);
  const message = redact(String(raw?.message ?? error));
  const status = raw?.status;
  if (status === 429) {
    const { retryAfterMs, scope, quotaValue, quotaId, windowMs, unit } = readRateLimit(message, raw.errorDetails);
    const hint = scope === 'day' ? 'the daily quota is used up: try again tomorrow or use another key or plan' : `retry in ${(retryAfterMs / 1000).toFixed(1)} s`;
    const quota = quotaValue !== undefined ? ` of ${quotaValue}${unit === 'tokens' ? ' tokens' : ''}` : '';
    return new RateLimitError(`Gemini 429 (${scope} quota${quota}): ${hint}`, retryAfterMs, scope, quotaValue, {
      unit,
      ...(quotaId !== undefined ? { quotaId } : {}),
      ...(windowMs !== undefined ? { windowMs } : {}),
    });
  }
  if (status === 500 || status === 502 || status === 503 || status === 504) return new TransientError(`Gemini ${status}: ${apiMessage(message)}`);
  if (status !== undefined) {
    const invalidKey = raw.errorDetails?.some((d) => JSON.stringify(d).includes('API_KEY_INVALID'));
    const advice = invalidKey ? ' (check GEMINI_API_KEY)' : status === 404 ? ' (check the model name and base URL)' : '';
    // Auth and routing faults would fail every request alike; a 400 for one prompt would not.
    const stopsRun = invalidKey || status === 401 || status === 403 || status === 404;
    return new FatalError(`Gemini ${status}: ${apiMessage(message)}${advice}`, { stopsRun });
  }
  // No HTTP status: the request never got an answer (DNS, refused connection, reset).
  return new TransientError(`Gemini request failed: ${message.replace(/^\[GoogleGenerativeAI Error\]:\s*/, '')}`);
}
