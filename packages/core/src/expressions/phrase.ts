/**
 * Finds a canonical expression ("give up", "make up one's mind", "keep an eye on") in tokenised
 * subtitle text, through inflection (gave up, giving up), separable phrasal verbs (pick it up, figure
 * the whole thing out), contractions and the placeholders `someone`, `something` and `one's`.
 */
import { expandWord, wordForms, type Token } from './tokens.js';

/** One element of a compiled phrase. */
type Element =
  | { readonly kind: 'word'; readonly word: string; readonly forms: readonly string[] }
  | { readonly kind: 'slot'; readonly min: number; readonly max: number }
  | { readonly kind: 'possessive' };

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
   * Let an object of up to {@link MAX_SEPARATED_WORDS} words sit between the verb and its particle
   * (`pick it up`), as transitive separable phrasal verbs allow.
   * @default false
   */
  separable?: boolean;
}

/** Longest object allowed between a separable verb and its particle, in words ("figure the whole thing out"). */
export const MAX_SEPARATED_WORDS = 4;

/**
 * Words that cannot be part of the object between a separable verb and its particle: they start a new
 * clause or verb phrase, so "try to get out" is not "try out" and "let him be buried in" is not "let in".
 */
const NOT_IN_OBJECT = new Set([
  'to', 'and', 'but', 'or', 'nor', 'so', 'that', 'which', 'who', 'whom', 'whose', 'what', 'where', 'when', 'while', 'if',
  'because', 'than', 'as', 'be', 'is', 'are', 'was', 'were', 'been', 'being', 'am', 'not', 'will', 'would', 'can', 'could',
  'should', 'shall', 'must', 'may', 'might', 'do', 'does', 'did', 'have', 'has', 'had',
]);

const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their', "one's", 'one']);
const SLOTS: Readonly<Record<string, { min: number; max: number }>> = {
  someone: { min: 1, max: 3 },
  somebody: { min: 1, max: 3 },
  something: { min: 1, max: 4 },
};

/**
 * Compiles a canonical expression. Words are normalised as the subtitle text is (lower case, straight
 * apostrophes, contractions expanded); `someone`/`somebody` stand for 1–3 words, `something` for 1–4,
 * `one's` for a possessive (my, your, his, her, its, our, their).
 * @throws {Error} when the expression has no words, or starts with a placeholder.
 */
export function compilePhrase(expression: string, options: PhraseOptions = {}): Phrase {
  const words = expression
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .split(/[^\p{L}\p{N}']+/u)
    .filter((w) => w.length > 0);
  const elements: Element[] = [];
  for (const raw of words) {
    const slot = SLOTS[raw];
    if (slot) elements.push({ kind: 'slot', ...slot });
    else if (raw === "one's") elements.push({ kind: 'possessive' });
    else for (const word of expandWord(raw)) elements.push({ kind: 'word', word, forms: wordForms(word) });
  }
  const first = elements[0];
  if (!first || first.kind !== 'word') throw new Error(`cannot match expression "${expression}": it must start with a word`);
  if (options.separable && elements.length >= 2 && elements[1]?.kind === 'word') {
    elements.splice(1, 0, { kind: 'slot', min: 0, max: MAX_SEPARATED_WORDS });
  }
  return { expression, elements, heads: first.forms };
}

/** True when a token can stand for a phrase word: the same word, or a shared lemma (gave ~ give). */
function wordMatches(token: Token, word: string, forms: readonly string[]): 'exact' | 'inflected' | null {
  if (token.word === word) return 'exact';
  for (const form of token.forms) if (forms.includes(form)) return 'inflected';
  return null;
}

/**
 * Tries to match `phrase` starting at `tokens[start]`. Slots take as few words as possible, and no match
 * crosses a sentence end or speaker change. Returns null when there is no match at `start`.
 */
export function matchAt(phrase: Phrase, tokens: readonly Token[], start: number): PhraseMatch | null {
  type Step = { last: number; exact: boolean; separated: boolean } | null;
  const step = (e: number, t: number): Step => {
    const element = phrase.elements[e];
    if (element === undefined) return { last: t - 1, exact: true, separated: false };
    if (element.kind === 'slot') {
      // A slot of minimum 0 is the object of a separable phrasal verb; the others are placeholders.
      const isObject = element.min === 0;
      for (let take = element.min; take <= element.max; take++) {
        const added = tokens[t + take - 1];
        // Words standing in for a slot are one phrase: no comma, quote or dash inside it or right after it.
        if (take > 0 && (added === undefined || added.pauseBefore || (isObject && NOT_IN_OBJECT.has(added.word)))) break;
        if (take > 0 && tokens[t + take]?.pauseBefore) continue;
        const rest = step(e + 1, t + take);
        if (rest) {
          const separated = rest.separated || (isObject && take > 0);
          return { last: rest.last, exact: rest.exact && !(isObject && take > 0), separated };
        }
      }
      return null;
    }
    const token = tokens[t];
    if (token === undefined || (t > start && token.breakBefore)) return null;
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
