/**
 * The lenient timing grammar and the loss check, on fixtures of every kind (`fixtures/lenient/cases.json`: a file,
 * its expected cues and warnings, each kind in LF and CRLF), and on the real films with every timing line mangled
 * in the ways a person still reads: the parse must equal the clean parse.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cue } from '../../src/schema.js';
import { decodeSubtitleBytes, parseSubtitles, SubtitleParseError } from '../../src/subtitles/index.js';
import { mulberry32 } from '../../src/util/random.js';

const HERE = fileURLToPath(new URL('./fixtures/lenient/', import.meta.url));

interface ExpectedCue {
  id: string | null;
  start_ms: number;
  end_ms: number;
  text: string;
  valid?: false;
}
interface ExpectedWarning {
  code: string;
  line: number;
  /** A part of the message. */
  contains: string;
}
interface Case {
  file: string;
  kind: string;
  cues: ExpectedCue[];
  warnings: ExpectedWarning[];
}

const cases = JSON.parse(readFileSync(join(HERE, 'cases.json'), 'utf8')) as Case[];

describe('lenient fixtures (fixtures/lenient)', () => {
  for (const c of cases) {
    describe(`${c.file}: ${c.kind}`, () => {
      const bytes = () => new Uint8Array(readFileSync(join(HERE, c.file)));

      it('parses to the expected cues and warnings', () => {
        const parsed = parseSubtitles(bytes(), { fileName: c.file });
        expect(parsed.format).toBe(c.file.endsWith('.vtt') ? 'vtt' : 'srt');
        expect(parsed.cues.map((q) => ({ id: q.id, start_ms: q.startMs, end_ms: q.endMs, text: q.text, ...(q.valid === false ? { valid: q.valid } : {}) }))).toEqual(c.cues);
        parsed.cues.forEach((cue, i) => {
          expect(Cue.parse(cue)).toEqual(cue);
          expect(cue.index).toBe(i);
          expect(cue.text).not.toMatch(/\r/);
          if (cue.valid === false) expect(cue.reason).toMatch(/^end before start/);
        });
        expect(parsed.warnings.map((w) => ({ code: w.code, line: w.line }))).toEqual(c.warnings.map((w) => ({ code: w.code, line: w.line })));
        c.warnings.forEach((w, i) => expect(parsed.warnings[i]?.message).toContain(w.contains));
      });

      it(c.warnings.length > 0 ? 'throws at its first problem in strict mode' : 'parses in strict mode too', () => {
        if (c.warnings.length === 0) {
          expect(parseSubtitles(bytes(), { strict: true }).cues).toEqual(parseSubtitles(bytes()).cues);
          return;
        }
        const first = c.warnings[0] as ExpectedWarning;
        let caught: unknown;
        try {
          parseSubtitles(bytes(), { fileName: c.file, strict: true });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(SubtitleParseError);
        expect((caught as SubtitleParseError).line).toBe(first.line);
        expect((caught as SubtitleParseError).code).toBe(first.code);
        expect((caught as SubtitleParseError).message).toMatch(new RegExp(`^${c.file.replaceAll('.', '\\.')}:${first.line}: `));
      });
    });
  }

  it('gives the same cues in LF and CRLF', () => {
    for (const c of cases.filter((q) => q.file.includes('.lf.'))) {
      const lf = parseSubtitles(new Uint8Array(readFileSync(join(HERE, c.file))));
      const crlf = parseSubtitles(new Uint8Array(readFileSync(join(HERE, c.file.replace('.lf.', '.crlf.')))));
      expect(crlf).toEqual(lf);
    }
  });
});

describe('one timing line, in SubRip and in WebVTT', () => {
  const parseLine = (line: string, format: 'srt' | 'vtt') =>
    parseSubtitles(format === 'srt' ? `1\n${line}\nHello\n\n2\n00:00:05,000 --> 00:00:06,000\nBye\n` : `WEBVTT\n\n${line}\nHello\n\n00:00:05.000 --> 00:00:06.000\nBye\n`);

  it.each([
    ['00:00:01,000 --> 00:00:02,000', 1000, 2000],
    ['00:00:01,000 —> 00:00:02,000', 1000, 2000],
    ['00:00:01,000 – > 00:00:02,000', 1000, 2000],
    ['00:00:01,000 ---> 00:00:02,000', 1000, 2000],
    ['00:00:01,000-->00:00:02,000', 1000, 2000],
    ['00 : 00 : 01 , 000  - - >  00 : 00 : 02 , 000', 1000, 2000],
    ['\u00a000:00:01,000\u00a0-->\u00a000:00:02,000\u00a0', 1000, 2000],
    ['00:00:01,000 --> 00:00:02,000 junk here', 1000, 2000],
    ['00:00:01,000 --> 00:00:02,000.', 1000, 2000],
    ['0:0:1 -> 0:0:2', 1000, 2000],
    ['00:00:01:000 --> 00:00:02:5', 1000, 2500],
    ['01:02,500 --> 01:03,5', 62_500, 63_500],
    ['01:02:500 --> 01:03:050', 62_500, 63_050],
    ['00:00:01 --> 00:00:02,5 X1:40 X2:600 Y1:20 Y2:50', 1000, 2500],
    ['100:00:01,000 → 100:00:02,000', 360_001_000, 360_002_000],
  ])('reads %j', (line, startMs, endMs) => {
    for (const format of ['srt', 'vtt'] as const) {
      const parsed = parseLine(line, format);
      expect(parsed.warnings, format).toEqual([]);
      expect(parsed.cues.map((c) => [c.startMs, c.endMs]), format).toEqual([
        [startMs, endMs],
        [5000, 6000],
      ]);
    }
  });

  it.each([
    '00:00:01,000 ==> 00:00:02,000',
    '00:00:01,000 => 00:00:02,000',
    '00:00:01,000 > 00:00:02,000',
    '00:00:01,000 --> 00:00:02,000x',
    '00:00:01,000 --> 00:00:02,0OO',
    '00;00;01,000 --> 00;00;02,000',
    '00:00:01,000 --> 00:61:02,000',
    '00:00:01,000 --> 1:02',
  ])('does not read %j, and says so at its line', (line) => {
    for (const format of ['srt', 'vtt'] as const) {
      const parsed = parseLine(line, format);
      expect(parsed.cues.map((c) => c.text), format).toEqual(['Bye']);
      expect(parsed.warnings, format).toMatchObject([{ code: 'timing-line', line: format === 'srt' ? 2 : 3 }]);
    }
  });
});

// ---- real films, every timing line mangled ----

const REAL = fileURLToPath(new URL('../../../../../shared/fixtures/subtitles/real/', import.meta.url));
const present = existsSync(join(REAL, 'SOURCES.md'));
if (!present) console.warn(`real subtitle fixtures not found at ${REAL}: skipping the mangled real-file tests`);
const FILES = ['night-of-the-living-dead-1968.en.srt', 'the-last-man-on-earth-1964.en.srt', 'derive-sectaire.fr.srt', 'elephants-dream.en.vtt', 'sprite-fright.en.vtt'];
const textOf = (file: string) => decodeSubtitleBytes(new Uint8Array(readFileSync(join(REAL, file)))).text;


const GAPS = ['', '', ' ', '  ', '\t', '\u200b', '\u00a0', '\u2060', '\u200e', '\u200f', '\ufeff'];
const ARROWS = ['-->', '->', '- ->', '-- >', '—>', '–>', '–->', '—-->', '- - >', '→', '−>', '--->'];

/** Timestamp `ms` written in one of the ways a person still reads the same time. */
function mangleTime(ms: number, pick: <T>(list: readonly T[]) => T): string {
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const f = ms % 1000;
  const gap = () => pick(GAPS);
  // A zero-width character a reader cannot see may sit inside a number, too.
  const inside = (digits: string) => (digits.length > 1 && pick([false, false, false, true]) ? `${digits[0]}${pick(['\u200b', '\u2060', '\u200e', '\ufeff'])}${digits.slice(1)}` : digits);
  const num = (v: number, widths: number[]) => inside(String(v).padStart(pick(widths.filter((w) => w >= String(v).length)), '0'));
  const fractions = [`${pick([',', '.'])}${gap()}${inside(String(f).padStart(3, '0'))}`, `:${gap()}${String(f).padStart(3, '0')}`];
  if (f % 10 === 0) fractions.push(`${pick([',', '.'])}${String(f / 10).padStart(2, '0')}`);
  if (f % 100 === 0) fractions.push(`${pick([',', '.'])}${f / 100}`);
  if (f === 0) fractions.push('');
  const fraction = pick(fractions);
  const sep = (text: string) => (text === '' ? '' : `${gap()}${text}`);
  // Minutes and seconds without hours only with a `,`/`.` fraction (two groups alone could be hours and minutes).
  if (h === 0 && /^[,.]/.test(fraction) && pick([true, false])) return `${num(m, [1, 2])}${gap()}:${gap()}${num(s, [1, 2])}${sep(fraction)}`;
  return `${num(h, [1, 2, 3])}${gap()}:${gap()}${num(m, [1, 2])}${gap()}:${gap()}${num(s, [1, 2])}${sep(fraction)}`;
}

describe.skipIf(!present)('real films with every timing line mangled as a person still reads it', () => {
  for (const file of present ? FILES : []) {
    it(`${file}: 5 random manglings (LF, CRLF, CR, mixed) parse to the clean cues, with no warning`, () => {
      const text = textOf(file);
      const clean = parseSubtitles(text, { fileName: file });
      expect(clean.warnings).toEqual([]);
      const vtt = file.endsWith('.vtt');
      for (let seed = 1; seed <= 5; seed++) {
        const rand = mulberry32(seed * 7919 + file.length);
        const pick = <T,>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
        const lines = text.split(/\r\n|\n/);
        const byLine = new Map(clean.cues.map((c) => [c.line - 1, c]));
        for (const [k, cue] of byLine) {
          const rest = (lines[k] as string).replace(/^.*?-->\s*\S+/, '');
          const settings = vtt ? rest : pick(['', '  X1:100 X2:600 Y1:100 Y2:400', ' \u200e']);
          lines[k] = `${pick(GAPS)}${mangleTime(cue.startMs, pick)}${pick(GAPS)}${pick(ARROWS)}${pick(GAPS)}${mangleTime(cue.endMs, pick)}${settings === '' ? pick(['', ' ', '\u200f']) : settings}`;
          // The index line before it (SubRip): invisible characters and spaces around the number.
          if (!vtt && cue.id !== null && /^\d+$/.test(cue.id)) lines[k - 1] = `${pick(['', '\u200e', '\ufeff', '\u00a0'])}${cue.id}${pick(['', ' ', '  \u200e', '\u00a0'])}`;
        }
        // Line ends: LF, CRLF, lone CR or a mix; the line numbers stay the same.
        const eol = seed % 4 === 0 ? null : (['\n', '\r\n', '\r'] as const)[seed % 3]!;
        const joined = eol === null ? lines.map((l, i) => l + (i % 2 === 0 ? '\r\n' : '\n')).join('') : lines.join(eol);
        const mangled = parseSubtitles(joined, { fileName: file });
        expect(mangled.warnings, `seed ${seed}`).toEqual([]);
        expect(mangled.cues, `seed ${seed}`).toEqual(clean.cues);
      }
    });
  }

  it('Night of the Living Dead with every timing line written `HH: MM: SS.mmm -> HH: MM: SS,mmm` parses to the same cues and times', () => {
    const file = 'night-of-the-living-dead-1968.en.srt';
    const text = textOf(file);
    const clean = parseSubtitles(text).cues;
    expect(clean).toHaveLength(964);
    let rewritten = 0;
    const mangled = text.replace(/^(\d+):(\d+):(\d+),(\d+) --> (\d+):(\d+):(\d+),(\d+)$/gm, (_all, h1, m1, s1, f1, h2, m2, s2, f2) => {
      rewritten++;
      return `${h1}: ${m1}: ${s1}.${f1} -> ${h2}: ${m2}: ${s2},${f2}`;
    });
    expect(rewritten).toBe(964);
    expect(mangled).toContain('00: 49: 47.902 -> 00: 49: 51,907');
    const got = parseSubtitles(mangled);
    expect(got.warnings).toEqual([]);
    expect(got.cues).toEqual(clean);
  });

  it('Night of the Living Dead with every timing line arrow written `==>` loses every cue, says how many and where, and strict stops at the first', () => {
    const file = 'night-of-the-living-dead-1968.en.srt';
    const text = textOf(file);
    const clean = parseSubtitles(text).cues;
    const broken = text.replaceAll(' --> ', ' ==> ');
    const got = parseSubtitles(broken, { fileName: file });
    expect(got.cues).toHaveLength(0);
    const [a, b, c] = clean.map((q) => q.line);
    const summary = got.warnings.at(-1);
    expect(summary).toEqual({
      code: 'timing-lines-lost',
      message: `964 lines that look like timing lines were not read as timing lines, so their cues are missing (first: lines ${a}, ${b}, ${c})`,
      line: a,
    });
    expect(got.warnings.filter((w) => w.code === 'timing-line').map((w) => w.line)).toEqual(clean.map((q) => q.line));
    expect(() => parseSubtitles(broken, { fileName: file, strict: true })).toThrow(new RegExp(`^${file.replaceAll('.', '\\.')}:${a}: invalid timing line`));
  });

  it('one lost cue in the middle of a real film is named, and its text is not merged into its neighbour', () => {
    const file = 'the-last-man-on-earth-1964.en.srt';
    const text = textOf(file);
    const clean = parseSubtitles(text).cues;
    const lines = text.split('\r\n');
    const victims = [100, 200, 300, 400].map((i) => clean[i]!);
    // Four ways a timing line stops being one; blank lines before two of them removed as well.
    lines[victims[0]!.line - 1] = lines[victims[0]!.line - 1]!.replace('-->', '==>');
    lines[victims[1]!.line - 1] = lines[victims[1]!.line - 1]!.replace('-->', '');
    lines[victims[2]!.line - 1] = lines[victims[2]!.line - 1]!.replace(/^(\d+):\d\d/, '$1:75');
    lines[victims[3]!.line - 1] = lines[victims[3]!.line - 1]!.replace('-->', '>>');
    const got = parseSubtitles(lines.join('\r\n'));
    const lost = new Set(victims.map((v) => v.index));
    expect(got.cues.map(({ index: _i, ...rest }) => rest)).toEqual(clean.filter((q) => !lost.has(q.index)).map(({ index: _i, ...rest }) => rest));
    expect(got.warnings.map((w) => [w.code, w.line])).toEqual([
      ...victims.map((v) => ['timing-line', v.line]),
      ['timing-lines-lost', victims[0]!.line],
    ]);
    expect(got.warnings.at(-1)?.message).toContain(`4 lines that look like timing lines`);
    expect(got.warnings.at(-1)?.message).toContain(`(first: lines ${victims[0]!.line}, ${victims[1]!.line}, ${victims[2]!.line})`);
  });
});
