import { describe, expect, it } from 'vitest';
import { rankExpressions, rankScore, rankSignals, RANK_WEIGHTS } from '../../src/expressions/rank.js';
import type { CefrLevel, Expression, ExpressionType, Occurrence } from '../../src/schema.js';

/** An entry with `n` occurrences, the first at `cue`. */
function entry(expression: string, type: ExpressionType, level: CefrLevel | undefined, n: number, cue = 0): Expression {
  const occurrences: Occurrence[] = Array.from({ length: n }, (_, k) => ({
    id: `${expression}-${cue + k}`, cueIndex: cue + k, cueRange: [cue + k, cue + k], startMs: (cue + k) * 1000, endMs: (cue + k) * 1000 + 500,
    cueStartMs: (cue + k) * 1000, cueEndMs: (cue + k) * 1000 + 900, estimated: true, matchedText: expression, timing: 'exact', timingScore: 1, chunkId: 0,
  }));
  return { ...occurrences[0]!, expression, type, ...(level ? { level } : {}), meaning: 'm', similarExpressions: [], occurrences, context: { startCue: cue, endCue: cue, startMs: 0, endMs: 1 }, provider: 'p', model: 'm' };
}

describe('rank', () => {
  it('weights add up to one', () => {
    expect(Object.values(RANK_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 10);
  });

  it('scores by the documented formula', () => {
    // intermediate: B1–C1. An idiom at B2 heard twice.
    const e = entry('call it a day', 'idiom', 'B2', 2);
    expect(rankSignals(e, 'intermediate')).toEqual({ levelFit: 1, typeValue: 1, commonness: 0.6, repetition: Math.log2(3) / Math.log2(5) });
    expect(rankScore(e, 'intermediate')).toBe(Math.round((0.4 + 0.25 + 0.15 * 0.6 + 0.2 * (Math.log2(3) / Math.log2(5))) * 10_000) / 10_000);
  });

  it('prefers the level band, then idioms and phrasal verbs, then what is heard more often', () => {
    const ranked = rankExpressions(
      [entry('hit the sack', 'idiom', 'C2', 1, 0), entry('by the way', 'other', 'B1', 1, 1), entry('give up', 'phrasal_verb', 'B1', 1, 2), entry('break the ice', 'idiom', 'B2', 1, 3), entry('break the ice again', 'idiom', 'B2', 4, 4)],
      { level: 'intermediate', maxExpressions: 0 },
    );
    expect(ranked.map((e) => e.expression)).toEqual(['break the ice again', 'break the ice', 'give up', 'by the way', 'hit the sack']);
    expect(ranked.every((e, i) => i === 0 || ranked[i - 1]!.score! >= e.score!)).toBe(true);
  });

  it('breaks ties by time, then canonical form, so equal input gives equal order', () => {
    const a = entry('zebra crossing', 'collocation', 'B1', 1, 5);
    const b = entry('apple pie', 'collocation', 'B1', 1, 5);
    const c = entry('early bird', 'collocation', 'B1', 1, 2);
    expect(rankExpressions([a, b, c], { level: 'mixed', maxExpressions: 0 }).map((e) => e.expression)).toEqual(['early bird', 'apple pie', 'zebra crossing']);
    expect(rankExpressions([c, b, a], { level: 'mixed', maxExpressions: 0 })).toEqual(rankExpressions([a, b, c], { level: 'mixed', maxExpressions: 0 }));
  });

  it('keeps the best maxExpressions, a prefix of the full order; 0 keeps all', () => {
    const all = [entry('a b', 'idiom', 'B2', 1, 0), entry('c d', 'slang', 'C1', 3, 1), entry('e f', 'other', undefined, 1, 2)];
    const full = rankExpressions(all, { level: 'advanced', maxExpressions: 0 });
    expect(rankExpressions(all, { level: 'advanced', maxExpressions: 2 })).toEqual(full.slice(0, 2));
    expect(() => rankExpressions(all, { level: 'advanced', maxExpressions: -1 })).toThrow(RangeError);
  });

  it('lowers the level fit by distance from the band; an entry without level counts as half', () => {
    expect(rankSignals(entry('x y', 'idiom', 'A1', 1), 'advanced').levelFit).toBe(0);
    // advanced: B2–C2.
    expect(rankSignals(entry('x y', 'idiom', 'A2', 1), 'advanced').levelFit).toBe(0.2);
    expect(rankSignals(entry('x y', 'idiom', 'B1', 1), 'advanced').levelFit).toBe(0.5);
    // B2: B1–C1.
    expect(rankSignals(entry('x y', 'idiom', 'A1', 1), 'B2').levelFit).toBe(0.2);
    expect(rankSignals(entry('x y', 'idiom', 'C2', 1), 'B2').levelFit).toBe(0.5);
    expect(rankSignals(entry('x y', 'idiom', undefined, 1), 'B2')).toMatchObject({ levelFit: 0.5, commonness: 0.5 });
  });
});
