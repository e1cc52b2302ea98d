import { describe, expect, it } from 'vitest';
import { formatSrtTime, formatVttTime, parseTimestamp } from '../../src/subtitles/index.js';

describe('parseTimestamp (SubRip)', () => {
  it.each([
    ['00:00:01,000', 1000],
    ['00:00:01.000', 1000],
    ['01:02:03,004', 3_723_004],
    ['1:2:3,4', 3_723_004],
    ['99:59:58,000', 359_998_000],
    ['100:00:01,000', 360_001_000],
    ['1234:00:00,000', 4_442_400_000],
    ['  00:00:05,250 ', 5250],
    // ffmpeg reads the millisecond field as an integer count
    ['00:00:01,5', 1005],
    // badly shifted files: signed fields, or a sign on the whole time
    ['00:00:-1,-250', -1250],
    ['00:00:-1,-60', -1060],
    ['-00:00:00,400', -400],
    ['-00:00:01,250', -1250],
  ])('%s → %d ms', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('never gives -0', () => {
    expect(Object.is(parseTimestamp('-00:00:00,000'), 0)).toBe(true);
    expect(Object.is(parseTimestamp('00:-00:-00,-000'), 0)).toBe(true);
  });

  it.each(['00:61:00,000', '00:00:60,000', '00:00:01', '00:00:01,0000', '00:001:00,000', '1:2', 'abc', '', '00:00:01;000', '00:00:01,000x'])(
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
    // lenient: `,` as in SubRip
    ['00:01,000', 1000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseTimestamp(text, 'vtt')).toBe(ms);
  });

  it.each(['00:1.000', '00:01.5', '60:00.000', '00:60.000', '00:00:-1.000', '-00:01.000', '00:01'])('rejects %j', (text) => {
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
