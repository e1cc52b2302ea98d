/**
 * Every output format of `langflix analyze --format`, from the built CLI analysing through the
 * Gemini-compatible test server; CSV and Anki's TSV read back with a real CSV parser, SubRip and WebVTT with
 * LangFlix's own parser.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisReport, Expression, parseSubtitles } from '@langflix/core';
import { runCliAsync } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const KEY = 'AIzaSy-formats-test-key-5a4b3c2d1e';
const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const work = mkdtempSync(join(tmpdir(), 'langflix-cli-formats-'));
let server: GeminiTestServer;
let reference: AnalysisReport;

/** Runs `analyze` on the example through the test server (answers cached after the first run). */
const analyze = (...args: string[]) =>
  runCliAsync(['analyze', example, '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--max-input-chars', '1200', '--level', 'mixed', '--quiet', ...args], {
    env: { GEMINI_API_KEY: KEY },
  });

beforeAll(async () => {
  server = await startGeminiTestServer();
  const run = await analyze('--format', 'json');
  expect(run.status, run.stderr).toBe(0);
  reference = AnalysisReport.parse(JSON.parse(run.stdout));
  expect(reference.expressions.length).toBeGreaterThan(5);
  expect(reference.expressions.every((e) => e.translation?.startsWith('[ko] '))).toBe(true);
});
afterAll(() => server.close());

/** Stdout of a run in `format`, checked to have succeeded without printing the key. */
async function output(format: string, ...more: string[]): Promise<string> {
  const run = await analyze('--format', format, ...more);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout + run.stderr).not.toContain(KEY);
  return run.stdout;
}

describe('langflix analyze --format', () => {
  it('json: the report, by default off a terminal', async () => {
    const run = await analyze();
    expect(AnalysisReport.parse(JSON.parse(run.stdout)).expressions).toEqual(reference.expressions);
  });

  it('table: each expression with its start–end time, then a summary', async () => {
    const text = await output('table');
    for (const e of reference.expressions) expect(text).toContain(e.expression.slice(0, 20));
    expect(text).toMatch(/\d\d:\d\d:\d\d,\d{3} – \d\d:\d\d:\d\d,\d{3}/);
    expect(text).toMatch(/^\d+ expressions in 82 cues \(3 chunks, \d+ warnings?\) · gemini \(gemini-2\.5-flash\)$/m);
  });

  it('jsonl: one Expression per line', async () => {
    const lines = (await output('jsonl')).trimEnd().split('\n');
    expect(lines.map((l) => Expression.parse(JSON.parse(l)))).toEqual(reference.expressions);
  });

  it('csv: parsed back with csv-parse, one row per expression with times, meaning and translation', async () => {
    const rows = parse(await output('csv', '--sort', 'rank'), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(reference.expressions.length);
    rows.forEach((row, i) => {
      const e = reference.expressions[i]!;
      expect(row).toMatchObject({ source: example, expression: e.expression, startMs: String(e.startMs), endMs: String(e.endMs), meaning: e.meaning, translation: e.translation });
    });
  });

  it('anki: parsed back as TSV, Anki headers first, four fields a note', async () => {
    const text = await output('anki', '--sort', 'rank');
    expect(text.startsWith('#separator:tab\n#html:true\n#columns:Front\tBack\tTiming\tSource\n')).toBe(true);
    const notes = parse(text, { delimiter: '\t', comment: '#', comment_no_infix: true }) as string[][];
    expect(notes).toHaveLength(reference.expressions.length);
    notes.forEach((note, i) => {
      const e = reference.expressions[i]!;
      expect(note).toHaveLength(4);
      expect(note[0]!.startsWith(e.expression.replace(/&/g, '&amp;').replace(/'/g, "'"))).toBe(true);
      expect(note[0]).toMatch(/<b>.+<\/b>/);
      expect(note[1]).toContain(e.translation!.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
      expect(note[2]).toMatch(/^\d\d:\d\d:\d\d,\d{3} – \d\d:\d\d:\d\d,\d{3}$/);
      expect(note[3]).toBe(example);
    });
  });

  for (const format of ['srt', 'vtt'] as const) {
    it(`${format}: the original cues and times, each expression marked and explained`, async () => {
      const text = await output(format);
      const original = parseSubtitles(readFileSync(example)).cues;
      const marked = parseSubtitles(text);
      expect(marked.format).toBe(format);
      expect(marked.warnings).toEqual([]);
      expect(marked.cues.map((c) => [c.startMs, c.endMs])).toEqual(original.map((c) => [c.startMs, c.endMs]));
      for (const e of reference.expressions) {
        const cue = marked.cues[e.cueIndex]!;
        expect(cue.text).toMatch(/<b>.+<\/b>/);
        expect(cue.plain).toContain(`${e.expression} — `);
      }
    });
  }

  it('markdown: a section per expression', async () => {
    const text = await output('markdown');
    expect(text.startsWith('# LangFlix: ')).toBe(true);
    expect(text.match(/^## \d+\. /gm)).toHaveLength(reference.expressions.length);
  });

  it('writes one report per input of a folder, in the chosen format, under --out-dir', async () => {
    const out = join(work, 'out');
    mkdirSync(out, { recursive: true });
    const run = await runCliAsync(
      ['analyze', join(repoRoot, 'examples'), '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--max-input-chars', '1200', '--level', 'mixed', '--format', 'csv', '--out-dir', out],
      { env: { GEMINI_API_KEY: KEY } },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(readdirSync(out)).toEqual(['sprite-fright.en.langflix.csv']);
    expect(parse(readFileSync(join(out, 'sprite-fright.en.langflix.csv'), 'utf8'), { columns: true, bom: true })).toHaveLength(reference.expressions.length);
  });
});
