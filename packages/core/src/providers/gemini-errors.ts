/**
 * Gemini API errors mapped to LangFlix's typed provider errors. Error bodies follow Google's AIP-193
 * (`error.code`, `error.status`, `error.details[]` with `google.rpc.RetryInfo` and
 * `google.rpc.QuotaFailure`); see https://ai.google.dev/gemini-api/docs/troubleshooting and the recorded
 * answers in `../shared/fixtures/gemini/`.
 */
import { FatalError, RateLimitError, TransientError, type ProviderError } from './errors.js';

/** The wait assumed when a 429 says nothing about it, in milliseconds. */
export const DEFAULT_RETRY_AFTER_MS = 60_000;

/**
 * Reads a protobuf Duration as JSON writes it (`"37s"`, `"34.4s"`, `"45.837906927s"`) or the `"373ms"`
 * form some gateways send, in milliseconds (rounded up). Null when it is none of those.
 */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)\s*$/.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2] === 'ms' ? 1 : match[2] === 's' ? 1000 : 60_000;
  return Math.ceil(value * unit);
}

interface ErrorDetail {
  '@type'?: string;
  retryDelay?: string;
  violations?: Array<{ quotaId?: string; quotaValue?: string | number }>;
}

/** What a 429 says: how long to wait, whether the quota is per minute or per day, and its limit. */
export function readRateLimit(message: string, details: readonly ErrorDetail[] = []): { retryAfterMs: number; scope: 'minute' | 'day'; quotaValue?: number } {
  const retryInfo = details.find((d) => d['@type']?.endsWith('google.rpc.RetryInfo'));
  const fromBody = retryInfo?.retryDelay ? parseDuration(retryInfo.retryDelay) : null;
  const fromMessage = /Please retry in ([\d.]+\s*(?:ms|s))/i.exec(message);
  const retryAfterMs = fromBody ?? (fromMessage ? parseDuration(fromMessage[1]!) : null) ?? DEFAULT_RETRY_AFTER_MS;

  const violations = details.filter((d) => d['@type']?.endsWith('google.rpc.QuotaFailure')).flatMap((d) => d.violations ?? []);
  const daily = violations.find((v) => /PerDay/i.test(v.quotaId ?? ''));
  const violation = daily ?? violations[0];
  const quotaValue = violation?.quotaValue === undefined ? undefined : Number(violation.quotaValue);
  return {
    retryAfterMs,
    scope: daily ? 'day' : 'minute',
    ...(quotaValue !== undefined && Number.isFinite(quotaValue) ? { quotaValue } : {}),
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
    const { retryAfterMs, scope, quotaValue } = readRateLimit(message, raw.errorDetails);
    const hint = scope === 'day' ? 'the daily quota is used up: try again tomorrow or use another key or plan' : `retry in ${(retryAfterMs / 1000).toFixed(1)} s`;
    return new RateLimitError(`Gemini 429 (${scope} quota${quotaValue !== undefined ? ` of ${quotaValue}` : ''}): ${hint}`, retryAfterMs, scope, quotaValue);
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
