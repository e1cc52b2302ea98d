/**
 * Locates an expression in the cues and gives it a time. The model's cue index is a hint: the words
 * themselves are found in the text near it, or the expression gets no time at all (never a guess).
 */
import type { Cue, ExpressionType } from '../schema.js';
import { compilePhrase, findPhrase, type Phrase } from '../expressions/phrase.js';
import { tokenizeCues, type Token } from '../expressions/tokens.js';

/** Where and when an expression is spoken. */
export interface Alignment {
  /** First and last cue index the words cover (inclusive). */
  readonly cueRange: readonly [number, number];
  /** Start of the first cue and end of the last, in milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
  /** The words as spoken, from the cues' plain text (pieces from several cues joined by a space). */
  readonly matchedText: string;
  /** `exact` when every word matched as written, `fuzzy` through inflection, contraction or a separated object. */
  readonly timing: 'exact' | 'fuzzy';
}

/** Options of {@link alignExpression}. */
export interface AlignHint {
  /** The cue index the model cited. */
  readonly cueIndex: number;
  /**
   * How many cues either side of the hint to search.
   * @default 2
   */
  readonly maxDistance?: number;
}

/** How many cues past the searched window an expression that starts inside it may run on into. */
const SPILL_CUES = 2;

const phrases = new Map<string, Phrase | null>();

function phraseFor(expression: string, type: ExpressionType): Phrase | null {
  const separable = type === 'phrasal_verb';
  const key = `${separable ? 's' : 'c'}:${expression}`;
  let phrase = phrases.get(key);
  if (phrase === undefined) {
    try {
      phrase = compilePhrase(expression, { separable });
    } catch {
      phrase = null;
    }
    phrases.set(key, phrase);
  }
  return phrase;
}

/**
 * Finds `expression` in `cues` near `hint.cueIndex`, through inflection (gave up ~ give up), separable
 * phrasal verbs (pick it up), contractions and across consecutive cues. When it occurs more than once,
 * the occurrence nearest the hint wins (the earlier on a tie).
 * @param cues all cues of the file, where `cues[i].index === i`
 * @returns the alignment, or null when the words are not in the searched cues
 */
export function alignExpression(
  expression: { readonly expression: string; readonly type: ExpressionType },
  cues: readonly Cue[],
  hint: AlignHint,
): Alignment | null {
  const phrase = phraseFor(expression.expression, expression.type);
  if (!phrase || cues.length === 0) return null;
  const distance = hint.maxDistance ?? 2;
  const from = Math.max(0, hint.cueIndex - distance);
  const to = Math.min(cues.length - 1, hint.cueIndex + distance);
  if (from > to) return null;
  // A match must start within the window but may run on into the next cues.
  const tokens = tokenizeCues(cues.slice(from, to + 1 + SPILL_CUES));
  let best: { first: Token; last: Token; exact: boolean; distance: number } | null = null;
  for (const match of findPhrase(phrase, tokens)) {
    const first = tokens[match.first]!;
    if (first.cue > to) break;
    const away = Math.abs(first.cue - hint.cueIndex);
    if (best === null || away < best.distance) best = { first, last: tokens[match.last]!, exact: match.exact, distance: away };
  }
  if (!best) return null;
  const { first, last } = best;
  return {
    cueRange: [first.cue, last.cue],
    startMs: cues[first.cue]!.startMs,
    endMs: cues[last.cue]!.endMs,
    matchedText: spokenText(cues, first, last),
    timing: best.exact ? 'exact' : 'fuzzy',
  };
}

/** The plain text from the first token's start to the last token's end, across cues. */
function spokenText(cues: readonly Cue[], first: Token, last: Token): string {
  if (first.cue === last.cue) return cues[first.cue]!.plain.slice(first.start, last.end);
  const pieces = [cues[first.cue]!.plain.slice(first.start)];
  for (let c = first.cue + 1; c < last.cue; c++) pieces.push(cues[c]!.plain);
  pieces.push(cues[last.cue]!.plain.slice(0, last.end));
  return pieces.map((p) => p.replace(/\s+/g, ' ').trim()).join(' ');
}
