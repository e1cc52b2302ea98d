/**
 * Separable phrasal verbs whose object the strict matcher does not take, because it is deliberately
 * narrow (a pronoun, a bare noun, or a determiner phrase): a name of two or three words ("pick Ben Cortman
 * up", "drop Mr. Smith off") or a pronoun with a quantifier ("gave it all up", "put them both back").
 * Both are common in dialogue and hardly ever start a new clause, so they are safe to allow as a
 * fall-back. As in the strict matcher, a particle followed by an object of its own is a preposition
 * ("put the wreath on the grave"), not a phrasal verb's.
 */
import type { Cue } from '../schema.js';
import type { Token } from '../expressions/tokens.js';
import type { MatchForm } from './form.js';
import type { LooseMatch } from './loose.js';
import { combine, SEPARATED_PENALTY, wordCredit } from './score.js';

/** Most words of a name object ("Mr. Ben Cortman"). */
export const MAX_NAME_WORDS = 3;

/** Pronouns a quantifier may follow ("it all", "them both"). */
const PRONOUNS = new Set(['it', 'them', 'us', 'you', 'him', 'her', 'me', 'this', 'that', 'these', 'those']);
const QUANTIFIERS = new Set(['all', 'both', 'each']);
/** Words that open an object of the particle itself, making it a preposition. */
const OPENS_OBJECT = new Set(['the', 'a', 'an', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'this', 'that', 'these', 'those', 'it', 'him', 'them', 'me', 'us']);

/** True when the token is written with a capital letter inside a sentence: part of a name. */
function isName(token: Token, cues: readonly Cue[]): boolean {
  const first = cues[token.cue]?.plain[token.start] ?? '';
  return !token.breakBefore && first !== first.toLowerCase() && token.word !== 'i';
}

/** How many tokens from `t` form a wide object: a name of 2–3 words, or a pronoun and a quantifier; 0 if none. */
function objectLength(tokens: readonly Token[], t: number, cues: readonly Cue[]): number {
  const a = tokens[t];
  const b = tokens[t + 1];
  if (!a || !b || a.pauseBefore || b.pauseBefore) return 0;
  if (PRONOUNS.has(a.word) && QUANTIFIERS.has(b.word)) return 2;
  let n = 0;
  while (n < MAX_NAME_WORDS && tokens[t + n] && isName(tokens[t + n]!, cues) && (n === 0 || !tokens[t + n]!.pauseBefore)) n++;
  return n >= 2 ? n : 0;
}

/**
 * Matches a phrasal verb (a form of words only: verb, then particle and any preposition) with a wide
 * object after the verb, at `tokens[start]`.
 * @param cues all cues, to read capital letters in the plain text
 * @returns the match, scored per `score.ts` less {@link SEPARATED_PENALTY}, or null
 */
export function wideObjectMatchAt(form: MatchForm, tokens: readonly Token[], start: number, cues: readonly Cue[]): LooseMatch | null {
  const [verb, ...rest] = form.parts;
  if (!verb || verb.kind !== 'word' || rest.length === 0 || rest.some((p) => p.kind !== 'word')) return null;
  const first = tokens[start];
  if (!first) return null;
  const verbCredit = wordCredit(first, verb);
  if (verbCredit === 0) return null;
  const length = objectLength(tokens, start + 1, cues);
  if (length === 0) return null;
  const credits = [verbCredit];
  let t = start + 1 + length;
  for (const part of rest) {
    const token = tokens[t];
    if (!token || token.pauseBefore || part.kind !== 'word') return null;
    const credit = wordCredit(token, part);
    if (credit === 0) return null;
    credits.push(credit);
    t++;
  }
  const after = tokens[t];
  if (after && !after.pauseBefore && OPENS_OBJECT.has(after.word)) return null;
  return { first: start, last: t - 1, score: combine(credits, SEPARATED_PENALTY) };
}
