/**
 * Turns a model's items into expressions a learner can trust, never taking the model's word for it: the
 * echoed `cue_text` must match the cited cue (an index a few cues off is repaired, with a warning), and
 * the expression must be found in the text near it before it gets a time. One bad item is dropped with
 * a warning naming the chunk and the reason; the rest of the chunk is kept.
 */
import { createHash } from 'node:crypto';
import type { Chunk, Cue, Expression, Warning } from '../schema.js';
import { alignExpression } from '../timing/align.js';
import { contextTimes } from '../timing/context.js';
import { canonicalKey } from '../expressions/dedupe.js';
import type { ModelExpressionItem } from '../expressions/schema.js';

/** Most cues of context kept on each side of an expression, whatever window the model gives. */
export const MAX_CONTEXT_CUES = 5;

/** How far from the cited cue a cue whose text matches `cue_text` is looked for, in cues. */
export const CUE_REPAIR_DISTANCE = 3;

/** Who answered, stamped on each expression. */
export interface Answerer {
  readonly provider: string;
  readonly model: string;
}

/**
 * A stable occurrence id: the first 16 hex characters of SHA-256 over the canonical form (as compared by
 * `canonicalKey`: lower case, straight apostrophes, single spaces) and the index of the cue where the
 * words start, so the same expression at the same cue has the same id on every run and in every chunk.
 */
export function expressionId(expression: string, cueIndex: number): string {
  return createHash('sha256').update(`${canonicalKey(expression)}\u0000${cueIndex}`).digest('hex').slice(0, 16);
}

/** Lower case, straight apostrophes, letters and digits only, single spaces: how cue texts are compared. */
function comparable(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .replace(/<[^>]*>|\{\\[^}]*\}/g, ' ')
    .replace(/[^\p{L}\p{N}']+/gu, ' ')
    .trim();
}

/** True when an echoed cue text is the cue's text, or a part of it (models often quote one line). */
function echoes(cue: Cue, echoed: string): boolean {
  const want = comparable(echoed);
  if (want.length === 0) return false;
  const have = comparable(cue.plain);
  return have === want || have.includes(want) || (want.includes(have) && have.length > 0);
}

/**
 * Checks and times one item of a chunk's answer: the echoed `cue_text` must be the cited cue's (or, a
 * few cues off, another's: the index is repaired with a `cue-index-repaired` warning), and the expression
 * must be found in the text near it (`alignExpression`, searching the model's context window first).
 * @param cues all cues of the file (`cues[i].index === i`)
 * @returns the expression, with one occurrence and times in milliseconds (the words' estimated times in
 *   `startMs`/`endMs`, the cue bounds in `cueStartMs`/`cueEndMs`); or null with an `item-dropped`
 *   warning saying why. Never throws for a bad item.
 */
export function resolveItem(
  item: ModelExpressionItem,
  chunk: Chunk,
  cues: readonly Cue[],
  answerer: Answerer,
): { expression: Expression | null; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const drop = (reason: string) => {
    warnings.push({ code: 'item-dropped', message: `chunk ${chunk.id}: dropped "${item.expression}" (cue ${item.cue_index}): ${reason}`, chunkId: chunk.id });
    return { expression: null, warnings };
  };

  let cueIndex = item.cue_index;
  const cited = cues[cueIndex];
  if (!cited || !echoes(cited, item.cue_text)) {
    const repaired = nearestEchoingCue(cues, chunk, item);
    if (repaired === null) return drop(cited ? `cue_text does not match cue ${cueIndex} or any cue near it` : `cue ${cueIndex} is not in the file`);
    warnings.push({
      code: 'cue-index-repaired',
      message: `chunk ${chunk.id}: "${item.expression}" cited cue ${cueIndex} but its cue_text is cue ${repaired}: index repaired`,
      chunkId: chunk.id,
    });
    cueIndex = repaired;
  }

  // The model's context window is only trusted when it holds the cue it cites.
  const context = Math.min(item.context_start_index, item.context_end_index) <= cueIndex && cueIndex <= Math.max(item.context_start_index, item.context_end_index)
    ? { startCue: item.context_start_index, endCue: item.context_end_index }
    : undefined;
  const aligned = alignExpression(item, cues, { cueIndex, ...(context ? { context } : {}) });
  if (!aligned) return drop(`the expression is not in the text of cue ${cueIndex} or the cues around it`);

  const [first, last] = aligned.cueRange;
  const [startCue, endCue] = contextWindow(item, aligned.cueRange, cues.length);
  const id = expressionId(item.expression, first);
  const timing = {
    id,
    cueIndex: first,
    cueRange: [first, last] as [number, number],
    startMs: aligned.startMs,
    endMs: aligned.endMs,
    cueStartMs: aligned.cueStartMs,
    cueEndMs: aligned.cueEndMs,
    estimated: aligned.estimated,
    matchedText: aligned.matchedText,
    timing: aligned.timing,
    timingScore: aligned.score,
    chunkId: chunk.id,
  };
  return {
    warnings,
    expression: {
      ...timing,
      expression: item.expression.trim(),
      type: item.type,
      meaning: item.meaning,
      ...(item.translation ? { translation: item.translation } : {}),
      ...(item.level ? { level: item.level } : {}),
      similarExpressions: item.similar_expressions,
      occurrences: [{ ...timing, cueRange: [first, last] }],
      context: contextTimes(cues, startCue, endCue),
      provider: answerer.provider,
      model: answerer.model,
    },
  };
}

/** The cue nearest the cited index (within the chunk and {@link CUE_REPAIR_DISTANCE}) whose text the item echoes. */
function nearestEchoingCue(cues: readonly Cue[], chunk: Chunk, item: ModelExpressionItem): number | null {
  for (let d = 1; d <= CUE_REPAIR_DISTANCE; d++) {
    for (const c of [item.cue_index - d, item.cue_index + d]) {
      const cue = cues[c];
      if (cue && c >= chunk.cues[0]!.index && c <= chunk.lastCue && echoes(cue, item.cue_text)) return c;
    }
  }
  return null;
}

/** The model's context window, widened to cover the expression and clamped to the file. */
function contextWindow(item: ModelExpressionItem, [first, last]: readonly [number, number], cueCount: number): [number, number] {
  const lo = Math.min(item.context_start_index, item.context_end_index);
  const hi = Math.max(item.context_start_index, item.context_end_index);
  const startCue = Math.max(0, first - MAX_CONTEXT_CUES, Math.min(lo, first));
  const endCue = Math.min(cueCount - 1, last + MAX_CONTEXT_CUES, Math.max(hi, last));
  return [startCue, endCue];
}
