/**
 * How closely spoken words match a canonical form, as a score from 0 to 1 that a learner (or a ranking)
 * can read: 1 is the form word for word; each departure costs a fixed, documented amount.
 */
import type { Token } from '../expressions/tokens.js';
import type { Part } from './form.js';

/**
 * Credit of one part of the form, by how it was found:
 * - the same word (after normalisation: case, apostrophes, contractions expanded): 1;
 * - an inflected form sharing a lemma (`gave` for `give`): 0.9;
 * - another possessive or reflexive than the form's (`his` for `your`): 0.85;
 * - a function word the speaker left out (`raining cats and dogs` for `it's raining …`): 0.5;
 * - a content word left out: 0 (such a match is not accepted at all).
 * Placeholders (`someone`, `one's`) take any words and carry no credit either way.
 */
export const CREDIT = { same: 1, inflected: 0.9, substituted: 0.85, missingFunctionWord: 0.5 } as const;

/** Taken off once when an object separates a phrasal verb from its particle (`pick it up`). */
export const SEPARATED_PENALTY = 0.05;
/** Taken off per extra word inside a loose match (`take a closer look` for `take a look`). */
export const EXTRA_WORD_PENALTY = 0.05;
/** A loose (in-order, words missing or added) match never scores above this: a full match always ranks higher. */
export const LOOSE_MATCH_CAP = 0.85;
/** The score of a `cue` timing: the words are in the cue, but not as one stretch. */
export const CUE_MATCH_SCORE = 0.5;

/**
 * How one token stands for a word part: the same word, an inflection (the token's lemma is the word, or
 * the word's lemma is the token: the strict matcher's rule, so that "cheered" is not "cheers"), or not at all.
 */
export function wordCredit(token: Token, part: Extract<Part, { kind: 'word' }>): number {
  if (token.word === part.word) return CREDIT.same;
  if (token.forms.includes(part.word) || part.forms.includes(token.word)) return CREDIT.inflected;
  return 0;
}

/** Credit of a possessive or reflexive slot filled by `words`. */
export function slotCredit(literal: string | null, words: readonly string[]): number | null {
  if (literal === null) return null;
  return words.includes(literal) ? CREDIT.same : CREDIT.substituted;
}

/** The mean of the credits that count, rounded to two decimals, less `penalty`, within [0, 1]. */
export function combine(credits: readonly number[], penalty: number): number {
  if (credits.length === 0) return 0;
  const mean = credits.reduce((a, b) => a + b, 0) / credits.length;
  return Math.max(0, Math.min(1, Math.round((mean - penalty) * 100) / 100));
}

/**
 * Scores a full match of the strict matcher: `tokens` are exactly the matched words, in order. Each part
 * of the form is paired with the next token that can stand for it (so slot and object words in
 * between are passed over), and credited per {@link CREDIT}.
 * @returns the score and whether the match is `exact` (every part the same word, nothing separated)
 */
export function scoreFullMatch(parts: readonly Part[], tokens: readonly Token[], separated: boolean): { score: number; exact: boolean } {
  const credits: number[] = [];
  let t = 0;
  for (const [i, part] of parts.entries()) {
    if (part.kind === 'word') {
      let credit = 0;
      while (t < tokens.length && credit === 0) credit = wordCredit(tokens[t++]!, part);
      credits.push(credit);
      continue;
    }
    // The slot's words run up to the token of the next word part.
    const next = parts.slice(i + 1).find((p) => p.kind === 'word');
    const words: string[] = [];
    while (t < tokens.length && (words.length === 0 || !(next?.kind === 'word' && wordCredit(tokens[t]!, next) > 0))) {
      words.push(tokens[t++]!.word);
      if (part.kind === 'possessive') break;
    }
    const credit = slotCredit(part.literal, words);
    if (credit !== null) credits.push(credit);
  }
  const exact = !separated && credits.every((c) => c === CREDIT.same);
  return { score: combine(credits, separated ? SEPARATED_PENALTY : 0), exact };
}
