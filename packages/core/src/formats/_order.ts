/**
 * The order a list format writes expressions in (`--sort`).
 */
import type { Expression } from '../schema.js';
import { DEFAULT_SORT, type SortOrder } from './names.js';

/**
 * The expressions in `sort` order: `rank` keeps the report's order; `time` orders by the first
 * occurrence's start, then end (milliseconds), ties kept in rank order.
 */
export function inOrder(expressions: readonly Expression[], sort: SortOrder = DEFAULT_SORT): readonly Expression[] {
  if (sort === 'rank') return expressions;
  return [...expressions].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
}
