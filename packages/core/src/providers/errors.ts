/**
 * The only errors a provider throws. The scheduler decides what to do from the class alone: wait and
 * retry ({@link RateLimitError} per minute), retry with back-off ({@link TransientError}), or give up
 * ({@link FatalError}, and a per-day {@link RateLimitError}). Messages never carry an API key.
 */
import type { RateLimitHeaders } from './rate-limits.js';

/** What a 429 says about the quota besides its wait (all optional: servers say more or less). */
export interface RateLimitDetails {
  /** The quota's id as the server names it (Gemini `QuotaFailure.violations[].quotaId`). */
  readonly quotaId?: string;
  /** The window the quota counts over, in milliseconds, when the server states it (read from `quotaId`). */
  readonly windowMs?: number;
  /** What the quota counts. @default 'requests' */
  readonly unit?: 'requests' | 'tokens';
  /** The `x-ratelimit-*` headers of the 429, when it had any. */
  readonly headers?: RateLimitHeaders;
}

/** HTTP 429: a quota was exceeded. */
export class RateLimitError extends Error {
  override readonly name = 'RateLimitError';
  /** The quota's id as the server names it, when it does. */
  readonly quotaId?: string;
  /** The quota's window in milliseconds, when the server states it. */
  readonly windowMs?: number;
  /** What the exceeded quota counts: requests, or (input) tokens. */
  readonly unit: 'requests' | 'tokens';
  /** The `x-ratelimit-*` headers of the 429, when it had any. */
  readonly headers?: RateLimitHeaders;
  /**
   * @param retryAfterMs how long the server asks to wait, in milliseconds, from when it decided (≈ when the
   *   request was sent)
   * @param scope `minute` for a quota over a short window (wait and retry; the window may be 10 s or an
   *   hour: see `windowMs`), `day` for a per-day one (stop the run)
   * @param quotaValue the quota's limit (requests or tokens per window) when the server says it
   */
  constructor(
    message: string,
    readonly retryAfterMs: number,
    readonly scope: 'minute' | 'day',
    readonly quotaValue?: number,
    details: RateLimitDetails = {},
  ) {
    super(message);
    this.unit = details.unit ?? 'requests';
    if (details.quotaId !== undefined) this.quotaId = details.quotaId;
    if (details.windowMs !== undefined) this.windowMs = details.windowMs;
    if (details.headers !== undefined) this.headers = details.headers;
  }
}

/** A fault that may pass: 500, 503, 504, a network error, a timeout, or a malformed answer. Retry with back-off. */
export class TransientError extends Error {
  override readonly name = 'TransientError';
}

/** A fault that retrying cannot fix: 400, 401, 403, 404, an invalid key, a missing setting. */
export class FatalError extends Error {
  override readonly name = 'FatalError';
  /**
   * True when every other request would fail the same way (invalid or missing key, unknown model), so the
   * run stops instead of sending them; false for a fault of this request alone (a blocked prompt).
   */
  readonly stopsRun: boolean;
  constructor(message: string, options: { stopsRun?: boolean } = {}) {
    super(message);
    this.stopsRun = options.stopsRun ?? false;
  }
}

/** The typed provider errors. */
export type ProviderError = RateLimitError | TransientError | FatalError;

/** A provider error as plain data, to cross from a worker thread or process. */
export interface SerializedError {
  readonly name: string;
  readonly message: string;
  readonly retryAfterMs?: number;
  readonly scope?: 'minute' | 'day';
  readonly quotaValue?: number;
  readonly quotaId?: string;
  readonly windowMs?: number;
  readonly unit?: 'requests' | 'tokens';
  readonly headers?: RateLimitHeaders;
  readonly stopsRun?: boolean;
}

/** Turns any thrown value into {@link SerializedError}, keeping the typed errors' fields. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof RateLimitError) {
    return {
      name: error.name,
      message: error.message,
      retryAfterMs: error.retryAfterMs,
      scope: error.scope,
      unit: error.unit,
      ...(error.quotaValue !== undefined ? { quotaValue: error.quotaValue } : {}),
      ...(error.quotaId !== undefined ? { quotaId: error.quotaId } : {}),
      ...(error.windowMs !== undefined ? { windowMs: error.windowMs } : {}),
      ...(error.headers !== undefined ? { headers: error.headers } : {}),
    };
  }
  if (error instanceof FatalError) return { name: error.name, message: error.message, stopsRun: error.stopsRun };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** The typed error back from {@link serializeError}'s data; other names become a plain `Error` with that name. */
export function reviveError(data: SerializedError): Error {
  switch (data.name) {
    case 'RateLimitError':
      return new RateLimitError(data.message, data.retryAfterMs ?? 0, data.scope ?? 'minute', data.quotaValue, {
        ...(data.quotaId !== undefined ? { quotaId: data.quotaId } : {}),
        ...(data.windowMs !== undefined ? { windowMs: data.windowMs } : {}),
        ...(data.unit !== undefined ? { unit: data.unit } : {}),
        ...(data.headers !== undefined ? { headers: data.headers } : {}),
      });
    case 'TransientError':
      return new TransientError(data.message);
    case 'FatalError':
      return new FatalError(data.message, { stopsRun: data.stopsRun ?? false });
    default:
      return Object.assign(new Error(data.message), { name: data.name });
  }
}
