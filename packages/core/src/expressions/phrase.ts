/**
 * Finds a canonical expression ("give up", "make up one's mind", "keep an eye on") in tokenised
 * subtitle text, through inflection (gave up, giving up), separable phrasal verbs (pick it up, figure
 * the whole thing out), contractions and the placeholders `someone`, `something` and `one's`.
 *
 * The rules lean towards precision: a learner is worse served by "put on" found in "put the wreath on
 * the grave" than by a missed match.
 */
import { expandWord, wordForms, type Token } from './tokens.js';

/** One element of a compiled phrase. `pauseBefore`: the canonical form has punctuation before it ("easy come, easy go"). */
type Element =
  | { readonly kind: 'word'; readonly word: string; readonly forms: readonly string[]; readonly pauseBefore: boolean }
  | { readonly kind: 'slot'; readonly min: number; readonly max: number; readonly pauseBefore: boolean }
  | { readonly kind: 'object'; readonly pauseBefore: false }
  | { readonly kind: 'possessive'; readonly pauseBefore: boolean };

/** A canonical expression compiled for matching by {@link compilePhrase}. */
export interface Phrase {
  readonly expression: string;
  readonly elements: readonly Element[];
  /** The forms of the first word; a token can start a match only if it shares one (see {@link PhraseIndex}). */
  readonly heads: readonly string[];
}

/** Where a phrase was found in a token sequence. */
export interface PhraseMatch {
  /** Index of the first and last matched token in the searched sequence (inclusive). */
  readonly first: number;
  readonly last: number;
  /** True when every word matched as written (no inflection, no gap for a separable object). */
  readonly exact: boolean;
  /** True when an object sits between a separable verb and its particle ("pick it up"). */
  readonly separated: boolean;
}

/** Options of {@link compilePhrase}. */
export interface PhraseOptions {
  /**
   * Let an object sit between the verb and its particle (`pick it up`, `figure the whole thing out`), as
   * transitive separable phrasal verbs allow: one pronoun, one bare noun, or a determiner and up to
   * {@link MAX_SEPARATED_WORDS} − 1 more words.
   * @default false
   */
  separable?: boolean;
}

/** Longest object allowed between a separable verb and its particle, in words ("figure the whole thing out"). */
export const MAX_SEPARATED_WORDS = 4;

/** Adverb particles of English phrasal verbs. */
const PARTICLES = new Set(['up', 'down', 'out', 'in', 'on', 'off', 'over', 'back', 'away', 'around', 'round', 'about', 'through', 'along', 'by', 'across', 'ahead', 'aside', 'apart', 'forward', 'together', 'under']);

/** Pronouns that make up a whole object on their own ("pick it up", "let us in"). */
const OBJECT_PRONOUNS = new Set(['it', 'him', 'her', 'them', 'me', 'us', 'you', 'this', 'that', 'these', 'those', 'everything', 'something', 'anything', 'nothing', 'everyone', 'everybody', 'someone', 'somebody', 'anyone', 'anybody', 'one', 'all']);

/** Words that open a longer object ("the whole thing", "my coat"). */
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'your', 'his', 'her', 'its', 'our', 'their', 'this', 'that', 'these', 'those', 'some', 'any', 'no', 'every', 'each', 'both', 'another', 'all']);

/**
 * Words that cannot be part of an object: they start a new clause or verb phrase, so "try to get out" is
 * not "try out" and "let him be buried in" is not "let in".
 */
const NOT_IN_OBJECT = new Set([
  'to', 'and', 'but', 'or', 'nor', 'so', 'which', 'who', 'whom', 'whose', 'what', 'where', 'when', 'while', 'if',
  'because', 'than', 'as', 'be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', 'not', 'will', 'would', 'can', 'could',
  'should', 'shall', 'must', 'may', 'might', 'do', 'does', 'did', 'have', 'has', 'had', 'here', 'there', 'of', 'for',
  'from', 'with', 'at', 'into', 'onto', 'i', 'we', 'he', 'she', 'they',
]);

const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their', "one's", 'one']);
const SLOTS: Readonly<Record<string, { min: number; max: number }>> = {
  someone: { min: 1, max: 3 },
  somebody: { min: 1, max: 3 },
  something: { min: 1, max: 4 },
};

/** A word that is an inflected verb form ("reaching", "buried"): it starts a verb phrase, not an object. */
function isVerbForm(token: Token): boolean {
  return /(?:ing|ed)$/.test(token.word) && token.forms.length > 1;
}

/** True when `token` may be word `k` (0-based) of a separable verb's object. */
function fitsObject(tokens: readonly Token[], from: number, k: number): boolean {
  const token = tokens[from + k]!;
  if (token.pauseBefore || NOT_IN_OBJECT.has(token.word) || PARTICLES.has(token.word) || isVerbForm(token)) return false;
  if (k === 0) return true;
  // Only a determiner opens an object of several words; a pronoun or bare noun is the object alone.
  return DETERMINERS.has(tokens[from]!.word) && !OBJECT_PRONOUNS.has(token.word);
}

/**
 * Compiles a canonical expression. Words are normalised as the subtitle text is (lower case, straight
 * apostrophes, contractions expanded); `someone`/`somebody` stand for 1–3 words, `something` for 1–4,
 * `one's` for a possessive (my, your, his, her, its, our, their).
 * @throws {Error} when the expression has no words, or starts with a placeholder.
 */
export function compilePhrase(expression: string, options: PhraseOptions = {}): Phrase {
  const elements: Element[] = [];
  const normalised = expression.toLowerCase().replace(/[\u2019\u2018`]/g, "'");
  let pauseBefore = false;
  for (const piece of normalised.split(/([^\p{L}\p{N}']+)/u)) {
    if (piece.length === 0) continue;
    if (!/[\p{L}\p{N}]/u.test(piece)) {
      pauseBefore = /[^\s]/.test(piece);
      continue;
    }
    const slot = SLOTS[piece];
    if (slot) elements.push({ kind: 'slot', ...slot, pauseBefore });
    else if (piece === "one's") elements.push({ kind: 'possessive', pauseBefore });
    else for (const word of expandWord(piece)) elements.push({ kind: 'word', word, forms: wordForms(word), pauseBefore });
    pauseBefore = false;
  }
  const first = elements[0];
  if (!first || first.kind !== 'word') throw new Error(`cannot match expression "${expression}": it must start with a word`);
  if (options.separable && elements.length >= 2 && elements[1]?.kind === 'word') {
    elements.splice(1, 0, { kind: 'object', pauseBefore: false });
  }
  return { expression, elements, heads: first.forms };
}

/**
 * How a token stands for a phrase word: as written, or inflected (the token's lemma is the word: gave ~ give;
 * or the phrase gives an inflected form of the token's word). Two words that merely share a lemma do not
 * match ("cheered" is not "cheers").
 */
function wordMatches(token: Token, word: string, forms: readonly string[]): 'exact' | 'inflected' | null {
  if (token.word === word) return 'exact';
  if (token.forms.includes(word) || forms.includes(token.word)) return 'inflected';
  return null;
}

/**
 * Tries to match `phrase` starting at `tokens[start]`. Placeholders take as few words as possible; no
 * match crosses a sentence end or speaker change, nor punctuation that the canonical form does not have.
 * Returns null when there is no match at `start`.
 */
export function matchAt(phrase: Phrase, tokens: readonly Token[], start: number): PhraseMatch | null {
  type Step = { last: number; exact: boolean; separated: boolean } | null;
  const end = (t: number): Step => ({ last: t - 1, exact: true, separated: false });
  const step = (e: number, t: number): Step => {
    const element = phrase.elements[e];
    if (element === undefined) return end(t);
    const token = tokens[t];
    if (element.kind === 'object') {
      const rest = step(e + 1, t);
      if (rest) return rest;
      for (let take = 1; take <= MAX_SEPARATED_WORDS && tokens[t + take - 1] && fitsObject(tokens, t, take - 1); take++) {
        const separated = step(e + 1, t + take);
        // "put the wreath on the grave": a particle followed by an object of its own is a preposition;
        // "used some help up here": followed by here/there, it belongs to the place.
        const next = separated ? tokens[separated.last + 1] : undefined;
        const ownsNext = next && !next.pauseBefore && (DETERMINERS.has(next.word) || OBJECT_PRONOUNS.has(next.word) || next.word === 'here' || next.word === 'there');
        if (separated && !ownsNext) {
          return { ...separated, exact: false, separated: true };
        }
      }
      return null;
    }
    if (token === undefined || (t > start && (token.breakBefore || (token.pauseBefore && !element.pauseBefore)))) return null;
    if (element.kind === 'slot') {
      for (let take = element.min; take <= element.max; take++) {
        const added = tokens[t + take - 1];
        if (added === undefined || (take > 1 && added.pauseBefore)) break;
        // Words standing in for a placeholder are one phrase: no comma or dash right after, unless the phrase ends there.
        if (e + 1 < phrase.elements.length && tokens[t + take]?.pauseBefore) continue;
        const rest = step(e + 1, t + take);
        if (rest) return rest;
      }
      return null;
    }
    if (element.kind === 'possessive') return POSSESSIVES.has(token.word) ? step(e + 1, t + 1) : null;
    const how = wordMatches(token, element.word, element.forms);
    if (how === null) return null;
    const rest = step(e + 1, t + 1);
    return rest && { ...rest, exact: rest.exact && how === 'exact' };
  };
  const found = step(0, start);
  return found && found.last >= start ? { first: start, ...found } : null;
}

/** Every match of `phrase` in `tokens`, in order; overlapping matches of the same phrase are not repeated. */
export function findPhrase(phrase: Phrase, tokens: readonly Token[]): PhraseMatch[] {
  const matches: PhraseMatch[] = [];
  for (let t = 0; t < tokens.length; t++) {
    const match = matchAt(phrase, tokens, t);
    if (match) {
      matches.push(match);
      t = match.last;
    }
  }
  return matches;
}

/**
 * Many phrases indexed by the forms of their first word, so that each token is tried only against the
 * phrases it could start: matching cost grows with the text, not with text × lexicon.
 */
export class PhraseIndex<T extends { readonly phrase: Phrase }> {
  readonly #byHead = new Map<string, T[]>();

  constructor(items: Iterable<T>) {
    for (const item of items) {
      for (const head of item.phrase.heads) {
        const list = this.#byHead.get(head);
        if (list) list.push(item);
        else this.#byHead.set(head, [item]);
      }
    }
  }

  /** The items whose phrase could start at `token`, each once, in insertion order of the index. */
  candidates(token: Token): T[] {
    const found = new Set<T>();
    for (const form of token.forms) for (const item of this.#byHead.get(form) ?? []) found.add(item);
    return [...found];
  }
}
