import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisReport } from '@langflix/core';
import { runCli } from '../support/cli.js';
import { haveFixtures, realSubtitle, repoRoot } from '../support/fixtures.js';

const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const work = mkdtempSync(join(tmpdir(), 'langflix-cli-'));

describe('langflix analyze', () => {
  it('prints a table of expressions with start–end times and writes a valid JSON report', () => {
    const out = join(work, 'report.json');
    const run = runCli(['analyze', example, '--report', out, '--format', 'table']);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^No model API key configured \(GEMINI_API_KEY\): using the offline lexicon provider/m);
    expect(run.stdout).toMatch(/\d\d:\d\d:\d\d,\d{3} – \d\d:\d\d:\d\d,\d{3}/);
    const report = AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(report.expressions.length).toBeGreaterThanOrEqual(10);
    for (const e of report.expressions) expect(run.stdout).toContain(e.expression.slice(0, 20));
    expect(report.chunks.failed).toEqual([]);
  });

  it('prints only the report with --format json', () => {
    const run = runCli(['analyze', example, '--format', 'json', '--max-expressions', '5', '--level', 'mixed']);
    expect(run.status).toBe(0);
    const report = AnalysisReport.parse(JSON.parse(run.stdout));
    expect(report.expressions).toHaveLength(5);
    expect(report.config).toMatchObject({ level: 'mixed', maxExpressions: 5, provider: 'lexicon' });
  });

  it.skipIf(!haveFixtures())('finds at least 40 expressions in Night of the Living Dead, each timed inside its cue, the same on every run', () => {
    const file = realSubtitle('night-of-the-living-dead-1968.en.srt');
    const first = runCli(['analyze', file, '--format', 'json', '--max-expressions', '0']);
    const second = runCli(['analyze', file, '--format', 'json', '--max-expressions', '0']);
    expect(first.status).toBe(0);
    const a = AnalysisReport.parse(JSON.parse(first.stdout));
    const b = AnalysisReport.parse(JSON.parse(second.stdout));
    const cues = JSON.parse(runCli(['cues', file, '--json']).stdout).cues as Array<{ index: number; startMs: number; endMs: number; plain: string }>;
    expect(cues).toHaveLength(964);
    expect(new Set(a.expressions.map((e) => e.expression.toLowerCase())).size).toBeGreaterThanOrEqual(40);
    for (const e of a.expressions) {
      const cue = cues[e.cueIndex]!;
      expect(e.startMs).toBeGreaterThanOrEqual(cue.startMs);
      expect(e.startMs).toBeLessThan(cues[e.cueRange[1]]!.endMs);
      expect(e.endMs).toBeLessThanOrEqual(cues[e.cueRange[1]]!.endMs);
      expect(cue.plain).toContain(e.matchedText.split(' ')[0]);
    }
    const timings = (r: AnalysisReport) => r.expressions.map((e) => [e.id, e.expression, e.startMs, e.endMs]);
    expect(timings(b)).toEqual(timings(a));
  });
});

describe('langflix cues', () => {
  it.skipIf(!haveFixtures())('prints { format, encoding, cues, warnings } with the cue fields', () => {
    const run = runCli(['cues', realSubtitle('sprite-fright.en.vtt'), '--json']);
    expect(run.status).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(out).toMatchObject({ format: 'vtt', encoding: 'utf-8', warnings: [] });
    expect(out.cues).toHaveLength(82);
    expect(Object.keys(out.cues[0]).sort()).toEqual(['endMs', 'id', 'index', 'plain', 'startMs', 'text']);
    expect(out.cues[0]).toMatchObject({ index: 0, id: null, startMs: 17_375, endMs: 19_458, text: 'Hello, Mr.Snail!' });
  });
});

describe('bad input: one line on stderr naming the file, exit code 2, no stack trace', () => {
  const cases: Array<[string, () => string, RegExp]> = [
    ['a missing file', () => join(work, 'nope.srt'), /nope\.srt: no such file/],
    ['a directory', () => (mkdirSync(join(work, 'dir.srt'), { recursive: true }), join(work, 'dir.srt')), /dir\.srt: is a directory/],
    ['an empty file', () => (writeFileSync(join(work, 'empty.srt'), ''), join(work, 'empty.srt')), /empty\.srt: the file is empty/],
    ['a binary file', () => (writeFileSync(join(work, 'movie.srt'), Buffer.from([0x1a, 0x45, 0xdf, 0xa3, 0, 0, 0, 1, 0x42, 0x86, 0x81, 1, 0, 0, 0xff, 0xfe, 0, 2])), join(work, 'movie.srt')), /movie\.srt: a binary file/],
    ['text that is not subtitles', () => (writeFileSync(join(work, 'notes.srt'), '# Shopping\n\n- milk\n- eggs\n'), join(work, 'notes.srt')), /notes\.srt: no subtitle cues found/],
    [
      'subtitles whose every timing line is unreadable',
      () => (writeFileSync(join(work, 'mangled.srt'), '1\n00:00:01,000 ==> 00:00:02,000\nA\n\n2\n00:00:03,000 ==> 00:00:04,000\nB\n\n3\n00:00:05,000 ==> 00:00:06,000\nC\n'), join(work, 'mangled.srt')),
      /mangled\.srt: no subtitle cue could be read: 3 lines that look like timing lines were not read as timing lines, so their cues are missing \(lines 2, 6, 10\)/,
    ],
  ];
  for (const [name, make, message] of cases) {
    it(`${name}`, () => {
      const path = make();
      for (const command of ['analyze', 'cues']) {
        const run = runCli([command, path]);
        expect(run.status).toBe(2);
        expect(run.stderr.trim().split('\n')).toHaveLength(1);
        expect(run.stderr).toMatch(message);
        expect(run.stderr).not.toMatch(/\n\s+at /);
      }
    });
  }

  it('a bad option value names the flag', () => {
    const run = runCli(['analyze', example, '--max-expressions', 'lots']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('langflix: --max-expressions: expected a whole number ≥ 0, got "lots"');
    expect(runCli(['analyze', example, '--level', 'expert']).stderr).toMatch(/--level: expected one of beginner/);
  });

  it('no command, a missing argument or an unknown command exits 2', () => {
    const none = runCli([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/EXIT CODES/);
    expect(runCli(['analyze']).status).toBe(2);
    expect(runCli(['frobnicate']).status).toBe(2);
  });

  it('--strict names the line of the first problem', () => {
    const path = join(work, 'broken.srt');
    writeFileSync(path, '1\n00:00:01,000 --> 00:00:02,000\nHello.\n\n2\n00:00:03,000 ==> 00:00:04\nBroken.\n\n3\n00:00:05,000 --> 00:00:06,000\nBye.\n');
    const lenient = runCli(['cues', path, '--json']);
    expect(lenient.status).toBe(0);
    expect(JSON.parse(lenient.stdout).cues.map((c: { text: string }) => c.text)).toEqual(['Hello.', 'Bye.']);
    const warned = runCli(['analyze', path, '--format', 'table']);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/broken\.srt:6: warning: invalid timing line/);
    const strict = runCli(['analyze', path, '--strict']);
    expect(strict.status).toBe(2);
    expect(strict.stderr).toMatch(/broken\.srt:6: /);
  });

  it('a file that lost many timing lines says how many and where first, before the per-line warnings are cut', () => {
    const path = join(work, 'lossy.srt');
    const cues = Array.from({ length: 30 }, (_, i) => {
      const t = (s: number) => `00:00:${String(s).padStart(2, '0')},000`;
      // Every other timing line has a `==>` arrow (not an arrow): 15 cues lost.
      return `${i + 1}\n${t(i * 2)} ${i % 2 === 1 ? '==>' : '-->'} ${t(i * 2 + 1)}\nLine number ${i + 1} of the dialogue.\n`;
    });
    writeFileSync(path, cues.join('\n'));
    const run = runCli(['analyze', path, '--format', 'json']);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('warning:'));
    expect(warnings[0]).toBe('lossy.srt:6: warning: 15 lines that look like timing lines were not read as timing lines, so their cues are missing (first: lines 6, 14, 22)'.replace('lossy.srt', path));
    expect(run.stderr).toMatch(/lossy\.srt: 6 more warnings in the report/);
    const report = AnalysisReport.parse(JSON.parse(run.stdout));
    expect(report.warnings.filter((w) => w.code === 'timing-line').map((w) => w.line)).toEqual(Array.from({ length: 15 }, (_, i) => 6 + i * 8));
  });
});
