/**
 * The fall-backs of alignment, for what models do to canonical forms: words added (`take a closer look`
 * for `take a look`) or function words left out (`raining cats and dogs`), scored below any strict
 * match; and, only when nothing else is found, the words said out of order in the cited cue (`his mind
 * is made up`). Both demand every content word, so a near miss with another meaning ("give in" for
 * "give up") is still not found.
 */
import type { Token } from '../expressions/tokens.js';
import type { MatchForm, Part } from './form.js';
import { combine, CREDIT, CUE_MATCH_SCORE, EXTRA_WORD_PENALTY, LOOSE_MATCH_CAP, wordCredit } from './score.js';

/** Most words a loose match may add to the form, in all. */
export const MAX_EXTRA_WORDS = 2;
/** Fewest word parts a form needs for a loose match: with two words, one added word makes a new phrase ("take his place"). */
export const MIN_LOOSE_WORDS = 3;
/** Fewest content words a form needs for a `cue` match, so that two common words in one line are not enough. */
export const MIN_CUE_CONTENT_WORDS = 3;

/** A match found by a fall-back: token indices of its first and last word (inclusive) and its score. */
export interface LooseMatch {
  readonly first: number;
  readonly last: number;
  readonly score: number;
}

/** Most words a placeholder slot stands for (as in `expressions/phrase.ts`). */
const SLOT_WORDS = 4;

/**
 * Finds `form` in order at `tokens[start]`, allowing up to {@link MAX_EXTRA_WORDS} added words in all and
 * function words left out, never across a sentence end or speaker change. Content words must all be
 * there. `tokens[start]` must be the first word found. Greedy: each part takes the nearest token that
 * fits. Scored per `CREDIT` in `score.ts`, less {@link EXTRA_WORD_PENALTY} per added word, at most
 * {@link LOOSE_MATCH_CAP}.
 * @returns the match, or null
 */
export function looseMatchAt(form: MatchForm, tokens: readonly Token[], start: number): LooseMatch | null {
  const head = tokens[start];
  if (form.words < MIN_LOOSE_WORDS || !head || !form.looseHeads.some((part) => wordCredit(head, part) > 0)) return null;
  const credits: number[] = [];
  let t = start;
  let last = -1;
  let extra = 0;
  let slack = 0; // words a placeholder slot may take without counting as added
  for (const part of form.parts) {
    if (part.kind !== 'word') {
      if (last < 0) return null; // a form starts with a word
      // Placeholders and pronouns take any words here and carry no credit either way.
      slack += part.kind === 'slot' ? SLOT_WORDS : 1;
      continue;
    }
    const found = nextWord(tokens, t, part, last < 0 ? 0 : MAX_EXTRA_WORDS - extra + slack, last < 0);
    if (found === null) {
      if (part.content) return null;
      credits.push(CREDIT.missingFunctionWord);
      continue;
    }
    if (last < 0 && found.index !== start) return null;
    extra += Math.max(0, found.index - t - slack);
    slack = 0;
    credits.push(found.credit);
    last = found.index;
    t = found.index + 1;
  }
  if (last < 0 || extra > MAX_EXTRA_WORDS) return null;
  const matched = credits.filter((c) => c >= CREDIT.inflected).length;
  if (matched < 2) return null;
  const score = Math.min(LOOSE_MATCH_CAP, combine(credits, extra * EXTRA_WORD_PENALTY));
  return { first: start, last, score };
}

/** The nearest token at or after `from`, within `reach` skipped words and the sentence, that stands for `part`. */
function nextWord(tokens: readonly Token[], from: number, part: Extract<Part, { kind: 'word' }>, reach: number, first: boolean): { index: number; credit: number } | null {
  for (let i = from; i < tokens.length && i <= from + reach; i++) {
    if (!first && tokens[i]!.breakBefore) return null;
    const credit = wordCredit(tokens[i]!, part);
    if (credit > 0) return { index: i, credit };
  }
  return null;
}

/**
 * The `cue` fall-back, for an answer whose words are in the cited cue but not as one stretch the matchers
 * above accept. A model's answer is checked for presence, not judged: it is kept when
 * - every content word of the form is said in this cue in the form's order, any words between ("put
 *   the wreath on the grave" has *put on*; "make any noise" has *make a noise*), for a form of two words
 *   or more; or
 * - every content word of the form is said in this cue in any order (`his mind is made up`), for a form
 *   of at least {@link MIN_CUE_CONTENT_WORDS} content words.
 * The words are not one stretch, so only the cue can be timed. Whether the words are used idiomatically
 * is for the offline finder's guards (`providers/lexicon/guard.ts`), never for a model's answer.
 * @param tokens the tokens of one cue
 * @returns indices of the first and last word found (by position) and the `cue` score, or null
 */
export function cueMatch(form: MatchForm, tokens: readonly Token[]): LooseMatch | null {
  return inOrderMatch(form, tokens) ?? anyOrderMatch(form, tokens);
}

/**
 * Every content word of the form, in order, anywhere in the cue, with the function words that are said
 * ("make any noise" has *make a noise*); a form of fewer than two content words needs all its words.
 */
function inOrderMatch(form: MatchForm, tokens: readonly Token[]): LooseMatch | null {
  if (form.words < 2) return null;
  const needAll = form.contentWords < 2;
  let first = -1;
  let last = -1;
  let at = 0;
  for (const part of form.parts) {
    if (part.kind !== 'word') continue;
    let i = at;
    while (i < tokens.length && wordCredit(tokens[i]!, part) === 0) i++;
    if (i === tokens.length) {
      if (part.content || needAll) return null;
      continue;
    }
    if (first < 0) first = i;
    last = i;
    at = i + 1;
  }
  return first < 0 ? null : { first, last, score: CUE_MATCH_SCORE };
}

/** Every content word of the form, in any order (at least {@link MIN_CUE_CONTENT_WORDS} of them). */
function anyOrderMatch(form: MatchForm, tokens: readonly Token[]): LooseMatch | null {
  if (form.contentWords < MIN_CUE_CONTENT_WORDS) return null;
  let first = Infinity;
  let last = -1;
  for (const part of form.parts) {
    if (part.kind !== 'word' || !part.content) continue;
    const at = tokens.findIndex((token) => wordCredit(token, part) > 0);
    if (at < 0) return null;
    first = Math.min(first, at);
    last = Math.max(last, at);
  }
  return { first, last, score: CUE_MATCH_SCORE };
}
