import { describe, expect, it } from 'vitest';
import { alignExpression, type Alignment } from '../../src/timing/align.js';
import type { Cue } from '../../src/schema.js';
import { cuesOf } from '../support.js';
import { srtCues } from './cues.js';

/** Checks the timing invariant every alignment must keep. */
function expectInsideCues(aligned: Alignment | null, cues: readonly Cue[]): void {
  expect(aligned).not.toBeNull();
  const [first, last] = aligned!.cueRange;
  expect(aligned!.cueStartMs).toBe(cues[first]!.startMs);
  expect(aligned!.cueEndMs).toBe(cues[last]!.endMs);
  expect(aligned!.startMs).toBeGreaterThanOrEqual(aligned!.cueStartMs);
  expect(aligned!.startMs).toBeLessThan(aligned!.endMs);
  expect(aligned!.endMs).toBeLessThanOrEqual(aligned!.cueEndMs);
}

describe('alignExpression', () => {
  const cues = cuesOf('Give up?', 'Never.', 'I will not give', 'it up, not now.', 'They gave up.');

  it('takes the occurrence nearest the hinted cue', () => {
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 4 })).toMatchObject({ cueRange: [4, 4], matchedText: 'gave up', timing: 'fuzzy', score: 0.95 });
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 0 })).toMatchObject({ cueRange: [0, 0], matchedText: 'Give up', timing: 'exact', score: 1 });
  });

  it('spans consecutive cues: the start is estimated in the first cue, the end in the last, and the cue bounds are kept', () => {
    const aligned = alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 2, maxDistance: 0 });
    expect(aligned).toMatchObject({ cueRange: [2, 3], cueStartMs: 2000, cueEndMs: 3900, matchedText: 'give it up', timing: 'fuzzy', estimated: true });
    expectInsideCues(aligned, cues);
    // "I will not give": the fourth of four one-syllable words.
    expect(aligned!.startMs).toBe(2000 + (900 * 3) / 4);
    expect(aligned!.endMs).toBeGreaterThan(3000);
    expect(aligned!.endMs).toBeLessThan(3900);
  });

  it('never invents a time: an expression not in the searched cues gives null', () => {
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 1, maxDistance: 0 })).toBeNull();
    expect(alignExpression({ expression: 'once in a blue moon', type: 'idiom' }, cues, { cueIndex: 2 })).toBeNull();
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, [], { cueIndex: 0 })).toBeNull();
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 99 })).toBeNull();
  });

  it('searches three cues either side of the hint by default', () => {
    const far = cuesOf('Call it a day.', 'a', 'b', 'c', 'd');
    expect(alignExpression({ expression: 'call it a day', type: 'idiom' }, far, { cueIndex: 3 })?.cueRange).toEqual([0, 0]);
    expect(alignExpression({ expression: 'call it a day', type: 'idiom' }, far, { cueIndex: 4 })).toBeNull();
  });

  it('takes an occurrence inside the context window before a nearer one outside it', () => {
    const repeated = cuesOf('Give up.', 'x', 'Give up.', 'y', 'z', 'Give up.');
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, repeated, { cueIndex: 3 })?.cueRange).toEqual([2, 2]);
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, repeated, { cueIndex: 3, context: { startCue: 4, endCue: 5 } })?.cueRange).toEqual([5, 5]);
    // A context given backwards is read forwards; one far from the hint is clamped to five cues.
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, repeated, { cueIndex: 3, context: { startCue: 5, endCue: 4 } })?.cueRange).toEqual([5, 5]);
  });

  it('treats both sides alike: tags, SDH labels, speaker names, music notes, curly apostrophes', () => {
    const noisy = srtCues('<i>[DOOR SLAMS]</i> JOHN: Don’t <b>give</b> up!', '♪ We’ll never give up ♪', '- Who?\n- They’ll call it a day.');
    expect(alignExpression({ expression: "don't give up", type: 'idiom' }, noisy, { cueIndex: 0 })).toMatchObject({ cueRange: [0, 0], timing: 'exact' });
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, noisy, { cueIndex: 1 })).toMatchObject({ cueRange: [1, 1], matchedText: 'give up', timing: 'exact' });
    expect(alignExpression({ expression: 'call it a day', type: 'idiom' }, noisy, { cueIndex: 2 })).toMatchObject({ cueRange: [2, 2], matchedText: 'call it a day' });
  });

  it('scores another possessive or reflexive than the canonical form’s below an exact match', () => {
    const said = cuesOf('He finally made up his mind.', 'Pull yourself together.', 'She pulled herself together.');
    expect(alignExpression({ expression: 'make up your mind', type: 'idiom' }, said, { cueIndex: 0 })).toMatchObject({ timing: 'fuzzy', score: 0.94, matchedText: 'made up his mind' });
    expect(alignExpression({ expression: 'pull yourself together', type: 'idiom' }, said, { cueIndex: 1 })).toMatchObject({ timing: 'exact', score: 1 });
    expect(alignExpression({ expression: 'pull yourself together', type: 'idiom' }, said, { cueIndex: 2, maxDistance: 0 })).toMatchObject({ timing: 'fuzzy', matchedText: 'pulled herself together' });
  });

  it('falls back to a loose match (words added or function words left out), scored at most 0.85', () => {
    const said = cuesOf('Let me take a closer look at that.', 'Raining cats and dogs out there.');
    const look = alignExpression({ expression: 'take a look', type: 'collocation' }, said, { cueIndex: 0, maxDistance: 0 });
    expect(look).toMatchObject({ timing: 'fuzzy', matchedText: 'take a closer look', estimated: true });
    expect(look!.score).toBeLessThanOrEqual(0.85);
    expectInsideCues(look, said);
    expect(alignExpression({ expression: "it's raining cats and dogs", type: 'idiom' }, said, { cueIndex: 1 })).toMatchObject({ cueRange: [1, 1], timing: 'fuzzy', matchedText: 'Raining cats and dogs' });
  });

  it('times by the cue when every content word is in the hinted cue but not as one stretch', () => {
    const said = cuesOf('Fine.', 'He made his mind up at last.');
    expect(alignExpression({ expression: 'make up your mind', type: 'idiom' }, said, { cueIndex: 1 })).toEqual({
      cueRange: [1, 1], startMs: 1000, endMs: 1900, cueStartMs: 1000, cueEndMs: 1900, estimated: false, matchedText: 'made his mind up', timing: 'cue', score: 0.5,
    });
    // Only in the hinted cue itself.
    expect(alignExpression({ expression: 'make up your mind', type: 'idiom' }, said, { cueIndex: 0 })).toBeNull();
    // A form of two content words: in the form's order only (presence, not judgement: the words are there).
    expect(alignExpression({ expression: 'take place', type: 'collocation' }, cuesOf('Take your place.'), { cueIndex: 0 })).toMatchObject({ timing: 'cue', matchedText: 'Take your place' });
    expect(alignExpression({ expression: 'take place', type: 'collocation' }, cuesOf('Place your take.'), { cueIndex: 0 })).toBeNull();
  });

  it('does not take a near miss with another meaning', () => {
    const said = cuesOf('I give in.', 'Keep an eye out.');
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, said, { cueIndex: 0 })).toBeNull();
    expect(alignExpression({ expression: 'keep an eye on', type: 'idiom' }, said, { cueIndex: 1 })).toBeNull();
  });

  it('gives the same answer every time', () => {
    const a = alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 2 });
    const b = alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cuesOf('Give up?', 'Never.', 'I will not give', 'it up, not now.', 'They gave up.'), { cueIndex: 2 });
    expect(b).toEqual(a);
  });
});

describe('alignExpression: the canonical form as written', () => {
  it('keeps the punctuation of the form, so a pause it has may be spoken', () => {
    const said = cuesOf('Well, easy come, easy go.');
    expect(alignExpression({ expression: 'easy come, easy go', type: 'proverb' }, said, { cueIndex: 0 })).toMatchObject({ timing: 'exact', matchedText: 'easy come, easy go' });
  });

  it('reads "one" before a verb as whoever speaks, and starts a form with its own first word', () => {
    const said = cuesOf("I've bitten off more than I can chew.", 'Oops, my bad.');
    expect(alignExpression({ expression: 'bite off more than one can chew', type: 'idiom' }, said, { cueIndex: 0 })).toMatchObject({ timing: 'fuzzy', matchedText: 'bitten off more than I can chew' });
    expect(alignExpression({ expression: 'my bad', type: 'slang' }, said, { cueIndex: 1 })).toMatchObject({ timing: 'exact', matchedText: 'my bad' });
  });

  it('takes a name or "it all" as the object of a phrasal verb, scored as separated', () => {
    const said = cuesOf("I've got to pick Ben Cortman up on the way.", 'You gave it all up for her.', 'Put the wreath on the grave.');
    expect(alignExpression({ expression: 'pick up', type: 'phrasal_verb' }, said, { cueIndex: 0, maxDistance: 0 })).toMatchObject({ timing: 'fuzzy', matchedText: 'pick Ben Cortman up', score: 0.95 });
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, said, { cueIndex: 1, maxDistance: 0 })).toMatchObject({ timing: 'fuzzy', matchedText: 'gave it all up' });
    // A particle with an object of its own is a preposition: not a separated match, but the words are
    // present in the cited cue, so a model's answer is kept and timed by the cue.
    expect(alignExpression({ expression: 'put on', type: 'phrasal_verb' }, said, { cueIndex: 2, maxDistance: 0 })).toMatchObject({ timing: 'cue', score: 0.5, matchedText: 'Put the wreath on' });
  });

  it('prefers the nearer of a strict and a looser match, the stricter only on a tie', () => {
    const said = cuesOf('Give up on it.', 'Hmm.', 'You gave it all up.');
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, said, { cueIndex: 2 })?.cueRange).toEqual([2, 2]);
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, said, { cueIndex: 1 })?.cueRange).toEqual([0, 0]);
  });
});

describe('alignExpression over a whole lexicon', () => {
  it('never throws, and keeps every time inside the cues it names', async () => {
    const { readFileSync } = await import('node:fs');
    const { parseSubtitles } = await import('../../src/subtitles/parse.js');
    const { LEXICON_ENTRIES } = await import('../../src/providers/lexicon/entries.js');
    const film = parseSubtitles(readFileSync(new URL('../../../../examples/sprite-fright.en.srt', import.meta.url))).cues;
    let found = 0;
    for (const entry of LEXICON_ENTRIES) {
      for (let hint = 0; hint < film.length; hint += 4) {
        const aligned = alignExpression(entry, film, { cueIndex: hint, context: { startCue: hint - 2, endCue: hint + 1 } });
        if (!aligned) continue;
        found++;
        expectInsideCues(aligned, film);
        expect(aligned.score).toBeGreaterThan(0);
        expect(aligned.score).toBeLessThanOrEqual(1);
        expect(aligned.timing === 'exact').toBe(aligned.score === 1);
      }
    }
    expect(found).toBeGreaterThan(50);
  });
});
