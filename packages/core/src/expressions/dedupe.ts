/**
 * Merges the expressions of all chunks into the report's list.
 */
import type { Expression } from '../schema.js';

/**
 * One entry per canonical expression (compared in lower case), keeping its earliest occurrence; the
 * input must already be in chunk order, so the result is the same whichever order chunks finished in.
 * Entries come out in time order of that first occurrence (cue index, then start).
 */
export function dedupeExpressions(expressions: readonly Expression[]): Expression[] {
  const first = new Map<string, Expression>();
  for (const expression of expressions) {
    const key = expression.expression.toLowerCase();
    const seen = first.get(key);
    if (!seen || expression.cueIndex < seen.cueIndex) first.set(key, expression);
  }
  return [...first.values()].sort((a, b) => a.cueIndex - b.cueIndex || a.startMs - b.startMs || a.expression.localeCompare(b.expression));
}
