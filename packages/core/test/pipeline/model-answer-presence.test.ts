import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { resolveItem } from '../../src/pipeline/validate.js';
import type { ModelExpressionItem } from '../../src/expressions/schema.js';
import type { ExpressionType } from '../../src/schema.js';
import { cuesOf } from '../support.js';

const answerer = { provider: 'test', model: 'm1' };

/** Resolves one model answer citing cue 0 of a one-cue file. */
function resolve(text: string, expression: string, type: ExpressionType) {
  const cues = cuesOf(text);
  const [chunk] = chunkCues(cues).chunks;
  const item: ModelExpressionItem = {
    expression, cue_index: 0, cue_text: text, context_start_index: 0, context_end_index: 0,
    meaning: 'm', type, level: 'B1', similar_expressions: [],
  };
  return resolveItem(item, chunk!, cues, answerer);
}

/**
 * Model answers whose words (any inflection, separable order) are in the cue they cite. Many are ones the
 * offline finder's guards would call literal: a model's answer is checked for presence, never judged.
 */
const PRESENT: ReadonlyArray<readonly [text: string, expression: string, type: ExpressionType]> = [
  ['Kovak, come back here.', 'come back', 'phrasal_verb'],
  ['Get up here!', 'get up', 'phrasal_verb'],
  ['Go down in your damn cellar!', 'go down', 'phrasal_verb'],
  ['Helen, get in the cellar.', 'get in', 'phrasal_verb'],
  ['Put the wreath on the grave.', 'put on', 'phrasal_verb'],
  ["I could've used some help up here.", 'use up', 'phrasal_verb'],
  ['He looked up the chimney.', 'look up', 'phrasal_verb'],
  ['He fell out of the car.', 'fall out', 'phrasal_verb'],
  ["Who's boss around here?", 'boss around', 'phrasal_verb'],
  ['He gave it all up for her.', 'give up', 'phrasal_verb'],
  ['They called the whole damn wedding off.', 'call off', 'phrasal_verb'],
  ["I'm not gonna take that kind of a chance.", 'take a chance', 'collocation'],
  ['Those things don’t make any noise.', 'make a noise', 'collocation'],
  ['Well, his mind is made up.', "make up one's mind", 'idiom'],
  ["You know, I don't even remember.", 'you know', 'other'],
  ['We gotta get out of here.', 'have got to', 'other'],
];

describe('a model answer present in its cue is always kept', () => {
  for (const [text, expression, type] of PRESENT) {
    it(`"${expression}" in "${text}"`, () => {
      const { expression: found, warnings } = resolve(text, expression, type);
      expect(warnings).toEqual([]);
      expect(found).toMatchObject({ expression, cueRange: [0, 0] });
    });
  }

  it('drops an answer whose words are not in the cue, with a warning giving the reason', () => {
    for (const [text, expression] of [['I give in.', 'give up'], ['Keep an eye out.', 'keep an eye on'], ['Place your take.', 'take place']] as const) {
      const { expression: found, warnings } = resolve(text, expression, 'idiom');
      expect(found).toBeNull();
      expect(warnings).toEqual([expect.objectContaining({ code: 'item-dropped', message: expect.stringContaining(`dropped "${expression}" (cue 0): the expression is not in the text`) })]);
    }
  });
});

describe('an expression split over two cues', () => {
  it('is found from the first cue and carries both cues’ times (start of the first, end of the last)', () => {
    const cues = cuesOf("I'll look it", 'up tomorrow.');
    const [chunk] = chunkCues(cues).chunks;
    const item: ModelExpressionItem = {
      expression: 'look up', cue_index: 0, cue_text: "I'll look it", context_start_index: 0, context_end_index: 1,
      meaning: 'search for information', type: 'phrasal_verb', level: 'B1', similar_expressions: [],
    };
    const { expression } = resolveItem(item, chunk!, cues, answerer);
    expect(expression).toMatchObject({ cueRange: [0, 1], cueStartMs: cues[0]!.startMs, cueEndMs: cues[1]!.endMs, matchedText: "look it up" });
    expect(expression!.startMs).toBeGreaterThan(cues[0]!.startMs);
    expect(expression!.endMs).toBeGreaterThan(cues[1]!.startMs);
    expect(expression!.endMs).toBeLessThanOrEqual(cues[1]!.endMs);
  });
});
