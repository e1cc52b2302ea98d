/**
 * The response cache on disk: re-running a file costs no model call. Entries are keyed by provider,
 * model, prompt version, options and the chunk's text (see `cacheKey`). A corrupt entry is ignored and
 * replaced, never fatal; writes are atomic (temporary file, then rename), so parallel runs never read half
 * an entry.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** One cached model answer. */
export interface CachedAnswer {
  readonly rawText: string;
  readonly usage: { readonly inputTokens: number; readonly outputTokens: number };
}

/** Where answers are kept between runs. */
export interface ResponseCache {
  /** The answer stored under `key`, or null when there is none or it is unreadable. */
  get(key: string): Promise<CachedAnswer | null>;
  set(key: string, answer: CachedAnswer): Promise<void>;
}

/** The default cache folder: `$XDG_CACHE_HOME/langflix`, else `~/.cache/langflix`. */
export function defaultCacheDir(env: Record<string, string | undefined> = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'langflix');
}

/** SHA-256 (hex) of the parts that decide a model's answer, in a stable order. */
export function cacheKey(parts: Record<string, unknown>): string {
  const sorted = Object.fromEntries(Object.entries(parts).sort(([a], [b]) => a.localeCompare(b)));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('hex');
}

/** A cache in `dir`, one JSON file per entry under a two-character fan-out folder. */
export function createDiskCache(dir: string): ResponseCache {
  const file = (key: string) => join(dir, key.slice(0, 2), `${key}.json`);
  return {
    async get(key) {
      try {
        const entry = JSON.parse(await readFile(file(key), 'utf8')) as Partial<CachedAnswer> & { key?: string };
        if (entry.key !== key || typeof entry.rawText !== 'string' || typeof entry.usage?.inputTokens !== 'number' || typeof entry.usage.outputTokens !== 'number') return null;
        return { rawText: entry.rawText, usage: { inputTokens: entry.usage.inputTokens, outputTokens: entry.usage.outputTokens } };
      } catch {
        return null;
      }
    },
    async set(key, answer) {
      const target = file(key);
      await mkdir(join(dir, key.slice(0, 2)), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, JSON.stringify({ key, ...answer }));
      await rename(temporary, target);
    },
  };
}
