import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheKey, createDiskCache } from '../../src/providers/cache.js';

describe('response cache on disk', () => {
  const answer = { rawText: '{"expressions":[]}', usage: { inputTokens: 12, outputTokens: 3 } };

  it('gives back what was stored under a key, and nothing for another key', async () => {
    const cache = createDiskCache(mkdtempSync(join(tmpdir(), 'langflix-cache-')));
    const key = cacheKey({ provider: 'gemini', chunkText: '[0] Hello' });
    await cache.set(key, answer);
    expect(await cache.get(key)).toEqual(answer);
    expect(await cache.get(cacheKey({ provider: 'gemini', chunkText: '[0] Bye' }))).toBeNull();
  });

  it('keys do not depend on the order of the parts', () => {
    expect(cacheKey({ a: 1, b: 2 })).toBe(cacheKey({ b: 2, a: 1 }));
    expect(cacheKey({ a: 1, b: 2 })).not.toBe(cacheKey({ a: 1, b: 3 }));
  });

  it('ignores a corrupt entry and replaces it on the next store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langflix-cache-'));
    const cache = createDiskCache(dir);
    const key = cacheKey({ chunkText: 'x' });
    await cache.set(key, answer);
    const file = join(dir, key.slice(0, 2), `${key}.json`);
    writeFileSync(file, '{"key": "' + key + '", "rawText": ');
    expect(await cache.get(key)).toBeNull();
    await cache.set(key, answer);
    expect(JSON.parse(readFileSync(file, 'utf8')).rawText).toBe(answer.rawText);
    expect(readdirSync(join(dir, key.slice(0, 2)))).toEqual([`${key}.json`]);
  });
});
