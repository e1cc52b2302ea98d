import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { canonicalKey, dedupeExpressions } from '../../src/expressions/dedupe.js';
import { expressionId, resolveItem } from '../../src/pipeline/validate.js';
import type { ModelExpressionItem } from '../../src/expressions/schema.js';
import { Expression } from '../../src/schema.js';
import { cuesOf } from '../support.js';

const cues = cuesOf('He gave up.', 'Nice weather.', "Don't give it up!", 'Call it a day.', 'I never give up.');
const answerer = { provider: 'test', model: 'm' };

/** What a chunk's answer gives for `expression` cited at `cue`, checked and timed. */
function found(expression: string, cue: number, chunkId = 0, type: ModelExpressionItem['type'] = 'phrasal_verb'): Expression {
  const chunk = { ...chunkCues(cues).chunks[0]!, id: chunkId };
  const item: ModelExpressionItem = { expression, cue_index: cue, cue_text: cues[cue]!.plain, context_start_index: cue, context_end_index: cue, meaning: `meaning from chunk ${chunkId}`, type, similar_expressions: [] };
  const { expression: e } = resolveItem(item, chunk, cues, answerer);
  if (!e) throw new Error(`"${expression}" not found at ${cue}`);
  return e;
}

describe('canonicalKey', () => {
  it('folds case, apostrophes and spaces, and nothing else', () => {
    expect(canonicalKey('  Don’t  Give UP ')).toBe("don't give up");
    expect(canonicalKey('give up on')).not.toBe(canonicalKey('give up'));
  });
});

describe('dedupeExpressions', () => {
  it('gives one entry per canonical expression with every occurrence, in time order', () => {
    const entries = dedupeExpressions([found('give up', 4, 1), found('Give up', 0, 0), found('call it a day', 3, 0, 'idiom'), found('give up', 2, 0)]);
    expect(entries.map((e) => e.expression)).toEqual(['Give up', 'call it a day']);
    const [giveUp] = entries;
    expect(giveUp!.occurrences.map((o) => [o.cueIndex, o.matchedText, o.timing])).toEqual([[0, 'gave up', 'fuzzy'], [2, 'give it up', 'fuzzy'], [4, 'give up', 'exact']]);
    expect(giveUp!.occurrences.map((o) => o.id)).toEqual([0, 2, 4].map((c) => expressionId('give up', c)));
    // The entry's own fields are its first occurrence's.
    expect(giveUp).toMatchObject({ id: expressionId('give up', 0), cueIndex: 0, matchedText: 'gave up', startMs: giveUp!.occurrences[0]!.startMs });
    for (const e of entries) expect(Expression.safeParse(e).success).toBe(true);
  });

  it('merges the same occurrence found by two overlapping chunks, keeping the first in chunk order', () => {
    const entries = dedupeExpressions([found('give up', 2, 0), found('give up', 2, 1), found('give up', 4, 1)]);
    expect(entries).toHaveLength(1);
    expect(entries[0]!.occurrences.map((o) => [o.cueIndex, o.chunkId])).toEqual([[2, 0], [4, 1]]);
    expect(entries[0]!.meaning).toBe('meaning from chunk 0');
  });

  it('does not depend on the order of equal occurrences from different chunks beyond chunk order', () => {
    const a = dedupeExpressions([found('give up', 4, 0), found('call it a day', 3, 1, 'idiom'), found('give up', 0, 2)]);
    const b = dedupeExpressions([found('give up', 4, 0), found('call it a day', 3, 1, 'idiom'), found('give up', 0, 2)]);
    expect(b).toEqual(a);
    expect(a.map((e) => e.cueIndex)).toEqual([0, 3]);
  });

  it('takes an entry merged before with all its occurrences', () => {
    const once = dedupeExpressions([found('give up', 0), found('give up', 4)]);
    expect(dedupeExpressions([...once, found('give up', 2, 3)])[0]!.occurrences.map((o) => o.cueIndex)).toEqual([0, 2, 4]);
  });
});
