/**
 * The real files of `../shared/fixtures/subtitles/real` parse with the cue counts of its SOURCES.md and no
 * warnings, and so do their variants: re-encodings, other line ends, blank-line changes, `.` for `,` … each
 * derived here programmatically and required to give the same cues. Faults injected into them (a corrupted timing
 * line, a negative start, a blank line inside a cue) cost exactly what they should and are reported at the right
 * line.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Cue } from '../../src/schema.js';
import { decodeSubtitleBytes, parseSubtitles, SubtitleParseError, type ParsedSubtitleFile } from '../../src/subtitles/index.js';

// Repo root is three levels up from packages/core/test/subtitles; fixtures sit beside it in ../shared.
const REAL = fileURLToPath(new URL('../../../../../shared/fixtures/subtitles/real/', import.meta.url));
const present = existsSync(join(REAL, 'SOURCES.md'));
if (!present) console.warn(`real subtitle fixtures not found at ${REAL}: skipping the real-file tests`);

/** `| file | cues | …` rows of SOURCES.md: the expected cue count of each file. */
function expectedCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const row of readFileSync(join(REAL, 'SOURCES.md'), 'utf8').split('\n')) {
    const m = /^\|\s*([\w.-]+\.(?:srt|vtt))\s*\|\s*(\d+)\s*\|/.exec(row);
    if (m?.[1] !== undefined && m[2] !== undefined) counts.set(m[1], Number(m[2]));
  }
  return counts;
}
const counts = present ? expectedCounts() : new Map<string, number>();
const files = [...counts.keys()];

const bytesOf = (file: string): Uint8Array => new Uint8Array(readFileSync(join(REAL, file)));
const textOf = (file: string): string => decodeSubtitleBytes(bytesOf(file)).text;
const parse = (input: string | Uint8Array, fileName?: string): ParsedSubtitleFile =>
  parseSubtitles(input, fileName === undefined ? {} : { fileName });
/** Cues without their line numbers, for variants that move lines. */
const content = (cues: Cue[]) => cues.map(({ line: _line, ...rest }) => rest);

// ---- encoders and line-level rewrites the variants are made of ----

const utf16le = (text: string, bom: boolean): Uint8Array => {
  const body = Buffer.from(text, 'utf16le');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xff, 0xfe]), body]) : body);
};
const utf16be = (text: string, bom: boolean): Uint8Array => {
  const le = utf16le(text, false);
  const be = new Uint8Array(le.length + (bom ? 2 : 0));
  if (bom) be.set([0xfe, 0xff]);
  for (let i = 0; i < le.length; i += 2) {
    be[i + (bom ? 2 : 0)] = le[i + 1] as number;
    be[i + 1 + (bom ? 2 : 0)] = le[i] as number;
  }
  return be;
};
/** Windows-1252 0x80–0x9F, written out independently of the decoder's table. */
const CP1252: Record<string, number> = {
  '€': 0x80, '‚': 0x82, 'ƒ': 0x83, '„': 0x84, '…': 0x85, '†': 0x86, '‡': 0x87, 'ˆ': 0x88, '‰': 0x89, 'Š': 0x8a,
  '‹': 0x8b, 'Œ': 0x8c, 'Ž': 0x8e, '‘': 0x91, '’': 0x92, '“': 0x93, '”': 0x94, '•': 0x95, '–': 0x96, '—': 0x97,
  '˜': 0x98, '™': 0x99, 'š': 0x9a, '›': 0x9b, 'œ': 0x9c, 'ž': 0x9e, 'Ÿ': 0x9f,
};
const cp1252 = (text: string): Uint8Array =>
  Uint8Array.from([...text], (ch) => {
    const cp = ch.codePointAt(0) as number;
    const b = cp < 0x80 || (cp >= 0xa0 && cp <= 0xff) ? cp : CP1252[ch];
    if (b === undefined) throw new Error(`not in Windows-1252: ${ch}`);
    return b;
  });
/** Text with accents or typographic punctuation that Windows-1252 can hold (so the re-encoding is not UTF-8). */
const fitsCp1252 = (text: string) => {
  const chars = [...text].map((ch) => ch.codePointAt(0) as number);
  return chars.some((cp) => cp > 0x7f) && [...text].every((ch) => ch <= '\u007f' || (ch >= '\u00a0' && ch <= '\u00ff') || ch in CP1252);
};

const eolOf = (text: string) => (text.includes('\r\n') ? '\r\n' : '\n');
const linesOf = (text: string) => text.split(/\r\n|\n/);
const isTimingLine = (line: string) => line.includes('-->');
const isBlankLine = (line: string) => line.trim() === '';
/** Rewrite a text line by line, keeping its line ends. */
const mapLines = (text: string, f: (line: string, i: number) => string | string[]): string =>
  linesOf(text).flatMap(f).join(eolOf(text));

interface Variant {
  name: string;
  applies?: (file: string, text: string) => boolean;
  make: (text: string, file: string) => string | Uint8Array;
  /** Encoding the variant must be read with (default: whatever the original was read with, or any). */
  encoding?: string;
  /** The variant keeps every line where it was, so cue line numbers must match too. */
  sameLines?: boolean;
  /** The cues of the original, as the variant must give them (default: unchanged). */
  expect?: (cues: Cue[]) => unknown;
}

const srtOnly = (file: string) => file.endsWith('.srt');

const variants: Variant[] = [
  { name: 'UTF-16LE with BOM', make: (t) => utf16le(t, true), encoding: 'utf-16le', sameLines: true },
  { name: 'UTF-16BE with BOM', make: (t) => utf16be(t, true), encoding: 'utf-16be', sameLines: true },
  { name: 'UTF-16LE without BOM', make: (t) => utf16le(t, false), encoding: 'utf-16le', sameLines: true },
  { name: 'UTF-16BE without BOM', make: (t) => utf16be(t, false), encoding: 'utf-16be', sameLines: true },
  { name: 'UTF-8 with BOM', make: (t) => new Uint8Array(Buffer.from(`\ufeff${t}`)), encoding: 'utf-8-bom', sameLines: true },
  { name: 'UTF-8 without BOM', make: (t) => new Uint8Array(Buffer.from(t)), encoding: 'utf-8', sameLines: true },
  {
    name: 'Windows-1252 re-encoding',
    applies: (_f, t) => fitsCp1252(t),
    make: (t) => cp1252(t),
    encoding: 'windows-1252',
    sameLines: true,
  },
  { name: 'given as a string with a BOM', make: (t) => `\ufeff${t}`, encoding: 'string', sameLines: true },
  { name: 'LF line ends', make: (t) => t.replace(/\r\n/g, '\n'), sameLines: true },
  { name: 'CRLF line ends', make: (t) => t.replace(/\r?\n/g, '\r\n'), sameLines: true },
  { name: 'lone CR line ends (classic Mac OS)', make: (t) => t.replace(/\r?\n/g, '\r'), sameLines: true },
  { name: 'mixed CRLF and LF', make: (t) => linesOf(t).map((l, i) => l + (i % 3 === 0 ? '\r\n' : '\n')).join(''), sameLines: true },
  { name: 'no trailing newline', make: (t) => t.replace(/[\r\n\s]+$/, ''), sameLines: true },
  { name: 'trailing blank and whitespace-only lines', make: (t) => `${t}${eolOf(t)}${eolOf(t)}  \t${eolOf(t)}${eolOf(t)}`, sameLines: true },
  { name: 'trailing whitespace on every line', make: (t) => mapLines(t, (l) => `${l} \t `), sameLines: true },
  {
    name: 'extra blank lines (leading, doubled separators, whitespace-only)',
    make: (t) => `${eolOf(t)} ${eolOf(t)}${mapLines(t, (l) => (isBlankLine(l) ? [l, '', '\t'] : l))}`,
  },
  {
    name: '. instead of , before milliseconds',
    applies: srtOnly,
    make: (t) => mapLines(t, (l) => (isTimingLine(l) ? l.replaceAll(',', '.') : l)),
    sameLines: true,
  },
  {
    name: ', instead of . before milliseconds',
    applies: (f) => !srtOnly(f),
    make: (t) => mapLines(t, (l) => (isTimingLine(l) ? l.replace(/(\d)\.(\d{3})/g, '$1,$2') : l)),
    sameLines: true,
  },
  {
    name: 'SubRip X1/Y1 coordinates and odd arrow spacing',
    applies: srtOnly,
    make: (t) => mapLines(t, (l) => (isTimingLine(l) ? `${l.replace(' --> ', '-->')}  X1:100 X2:600 Y1:100 Y2:400` : l)),
    sameLines: true,
  },
  {
    name: 'WebVTT cue settings',
    applies: (f) => !srtOnly(f),
    make: (t) => mapLines(t, (l) => (isTimingLine(l) ? `${l} align:start line:0% position:10%` : l)),
    sameLines: true,
  },
  {
    name: 'no blank lines between cues',
    applies: srtOnly,
    make: (t) => linesOf(t).filter((l) => !isBlankLine(l)).join(eolOf(t)),
  },
  {
    name: 'no index lines',
    applies: srtOnly,
    make: (t) => {
      const lines = linesOf(t);
      return mapLines(t, (l, i) => (isTimingLine(lines[i + 1] ?? '') && /^\s*\d+\s*$/.test(l) ? [] : l));
    },
    expect: (cues) => content(cues).map((c) => ({ ...c, id: null })),
  },
];

describe.skipIf(!present)('real subtitle files (../shared/fixtures/subtitles/real)', () => {
  it('SOURCES.md lists the six files', () => {
    expect(Object.fromEntries(counts)).toEqual({
      'elephants-dream.en.vtt': 78,
      'elephants-dream.ja.vtt': 77,
      'sprite-fright.en.vtt': 82,
      'derive-sectaire.fr.srt': 36,
      'night-of-the-living-dead-1968.en.srt': 964,
      'the-last-man-on-earth-1964.en.srt': 541,
    });
  });

  for (const file of files) {
    describe(file, () => {
      const original = () => parse(bytesOf(file), file);

      it(`parses to ${counts.get(file)} cues without warnings`, () => {
        const parsed = original();
        expect(parsed.warnings).toEqual([]);
        expect(parsed.cues).toHaveLength(counts.get(file) as number);
        expect(parsed.format).toBe(file.endsWith('.vtt') ? 'vtt' : 'srt');
        parsed.cues.forEach((cue, i) => {
          expect(cue.index).toBe(i);
          expect(cue.endMs).toBeGreaterThanOrEqual(cue.startMs);
          expect(cue.text).not.toMatch(/\r|^\s|\s$|\n\n/);
        });
        // Strict mode finds nothing to complain about either.
        expect(parseSubtitles(bytesOf(file), { strict: true }).cues).toEqual(parsed.cues);
      });

      // Only the variants that make sense for this file are registered (no SubRip-only rewrite of a WebVTT file,
      // no Windows-1252 re-encoding of pure ASCII, which would be UTF-8 again).
      const applicable = variants.filter((v) => v.applies === undefined || v.applies(file, textOf(file)));
      for (const v of applicable) {
        it(`variant: ${v.name}`, () => {
          const text = textOf(file);
          const base = original();
          const got = parse(v.make(text, file), file);
          expect(got.warnings).toEqual([]);
          if (v.encoding !== undefined) expect(got.encoding).toBe(v.encoding);
          if (v.expect !== undefined) expect(content(got.cues)).toEqual(v.expect(base.cues));
          else if (v.sameLines === true) expect(got.cues).toEqual(base.cues);
          else expect(content(got.cues)).toEqual(content(base.cues));
        });
      }
    });
  }
});

// ---- injected faults ----

/**
 * The corruptions a timing line suffers in real files that leave it unreadable, and what each must cost. (What a
 * person can still read — `->`, no milliseconds, spaces in the fields — is read: see `lenient.test.ts`.)
 */
const corruptions: { name: string; corrupt: (line: string) => string }[] = [
  { name: 'arrow "==>"', corrupt: (l) => l.replace('-->', '==>') },
  { name: 'minutes 61', corrupt: (l) => l.replace(/^(\d+):\d\d/, '$1:61') },
  { name: 'letter O for a zero', corrupt: (l) => l.replace('0', 'O') },
  { name: 'no arrow', corrupt: (l) => l.replace('-->', '') },
  { name: 'no end time', corrupt: (l) => l.replace(/-->.*$/, '-->') },
  { name: 'end time glued to text', corrupt: (l) => `${l}x` },
  { name: 'two commas', corrupt: (l) => l.replace(/[,.](\d{3})/, ',,$1') },
];

describe.skipIf(!present)('a broken timing line costs exactly its cue', () => {
  const targets = present ? files : [];
  for (const file of targets) {
    for (const { name, corrupt } of corruptions) {
      it(`${file}: ${name}`, () => {
        const text = textOf(file);
        const base = parse(text).cues;
        const k = Math.floor(base.length / 2);
        const victim = base[k] as Cue;
        const lines = linesOf(text);
        lines[victim.line - 1] = corrupt(lines[victim.line - 1] as string);
        const broken = lines.join(eolOf(text));

        const got = parse(broken, file);
        expect(got.cues).toHaveLength(base.length - 1);
        expect(got.warnings).toHaveLength(1);
        expect(got.warnings[0]).toMatchObject({ code: 'timing-line', line: victim.line });
        expect(got.warnings[0]?.message).toContain('invalid timing line');
        // The neighbours are untouched: nothing of the broken cue is glued onto the cue before it.
        const expected = [...base.slice(0, k), ...base.slice(k + 1)].map((c, i) => ({ ...c, index: i }));
        expect(got.cues).toEqual(expected);

        // Strict: the same line, named with the file.
        let caught: unknown;
        try {
          parseSubtitles(broken, { fileName: file, strict: true });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(SubtitleParseError);
        expect((caught as SubtitleParseError).line).toBe(victim.line);
        expect((caught as SubtitleParseError).message).toMatch(new RegExp(`^${file.replaceAll('.', '\\.')}:${victim.line}: invalid timing line "`));
      });
    }

    it(`${file}: timing line deleted`, () => {
      const text = textOf(file);
      const base = parse(text).cues;
      const k = Math.floor(base.length / 2);
      const victim = base[k] as Cue;
      const lines = linesOf(text);
      lines.splice(victim.line - 1, 1);
      const got = parse(lines.join(eolOf(text)));
      expect(content(got.cues)).toEqual(content([...base.slice(0, k), ...base.slice(k + 1)].map((c, i) => ({ ...c, index: i }))));
      expect(got.warnings).toHaveLength(1);
      // SubRip: the index line now faces a text line, reported where the timing line was; WebVTT: an id or a
      // text block without a timing line, reported at its first line.
      const where = victim.id !== null && srtOnly(file) ? victim.line : victim.id !== null ? victim.line - 1 : victim.line;
      expect(got.warnings[0]?.line).toBe(where);
    });
  }

  it('a corrupted timing line in the middle of Night of the Living Dead costs one cue', () => {
    const file = 'night-of-the-living-dead-1968.en.srt';
    const text = textOf(file);
    const lines = linesOf(text);
    const timingLine = lines.indexOf('00:49:47,902 --> 00:49:51,907');
    // Guard against a changed fixture rather than passing on the wrong line.
    expect(timingLine).toBeGreaterThan(0);
    lines[timingLine] = '00:49:47,902 => 00:49:51';
    const got = parse(lines.join('\r\n'), file);
    expect(got.cues).toHaveLength(963);
    expect(got.warnings).toEqual([{ code: 'timing-line', message: 'invalid timing line "00:49:47,902 => 00:49:51"', line: timingLine + 1 }]);
    expect(timingLine + 1).toBe(2166);
    // Cue 481 keeps its own text; cue 483 follows it directly.
    expect(got.cues[480]?.id).toBe('481');
    expect(got.cues[481]?.id).toBe('483');
    expect(got.cues[480]?.text).not.toContain("boarded up");
  });
});

describe.skipIf(!present)('other injected faults', () => {
  const targets = present ? files : [];
  for (const file of targets) {
    it(`${file}: negative start on the first cue is clamped to 0 with a warning`, () => {
      const text = textOf(file);
      const base = parse(text).cues;
      const first = base[0] as Cue;
      const lines = linesOf(text);
      const negative = srtOnly(file) ? '00:00:-1,-250' : '-00:00:01.250';
      lines[first.line - 1] = (lines[first.line - 1] as string).replace(/^\s*\S+/, negative);
      const got = parse(lines.join(eolOf(text)));
      if (!srtOnly(file)) {
        // WebVTT has no negative times: the cue's timing line is invalid, and only that cue is lost.
        expect(got.cues).toHaveLength(base.length - 1);
        expect(got.warnings).toMatchObject([{ code: 'timing-line', line: first.line }]);
        return;
      }
      expect(got.cues).toEqual([{ ...first, startMs: 0 }, ...base.slice(1)]);
      expect(got.warnings).toEqual([
        { code: 'negative-time', message: `negative start clamped (cue ${first.id}): -1250 ms → 0`, line: first.line },
      ]);
    });

    // WebVTT ends a cue's text at a blank line (tested in vtt.test.ts); SubRip keeps the block with the cue.
    if (!srtOnly(file)) continue;
    it(`${file}: a blank line inside a two-line cue keeps the text with a warning`, () => {
      const text = textOf(file);
      const base = parse(text).cues;
      const k = base.findIndex((c, i) => i > 3 && c.text.includes('\n') && !/^\d+$/.test(c.text.split('\n')[1] ?? ''));
      expect(k).toBeGreaterThan(0);
      const victim = base[k] as Cue;
      const lines = linesOf(text);
      lines.splice(victim.line + 1, 0, '');
      const got = parse(lines.join(eolOf(text)));
      expect(content(got.cues)).toEqual(content(base));
      expect(got.warnings).toEqual([
        { code: 'blank-line-in-cue', message: `blank line inside cue ${victim.id}`, line: victim.line + 2 },
      ]);
    });
  }
});
