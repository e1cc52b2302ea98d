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

/**
 * What a terminal shows after `raw`: the lines of the screen, for the control sequences the CLI and
 * cli-progress write (CR, LF, cursor to column `ESC[nG`, erase to the end of the line `ESC[K` and of the
 * screen `ESC[J`; other sequences — cursor visibility, line wrapping — change nothing drawn). No wrapping:
 * a line longer than the terminal stays one line, so text left over from an erased bar shows.
 */
function screenLines(raw: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  for (const token of raw.match(/\x1b\[[?0-9;]*[A-Za-z]|\x1b.|[^\x1b]/gsu) ?? []) {
    if (token === '\r') col = 0;
    else if (token === '\n') {
      row++;
      col = 0;
      lines[row] ??= [];
    } else if (token.startsWith('\x1b[')) {
      const command = token.at(-1)!;
      const n = Number(token.slice(2, -1)) || 0;
      if (command === 'G') col = Math.max(0, n - 1);
      else if (command === 'K' && n === 0) lines[row]!.length = Math.min(lines[row]!.length, col);
      else if (command === 'J' && n === 0) {
        lines[row]!.length = Math.min(lines[row]!.length, col);
        lines.length = row + 1;
      }
    } else if (!token.startsWith('\x1b')) {
      const line = lines[row]!;
      while (line.length < col) line.push(' ');
      line[col++] = token;
    }
  }
  return lines.map((l) => l.join(''));
}

describe.skipIf(!existsSync(SCRIPT))('on a terminal', () => {
  it('erases the progress bar before the table: its top border starts a line of its own, no bar left on screen', async () => {
    // The offline lexicon answers at once, so the table follows the bar's first frame (the race users saw).
    for (let attempt = 0; attempt < 3; attempt++) {
      const run = await onTerminal(['analyze', join(repoRoot, 'examples/sprite-fright.en.srt'), '--provider', 'lexicon'], {}, 80);
      expect(run.status).toBe(0);
      expect(run.screen).toMatch(/chunks · \d+ in flight/); // the bar was drawn
      const screen = screenLines(run.screen);
      const top = screen.findIndex((l) => l.includes('┌'));
      expect(top, screen.join('\n')).toBeGreaterThan(-1);
      expect(screen[top]).toMatch(/^┌[─┬]+┐\s*$/);
      expect(screen.filter((l) => l.includes('in flight'))).toEqual([]);
      expect(screen.slice(top).some((l) => /^\S*sprite-fright\.en\.srt: \d+ expressions in 82 cues/.test(l))).toBe(true);
    }
  });

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
