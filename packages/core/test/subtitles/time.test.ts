import { describe, expect, it } from 'vitest';
import { formatSrtTime, formatVttTime, parseTimestamp } from '../../src/subtitles/index.js';

describe('parseTimestamp (SubRip)', () => {
  it.each([
    ['00:00:01,000', 1000],
    ['00:00:01.000', 1000],
    ['01:02:03,004', 3_723_004],
    ['1:2:3,4', 3_723_400],
    ['99:59:58,000', 359_998_000],
    ['100:00:01,000', 360_001_000],
    ['1234:00:00,000', 4_442_400_000],
    ['  00:00:05,250 ', 5250],
    // the fraction is a fraction of a second (not ffmpeg's integer count of milliseconds)
    ['00:00:01,5', 1500],
    ['00:00:01,50', 1500],
    ['00:00:01,500', 1500],
    ['00:00:01,5000', 1500],
    ['00:00:01,1239', 1123],
    ['00:00:01,05', 1050],
    // no fraction: whole seconds; `:` as the fraction separator where four groups make it unambiguous
    ['00:00:01', 1000],
    ['00:00:01:250', 1250],
    ['00:01:250', 1250],
    ['07:44:2400', 464_240],
    ['01:02.5', 62_500],
    // gaps (spaces, invisible characters) around fields and separators
    ['00: 07: 44.240', 464_240],
    ['00 :07:44 ,240', 464_240],
    ['\u200e00:07:44,240\u00a0', 464_240],
    // badly shifted files: signed fields, or a sign on the whole time
    ['00:00:-1,-250', -1250],
    ['00:00:-1,-60', -1600],
    ['-00:00:00,400', -400],
    ['-00:00:01,250', -1250],
  ])('%s → %d ms', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('never gives -0', () => {
    expect(Object.is(parseTimestamp('-00:00:00,000'), 0)).toBe(true);
    expect(Object.is(parseTimestamp('00:-00:-00,-000'), 0)).toBe(true);
  });

  it.each(['00:61:00,000', '00:00:60,000', '00:001:00,000', '1:2', '01:02', 'abc', '', '00:00:01;000', '00:00:01,000x', '0 0:00:01,000', '00:00:01:000:5'])(
    'rejects %j with a RangeError',
    (text) => {
      expect(() => parseTimestamp(text)).toThrow(RangeError);
    },
  );
});

describe('parseTimestamp (WebVTT, W3C WebVTT "collect a WebVTT timestamp")', () => {
  it.each([
    ['00:01.000', 1000],
    ['59:59.999', 3_599_999],
    ['00:00:01.000', 1000],
    ['1:00:03.500', 3_603_500],
    ['100:00:00.000', 360_000_000],
    // lenient: `,` as in SubRip, one-digit fields, short fractions
    ['00:01,000', 1000],
    ['00:1.000', 1000],
    ['00:01.5', 1500],
    ['0:0:1.5', 1500],
  ])('%s → %d ms', (text, ms) => {
    expect(parseTimestamp(text, 'vtt')).toBe(ms);
  });

  it.each(['60:00.000', '00:60.000', '00:00:-1.000', '-00:01.000', '00:01'])('rejects %j', (text) => {
    expect(() => parseTimestamp(text, 'vtt')).toThrow(RangeError);
  });
});

describe('formatSrtTime / formatVttTime', () => {
  it('formats integer milliseconds with two-digit hours that widen past 99', () => {
    expect(formatSrtTime(0)).toBe('00:00:00,000');
    expect(formatSrtTime(3_723_004)).toBe('01:02:03,004');
    expect(formatSrtTime(360_001_000)).toBe('100:00:01,000');
    expect(formatVttTime(3_603_500)).toBe('01:00:03.500');
    expect(formatVttTime(359_999_999)).toBe('99:59:59.999');
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for %d', (ms) => {
    expect(() => formatSrtTime(ms)).toThrow(RangeError);
    expect(() => formatVttTime(ms)).toThrow(RangeError);
  });

  it('round-trips through parseTimestamp', () => {
    for (let ms = 0; ms < 400 * 3_600_000; ms += 7_919_993) {
      expect(parseTimestamp(formatSrtTime(ms))).toBe(ms);
      expect(parseTimestamp(formatVttTime(ms), 'vtt')).toBe(ms);
    }
  });
});
