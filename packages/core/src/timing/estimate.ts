/**
 * Where in a cue the words fall. A cue only says when its text is on screen; a learner jumping to an
 * expression in a long line wants to land on the words. Subtitle files carry no word times, so the cue's
 * duration is shared out over what is spoken in it: syllables of each word plus a short beat for each
 * pause that punctuation marks. Speech is not even, so the result is flagged `estimated` and the cue's
 * own bounds are kept beside it.
 */
import type { Cue } from '../schema.js';
import { cueEndMs } from '../subtitles/cue.js';
import { tokenizeCue } from '../expressions/tokens.js';
import { spokenBeats } from './syllables.js';

/**
 * Beats (syllable-lengths) of silence before a word that starts a sentence or a speaker's line, and
 * before a word after a comma, colon, dash or quote. Conversational English runs at about five syllables
 * a second (Pellegrino, Coupé & Marsico 2011 measured 6.2 for read English), and pauses at sentence ends
 * last some 300–500 ms, at commas about half that: two beats and one.
 */
export const SENTENCE_PAUSE_BEATS = 2;
export const COMMA_PAUSE_BEATS = 1;

/** One spoken word of a cue on the cue's beat line. */
interface Beat {
  /** Character span of the word in the cue's `plain`, `[start, end)`. */
  readonly start: number;
  readonly end: number;
  /** Beats before the word starts (pauses included) and after it ends, counted from the cue's start. */
  readonly from: number;
  readonly to: number;
}

/** A cue's words on a line of beats from 0 to `total`. */
interface BeatLine {
  readonly beats: readonly Beat[];
  readonly total: number;
}

const beatLines = new WeakMap<Cue, BeatLine>();

/** The cue's spoken words placed on a beat line, cached per cue object. Linear in the cue's text. */
function beatLine(cue: Cue): BeatLine {
  let line = beatLines.get(cue);
  if (line) return line;
  const beats: Beat[] = [];
  let total = 0;
  for (const token of tokenizeCue(cue).tokens) {
    // Expanded contractions ("don't" → do not) share one span: one spoken word.
    const last = beats[beats.length - 1];
    if (last && last.start === token.start) continue;
    if (beats.length > 0) total += token.breakBefore ? SENTENCE_PAUSE_BEATS : token.pauseBefore ? COMMA_PAUSE_BEATS : 0;
    const from = total;
    total += spokenBeats(cue.plain.slice(token.start, token.end));
    beats.push({ start: token.start, end: token.end, from, to: total });
  }
  line = { beats, total };
  beatLines.set(cue, line);
  return line;
}

/** A point in a cue's text: the cue index and a character offset in its `plain` text. */
export interface TextPoint {
  readonly cue: number;
  /** Character offset in `cues[cue].plain`. */
  readonly offset: number;
}

/**
 * The moment a character offset of a cue is spoken, by linear interpolation on the cue's beat line:
 * `startMs + duration × beats-before / total-beats`. An offset inside or at the start of a word is that
 * word's start (`edge: 'start'`) or end (`edge: 'end'`).
 * A cue whose end is before its start (`valid: false`) is zero-length at its start (`cueEndMs`).
 * @returns integer milliseconds within `[cue.startMs, cueEndMs(cue)]`
 */
function momentOf(cue: Cue, offset: number, edge: 'start' | 'end'): number {
  const { beats, total } = beatLine(cue);
  const endMs = cueEndMs(cue);
  const duration = endMs - cue.startMs;
  if (total === 0 || beats.length === 0) return edge === 'start' ? cue.startMs : endMs;
  let at: number;
  if (edge === 'start') {
    const beat = beats.find((b) => b.end > offset) ?? beats[beats.length - 1]!;
    at = beat.from;
  } else {
    let beat = beats[0]!;
    for (const b of beats) if (b.start < offset) beat = b;
    at = beat.to;
  }
  const ms = cue.startMs + (duration * at) / total;
  return edge === 'start' ? Math.floor(ms) : Math.ceil(ms);
}

/** Estimated time of a stretch of words, and whether it is an estimate at all. */
export interface SpanTime {
  /** Integer milliseconds, `cues[first.cue].startMs ≤ startMs < endMs ≤ cues[last.cue].endMs` when `estimated`. */
  readonly startMs: number;
  readonly endMs: number;
  /** False when no estimate could be made (a cue of zero length, or times out of order) and the cue bounds are given. */
  readonly estimated: boolean;
}

/**
 * Estimates when the words from `first` (start of the first word) to `last` (end of the last word) are
 * spoken, possibly across several cues: the start is placed inside the first cue and the end inside
 * the last, each in proportion to the beats (syllables and pauses, see {@link SENTENCE_PAUSE_BEATS}) of
 * that cue spoken before it. Falls back to the cue bounds, not estimated, when that would give an empty
 * or inverted stretch (a zero-length cue, a cue whose end is before its start — zero-length at its start,
 * see `cueEndMs` — or overlapping cues out of order). The end is never before the start.
 * @param cues all cues, `cues[i].index === i`
 * @param first where the words start: cue index and character offset in its `plain`
 * @param last where the words end: cue index and character offset just past the last character
 * @throws {RangeError} when a cue index is not in `cues`
 */
export function estimateSpan(cues: readonly Cue[], first: TextPoint, last: TextPoint): SpanTime {
  const a = cues[first.cue];
  const b = cues[last.cue];
  if (!a || !b) throw new RangeError(`no cue ${a ? last.cue : first.cue} in a file of ${cues.length} cues`);
  const bEndMs = Math.max(a.startMs, cueEndMs(b));
  const bounds = { startMs: a.startMs, endMs: bEndMs, estimated: false };
  let startMs = momentOf(a, first.offset, 'start');
  let endMs = momentOf(b, last.offset, 'end');
  // Rounding may leave a one-word stretch in a very short cue empty: give it at least a millisecond.
  if (endMs <= startMs) {
    if (startMs + 1 <= bEndMs) endMs = startMs + 1;
    else if (endMs - 1 >= a.startMs) startMs = endMs - 1;
  }
  if (!(a.startMs <= startMs && startMs < endMs && endMs <= bEndMs)) return bounds;
  return { startMs, endMs, estimated: true };
}
