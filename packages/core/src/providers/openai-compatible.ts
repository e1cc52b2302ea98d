/**
 * The `openai-compatible` provider: the chat completions API over `fetch`, with a JSON-schema response
 * format, for any server that speaks it: Ollama, llama.cpp's server, vLLM, LM Studio, OpenRouter, and
 * Gemini's own OpenAI-compatible endpoint.
 */
import { answerJsonSchema } from '../expressions/response-schema.js';
import { FatalError, RateLimitError, TransientError } from './errors.js';
import { DEFAULT_RETRY_AFTER_MS } from './gemini-errors.js';
import { parseDuration, parseRateLimitHeaders, retryAfterFromHeaders } from './rate-limits.js';
import { createRemoteProvider, type RemoteOptions } from './remote.js';
import type { Provider } from './spec.js';

/** Options of {@link createOpenAICompatible}. */
export interface OpenAICompatibleOptions extends RemoteOptions {
  /** The API's base URL, up to and including the version (`http://localhost:11434/v1`); else `OPENAI_BASE_URL`. */
  baseURL?: string;
  /** Bearer key; else `OPENAI_API_KEY`; local servers often need none. */
  apiKey?: string;
  /** The model id as the server names it (required). */
  model: string;
  temperature?: number;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** The fetch to use (tests, proxies, middleware). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Where the environment variables are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * Creates an OpenAI-compatible provider.
 * @throws {FatalError} at creation when no base URL is given or set
 */
export function createOpenAICompatible(options: OpenAICompatibleOptions): Provider {
  const env = options.env ?? process.env;
  const baseURL = (options.baseURL ?? env.OPENAI_BASE_URL ?? '').replace(/\/+$/, '');
  if (!baseURL) throw new FatalError('openai-compatible provider: no base URL: pass baseURL or set OPENAI_BASE_URL (e.g. http://localhost:11434/v1)');
  const doFetch = options.fetch ?? globalThis.fetch;
  const settings = { temperature: options.temperature ?? null, baseURL };

  return createRemoteProvider(
    // vLLM, LiteLLM, OpenRouter and other OpenAI-compatible servers send x-ratelimit-* headers.
    { provider: 'openai-compatible', modelId: options.model, quotaHeaders: true },
    settings,
    async (prompt, signal) => {
      const apiKey = options.apiKey ?? env.OPENAI_API_KEY;
      const body = {
        model: options.model,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: prompt.user },
        ],
        response_format: { type: 'json_schema', json_schema: { name: 'langflix_expressions', strict: true, schema: answerJsonSchema() } },
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
      };
      let response: Response;
      try {
        response = await doFetch(`${baseURL}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...options.headers },
          body: JSON.stringify(body),
          signal,
        });
      } catch (error) {
        throw new TransientError(`${baseURL}: request failed: ${(error as Error).message}`);
      }
      const text = await response.text().catch(() => '');
      const redact = (s: string) => (apiKey ? s.split(apiKey).join('***') : s);
      if (!response.ok) throw toError(response, redact(errorMessage(text)), baseURL);
      let json: { choices?: Array<{ message?: { content?: string | null } }>; usage?: { prompt_tokens?: number; completion_tokens?: number } };
      try {
        json = JSON.parse(text);
      } catch {
        throw new TransientError(`${baseURL}: the response is not JSON (${text.length} characters)`);
      }
      // The budget left, told with every answer: the scheduler paces to it before it runs out.
      const rateLimit = parseRateLimitHeaders(response.headers);
      return {
        rawText: json.choices?.[0]?.message?.content ?? '',
        usage: { inputTokens: json.usage?.prompt_tokens ?? 0, outputTokens: json.usage?.completion_tokens ?? 0 },
        ...(rateLimit ? { rateLimit } : {}),
      };
    },
    options,
  );
}

/** The error body's message (`{ error: { message } }` or `{ message }`), else the first line of the body. */
function errorMessage(body: string): string {
  try {
    const json = JSON.parse(body) as { error?: { message?: string } | string; message?: string };
    const message = typeof json.error === 'string' ? json.error : (json.error?.message ?? json.message);
    if (message) return message.split('\n')[0]!;
  } catch {
    // not JSON
  }
  return body.split('\n')[0]!.slice(0, 200);
}

function toError(response: Response, message: string, baseURL: string) {
  const status = response.status;
  if (status === 429) {
    const fromMessage = /(?:try again|retry) in ([\d.]+\s*(?:ms|s))/i.exec(message);
    const retryAfterMs = retryAfterFromHeaders(response.headers) ?? (fromMessage ? parseDuration(fromMessage[1]!) : null) ?? DEFAULT_RETRY_AFTER_MS;
    const scope = /per day|\bRPD\b|daily/i.test(message) ? 'day' : 'minute';
    // "Rate limit reached … on tokens per min (TPM): Limit 30000, Used …" names a token quota and its limit.
    const tokens = /\btokens per min|\bTPM\b/i.test(message);
    const limit = /\bLimit:?\s*(\d+)/i.exec(message)?.[1];
    const headers = parseRateLimitHeaders(response.headers);
    return new RateLimitError(`${baseURL} 429 (${scope} limit): ${message}`, retryAfterMs, scope, limit !== undefined ? Number(limit) : undefined, {
      unit: tokens ? 'tokens' : 'requests',
      ...(/per min(ute)?\b|\b[RT]PM\b/i.test(message) ? { windowMs: 60_000 } : {}),
      ...(headers ? { headers } : {}),
    });
  }
  if (status >= 500) return new TransientError(`${baseURL} ${status}: ${message}`);
  return new FatalError(`${baseURL} ${status}: ${message}${status === 401 || status === 403 ? ' (check OPENAI_API_KEY)' : ''}`, { stopsRun: status === 401 || status === 403 || status === 404 });
}
