/**
 * Locates an expression in the cues and gives it a time. The model's cue index is a hint: the words
 * themselves are found in the text near it, or the expression gets no time at all (never a guess).
 *
 * Three tiers of match:
 * 1. the strict matcher (`expressions/phrase.ts`): the form's words in one stretch, through inflection,
 *    separable phrasal verbs, contractions, placeholders and other possessives → `exact` or `fuzzy`;
 * 2. fall-backs, scored lower: a phrasal verb with a name or "it all" as its object (`timing/separable.ts`),
 *    or a loose in-order match with a word or two added or function words left out (`timing/loose.ts`)
 *    → `fuzzy`;
 * 3. only when neither finds anything: the words are present in the hinted cue itself — every content
 *    word in the form's order with any words between, or (three content words or more) in any order —
 *    → `cue`, timed by the cue's bounds. A model's answer is checked for presence, not judged.
 * The model cited a line: among the matches of tiers 1 and 2, nearness to it counts first, the tier
 * only breaks a tie.
 *
 * Both sides go through one normalisation (`expressions/tokens.ts`): case, curly and straight apostrophes,
 * punctuation, tags, SDH labels, speaker dashes and names, music notes.
 */
import type { Cue, ExpressionType } from '../schema.js';
import { matchAt } from '../expressions/phrase.js';
import { cueEndMs as spanEndMs } from '../subtitles/cue.js';
import { tokenizeCue, tokenizeCues, type Token } from '../expressions/tokens.js';
import { estimateSpan } from './estimate.js';
import { matchFormFor, type MatchForm } from './form.js';
import { cueMatch, looseMatchAt } from './loose.js';
import { scoreFullMatch } from './score.js';
import { wideObjectMatchAt } from './separable.js';

/** Where and when an expression is spoken. Times are integer milliseconds. */
export interface Alignment {
  /** First and last cue index the words cover (inclusive). */
  readonly cueRange: readonly [number, number];
  /**
   * The words' own start and end: estimated inside the cues when `estimated` (see `timing/estimate.ts`),
   * else the cue bounds. Always `cueStartMs ≤ startMs < endMs ≤ cueEndMs` (equal only for an empty cue).
   */
  readonly startMs: number;
  readonly endMs: number;
  /** Start of the first cue and end of the last cue of `cueRange`. */
  readonly cueStartMs: number;
  readonly cueEndMs: number;
  /** True when `startMs`/`endMs` are a within-cue estimate rather than the cue bounds. */
  readonly estimated: boolean;
  /** The words as spoken, from the cues' plain text (pieces from several cues joined by a space). */
  readonly matchedText: string;
  /** How the words were found: see `TimingKind` in `schema.ts`. */
  readonly timing: 'exact' | 'fuzzy' | 'cue';
  /**
   * How closely they match the canonical form, 0–1, two decimals (see `timing/score.ts`): 1 only for
   * `exact`, at most 0.99 for `fuzzy` (at most 0.85 for a loose match), 0.5 for `cue`.
   */
  readonly score: number;
}

/** Where the model says the expression is. */
export interface AlignHint {
  /** The cue index the model cited (after any repair from its echoed cue text). */
  readonly cueIndex: number;
  /**
   * The model's context window (cue indices, inclusive; given in either order). Occurrences starting in
   * it are taken before any outside it. Clamped to {@link MAX_CONTEXT_REACH} cues either side of the hint.
   */
  readonly context?: { readonly startCue: number; readonly endCue: number };
  /**
   * How many cues either side of the hint to search, besides the context window.
   * @default 3 ({@link DEFAULT_MAX_DISTANCE})
   */
  readonly maxDistance?: number;
}

/** Cues searched either side of the hint by default: models cite a line one to three cues off. */
export const DEFAULT_MAX_DISTANCE = 3;
/** Most cues either side of the hint a context window widens the search by, whatever the model says. */
export const MAX_CONTEXT_REACH = 5;
/** How many cues past the searched window an expression that starts inside it may run on into. */
const SPILL_CUES = 2;

/** A found stretch of words, before it is timed. */
interface Candidate {
  readonly tier: 0 | 1 | 2;
  readonly first: Token;
  readonly last: Token;
  /** Position of `first` in the searched tokens, for a stable order between matches in one cue. */
  readonly order: number;
  readonly score: number;
  readonly exact: boolean;
}

/**
 * Finds `expression` in `cues` near `hint.cueIndex` (see the tiers above) and times it. When the words
 * occur more than once, the occurrence starting inside the context window wins over any outside it,
 * then the one nearest the hint, then the stricter tier, then the earlier. Deterministic: the same
 * input gives the same result.
 * Linear in the text of the searched cues.
 * @param expression the canonical form and its type (phrasal verbs may be separated: `pick it up`)
 * @param cues all cues of the file, where `cues[i].index === i`
 * @returns the alignment, or null when the words are not in the searched cues (the caller drops the
 *   item); never throws for any expression text or hint
 */
export function alignExpression(
  expression: { readonly expression: string; readonly type: ExpressionType },
  cues: readonly Cue[],
  hint: AlignHint,
): Alignment | null {
  const form = matchFormFor(expression.expression, expression.type);
  if (!form || cues.length === 0) return null;
  const window = searchWindow(hint, cues.length);
  if (!window) return null;
  const { from, to, context } = window;
  // A match must start within the window but may run on into the next cues.
  const tokens = tokenizeCues(cues.slice(from, to + 1 + SPILL_CUES));
  const found = [...fullMatches(form, tokens, to), ...fallbackMatches(form, tokens, to, cues)];
  if (found.length === 0) found.push(...cueMatches(form, cues, hint.cueIndex));
  let best: Candidate | null = null;
  let bestKey: readonly number[] = [];
  for (const candidate of found) {
    const cue = candidate.first.cue;
    const key = [cue >= context[0] && cue <= context[1] ? 0 : 1, Math.abs(cue - hint.cueIndex), candidate.tier, cue, candidate.order];
    if (best === null || lexLess(key, bestKey)) {
      best = candidate;
      bestKey = key;
    }
  }
  return best && timeCandidate(best, cues);
}

/** The cues to search: the hint ± `maxDistance`, widened by the (clamped) context window, within the file. */
function searchWindow(hint: AlignHint, cueCount: number): { from: number; to: number; context: readonly [number, number] } | null {
  const distance = Math.max(0, hint.maxDistance ?? DEFAULT_MAX_DISTANCE);
  let from = hint.cueIndex - distance;
  let to = hint.cueIndex + distance;
  let context: readonly [number, number] = [-1, -1];
  if (hint.context) {
    const lo = Math.max(Math.min(hint.context.startCue, hint.context.endCue), hint.cueIndex - MAX_CONTEXT_REACH);
    const hi = Math.min(Math.max(hint.context.startCue, hint.context.endCue), hint.cueIndex + MAX_CONTEXT_REACH);
    if (lo <= hi) {
      context = [lo, hi];
      from = Math.min(from, lo);
      to = Math.max(to, hi);
    }
  }
  from = Math.max(0, from);
  to = Math.min(cueCount - 1, to);
  return from <= to ? { from, to, context } : null;
}

/**
 * Tier 1: the strict matcher's matches starting at or before cue `to`, not overlapping one another (as
 * `findPhrase`, but only trying tokens that share a form with the first word: most tokens cannot start
 * the phrase, and this keeps alignment cheap).
 */
function fullMatches(form: MatchForm, tokens: readonly Token[], to: number): Candidate[] {
  const found: Candidate[] = [];
  const heads = form.phrase.heads;
  for (let t = 0; t < tokens.length && tokens[t]!.cue <= to; t++) {
    if (!tokens[t]!.forms.some((f) => heads.includes(f))) continue;
    const match = matchAt(form.phrase, tokens, t);
    if (!match) continue;
    const { score, exact } = scoreFullMatch(form.parts, tokens.slice(match.first, match.last + 1), match.separated);
    found.push({ tier: 0, first: tokens[t]!, last: tokens[match.last]!, order: t, score, exact: exact && match.exact });
    t = match.last;
  }
  return found;
}

/** Tier 2: wide-object phrasal verbs and loose in-order matches starting at or before cue `to`, not overlapping one another. */
function fallbackMatches(form: MatchForm, tokens: readonly Token[], to: number, cues: readonly Cue[]): Candidate[] {
  const found: Candidate[] = [];
  for (let t = 0; t < tokens.length && tokens[t]!.cue <= to; t++) {
    const match = (form.separable ? wideObjectMatchAt(form, tokens, t, cues) : null) ?? looseMatchAt(form, tokens, t);
    if (!match) continue;
    found.push({ tier: 1, first: tokens[match.first]!, last: tokens[match.last]!, order: t, score: match.score, exact: false });
    t = match.last;
  }
  return found;
}

/** Tier 3: every content word in the hinted cue itself. */
function cueMatches(form: MatchForm, cues: readonly Cue[], cueIndex: number): Candidate[] {
  const cue = cues[cueIndex];
  if (!cue) return [];
  const { tokens } = tokenizeCue(cue);
  const match = cueMatch(form, tokens);
  return match ? [{ tier: 2, first: tokens[match.first]!, last: tokens[match.last]!, order: match.first, score: match.score, exact: false }] : [];
}

/** Times a candidate: estimated inside the cues for a stretch of words, the cue bounds for a `cue` match. */
function timeCandidate(candidate: Candidate, cues: readonly Cue[]): Alignment {
  const { first, last } = candidate;
  const cueStartMs = cues[first.cue]!.startMs;
  // A cue whose end is before its start counts as zero-length at its start: never a negative span.
  const cueEndMs = Math.max(cueStartMs, spanEndMs(cues[last.cue]!));
  const time =
    candidate.tier === 2
      ? { startMs: cueStartMs, endMs: cueEndMs, estimated: false }
      : estimateSpan(cues, { cue: first.cue, offset: first.start }, { cue: last.cue, offset: last.end });
  return {
    cueRange: [first.cue, last.cue],
    startMs: time.startMs,
    endMs: time.endMs,
    cueStartMs,
    cueEndMs,
    estimated: time.estimated,
    matchedText: spokenText(cues, first, last),
    timing: candidate.tier === 2 ? 'cue' : candidate.exact ? 'exact' : 'fuzzy',
    score: candidate.exact ? 1 : Math.min(candidate.score, 0.99),
  };
}

/** True when `a` sorts before `b`, element by element. */
function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!;
  return false;
}

/** The plain text from the first token's start to the last token's end, across cues. */
function spokenText(cues: readonly Cue[], first: Token, last: Token): string {
  if (first.cue === last.cue) return cues[first.cue]!.plain.slice(first.start, last.end).replace(/\s+/g, ' ').trim();
  const pieces = [cues[first.cue]!.plain.slice(first.start)];
  for (let c = first.cue + 1; c < last.cue; c++) pieces.push(cues[c]!.plain);
  pieces.push(cues[last.cue]!.plain.slice(0, last.end));
  return pieces.map((p) => p.replace(/\s+/g, ' ').trim()).join(' ');
}
