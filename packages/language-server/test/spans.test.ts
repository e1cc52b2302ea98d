import { parseSubtitles } from '@langflix/core';
import { describe, expect, it } from 'vitest';
import { cueTextLines, locateSpan, words } from '../src/spans.js';

const text = [
  '1',
  '00:00:01,000 --> 00:00:02,000',
  '<i>Let’s call</i> it a day,',
  'shall we?',
  '',
  '2',
  '00:00:03,000 --> 00:00:04,000',
  'We gave',
  '',
  '3',
  '00:00:05,000 --> 00:00:06,000',
  'it up.',
  '',
].join('\n');
const lines = text.split('\n');
const { cues } = parseSubtitles(text);

describe('locateSpan', () => {
  it('finds the words across markup, curly apostrophes and case', () => {
    expect(words('<i>Let’s</i> CALL it')).toEqual(["let's", 'call', 'it']);
    expect(locateSpan(lines, cues, [0, 0], 'call it a day')).toEqual({ start: { line: 2, character: 9 }, end: { line: 2, character: 26 } });
  });

  it('follows words onto the next line of the cue and into the next cue', () => {
    expect(locateSpan(lines, cues, [0, 0], 'a day, shall we')).toEqual({ start: { line: 2, character: 21 }, end: { line: 3, character: 8 } });
    expect(locateSpan(lines, cues, [1, 2], 'gave it up')).toEqual({ start: { line: 7, character: 3 }, end: { line: 11, character: 5 } });
  });

  it('spans from the first to the last word when the words are not in one run', () => {
    expect(locateSpan(lines, cues, [0, 0], 'call a day')).toEqual({ start: { line: 2, character: 9 }, end: { line: 2, character: 26 } });
  });

  it('falls back to the first text line of the cue', () => {
    expect(locateSpan(lines, cues, [1, 1], 'nothing here')).toEqual({ start: { line: 7, character: 0 }, end: { line: 7, character: 7 } });
    expect(locateSpan(lines, cues, [9, 9], 'x')).toBeNull();
  });

  it('knows which lines hold a cue’s text', () => {
    expect(cueTextLines(cues, 0, lines.length)).toEqual({ first: 2, last: 3 });
    expect(cueTextLines(cues, 2, lines.length)).toEqual({ first: 11, last: 11 });
  });
});
