/**
 * `langflix analyze --out FILE` writes the format asked for (`--format`, else the extension), `--report
 * FILE` the JSON report beside it, `--sort` orders the lists, and CSV opens right in a spreadsheet: each
 * file parsed back. The model is the Gemini-compatible test server answering with Korean translations and
 * accented meanings (answers cached after the first run).
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisReport, Expression, parseSubtitles } from '@langflix/core';
import { runCliAsync } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';

const KEY = 'AIzaSy-out-test-key-9f8e7d6c5b4a';
const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const work = mkdtempSync(join(tmpdir(), 'langflix-cli-out-'));
const KOREAN = '포기하지 마 — 끝까지';
let server: GeminiTestServer;
let reference: AnalysisReport;

const analyze = (...args: string[]) =>
  runCliAsync(['analyze', example, '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--max-input-chars', '1200', '--level', 'mixed', '--quiet', ...args], {
    env: { GEMINI_API_KEY: KEY },
  });

/** Runs with `--out <work>/<name>` (and more), checks it succeeded with nothing on stdout, and returns the file. */
async function written(name: string, ...more: string[]): Promise<{ path: string; bytes: Buffer; text: string }> {
  const path = join(work, name);
  const run = await analyze('--out', path, ...more);
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(`→ ${path}`);
  const bytes = readFileSync(path);
  return { path, bytes, text: bytes.toString('utf8') };
}

const byTime = (expressions: readonly Expression[]) => [...expressions].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);

beforeAll(async () => {
  server = await startGeminiTestServer({
    answer: (_cues, context) => context.defaultItems.map((item) => ({ ...item, meaning: `${item.meaning} (café, naïve)`, translation: KOREAN })),
  });
  const path = join(work, 'reference.json');
  const run = await analyze('--out', path);
  expect(run.status, run.stderr).toBe(0);
  reference = AnalysisReport.parse(JSON.parse(readFileSync(path, 'utf8')));
  expect(reference.expressions.length).toBeGreaterThan(5);
  expect(byTime(reference.expressions).map((e) => e.id)).not.toEqual(reference.expressions.map((e) => e.id));
});
afterAll(() => server.close());

describe('langflix analyze --out FILE', () => {
  it('x.csv: CSV, UTF-8 with a byte-order mark, Korean and accents intact, rows in time order', async () => {
    const { bytes } = await written('x.csv');
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.includes(Buffer.from(KOREAN, 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from('café, naïve', 'utf8'))).toBe(true);
    const rows = parse(bytes, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.expression)).toEqual(byTime(reference.expressions).map((e) => e.expression));
    expect(rows.every((r) => r.translation === KOREAN && r.meaning!.endsWith('(café, naïve)'))).toBe(true);
  });

  it('x.csv --no-bom --sort rank: no byte-order mark, rows in rank order', async () => {
    const { bytes } = await written('rank.csv', '--no-bom', '--sort', 'rank');
    expect(bytes.subarray(0, 7).toString('utf8')).toBe('source,');
    const rows = parse(bytes, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.expression)).toEqual(reference.expressions.map((e) => e.expression));
  });

  it('x.jsonl: one Expression per line', async () => {
    const { text } = await written('x.jsonl');
    expect(text.trimEnd().split('\n').map((l) => Expression.parse(JSON.parse(l)))).toEqual(reference.expressions);
  });

  it('x.txt --format anki: Anki notes', async () => {
    const { text } = await written('x.txt', '--format', 'anki');
    expect(text.startsWith('#separator:tab\n#html:true\n')).toBe(true);
    const notes = parse(text, { delimiter: '\t', comment: '#', comment_no_infix: true }) as string[][];
    expect(notes).toHaveLength(reference.expressions.length);
    expect(notes.every((n) => n.length === 4 && n[1]!.includes(KOREAN))).toBe(true);
  });

  it('x.srt: the original cues with the expressions marked, in SubRip', async () => {
    const { text } = await written('x.srt');
    const marked = parseSubtitles(text);
    expect(marked.format).toBe('srt');
    expect(marked.cues).toHaveLength(parseSubtitles(readFileSync(example)).cues.length);
    expect(marked.cues.filter((c) => /<b>.+<\/b>/.test(c.text)).length).toBeGreaterThan(0);
  });

  it('x.md --report r.json: the study sheet, and the JSON report beside it', async () => {
    const report = join(work, 'r.json');
    const { text } = await written('x.md', '--report', report);
    expect(text.match(/^## \d+\. /gm)).toHaveLength(reference.expressions.length);
    expect(AnalysisReport.parse(JSON.parse(readFileSync(report, 'utf8'))).expressions).toEqual(reference.expressions);
  });

  it('--format csv --out x.json: one line naming both, exit 2, nothing written, no request', async () => {
    const before = server.requests.length;
    const path = join(work, 'conflict.json');
    const run = await analyze('--format', 'csv', '--out', path);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`langflix: --format csv and --out ${path} (a .json file is json) disagree: drop one, or change the extension\n`);
    expect(existsSync(path)).toBe(false);
    expect(server.requests.length).toBe(before);
  });

  it('an extension that names no format, without --format: one line, exit 2', async () => {
    const run = await analyze('--out', join(work, 'notes.data'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^langflix: --out \S+notes\.data: the extension names no format \(\.json, .*\): add --format\n$/);
  });
});

describe('langflix analyze never writes over an input, nor two outputs into one file', () => {
  /** A copy of the example in its own folder, so a run that overwrote it would show. */
  function copyOfExample(name: string): { dir: string; path: string; bytes: Buffer } {
    const dir = mkdtempSync(join(work, 'inputs-'));
    const path = join(dir, name);
    const bytes = readFileSync(example);
    writeFileSync(path, bytes);
    return { dir, path, bytes };
  }
  /** Runs `analyze <inputs> <args>` with the test server, asserting it refused with `message`, exit 2, no request, the inputs intact. */
  async function refused(inputs: ReturnType<typeof copyOfExample>[], args: string[], message: string, cwd?: string): Promise<void> {
    const before = server.requests.length;
    const run = await runCliAsync(
      ['analyze', ...inputs.map((i) => (cwd ? relative(cwd, i.path) : i.path)), '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--quiet', ...args],
      { env: { GEMINI_API_KEY: KEY }, ...(cwd ? { cwd } : {}) },
    );
    expect(run.status, run.stderr).toBe(2);
    expect(run.stderr).toBe(`langflix: ${message}\n`);
    expect(run.stdout).toBe('');
    expect(server.requests.length).toBe(before);
    for (const input of inputs) expect(readFileSync(input.path)).toEqual(input.bytes);
  }

  it('--out naming the input file (ed-copy.srt --out ed-copy.srt, from its folder): refused, the input intact', async () => {
    const input = copyOfExample('ed-copy.srt');
    await refused([input], ['--out', 'ed-copy.srt'], '--out ed-copy.srt is the input file ed-copy.srt: write the output elsewhere (nothing was written)', input.dir);
  });

  it('--out naming the input by another spelling (./sub/../ed.srt): refused', async () => {
    const input = copyOfExample('ed.srt');
    const other = join(input.dir, 'sub', '..', 'ed.srt');
    await refused([input], ['--out', other, '--format', 'srt'], `--out ${other} is the input file ${input.path}: write the output elsewhere (nothing was written)`);
  });

  it('--report naming the input file: refused', async () => {
    const input = copyOfExample('ed.srt');
    await refused([input], ['--report', input.path], `--report ${input.path} is the input file ${input.path}: write the output elsewhere (nothing was written)`);
  });

  it('--out-dir whose report would be another input (a.srt and a.langflix.srt, --format srt): refused', async () => {
    const a = copyOfExample('a.srt');
    const second = join(a.dir, 'a.langflix.srt');
    writeFileSync(second, a.bytes);
    const b = { dir: a.dir, path: second, bytes: a.bytes };
    await refused([a, b], ['--out-dir', a.dir, '--format', 'srt'], `--out-dir would write ${join(a.dir, 'a.langflix.srt')}, which is the input file ${second}: write the output elsewhere (nothing was written)`);
    await refused([a, b], ['--format', 'srt'], `the report of ${a.path} would write ${join(a.dir, 'a.langflix.srt')}, which is the input file ${second}: write the output elsewhere (nothing was written)`);
  });

  it('--out x.md --report x.md: refused, naming both (the Markdown would be lost)', async () => {
    const input = copyOfExample('ed.srt');
    const out = join(input.dir, 'x.md');
    await refused([input], ['--out', out, '--report', out], `--out ${out} and --report ${out} name the same file: give each its own (nothing was written)`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('langflix analyze <glob> --out-dir keeps the folders below the glob’s base', () => {
  it("'g/s*/**/*.srt' --out-dir out: out/s1/a…, out/s2/a… (same name, two folders, no collision), out/s1/deep/b…", async () => {
    const root = mkdtempSync(join(work, 'glob-'));
    for (const path of ['g/s1/a.srt', 'g/s2/a.srt', 'g/s1/deep/b.srt']) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), readFileSync(example));
    }
    // Relative to the working folder, and absolute: the same tree under out/.
    for (const [pattern, out] of [['g/s*/**/*.srt', 'out'], [join(root, 'g/s*/**/*.srt'), join(root, 'out-abs')]] as const) {
      const run = await runCliAsync(
        ['analyze', pattern, '--out-dir', out, '--format', 'json', '--provider', 'gemini', '--base-url', server.url, '--cache-dir', join(work, 'cache'), '--max-input-chars', '1200', '--level', 'mixed', '--quiet'],
        { env: { GEMINI_API_KEY: KEY }, cwd: root },
      );
      expect(run.status, run.stderr).toBe(0);
      const written = ['s1/a.langflix.json', 's1/deep/b.langflix.json', 's2/a.langflix.json'];
      const dir = resolve(root, out);
      expect(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort()).toEqual(written);
      for (const file of written) {
        expect(AnalysisReport.parse(JSON.parse(readFileSync(join(dir, file), 'utf8'))).expressions).toEqual(reference.expressions);
      }
    }
  });
});
