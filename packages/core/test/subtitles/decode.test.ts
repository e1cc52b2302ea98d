import { describe, expect, it } from 'vitest';
import { decodeSubtitleBytes, looksBinary } from '../../src/subtitles/index.js';

const bytes = (...b: number[]) => new Uint8Array(b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

describe('decodeSubtitleBytes', () => {
  it('lets a byte-order mark decide, and strips it', () => {
    expect(decodeSubtitleBytes(bytes(0xef, 0xbb, 0xbf, ...ascii('1\n')))).toEqual({ text: '1\n', encoding: 'utf-8-bom' });
    expect(decodeSubtitleBytes(bytes(0xff, 0xfe, 0x31, 0, 0x19, 0x20))).toEqual({ text: '1’', encoding: 'utf-16le' });
    expect(decodeSubtitleBytes(bytes(0xfe, 0xff, 0, 0x31, 0x20, 0x19))).toEqual({ text: '1’', encoding: 'utf-16be' });
  });

  it('decodes UTF-16 surrogate pairs in both byte orders', () => {
    const le = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('♪ 🎵 ♪', 'utf16le')]));
    expect(decodeSubtitleBytes(le).text).toBe('♪ 🎵 ♪');
    const be = le.slice();
    for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1] as number, be[i] as number];
    expect(decodeSubtitleBytes(be)).toEqual({ text: '♪ 🎵 ♪', encoding: 'utf-16be' });
  });

  it('recognises BOM-less UTF-16 by its NUL pattern', () => {
    const text = '1\r\n00:00:01,000 --> 00:00:02,000\r\nCafé\r\n';
    expect(decodeSubtitleBytes(new Uint8Array(Buffer.from(text, 'utf16le')))).toEqual({ text, encoding: 'utf-16le' });
  });

  it('reads valid UTF-8 as UTF-8', () => {
    expect(decodeSubtitleBytes(new Uint8Array(Buffer.from('café ’ 漢字 🎵')))).toEqual({ text: 'café ’ 漢字 🎵', encoding: 'utf-8' });
    expect(decodeSubtitleBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('falls back to Windows-1252 on invalid UTF-8, with the 0x80–0x9F punctuation right', () => {
    expect(decodeSubtitleBytes(bytes(0x49, 0x74, 0x92, 0x73, 0x20, 0x93, 0x97, 0x94, 0x20, 0xe9))).toEqual({
      text: 'It’s “—” é',
      encoding: 'windows-1252',
    });
    const high = decodeSubtitleBytes(bytes(...Array.from({ length: 32 }, (_, i) => 0x80 + i))).text;
    expect(high).toBe('€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ');
    const latin = decodeSubtitleBytes(bytes(...Array.from({ length: 96 }, (_, i) => 0xa0 + i))).text;
    expect([...latin].map((c) => c.charCodeAt(0))).toEqual(Array.from({ length: 96 }, (_, i) => 0xa0 + i));
  });

  it('lets the bytes decide when a BOM precedes invalid UTF-8', () => {
    expect(decodeSubtitleBytes(bytes(0xef, 0xbb, 0xbf, 0x92))).toEqual({ text: '’', encoding: 'windows-1252' });
  });
});

describe('looksBinary', () => {
  it('accepts subtitle text in any script', () => {
    expect(looksBinary('1\r\n00:00:01,000 --> 00:00:02,000\r\n\tHello\f\n')).toBe(false);
    expect(looksBinary('左に見えるのは…')).toBe(false);
    expect(looksBinary('')).toBe(false);
  });

  it('refuses text with NUL characters or many control characters', () => {
    expect(looksBinary('1\n\u0000\n')).toBe(true);
    // a PNG header decoded as Windows-1252
    const png = decodeSubtitleBytes(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52));
    expect(looksBinary(png.text)).toBe(true);
    expect(looksBinary('abc\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008xyz')).toBe(true);
    expect(looksBinary(`${'text '.repeat(100)}\u0001`)).toBe(false);
  });
});
