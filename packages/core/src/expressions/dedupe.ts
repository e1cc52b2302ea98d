/**
 * Merges the expressions of all chunks into the report's entries. Overlapping chunks find the same
 * occurrence twice, and a film says the same phrase many times: the report has one entry per canonical
 * expression, with every occurrence listed once.
 */
import type { Expression, Occurrence } from '../schema.js';

/**
 * The canonical form as compared and hashed: lower case, straight apostrophes, single spaces, trimmed.
 * `Give  up` and `give up` are one expression; `give up` and `give up on` are two.
 */
export function canonicalKey(expression: string): string {
  return expression.toLowerCase().replace(/[\u2019\u2018`]/g, "'").replace(/\s+/g, ' ').trim();
}

/** The occurrence fields of an expression (its own timing, as `resolveItem` builds it). */
export function occurrenceOf(expression: Expression): Occurrence {
  const { id, cueIndex, cueRange, startMs, endMs, cueStartMs, cueEndMs, estimated, matchedText, timing, timingScore, chunkId } = expression;
  return { id, cueIndex, cueRange: [cueRange[0], cueRange[1]], startMs, endMs, cueStartMs, cueEndMs, estimated, matchedText, timing, timingScore, chunkId };
}

/** Time order of occurrences: cue index, start, then id (two ids never name one place). */
function byTime(a: Occurrence, b: Occurrence): number {
  return a.cueIndex - b.cueIndex || a.startMs - b.startMs || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * One entry per canonical expression ({@link canonicalKey}). Occurrences are merged by id (canonical form
 * and cue): when two chunks found the same one, the first in chunk order is kept. The entry takes its
 * meaning, type, level and context from the item that found its earliest occurrence, and its top-level
 * timing fields from that occurrence; `occurrences` lists them all in time order.
 * @param expressions the checked expressions of all chunks, in chunk order (so the result does not
 *   depend on the order chunks finished in)
 * @returns entries in time order of their first occurrence (cue index, start, canonical form); the
 *   report's order is set later by ranking
 */
export function dedupeExpressions(expressions: readonly Expression[]): Expression[] {
  const groups = new Map<string, { occurrences: Map<string, Occurrence>; items: Map<string, Expression> }>();
  for (const expression of expressions) {
    const key = canonicalKey(expression.expression);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { occurrences: new Map(), items: new Map() }));
    // An entry merged before (a report fed back in) brings all its occurrences.
    const occurrences = expression.occurrences.length > 0 ? expression.occurrences : [occurrenceOf(expression)];
    for (const occurrence of occurrences) {
      if (group.occurrences.has(occurrence.id)) continue;
      group.occurrences.set(occurrence.id, occurrence);
      group.items.set(occurrence.id, expression);
    }
  }
  const entries: Expression[] = [];
  for (const { occurrences, items } of groups.values()) {
    const all = [...occurrences.values()].sort(byTime);
    const first = all[0]!;
    const item = items.get(first.id)!;
    entries.push({ ...item, ...first, cueRange: [first.cueRange[0], first.cueRange[1]], occurrences: all });
  }
  return entries.sort(
    (a, b) => a.cueIndex - b.cueIndex || a.startMs - b.startMs || compareStrings(canonicalKey(a.expression), canonicalKey(b.expression)),
  );
}

/** Code-unit order, the same on every machine (unlike `localeCompare`). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
