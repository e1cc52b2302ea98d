import { describe, expect, it } from 'vitest';
import { contextTimes, separateContexts } from '../../src/timing/context.js';
import type { Expression } from '../../src/schema.js';
import { cuesOf } from '../support.js';

const cues = cuesOf(...Array.from({ length: 30 }, (_, i) => `line ${i}`));

/** An entry at `cueRange` with the context the model gave. */
function entry(expression: string, cueRange: [number, number], context: [number, number]): Expression {
  const timing = {
    id: `${expression}@${cueRange[0]}`, cueIndex: cueRange[0], cueRange, startMs: cues[cueRange[0]]!.startMs, endMs: cues[cueRange[1]]!.endMs,
    cueStartMs: cues[cueRange[0]]!.startMs, cueEndMs: cues[cueRange[1]]!.endMs, estimated: false, matchedText: expression, timing: 'exact' as const, timingScore: 1, chunkId: 0,
  };
  return { ...timing, expression, type: 'idiom', meaning: 'm', similarExpressions: [], occurrences: [timing], context: contextTimes(cues, context[0], context[1]), provider: 'p', model: 'm' };
}

/** True when two inclusive ranges share a cue. */
const overlap = (a: Expression['context'], b: Expression['context']) => a.startCue <= b.endCue && b.startCue <= a.endCue;

describe('separateContexts', () => {
  it('splits a contested stretch at the midpoint between the two expressions', () => {
    const [a, b] = separateContexts([entry('a', [5, 5], [2, 9]), entry('b', [9, 9], [6, 12])], cues);
    expect([a!.context.startCue, a!.context.endCue]).toEqual([2, 7]);
    expect([b!.context.startCue, b!.context.endCue]).toEqual([8, 12]);
    expect(a!.context).toEqual(contextTimes(cues, 2, 7));
  });

  it('never lets a context reach past a neighbour’s words, even a wide one two entries away', () => {
    const out = separateContexts([entry('a', [3, 3], [1, 14]), entry('b', [6, 6], [6, 6]), entry('c', [10, 10], [0, 12])], cues);
    expect(out.map((e) => [e.context.startCue, e.context.endCue])).toEqual([[1, 5], [6, 6], [7, 12]]);
  });

  it('gives entries whose words share a cue one joint context, disjoint from the others', () => {
    const out = separateContexts([entry('a', [10, 10], [9, 11]), entry('b', [10, 11], [10, 13]), entry('c', [14, 14], [12, 16])], cues);
    expect(out[0]!.context).toEqual(out[1]!.context);
    expect([out[0]!.context.startCue, out[0]!.context.endCue]).toEqual([9, 12]);
    expect(overlap(out[1]!.context, out[2]!.context)).toBe(false);
  });

  it('keeps the order of the entries and each entry’s own words inside its context', () => {
    const input = [entry('z', [20, 21], [18, 25]), entry('y', [2, 2], [0, 4]), entry('x', [22, 22], [20, 24]), entry('w', [4, 4], [0, 8])];
    const out = separateContexts(input, cues);
    expect(out.map((e) => e.expression)).toEqual(['z', 'y', 'x', 'w']);
    for (const e of out) {
      expect(e.context.startCue).toBeLessThanOrEqual(e.cueRange[0]);
      expect(e.context.endCue).toBeGreaterThanOrEqual(e.cueRange[1]);
    }
    for (const a of out) for (const b of out) if (a !== b) expect(overlap(a.context, b.context) ? a.context : null).toEqual(overlap(a.context, b.context) ? b.context : null);
  });

  it('contextTimes runs from the first cue’s start to the latest end, and rejects a range outside the cues', () => {
    expect(contextTimes(cues, 3, 4)).toEqual({ startCue: 3, endCue: 4, startMs: 3000, endMs: 4900 });
    expect(() => contextTimes(cues, 5, 40)).toThrow(RangeError);
  });
});
