import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking.js';
import { expressionId, resolveItem } from '../../src/expressions/validate.js';
import type { ModelExpressionItem } from '../../src/expressions/schema.js';
import { cuesOf } from '../support.js';

const cues = cuesOf('Is the kettle on?', 'Give it a minute.', "Come on, let's call it a day.", 'Fine. I give up.', 'See you tomorrow.');
const [chunk] = chunkCues(cues).chunks;
const answerer = { provider: 'test', model: 'm1' };

function item(overrides: Partial<ModelExpressionItem>): ModelExpressionItem {
  return {
    expression: 'call it a day',
    cue_index: 2,
    cue_text: "Come on, let's call it a day.",
    context_start_index: 1,
    context_end_index: 3,
    meaning: 'stop working for now',
    type: 'idiom',
    level: 'B2',
    similar_expressions: [],
    ...overrides,
  };
}

describe('resolveItem', () => {
  it('times an item found where it says, with the cue bounds and the words as spoken', () => {
    const { expression, warnings } = resolveItem(item({}), chunk!, cues, answerer);
    expect(warnings).toEqual([]);
    expect(expression).toMatchObject({
      expression: 'call it a day',
      matchedText: 'call it a day',
      cueIndex: 2,
      cueRange: [2, 2],
      startMs: cues[2]!.startMs,
      endMs: cues[2]!.endMs,
      timing: 'exact',
      context: { startCue: 1, endCue: 3, startMs: cues[1]!.startMs, endMs: cues[3]!.endMs },
      provider: 'test',
      model: 'm1',
      id: expressionId('call it a day', 2),
    });
  });

  it('repairs an index a few cues off when cue_text names another cue, with a warning', () => {
    const { expression, warnings } = resolveItem(item({ cue_index: 4 }), chunk!, cues, answerer);
    expect(expression?.cueIndex).toBe(2);
    expect(warnings.map((w) => w.code)).toEqual(['cue-index-repaired']);
  });

  it('drops an item whose cue_text matches no cue near the cited one', () => {
    const { expression, warnings } = resolveItem(item({ cue_text: 'Something nobody said.' }), chunk!, cues, answerer);
    expect(expression).toBeNull();
    expect(warnings[0]).toMatchObject({ code: 'item-dropped', chunkId: 0 });
    expect(warnings[0]!.message).toMatch(/chunk 0: dropped "call it a day".*cue_text does not match/);
  });

  it('drops an expression that is not in the text, naming the chunk and the reason', () => {
    const { expression, warnings } = resolveItem(item({ expression: 'bite the bullet' }), chunk!, cues, answerer);
    expect(expression).toBeNull();
    expect(warnings[0]!.message).toMatch(/not in the text of cue 2/);
  });

  it('finds an inflected phrasal verb in a neighbouring cue and marks it fuzzy', () => {
    const { expression } = resolveItem(
      item({ expression: 'give up', type: 'phrasal_verb', cue_index: 3, cue_text: 'Fine. I give up.' }),
      chunk!,
      cuesOf('He gave it up.'),
      answerer,
    );
    expect(expression).toBeNull(); // cue 3 does not exist in a one-cue file
    const ok = resolveItem(item({ expression: 'give up', type: 'phrasal_verb', cue_index: 3, cue_text: 'Fine. I give up.' }), chunk!, cues, answerer);
    expect(ok.expression).toMatchObject({ cueIndex: 3, matchedText: 'give up', timing: 'exact' });
  });

  it('clamps a context window that the model made too wide', () => {
    const wide = resolveItem(item({ context_start_index: 0, context_end_index: 900 }), chunk!, cues, answerer);
    expect(wide.expression?.context).toMatchObject({ startCue: 0, endCue: 4 });
  });
});
