import { describe, expect, it } from 'vitest';
import { estimateSpan } from '../../src/timing/estimate.js';
import { englishSyllables, spokenBeats } from '../../src/timing/syllables.js';
import type { Cue } from '../../src/schema.js';
import { srtCues } from './cues.js';

/** A cue of the given text and times. */
function cue(index: number, plain: string, startMs: number, endMs: number): Cue {
  return { index, id: null, startMs, endMs, text: plain, plain, line: 1 };
}

/** The character offsets of `words` in `text`: start of its first character and end of its last. */
function span(text: string, words: string): [number, number] {
  const at = text.indexOf(words);
  return [at, at + words.length];
}

describe('englishSyllables', () => {
  it('counts vowel groups, less a silent e, -ed and -es', () => {
    const cases: Array<[string, number]> = [
      ['up', 1], ['give', 1], ['make', 1], ['table', 2], ['jumped', 1], ['wanted', 2], ['makes', 1], ['boxes', 2],
      ['beautiful', 3], ['idea', 3], ['the', 1], ['rhythm', 1], ['nothing', 2], ['everything', 3], ['b', 1],
    ];
    for (const [word, count] of cases) expect([word, englishSyllables(word)]).toEqual([word, count]);
  });

  it('gives a beat per character in other scripts and per digit in numbers', () => {
    expect(spokenBeats('こんにちは')).toBe(5);
    expect(spokenBeats('200')).toBe(3);
    expect(spokenBeats("don't")).toBe(1);
  });
});

describe('estimateSpan', () => {
  it('places words in proportion to the syllables before them', () => {
    // Four one-syllable words over 4 s: one second each.
    const cues = [cue(0, 'I will give up', 0, 4000)];
    const [a, b] = span(cues[0]!.plain, 'give up');
    expect(estimateSpan(cues, { cue: 0, offset: a }, { cue: 0, offset: b })).toEqual({ startMs: 2000, endMs: 4000, estimated: true });
  });

  it('weighs long words more than short ones', () => {
    const cues = [cue(0, 'Unbelievably, we won', 1000, 4000)];
    const [a] = span(cues[0]!.plain, 'we');
    // unbelievably = 5 syllables, comma pause = 1, we = 1, won = 1: "we" starts after 6 of 8 beats.
    expect(estimateSpan(cues, { cue: 0, offset: a }, { cue: 0, offset: cues[0]!.plain.length }).startMs).toBe(1000 + (3000 * 6) / 8);
  });

  it('counts a pause at a sentence end or speaker change, and ignores what is not spoken', () => {
    const [c] = srtCues('- Hi.\n- [SIGHS] Go away.');
    const { startMs } = estimateSpan([c!], { cue: 0, offset: c!.plain.indexOf('Go') }, { cue: 0, offset: c!.plain.length });
    // hi = 1, speaker change = 2 beats, then go away (3): "go" starts after 3 of 6 beats of 900 ms.
    expect(startMs).toBe(450);
  });

  it('runs from the first cue into the last', () => {
    const cues = [cue(0, 'I will not give', 0, 2000), cue(1, 'it up, ever.', 2500, 4500)];
    const got = estimateSpan(cues, { cue: 0, offset: 11 }, { cue: 1, offset: 5 });
    expect(got).toEqual({ startMs: 1500, endMs: 2500 + Math.ceil((2000 * 2) / 5), estimated: true });
  });

  it('never returns an empty or inverted stretch: a zero-length cue gives its bounds, not estimated', () => {
    expect(estimateSpan([cue(0, 'Go on', 500, 500)], { cue: 0, offset: 0 }, { cue: 0, offset: 5 })).toEqual({ startMs: 500, endMs: 500, estimated: false });
    const short = estimateSpan([cue(0, 'a b c d e f g h i j', 0, 3)], { cue: 0, offset: 18 }, { cue: 0, offset: 19 });
    expect(short.startMs).toBeLessThan(short.endMs);
    expect(short.endMs).toBeLessThanOrEqual(3);
  });

  it('throws a RangeError for a cue that is not there', () => {
    expect(() => estimateSpan([cue(0, 'x', 0, 1)], { cue: 0, offset: 0 }, { cue: 3, offset: 1 })).toThrow(RangeError);
  });
});
