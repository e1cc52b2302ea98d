/**
 * Splits cues into chunks, one model call each, at cue boundaries under a character budget.
 */
import type { Chunk, Cue, Warning } from '../schema.js';

/** Options of {@link chunkCues}. */
export interface ChunkOptions {
  /**
   * Most characters of prompt text per chunk, counted on the cue lines as the prompt carries them
   * (`[<cue index>] <plain text>` plus a newline each), context lines included.
   * @default 5000
   */
  maxInputChars?: number;
  /**
   * Cues from the end of the previous chunk repeated at the start of the next as context, so an
   * expression that straddles a boundary can still be understood. They count against the budget.
   * @default 0
   */
  overlapCues?: number;
}

/** Defaults of {@link ChunkOptions}. */
export const CHUNK_DEFAULTS: Required<ChunkOptions> = { maxInputChars: 5000, overlapCues: 0 };

/** A cue as one prompt line: `[<cue index>] <plain text>`, the cue's own line breaks as spaces. */
export function cueLine(cue: Cue): string {
  return `[${cue.index}] ${cue.plain.replace(/\s*\n\s*/g, ' ')}`;
}

/** True when a cue carries words worth a prompt line (not empty, not only a music note). */
function hasText(cue: Cue): boolean {
  return /[\p{L}\p{N}]/u.test(cue.plain);
}

/**
 * Groups consecutive cues into chunks whose prompt text stays within `maxInputChars`. Chunk ids are
 * their 0-based positions, so the same cues and options always give the same chunks. Cues without
 * words (empty, `♪`) are kept in a chunk's range but not sent. A single cue longer than the budget is a
 * chunk of its own, with a warning.
 * @returns chunks in cue order, and warnings (code `cue-over-budget`, with the cue's line)
 * @throws {RangeError} when `maxInputChars` is not a positive integer or `overlapCues` is negative
 */
export function chunkCues(cues: readonly Cue[], options: ChunkOptions = {}): { chunks: Chunk[]; warnings: Warning[] } {
  const { maxInputChars, overlapCues } = { ...CHUNK_DEFAULTS, ...options };
  if (!Number.isInteger(maxInputChars) || maxInputChars <= 0) throw new RangeError(`maxInputChars must be a positive integer, got ${maxInputChars}`);
  if (!Number.isInteger(overlapCues) || overlapCues < 0) throw new RangeError(`overlapCues must be a non-negative integer, got ${overlapCues}`);

  const chunks: Chunk[] = [];
  const warnings: Warning[] = [];
  const lines = cues.map((cue) => (hasText(cue) ? cueLine(cue) : null));
  const cost = (i: number): number => (lines[i] === null ? 0 : lines[i]!.length + 1);

  let first = 0;
  while (first < cues.length) {
    const contextStart = Math.max(0, first - overlapCues);
    let used = 0;
    for (let i = contextStart; i < first; i++) used += cost(i);
    let last = first;
    used += cost(first);
    while (last + 1 < cues.length && used + cost(last + 1) <= maxInputChars) used += cost(++last);
    if (cost(first) > maxInputChars) {
      warnings.push({
        code: 'cue-over-budget',
        message: `cue ${first} (line ${cues[first]!.line}) has ${cost(first)} characters, over the chunk budget of ${maxInputChars}: sent as a chunk of its own`,
        line: cues[first]!.line,
        chunkId: chunks.length,
      });
    }
    const text = lines.slice(contextStart, last + 1).filter((l): l is string => l !== null).join('\n');
    chunks.push({ id: chunks.length, firstCue: first, lastCue: last, cues: cues.slice(contextStart, last + 1), text });
    first = last + 1;
  }
  return { chunks, warnings };
}
