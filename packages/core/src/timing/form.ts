/**
 * A canonical expression made ready for matching. Models and lexicons write canonical forms with the
 * learner's pronouns ("make up your mind", "pull yourself together") or placeholders ("get on
 * someone's nerves", "bite off more than one can chew"); the actor says "his mind", "pulled himself
 * together", "gets on my nerves", "more than I can chew". So possessive, reflexive and generic-subject
 * words become slots the matcher fills with any such word, and what the form had there is kept so that
 * a different word lowers the score instead of losing the match.
 */
import { compilePhrase, type Phrase } from '../expressions/phrase.js';
import type { ExpressionType } from '../schema.js';

/** One part of a canonical form, in order (the object a separable verb may take is not a part). */
export type Part =
  /** A word to find, normalised like subtitle text; `content` is false for function words that may go unsaid. */
  | { readonly kind: 'word'; readonly word: string; readonly forms: readonly string[]; readonly content: boolean }
  /** A possessive (`my`, `your`, `one's` …); `literal` is the word the form had, null for a placeholder. */
  | { readonly kind: 'possessive'; readonly literal: string | null }
  /** `someone`, `something` or a reflexive (`yourself` …): any few words; `literal` as for possessives. */
  | { readonly kind: 'slot'; readonly literal: string | null };

/** A canonical expression compiled for every tier of {@link alignExpression}. */
export interface MatchForm {
  /** The phrase for the strict matcher (`expressions/phrase.ts`). */
  readonly phrase: Phrase;
  readonly parts: readonly Part[];
  /** Number of word parts whose `content` is true. */
  readonly contentWords: number;
  /** True for a phrasal verb, whose object may separate verb and particle (`pick it up`). */
  readonly separable: boolean;
  /** Number of word parts. */
  readonly words: number;
  /**
   * The word parts a loose match can start with: the first content word and the function words before
   * it (which may go unsaid). A token that is none of them cannot start one.
   */
  readonly looseHeads: readonly Extract<Part, { kind: 'word' }>[];
}

/**
 * Words that may be missing from what is said without changing the expression ("raining cats and dogs"
 * for "it's raining cats and dogs"): articles, pronouns, auxiliaries, `to`, `of`, `and`. Particles and
 * prepositions are content: "give in" is not "give up".
 */
const FUNCTION_WORDS = new Set([
  'a', 'an', 'the', 'to', 'of', 'and', 'or', 'it', 'this', 'that', 'i', 'you', 'he', 'she', 'we', 'they', 'me',
  'him', 'her', 'us', 'them', 'be', 'am', 'is', 'are', 'was', 'were', 'been', 'being', 'have', 'has', 'had',
  'do', 'does', 'did', 'will', 'would', 'can', 'could', 'just', 'so',
]);

/** Possessive words written in canonical forms and what the matcher is told instead. */
const POSSESSIVE_WORDS = new Set(['my', 'your', 'his', 'our', 'their']);
const POSSESSIVE_PLACEHOLDERS = new Set(["one's", "someone's", "somebody's"]);
const REFLEXIVES = new Set(['myself', 'yourself', 'himself', 'herself', 'itself', 'ourselves', 'yourselves', 'themselves']);
const SLOT_PLACEHOLDERS = new Set(['someone', 'somebody', 'something', 'oneself']);
/** `one` before one of these is the generic subject ("more than one can chew"), said as I, you, he …; elsewhere it is a number. */
const AUXILIARIES = new Set(['can', 'could', 'will', 'would', 'should', 'must', 'may', 'might', 'has', 'had', 'does', 'did', 'is', 'was']);

const cache = new Map<string, MatchForm | null>();

/**
 * The match form of a canonical expression, cached. Phrasal verbs are compiled separable (an object may
 * sit between verb and particle); the other types are not.
 * @returns null when the expression cannot be matched (no word, or it starts with a placeholder)
 */
export function matchFormFor(expression: string, type: ExpressionType): MatchForm | null {
  const separable = type === 'phrasal_verb';
  const key = `${separable ? 's' : 'c'}:${expression}`;
  let form = cache.get(key);
  if (form === undefined) {
    form = compileForm(expression, separable);
    cache.set(key, form);
  }
  return form;
}

function compileForm(expression: string, separable: boolean): MatchForm | null {
  // Words and the separators between them: punctuation in the form ("easy come, easy go") is kept, as
  // the strict matcher lets a pause in the speech through only where the form has one.
  const pieces = expression.toLowerCase().replace(/[\u2019\u2018`]/g, "'").split(/([^\p{L}\p{N}']+)/u);
  const raw = pieces.filter((p, i) => i % 2 === 0 && p.length > 0);
  // What the strict matcher sees, and the literal behind each placeholder it will fill, in order.
  const rewritten: string[] = [];
  const literals: Array<string | null> = [];
  for (const [i, word] of raw.entries()) {
    // A form must start with a word ("my bad", "yourself" alone): the first word is always literal.
    if (i === 0) rewritten.push(word);
    else if (POSSESSIVE_WORDS.has(word) || POSSESSIVE_PLACEHOLDERS.has(word)) {
      rewritten.push("one's");
      literals.push(POSSESSIVE_WORDS.has(word) ? word : null);
    } else if (REFLEXIVES.has(word) || SLOT_PLACEHOLDERS.has(word) || (word === 'one' && AUXILIARIES.has(raw[i + 1] ?? ''))) {
      rewritten.push(word === 'something' ? 'something' : 'someone');
      literals.push(REFLEXIVES.has(word) ? word : null);
    } else rewritten.push(word);
  }
  let next = 0;
  const text = pieces.map((p, i) => (i % 2 === 0 && p.length > 0 ? rewritten[next++]! : p)).join('');
  let phrase: Phrase;
  try {
    phrase = compilePhrase(text, { separable });
  } catch {
    return null;
  }
  const parts: Part[] = [];
  let literal = 0;
  for (const element of phrase.elements) {
    if (element.kind === 'word') parts.push({ kind: 'word', word: element.word, forms: element.forms, content: !FUNCTION_WORDS.has(element.word) });
    else if (element.kind === 'possessive') parts.push({ kind: 'possessive', literal: literals[literal++] ?? null });
    else if (element.kind === 'slot') parts.push({ kind: 'slot', literal: literals[literal++] ?? null });
    // The object a separable verb may take (`kind: 'object'`) is not a part of the form.
  }
  const wordParts = parts.filter((p): p is Extract<Part, { kind: 'word' }> => p.kind === 'word');
  const contentWords = wordParts.filter((p) => p.content).length;
  const firstContent = wordParts.findIndex((p) => p.content);
  const looseHeads = wordParts.slice(0, firstContent < 0 ? wordParts.length : firstContent + 1);
  return { phrase, parts, contentWords, separable, words: wordParts.length, looseHeads };
}
