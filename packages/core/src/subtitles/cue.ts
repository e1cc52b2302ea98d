/** Times of a cue for whatever needs a duration (alignment, clip bounds, editor hints). */
import type { Cue } from '../schema.js';

/**
 * The end of a cue as a span may use, in integer milliseconds: `endMs`, or `startMs` for a cue marked
 * `valid: false` (its end is before its start in the file), which is treated as zero-length at its start.
 * Never below `startMs`, so `cueEndMs(cue) - cue.startMs` is never negative.
 */
export function cueEndMs(cue: Pick<Cue, 'startMs' | 'endMs'>): number {
  return cue.endMs < cue.startMs ? cue.startMs : cue.endMs;
}
