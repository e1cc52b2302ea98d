import { analyzeSubtitles, parseSubtitles } from '@langflix/core';
import { describe, expect, it } from 'vitest';
import { hoverMarkdown } from '../src/features.js';
import { DocumentState, matchCues } from '../src/state.js';

const cue = (n: number, words: string) => `${n}\n00:00:0${n},000 --> 00:00:0${n},900\n${words}\n`;
const original = [cue(1, 'I give up.'), cue(2, 'Hello there.'), cue(3, 'Let’s call it a day.')].join('\n');

async function analysed(text: string): Promise<DocumentState> {
  const state = new DocumentState('file:///episode.srt');
  state.update(text, 1);
  const report = await analyzeSubtitles(text, { maxExpressions: 0 });
  state.replace(state.anchor(), [[0, state.parsed.cues.length - 1]], report.expressions);
  return state;
}

describe('matchCues', () => {
  it('matches unchanged cues, in order, and leaves edited ones unmatched', () => {
    const before = parseSubtitles(original).cues;
    const after = parseSubtitles([cue(1, 'I give up.'), cue(3, 'Let’s call it a day.')].join('\n')).cues;
    expect(matchCues(before, after)).toEqual([0, undefined, 1]);
    const duplicated = parseSubtitles([cue(1, 'Same.'), cue(1, 'Same.')].join('\n')).cues;
    expect(matchCues(duplicated, duplicated)).toEqual([0, 1]);
  });
});

describe('DocumentState', () => {
  it('places each expression where it is spoken, in time order', async () => {
    const state = await analysed(original);
    expect(state.annotations().map((a) => [a.expression, a.range.start.line, a.startTime.slice(0, 8)])).toEqual([
      ['give up', 2, '00:00:01'],
      ['call it a day', 10, '00:00:03'],
    ]);
  });

  it('drops the results of an edited cue and keeps (and moves) the others', async () => {
    const state = await analysed(original);
    const edited = ['0\n00:00:00,000 --> 00:00:00,500\nNew first cue.\n', cue(1, 'I surrender.'), cue(2, 'Hello there.'), cue(3, 'Let’s call it a day.')].join('\n');
    expect(state.update(edited, 2)).toBe(1);
    expect(state.annotations().map((a) => [a.expression, a.cueIndex, a.range.start.line])).toEqual([['call it a day', 3, 14]]);
  });

  it('keeps an anchored run’s cue map up to date with edits', async () => {
    const state = new DocumentState('file:///episode.srt');
    state.update(original, 1);
    const anchor = state.anchor();
    state.update([cue(2, 'Hello there.'), cue(3, 'Let’s call it a day.')].join('\n'), 2);
    expect(anchor.map).toEqual([undefined, 0, 1]);
  });
});

describe('a cue whose end is before its start', () => {
  it('is hinted at its start, zero-length, and the hint says so', async () => {
    const text = [cue(1, 'I give up.'), '2\n00:00:05,000 --> 00:00:04,000\nLet’s call it a day.\n'].join('\n');
    const state = await analysed(text);
    const [giveUp, callIt] = state.annotations();
    expect(giveUp?.timingNote).toBeUndefined();
    expect(callIt).toMatchObject({ expression: 'call it a day', startMs: 5000, endMs: 5000, startTime: '00:00:05,000', endTime: '00:00:05,000' });
    expect(callIt?.timingNote).toBe('cue 2 ends before it starts (line 6): timed as zero-length at its start');
    expect(hoverMarkdown(callIt!)).toContain('timed as zero-length at its start');
  });
});
