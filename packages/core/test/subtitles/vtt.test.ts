import { describe, expect, it } from 'vitest';
import type { Cue } from '../../src/schema.js';
import { parseVtt, SubtitleParseError } from '../../src/subtitles/index.js';

const vtt = (...lines: string[]) => lines.join('\n');
const brief = (cues: Cue[]) => cues.map((c) => [c.id, c.startMs, c.endMs, c.text]);

describe('parseVtt', () => {
  it('reads header metadata, ids, settings, mm:ss times and multi-line text', () => {
    const parsed = parseVtt(
      vtt('WEBVTT - Some title', 'Kind: captions', 'Language: en', '', 'intro', '00:01.000 --> 00:03.000 align:start line:0%', 'Is the kettle', 'on?', '', '1:00:03.500 --> 1:00:05.250\tposition:10%', 'Give it a minute.'),
    );
    expect(parsed).toEqual({
      format: 'vtt',
      warnings: [],
      cues: [
        { index: 0, id: 'intro', startMs: 1000, endMs: 3000, text: 'Is the kettle\non?', plain: 'Is the kettle\non?', line: 6 },
        { index: 1, id: null, startMs: 3_603_500, endMs: 3_605_250, text: 'Give it a minute.', plain: 'Give it a minute.', line: 10 },
      ],
    });
  });

  it('skips NOTE, STYLE and REGION blocks', () => {
    const parsed = parseVtt(
      vtt('WEBVTT', '', 'REGION', 'id:fred width:40%', '', 'STYLE', '::cue { color: red }', '', 'NOTE a one-line comment', '', 'NOTE', 'a comment', 'on two lines', '', '00:01.000 --> 00:02.000', 'A', '', 'NOTE between cues', '', '00:03.000 --> 00:04.000', 'B'),
    );
    expect(brief(parsed.cues)).toEqual([
      [null, 1000, 2000, 'A'],
      [null, 3000, 4000, 'B'],
    ]);
    expect(parsed.warnings).toEqual([]);
  });

  it('takes a cue right after the header when the blank line is missing', () => {
    expect(brief(parseVtt(vtt('WEBVTT', '00:01.000 --> 00:02.000', 'A')).cues)).toEqual([[null, 1000, 2000, 'A']]);
  });

  it('ends a cue at a blank line, and at a line with an arrow (W3C WebVTT "collect a block")', () => {
    const parsed = parseVtt(vtt('WEBVTT', '', '00:01.000 --> 00:02.000', 'A', '00:03.000 --> 00:04.000', 'B', '', 'stray text', 'more', '', '00:05.000 --> 00:06.000', 'C'));
    expect(brief(parsed.cues)).toEqual([
      [null, 1000, 2000, 'A'],
      [null, 3000, 4000, 'B'],
      [null, 5000, 6000, 'C'],
    ]);
    expect(parsed.warnings).toEqual([{ code: 'text-outside-cue', message: 'text outside any cue "stray text"', line: 8 }]);
  });

  it('skips a cue with a broken timing line, its id and text with it', () => {
    const parsed = parseVtt(vtt('WEBVTT', '', '1', '00:01.000 --> 00:02.000', 'A', '', '2', '00:03.000 => 00:04.000', 'B', '', 'B continued', '', '3', '00:05.000 --> 00:06.000', 'C'));
    expect(brief(parsed.cues)).toEqual([
      ['1', 1000, 2000, 'A'],
      ['3', 5000, 6000, 'C'],
    ]);
    expect(parsed.warnings).toEqual([{ code: 'timing-line', message: 'invalid timing line "00:03.000 => 00:04.000"', line: 8 }]);
  });

  it('takes any line right before a timing line as the id, even a time-like one', () => {
    const parsed = parseVtt(vtt('WEBVTT', '', '00:00:15.000', '00:00:15.000 --> 00:00:17.000', 'A'));
    expect(brief(parsed.cues)).toEqual([['00:00:15.000', 15_000, 17_000, 'A']]);
    expect(parsed.warnings).toEqual([]);
  });

  it('does not let a broken cue swallow the next one when a blank line is missing', () => {
    const parsed = parseVtt(vtt('WEBVTT', '', '00:01.000 ==> 00:02.000', 'A', '00:03.000 --> 00:04.000', 'B', '', 'NOTE x', '00:05.000 --> 00:06.000', 'C'));
    expect(brief(parsed.cues)).toEqual([
      [null, 3000, 4000, 'B'],
      [null, 5000, 6000, 'C'],
    ]);
    expect(parsed.warnings).toMatchObject([{ code: 'timing-line', line: 3 }]);
  });

  it.each(['00:01.000 --> 00:02', '0O:01.000 --> 00:02.000', '00:00:01,000 --> 00:00:02,000x', '-00:01.000 --> 00:02.000', '00:60.000 --> 01:00.000'])(
    'rejects the timing line %j',
    (bad) => {
      const parsed = parseVtt(vtt('WEBVTT', '', bad, 'A', '', '00:03.000 --> 00:04.000', 'B'));
      expect(brief(parsed.cues)).toEqual([[null, 3000, 4000, 'B']]);
      expect(parsed.warnings).toMatchObject([{ code: 'timing-line', line: 3 }]);
    },
  );

  it('keeps raw text and decodes character references and strips spans in plain', () => {
    const [cue] = parseVtt(vtt('WEBVTT', '', '00:01.000 --> 00:02.000', '<v Esme>Tom &amp; <c.loud>Jerry</c></v> &lt;3', '<ruby>漢<rt>kan</rt></ruby>')).cues;
    expect(cue?.text).toBe('<v Esme>Tom &amp; <c.loud>Jerry</c></v> &lt;3\n<ruby>漢<rt>kan</rt></ruby>');
    expect(cue?.plain).toBe('Tom & Jerry <3\n漢');
  });

  it('warns about a missing header but reads the cues; strict mode throws', () => {
    const text = vtt('00:01.000 --> 00:02.000', 'A');
    const parsed = parseVtt(text);
    expect(brief(parsed.cues)).toEqual([[null, 1000, 2000, 'A']]);
    expect(parsed.warnings).toEqual([{ code: 'vtt-header', message: 'missing WEBVTT header line', line: 1 }]);
    expect(() => parseVtt(text, { strict: true, fileName: 'x.vtt' })).toThrow(new SubtitleParseError('missing WEBVTT header line', { line: 1, code: 'vtt-header', fileName: 'x.vtt' }));
  });

  it('strict mode names the line of the first broken cue', () => {
    try {
      parseVtt(vtt('WEBVTT', '', '00:01.000 --> 00:02.000', 'A', '', '00:03.000 => 00:04.000', 'B'), { strict: true, fileName: 'a.vtt' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SubtitleParseError);
      expect((error as SubtitleParseError).message).toBe('a.vtt:6: invalid timing line "00:03.000 => 00:04.000"');
    }
  });

  it('keeps an end before the start as written and marks the cue invalid', () => {
    const parsed = parseVtt(vtt('WEBVTT', '', '00:05.000 --> 00:04.000', 'A'));
    expect(brief(parsed.cues)).toEqual([[null, 5000, 4000, 'A']]);
    expect(parsed.cues[0]).toMatchObject({ valid: false, reason: 'end before start: starts 00:00:05.000 (5000 ms), ends 00:00:04.000 (4000 ms)' });
    expect(parsed.warnings).toMatchObject([{ code: 'end-before-start', line: 3 }]);
    expect(parsed.warnings[0]?.message).toContain('00:00:05.000 (5000 ms)');
    expect(parsed.warnings[0]?.message).toContain('00:00:04.000 (4000 ms)');
  });
});
