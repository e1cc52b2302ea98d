import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { expressionId, resolveItem } from '../../src/pipeline/validate.js';
import type { ModelExpressionItem } from '../../src/expressions/schema.js';
import { Expression } from '../../src/schema.js';
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
  it('times an item found where it says: the words’ estimated time, the cue bounds, the words as spoken', () => {
    const { expression, warnings } = resolveItem(item({}), chunk!, cues, answerer);
    expect(warnings).toEqual([]);
    expect(expression).toMatchObject({
      expression: 'call it a day',
      matchedText: 'call it a day',
      cueIndex: 2,
      cueRange: [2, 2],
      cueStartMs: cues[2]!.startMs,
      cueEndMs: cues[2]!.endMs,
      estimated: true,
      timing: 'exact',
      timingScore: 1,
      context: { startCue: 1, endCue: 3, startMs: cues[1]!.startMs, endMs: cues[3]!.endMs },
      provider: 'test',
      model: 'm1',
      id: expressionId('call it a day', 2),
    });
    // "Come on, let's call it a day.": come on (2) + comma (1) + let's (1) before 4 of 8 beats.
    expect(expression!.startMs).toBe(cues[2]!.startMs + (900 * 4) / 8);
    expect(expression!.endMs).toBe(cues[2]!.endMs);
    expect(Expression.parse(expression)).toEqual(expression);
  });

  it('lists the item as its own single occurrence', () => {
    const { expression } = resolveItem(item({}), chunk!, cues, answerer);
    const { id, cueIndex, cueRange, startMs, endMs, cueStartMs, cueEndMs, estimated, matchedText, timing, timingScore, chunkId } = expression!;
    expect(expression!.occurrences).toEqual([{ id, cueIndex, cueRange, startMs, endMs, cueStartMs, cueEndMs, estimated, matchedText, timing, timingScore, chunkId }]);
  });

  it('searches the model’s context window first when the phrase repeats', () => {
    const repeated = cuesOf('What?', 'I give up.', 'You heard me.', 'Really.', 'Fine, I give up.');
    const [whole] = chunkCues(repeated).chunks;
    const cited = { expression: 'give up', type: 'phrasal_verb' as const, cue_index: 2, cue_text: 'You heard me.' };
    // Cue 1 is nearer the cited cue, but cue 4 is inside the context the model gave.
    expect(resolveItem(item({ ...cited, context_start_index: 2, context_end_index: 4 }), whole!, repeated, answerer).expression?.cueIndex).toBe(4);
    expect(resolveItem(item({ ...cited, context_start_index: 0, context_end_index: 2 }), whole!, repeated, answerer).expression?.cueIndex).toBe(1);
    // A context that does not hold the cited cue is not trusted: the nearest wins.
    expect(resolveItem(item({ ...cited, context_start_index: 4, context_end_index: 4 }), whole!, repeated, answerer).expression?.cueIndex).toBe(1);
  });

  it('gives the same id for the same expression at the same cue, whatever its case or spacing', () => {
    expect(expressionId('Call  it a day', 2)).toBe(expressionId('call it a day', 2));
    expect(expressionId('call it a day', 3)).not.toBe(expressionId('call it a day', 2));
    expect(expressionId('call it a day', 2)).toMatch(/^[0-9a-f]{16}$/);
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
    expect(ok.expression).toMatchObject({ cueIndex: 3, matchedText: 'give up', timing: 'exact', estimated: true });
  });

  it('clamps a context window that the model made too wide', () => {
    const wide = resolveItem(item({ context_start_index: 0, context_end_index: 900 }), chunk!, cues, answerer);
    expect(wide.expression?.context).toMatchObject({ startCue: 0, endCue: 4 });
  });
});
