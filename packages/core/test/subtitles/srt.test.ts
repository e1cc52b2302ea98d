import { describe, expect, it } from 'vitest';
import type { Cue } from '../../src/schema.js';
import { parseSrt, SubtitleParseError } from '../../src/subtitles/index.js';

const srt = (...lines: string[]) => lines.join('\n');
const brief = (cues: Cue[]) => cues.map((c) => [c.id, c.startMs, c.endMs, c.text]);

describe('parseSrt: structure', () => {
  it('gives each cue its index, id, times, raw and plain text and the line of its timing line', () => {
    const parsed = parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', '<i>Hi</i>  ', 'there', '', '2', '00:00:03,000 --> 00:00:04,000', 'Bye'));
    expect(parsed).toEqual({
      format: 'srt',
      warnings: [],
      cues: [
        { index: 0, id: '1', startMs: 1000, endMs: 2000, text: '<i>Hi</i>\nthere', plain: 'Hi\nthere', line: 2 },
        { index: 1, id: '2', startMs: 3000, endMs: 4000, text: 'Bye', plain: 'Bye', line: 7 },
      ],
    });
  });

  it('returns nothing for empty or blank input', () => {
    expect(parseSrt('')).toEqual({ format: 'srt', cues: [], warnings: [] });
    expect(parseSrt('\n \r\n\t\n')).toEqual({ format: 'srt', cues: [], warnings: [] });
  });

  it('splits on LF, CRLF and lone CR alike, and counts lines the same way', () => {
    const parsed = parseSrt('1\r00:00:01,000 --> 00:00:02,000\r\nA\n\r2\r\n00:00:03,000 --> 00:00:04,000\rB');
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, 'A'],
      ['2', 3000, 4000, 'B'],
    ]);
    expect(parsed.cues.map((c) => c.line)).toEqual([2, 6]);
  });

  it('keeps a text line that is only a number or starts with a clock time', () => {
    const parsed = parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', '2', '', '2', '00:00:03,000 --> 00:00:04,000', '7:30 sharp.', '12:00:00 it is.', '99'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, '2'],
      ['2', 3000, 4000, '7:30 sharp.\n12:00:00 it is.\n99'],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('starts a cue at an index + timing pair or a bare timing line when blank lines are missing', () => {
    const parsed = parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '2', '00:00:03,000 --> 00:00:04,000', 'B', '00:00:05,000 --> 00:00:06,000', 'C'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, 'A'],
      ['2', 3000, 4000, 'B'],
      [null, 5000, 6000, 'C'],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('keeps a non-numeric identifier line before a timing line as the id', () => {
    expect(brief(parseSrt(srt('intro', '00:00:01,000 --> 00:00:02,000', 'A')).cues)).toEqual([['intro', 1000, 2000, 'A']]);
  });

  it('appends a text block after a blank line to the cue before it, with a warning at the blank line', () => {
    const parsed = parseSrt(srt('7', '00:00:01,000 --> 00:00:02,000', 'A', '', '', 'still A', '', '8', '00:00:03,000 --> 00:00:04,000', 'B'));
    expect(brief(parsed.cues)).toEqual([
      ['7', 1000, 2000, 'A\nstill A'],
      ['8', 3000, 4000, 'B'],
    ]);
    expect(parsed.warnings).toEqual([{ code: 'blank-line-in-cue', message: 'blank line inside cue 7', line: 4 }]);
  });

  it('keeps a cue with no text, and one whose text comes after a blank line', () => {
    const parsed = parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', '', '2', '00:00:03,000 --> 00:00:04,000', '', 'B'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, ''],
      ['2', 3000, 4000, 'B'],
    ]);
    expect(parsed.warnings).toMatchObject([{ code: 'blank-line-in-cue', line: 6 }]);
  });

  it('keeps file order, overlaps and index 0', () => {
    const parsed = parseSrt(srt('0', '00:00:05,000 --> 00:00:09,000', 'A', '', '1', '00:00:01,000 --> 00:00:06,000', 'B'));
    expect(brief(parsed.cues)).toEqual([
      ['0', 5000, 9000, 'A'],
      ['1', 1000, 6000, 'B'],
    ]);
  });
});

describe('parseSrt: broken blocks cost their cue only', () => {
  const around = (middle: string[]) =>
    srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '', ...middle, '', '3', '00:00:05,000 --> 00:00:06,000', 'C');

  it.each([
    ['00:00:03,000 ==> 00:00:04'],
    ['00:00:03,000 --> 00:00:04x'],
    ['00:61:00,000 --> 00:62:00,000'],
    ['00:00:03,000 00:00:04,000'],
    ['00:00:03,000 -->'],
    ['OO:00:03,000 --> 00:00:04,000'],
    ['the timing line is gone'],
  ])('index then %j: a timing-line warning at that line, its text dropped', (bad) => {
    const parsed = parseSrt(around(['2', bad, 'B1', 'B2']));
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, 'A'],
      ['3', 5000, 6000, 'C'],
    ]);
    expect(parsed.warnings).toEqual([{ code: 'timing-line', message: `invalid timing line ${JSON.stringify(bad)}`, line: 6 }]);
    expect(parsed.cues.map((c) => c.index)).toEqual([0, 1]);
  });

  it.each([['00:00:03,000 => 00:00:04,000'], ['00:00:03,000 00:00:04,000'], ['-00:00:03,000 --> 00:00:04x']])(
    'no index, %j: the same',
    (bad) => {
      const parsed = parseSrt(around([bad, 'B1']));
      expect(brief(parsed.cues).map((c) => c[3])).toEqual(['A', 'C']);
      expect(parsed.warnings).toMatchObject([{ code: 'timing-line', line: 5 }]);
    },
  );

  it('drops the continuation blocks of a broken cue silently (one fault, one warning)', () => {
    const parsed = parseSrt(around(['2', '00:00:03,000 ==> 00:00:04', 'B1', '', 'B2']));
    expect(brief(parsed.cues).map((c) => c[3])).toEqual(['A', 'C']);
    expect(parsed.warnings).toHaveLength(1);
  });

  it('finds a broken timing line when the blank line before it is missing too', () => {
    const parsed = parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '2', '00:00:03,000 > 00:00:04,000', 'B', '3', '00:00:05,000 --> 00:00:06,000', 'C'));
    expect(brief(parsed.cues).map((c) => c[3])).toEqual(['A', 'C']);
    expect(parsed.warnings).toMatchObject([{ code: 'timing-line', line: 5 }]);
  });

  it('reports an index line with nothing after it', () => {
    const parsed = parseSrt(around(['2']));
    expect(brief(parsed.cues).map((c) => c[3])).toEqual(['A', 'C']);
    expect(parsed.warnings).toEqual([{ code: 'missing-timing', message: 'index line "2" without a timing line', line: 5 }]);
  });

  it('reports text before the first cue once', () => {
    const parsed = parseSrt(srt('Subtitles by someone', 'www.example.com', '', '1', '00:00:01,000 --> 00:00:02,000', 'A'));
    expect(brief(parsed.cues)).toEqual([['1', 1000, 2000, 'A']]);
    expect(parsed.warnings).toEqual([{ code: 'text-outside-cue', message: 'text outside any cue "Subtitles by someone"', line: 1 }]);
  });

  it('a broken timing line in a long file costs exactly one cue', () => {
    const blocks = Array.from({ length: 964 }, (_, i) => `${i + 1}\n00:00:${String(i % 60).padStart(2, '0')},000 --> 00:00:${String(i % 60).padStart(2, '0')},500\nLine ${i + 1}\n`);
    blocks[500] = '501\n00:00:20,000 =-> 00:00:20,500\nLine 501\n';
    const parsed = parseSrt(blocks.join('\n'));
    expect(parsed.cues).toHaveLength(963);
    expect(parsed.cues[500]?.text).toBe('Line 502');
    expect(parsed.cues[499]?.text).toBe('Line 500');
    expect(parsed.warnings).toMatchObject([{ code: 'timing-line', line: 500 * 4 + 2 }]);
  });
});

describe('parseSrt: times', () => {
  it('clamps negative times to 0, keeps an end before the start as written and marks the cue invalid, with warnings', () => {
    const parsed = parseSrt(srt('1', '00:00:-1,-250 --> -00:00:00,100', 'A', '', '2', '00:00:05,000 --> 00:00:04,000', 'B'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 0, 0, 'A'],
      ['2', 5000, 4000, 'B'],
    ]);
    expect(parsed.cues[0]?.valid).toBeUndefined();
    expect(parsed.cues[1]).toMatchObject({
      valid: false,
      reason: 'end before start: starts 00:00:05,000 (5000 ms), ends 00:00:04,000 (4000 ms)',
    });
    expect(parsed.warnings).toEqual([
      { code: 'negative-time', message: 'negative start clamped (cue 1): -1250 ms → 0', line: 2 },
      { code: 'negative-time', message: 'negative end clamped (cue 1): -100 ms → 0', line: 2 },
      {
        code: 'end-before-start',
        message:
          'end before start (cue 2): line 6 starts 00:00:05,000 (5000 ms), ends 00:00:04,000 (4000 ms); kept as written, marked invalid, timed as zero-length at its start',
        line: 6,
      },
    ]);
  });

  it('accepts hours past 99, `.` before milliseconds, free arrow spacing and coordinates', () => {
    const parsed = parseSrt(srt('1', '100:00:01.000-->100:00:02,5   X1:1 X2:2 Y1:3 Y2:4', 'A', '', '2', '\t00:00:03,000\t -->  00:00:04.000 ', 'B'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 360_001_000, 360_002_500, 'A'],
      ['2', 3000, 4000, 'B'],
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});

describe('parseSrt: strict mode', () => {
  const file = srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '', '2', '00:00:03,000 --> 00:00:04,000', 'B', '', '3', '00:00:05,000 --> 00:00:06,000', '00:00:01 -> 00:00:02', '', 'x');

  const thrown = (run: () => unknown): SubtitleParseError => {
    try {
      run();
    } catch (error) {
      if (error instanceof SubtitleParseError) return error;
      throw error;
    }
    throw new Error('expected a SubtitleParseError');
  };

  it('throws at the first problem, naming the file and the line', () => {
    const text = srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '', '2', '00:00:03,000 --> 00:00:04,000', 'B', '', '3', '00:00:05,000 --> 00:00:06,000', 'C', '', '4', '00:00:01 => 00:00:02', 'D', '', '5', '00:00:-1,000 --> 00:00:01,000', 'E');
    const error = thrown(() => parseSrt(text, { strict: true, fileName: 'episode.srt' }));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SubtitleParseError');
    expect(error.message).toBe('episode.srt:14: invalid timing line "00:00:01 => 00:00:02"');
    expect(error).toMatchObject({ line: 14, fileName: 'episode.srt', code: 'timing-line' });
    // The lenient parse reports the same problem at the same line, and keeps going.
    const lenient = parseSrt(text, { fileName: 'episode.srt' });
    expect(lenient.warnings.map((w) => [w.code, w.line])).toEqual([
      ['timing-line', 14],
      ['negative-time', 18],
    ]);
    expect(lenient.cues).toHaveLength(4);
  });

  it('says `line N` when no file name is known', () => {
    const error = thrown(() => parseSrt(srt('1', '00:00:01,000 --> 00:00:02,000', 'A', '', '', 'B'), { strict: true }));
    expect(error.message).toBe('line 4: blank line inside cue 1');
    expect(error.fileName).toBeUndefined();
  });

  it('throws for negative times and ends before starts', () => {
    expect(thrown(() => parseSrt('1\n-00:00:01,000 --> 00:00:02,000\nA', { strict: true }))).toMatchObject({ line: 2, code: 'negative-time' });
    expect(thrown(() => parseSrt('\n1\n00:00:03,000 --> 00:00:02,000\nA', { strict: true }))).toMatchObject({ line: 3, code: 'end-before-start' });
  });

  it('keeps messages on one line', () => {
    const error = thrown(() => parseSrt(srt('1', `00:00:01,000 -> x\t${'y'.repeat(200)}`, 'A'), { strict: true, fileName: 'a b.srt' }));
    expect(error.code).toBe('timing-line');
    expect(error.message).not.toMatch(/[\n\r\t]/);
    expect(error.message.length).toBeLessThan(120);
  });

  it('does not throw on a clean file', () => {
    expect(parseSrt(file.split('\n').slice(0, 7).join('\n'), { strict: true }).cues).toHaveLength(2);
  });
});
