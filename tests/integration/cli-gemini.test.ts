/**
 * `langflix analyze --provider gemini --base-url …` against the Gemini-compatible test server, as a user
 * runs it: a second run is served from the cache, and the key is in nothing the runs wrote or printed.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisReport } from '@langflix/core';
import { runCliAsync } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const KEY = 'AIzaSy-test-key-0d9c8b7a6f5e4d3c';
let server: GeminiTestServer;
beforeAll(async () => void (server = await startGeminiTestServer()));
afterAll(() => server.close());

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('langflix analyze --provider gemini', () => {
  it('analyses through the test server, then serves a second run from the cache; the key appears nowhere', async () => {
    const work = mkdtempSync(join(tmpdir(), 'langflix-cli-gemini-'));
    const args = [
      'analyze', join(repoRoot, 'examples/sprite-fright.en.srt'),
      '--provider', 'gemini', '--base-url', server.url,
      '--cache-dir', join(work, 'cache'), '--save-llm-output', join(work, 'saved'),
      '--max-input-chars', '1200', '--level', 'mixed',
    ];
    const env = { GEMINI_API_KEY: KEY, XDG_CACHE_HOME: join(work, 'xdg') };

    const first = await runCliAsync([...args, '--out', join(work, 'first.json'), '--quiet'], { env });
    // --quiet: one line, the file's summary; no failure, no note.
    expect(first.stderr).toMatch(/^\S*sprite-fright\.en\.srt: \d+ expressions in 82 cues \(3 chunks, \d+ warnings?\) · gemini \(gemini-2\.5-flash\) → \S*first\.json\n$/);
    expect(first.status).toBe(0);
    const requests = server.requests.length;
    expect(requests).toBe(3);
    const report = AnalysisReport.parse(JSON.parse(readFileSync(join(work, 'first.json'), 'utf8')));
    expect(report.config).toMatchObject({ provider: 'gemini', model: 'gemini-2.5-flash' });
    expect(report.expressions.every((e) => e.translation?.startsWith('[ko] '))).toBe(true);

    const second = await runCliAsync([...args, '--format', 'json'], { env });
    expect(second.status).toBe(0);
    expect(server.requests.length).toBe(requests);
    const cached = AnalysisReport.parse(JSON.parse(second.stdout));
    expect(cached.stats).toMatchObject({ requests: 0, cacheHits: 3 });
    expect(cached.expressions).toEqual(report.expressions);

    const written = filesUnder(work);
    expect(written.length).toBeGreaterThanOrEqual(1 + 3 + 3);
    for (const file of written) expect(readFileSync(file, 'utf8'), file).not.toContain(KEY);
    for (const out of [first.stdout, first.stderr, second.stdout, second.stderr]) expect(out).not.toContain(KEY);
    expect(JSON.stringify(server.requests)).not.toContain(KEY);
  });

  it('--no-cache sends every request again', async () => {
    const before = server.requests.length;
    const run = await runCliAsync(['analyze', join(repoRoot, 'examples/sprite-fright.en.srt'), '--provider', 'gemini', '--base-url', server.url, '--no-cache', '--max-input-chars', '1200', '--format', 'json'], { env: { GEMINI_API_KEY: KEY } });
    expect(run.status).toBe(0);
    expect(server.requests.length - before).toBe(3);
  });

  it('an invalid key ends with exit code 3 (the provider refused), the API’s message on stderr, and the key in no output', async () => {
    const bad = 'invalid';
    server.configure({ invalidKeys: [bad] });
    const run = await runCliAsync(['analyze', join(repoRoot, 'examples/sprite-fright.en.srt'), '--provider', 'gemini', '--base-url', server.url, '--no-cache'], { env: { GEMINI_API_KEY: bad } });
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/API key not valid/);
  });
});
