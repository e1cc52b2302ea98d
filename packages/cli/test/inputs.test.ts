import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../src/_errors.js';
import { checkDistinctOutputs, expandInputs, globBase, reportPath } from '../src/_inputs.js';

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'langflix-inputs-'));
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true });
    writeFileSync(join(dir, f), 'x');
  }
  return dir;
}

describe('expandInputs', () => {
  it('keeps one file as one input, written to stdout', async () => {
    const dir = tree(['a.srt']);
    expect(await expandInputs(['a.srt'], dir)).toEqual({ files: [{ path: 'a.srt', outName: 'a.srt' }], many: false });
  });

  it('finds every .srt and .vtt in a folder, recursively and sorted, skipping its own outputs and other files', async () => {
    const dir = tree(['subs/b.vtt', 'subs/a.SRT', 'subs/s2/c.srt', 'subs/a.langflix.srt', 'subs/notes.txt', 'subs/node_modules/x.srt']);
    const { files, many } = await expandInputs(['subs'], dir);
    expect(many).toBe(true);
    expect(files).toEqual([
      { path: join('subs', 'a.SRT'), outName: 'a.SRT' },
      { path: join('subs', 'b.vtt'), outName: 'b.vtt' },
      { path: join('subs', 's2/c.srt'), outName: 's2/c.srt' },
    ]);
  });

  it('expands glob patterns and drops duplicates', async () => {
    const dir = tree(['s1/e1.srt', 's1/e2.srt', 's2/e1.srt']);
    const { files } = await expandInputs(['s1/*.srt', 's1/e1.srt'], dir);
    expect(files.map((f) => f.path)).toEqual(['s1/e1.srt', 's1/e2.srt']);
  });

  it('names each glob match below the pattern’s base folder, so --out-dir keeps the folders', async () => {
    const dir = tree(['g/s1/e1.srt', 'g/s2/e1.srt', 'g/s2/x/e2.srt', 'top.srt']);
    expect((await expandInputs(['g/s*/**/*.srt'], dir)).files).toEqual([
      { path: 'g/s1/e1.srt', outName: 's1/e1.srt' },
      { path: 'g/s2/e1.srt', outName: 's2/e1.srt' },
      { path: 'g/s2/x/e2.srt', outName: 's2/x/e2.srt' },
    ]);
    expect((await expandInputs(['*.srt'], dir)).files).toEqual([{ path: 'top.srt', outName: 'top.srt' }]);
  });

  it('globBase: the leading segments without a glob character', () => {
    expect(globBase('g/s*/*.vtt')).toBe('g');
    expect(globBase('a/b/{c,d}/*.srt')).toBe('a/b');
    expect(globBase('*.srt')).toBe('');
    expect(globBase('/abs/g/**/*.srt')).toBe('/abs/g');
    expect(globBase('/*.srt')).toBe('/');
    expect(globBase('../up/e?.srt')).toBe('../up');
  });

  it('says so when a folder or a pattern holds no subtitle file', async () => {
    const dir = tree(['empty/notes.txt']);
    await expect(expandInputs(['empty'], dir)).rejects.toThrow(new CliError('empty: is a directory with no .srt or .vtt file in it'));
    await expect(expandInputs(['*.vtt'], dir)).rejects.toThrow('*.vtt: no file matches this pattern');
  });

  it('keeps a missing plain path for the reader to report', async () => {
    expect((await expandInputs(['nope.srt'], tree([]))).files).toEqual([{ path: 'nope.srt', outName: 'nope.srt' }]);
  });
});

describe('reportPath', () => {
  it('puts the report next to its input, or under --out-dir keeping the folder structure', () => {
    expect(reportPath({ path: 'subs/s2/c.srt', outName: 's2/c.srt' }, '.json', null)).toBe(join('subs/s2', 'c.langflix.json'));
    expect(reportPath({ path: 'subs/s2/c.srt', outName: 's2/c.srt' }, '.anki.tsv', 'out')).toBe(join('out/s2', 'c.langflix.anki.tsv'));
  });

  it('refuses two inputs writing one report', () => {
    const inputs = [
      { path: 's1/e1.srt', outName: 'e1.srt' },
      { path: 's2/e1.srt', outName: 'e1.srt' },
    ];
    expect(() => checkDistinctOutputs(inputs, inputs.map((i) => reportPath(i, '.json', 'out')), '/w')).toThrow('s1/e1.srt and s2/e1.srt would both write out/e1.langflix.json');
  });
});
