import { describe, expect, it } from 'vitest';
import { detectFormat, parseSubtitles } from '../../src/subtitles/index.js';

const SRT = '1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé\r\n';
const VTT = 'WEBVTT\n\n00:01.000 --> 00:02.000\nCafé\n';

describe('detectFormat', () => {
  it.each([
    [VTT, 'vtt'],
    ['\ufeffWEBVTT\r\n', 'vtt'],
    ['\n \r\n\tWEBVTT Kind: captions', 'vtt'],
    ['WEBVTT\r00:01.000 --> 00:02.000', 'vtt'],
    ['WEBVTT', 'vtt'],
    ['WEBVTTX\n', 'srt'],
    ['webvtt\n', 'srt'],
    [SRT, 'srt'],
    ['', 'srt'],
  ])('%j → %s', (text, format) => {
    expect(detectFormat(text)).toBe(format);
  });
});

describe('parseSubtitles', () => {
  it('decodes bytes and reports the encoding; a string is taken as is', () => {
    const fromBytes = parseSubtitles(new Uint8Array(Buffer.from(SRT, 'latin1')));
    expect(fromBytes.encoding).toBe('windows-1252');
    expect(fromBytes.cues[0]?.text).toBe('Café');
    const fromString = parseSubtitles(SRT);
    expect(fromString.encoding).toBe('string');
    expect(fromString.cues).toEqual(fromBytes.cues);
  });

  it('detects the format from the content, unless told', () => {
    expect(parseSubtitles(VTT).format).toBe('vtt');
    expect(parseSubtitles(SRT).format).toBe('srt');
    const forced = parseSubtitles(VTT, { format: 'srt' });
    expect(forced.format).toBe('srt');
    expect(forced.warnings[0]?.code).toBe('text-outside-cue');
  });

  it('passes strict and fileName on', () => {
    expect(() => parseSubtitles('1\n00:00:01 => 00:00:02\nA', { strict: true, fileName: 'e.srt' })).toThrow('e.srt:2: invalid timing line "00:00:01 => 00:00:02"');
  });
});
