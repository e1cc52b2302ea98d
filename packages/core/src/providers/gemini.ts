/**
 * The `gemini` provider, on Google's `@google/generative-ai` SDK (kept behind this one module so it can be
 * swapped). Structured output: `responseMimeType: application/json` with a `responseSchema` derived from the
 * zod schema that validates the answer.
 */
import { GoogleGenerativeAI, type GenerationConfig, type ResponseSchema } from '@google/generative-ai';
import { answerGeminiSchema } from '../expressions/response-schema.js';
import { FatalError } from './errors.js';
import { toGeminiError } from './gemini-errors.js';
import { createRemoteProvider, type RemoteOptions } from './remote.js';
import type { Provider } from './spec.js';

/** The model used when none is chosen. */
export const GEMINI_DEFAULT_MODEL = 'gemini-2.5-flash';

/** Options of {@link createGemini}. */
export interface GeminiOptions extends RemoteOptions {
  /** API key; read at request time from here, else `GEMINI_API_KEY`, else `GOOGLE_API_KEY`. */
  apiKey?: string;
  /** @default 'gemini-2.5-flash' */
  model?: string;
  /** A Gemini-compatible endpoint; else `GEMINI_BASE_URL`, else Google's (`https://generativelanguage.googleapis.com`). */
  baseUrl?: string;
  /** Sampling settings passed to the model; absent means the model's default. */
  temperature?: number;
  topP?: number;
  topK?: number;
  /** Where the environment variables are read. @default process.env */
  env?: Record<string, string | undefined>;
}

/**
 * Creates the Gemini provider. The key is read lazily, so creating the provider never fails for lack of one.
 * `analyzeChunk` throws `FatalError` when no key is set (naming the variables to set), and otherwise the
 * typed errors of `gemini-errors.ts`.
 */
export function createGemini(options: GeminiOptions = {}): Provider {
  const env = options.env ?? process.env;
  const model = options.model ?? GEMINI_DEFAULT_MODEL;
  const baseUrl = options.baseUrl ?? env.GEMINI_BASE_URL;
  const generationConfig: GenerationConfig = {
    responseMimeType: 'application/json',
    responseSchema: answerGeminiSchema() as unknown as ResponseSchema,
    ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
    ...(options.topP !== undefined ? { topP: options.topP } : {}),
    ...(options.topK !== undefined ? { topK: options.topK } : {}),
  };
  const settings = { temperature: options.temperature ?? null, topP: options.topP ?? null, topK: options.topK ?? null };

  return createRemoteProvider(
    { provider: 'gemini', modelId: model },
    settings,
    async (prompt, signal) => {
      const apiKey = options.apiKey ?? env.GEMINI_API_KEY ?? env.GOOGLE_API_KEY;
      if (!apiKey) throw new FatalError('no Gemini API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or pass apiKey', { stopsRun: true });
      const generative = new GoogleGenerativeAI(apiKey).getGenerativeModel(
        { model, systemInstruction: prompt.system, generationConfig },
        { apiVersion: 'v1beta', ...(baseUrl ? { baseUrl: baseUrl.replace(/\/+$/, '') } : {}) },
      );
      try {
        // The SDK's own `timeout` option leaves its timer running: time is bounded by `signal` instead.
        const { response } = await generative.generateContent({ contents: [{ role: 'user', parts: [{ text: prompt.user }] }] }, { signal });
        const blocked = response.promptFeedback?.blockReason;
        if (blocked) throw new FatalError(`Gemini blocked the prompt: ${blocked}`);
        const rawText = response.candidates?.[0]?.content?.parts?.map((p) => p.text ?? '').join('') ?? '';
        return {
          rawText,
          usage: { inputTokens: response.usageMetadata?.promptTokenCount ?? 0, outputTokens: response.usageMetadata?.candidatesTokenCount ?? 0 },
        };
      } catch (error) {
        if (error instanceof FatalError) throw error;
        throw toGeminiError(error, apiKey);
      }
    },
    options,
  );
}
