/**
 * Saving each chunk's request and raw answer for inspection (`saveLlmOutput`). One file per chunk and
 * request content, so parallel chunks never overwrite each other. What is saved is the prompt and the
 * answer, never a header or a key.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Prompt } from '../expressions/prompt.js';

/** What is saved for one model call. */
export interface SavedModelCall {
  readonly chunkId: number;
  /** The cache key: a hash of everything that decides the answer. */
  readonly key: string;
  readonly provider: string;
  readonly model: string;
  readonly promptVersion: string;
  readonly options: Record<string, unknown>;
  readonly prompt: Prompt;
  readonly rawText: string;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
  readonly cached: boolean;
}

/**
 * Writes `call` to `<dir>/chunk-<id, 4 digits>-<first 12 hex of key>.json`.
 * @returns the file's path
 */
export async function saveLlmOutput(dir: string, call: SavedModelCall): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `chunk-${String(call.chunkId).padStart(4, '0')}-${call.key.slice(0, 12)}.json`);
  await writeFile(path, JSON.stringify({ savedAt: new Date().toISOString(), ...call }, null, 2) + '\n');
  return path;
}
