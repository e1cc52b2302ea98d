/**
 * `langflix analyze` on a terminal: run under a pseudo-terminal (util-linux `script`), against the
 * Gemini-compatible test server with some latency, it draws a live progress bar and prints a table by
 * default, and exits cleanly. Skipped where `script` is missing.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBin } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const SCRIPT = '/usr/bin/script';
const KEY = 'AIzaSy-terminal-test-key-77665544';
let server: GeminiTestServer;

beforeAll(async () => void (server = await startGeminiTestServer({ latencyMs: 150 })));
afterAll(() => server?.close());

/** Runs a shell-quoted command on a pseudo-terminal; resolves with everything the terminal showed. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv, columns?: number): Promise<{ status: number | null; screen: string }> {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  // `stty` sets the pseudo-terminal's size, which the CLI reads as the terminal's width.
  const command = `${columns ? `stty cols ${columns} rows 30; ` : ''}${[process.execPath, cliBin, ...args].map(quote).join(' ')}`;
  return new Promise((resolve, reject) => {
    const child = spawn(SCRIPT, ['-qec', command, '/dev/null'], { env: { ...process.env, ...env, COLUMNS: '120', LINES: '30', TERM: 'xterm' } });
    let screen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (screen += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, screen });
    });
  });
}

describe.skipIf(!existsSync(SCRIPT))('on a terminal', () => {
  it('shows a live progress bar with chunks done/total, then the table, and exits 0', async () => {
    const run = await onTerminal(
      ['analyze', join(repoRoot, 'examples/sprite-fright.en.srt'), '--provider', 'gemini', '--base-url', server.url, '--no-cache', '--max-input-chars', '600', '--mode', 'sequential'],
      { GEMINI_API_KEY: KEY },
    );
    expect(run.status).toBe(0);
    const text = stripVTControlCharacters(run.screen);
    // The bar (cli-progress shades) with its counts, redrawn as chunks finish.
    expect(text).toMatch(/sprite-fright\.en\.srt [█░]{20} 0\/\d+ chunks · 1 in flight · ETA –/);
    expect(text).toMatch(/sprite-fright\.en\.srt [█░]{20} (\d+)\/\1 chunks · 0 in flight · ETA 0s/);
    expect(text).toMatch(/sprite-fright\.en\.srt: \d+ expressions in 82 cues/);
    // The default format on a terminal is the table.
    expect(text).toMatch(/│ Start – end\s+│ Expression/);
    expect(run.screen).not.toContain(KEY);
  });

  for (const columns of [60, 80, 120]) {
    it(`fits the table to a ${columns}-column terminal: no line wider`, async () => {
      const run = await onTerminal(['analyze', join(repoRoot, 'examples/sprite-fright.en.srt'), '--provider', 'lexicon', '--quiet'], {}, columns);
      expect(run.status).toBe(0);
      const lines = stripVTControlCharacters(run.screen).split(/\r?\n/);
      const table = lines.filter((l) => /^[┌│├└]/.test(l));
      expect(table.length).toBeGreaterThan(20);
      // The table's lines (the notes on stderr are log lines, which the terminal wraps).
      expect(Math.max(...table.map((l) => [...l].length))).toBeLessThanOrEqual(columns);
      expect(table[1]).toMatch(columns >= 100 ? /│ Start – end/ : /│ Time\s+│ Expression\s+│ Meaning/);
    });
  }
});
