import { describe, expect, it } from 'vitest';
import { alignExpression } from '../../src/timing/align.js';
import { cuesOf } from '../support.js';

describe('alignExpression', () => {
  const cues = cuesOf('Give up?', 'Never.', 'I will not give', 'it up, not now.', 'They gave up.');

  it('takes the occurrence nearest the hinted cue', () => {
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 4 })).toMatchObject({ cueRange: [4, 4], matchedText: 'gave up', timing: 'fuzzy' });
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 0 })).toMatchObject({ cueRange: [0, 0], matchedText: 'Give up', timing: 'exact' });
  });

  it('spans consecutive cues and times the expression from the first cue’s start to the last cue’s end', () => {
    const aligned = alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 2, maxDistance: 0 });
    expect(aligned).toEqual({ cueRange: [2, 3], startMs: cues[2]!.startMs, endMs: cues[3]!.endMs, matchedText: 'give it up', timing: 'fuzzy' });
  });

  it('never invents a time: an expression not in the searched cues gives null', () => {
    expect(alignExpression({ expression: 'give up', type: 'phrasal_verb' }, cues, { cueIndex: 1, maxDistance: 0 })).toBeNull();
    expect(alignExpression({ expression: 'once in a blue moon', type: 'idiom' }, cues, { cueIndex: 2 })).toBeNull();
  });
});
