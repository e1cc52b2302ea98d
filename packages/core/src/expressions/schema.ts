/**
 * The model contract (DESIGN.md, "The model contract") as zod schemas: one source of truth for the
 * answer's type, for validating each item, and (through `z.toJSONSchema`) for the response schema a
 * model is asked to follow.
 */
import { z } from 'zod';
import { CefrLevel, ExpressionType } from '../schema.js';

/**
 * One expression as a model answers it. Indices are global 0-based cue indices and are hints only:
 * validation checks `cue_text` against the cited cue and finds the expression in the text before it
 * gets a time.
 */
export const ModelExpressionItem = z.object({
  /** Canonical (dictionary) form. */
  expression: z.string().trim().min(1),
  cue_index: z.number().int().nonnegative(),
  /** The cited cue's text, echoed so that a wrong index can be caught and repaired. */
  cue_text: z.string(),
  context_start_index: z.number().int().nonnegative(),
  context_end_index: z.number().int().nonnegative(),
  meaning: z.string().trim().min(1),
  /** The meaning in the learner's language; empty or absent when the provider has none. */
  translation: z.string().optional(),
  type: ExpressionType,
  level: CefrLevel.optional(),
  similar_expressions: z.array(z.string()).default([]),
});
export type ModelExpressionItem = z.infer<typeof ModelExpressionItem>;

/** A whole answer: items are validated one by one, so one bad item never costs the others. */
export const ModelAnswer = z.object({ expressions: z.array(z.unknown()) });
export type ModelAnswer = z.infer<typeof ModelAnswer>;
