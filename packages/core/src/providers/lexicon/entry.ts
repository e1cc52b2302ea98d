/**
 * One curated lexicon entry of the offline `lexicon` provider.
 *
 * Entries are matched against subtitle text through inflection (`gave up` for `give up`), the placeholders
 * `someone`, `something` and `one's` (my/your/his/her/its/our/their/one's) and, for separable phrasal
 * verbs, an object between the verb and its particle (`pick it up`).
 */
export interface LexiconEntry {
  /** Canonical form in base form, lower case, e.g. `give up`, `keep an eye on`, `make up one's mind`. */
  readonly expression: string;
  /** Kind of expression: idiom, phrasal verb, collocation, slang, proverb, or anything else. */
  readonly type: 'idiom' | 'phrasal_verb' | 'collocation' | 'slang' | 'proverb' | 'other';
  /** Approximate CEFR level. */
  readonly level: 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2';
  /** A short meaning in plain English (under ~80 characters). */
  readonly meaning: string;
  /** Phrasal verbs only: true when the object may come between verb and particle ("pick it up"). */
  readonly separable?: boolean;
  /**
   * Literal-use guards carried by the entry, for combinations that are often literal: the match is taken
   * as literal (and not reported) when the word right before it is in `notAfter`, or the word right after
   * it (same sentence, no pause) is in `notBefore`. Items are lower-case words, or in capitals a
   * Universal Dependencies tag of that word (`ADP`, `VERB`, `NOUN` …) or `NP` (a noun phrase opens:
   * determiner, number or possessive), or `BARE` (a verb in its base form: "is used to cut" is passive,
   * not *be used to*); `END` in `notBefore` means nothing follows
   * in the sentence ("looked up." is not *look up*, to search). See `guard.ts` for the guards every entry
   * gets.
   */
  readonly notAfter?: readonly string[];
  readonly notBefore?: readonly string[];
  /**
   * Discourse expressions ("you know", "I mean"): used as one only at a phrase edge — a sentence or cue
   * start, a pause, a line start, or the end — on at least one side ("He's wrong, you know" but not
   * "you know him"). `'end'`: at an edge after it ("Get it?", "or something…", but not "get it out").
   */
  readonly standalone?: boolean | 'end';
  /**
   * Motion phrasal verbs whose meaning survives a place after them ("come back here" is still *come
   * back*; "go down in the cellar" is not *go down*): the place guard of `guard.ts` is off.
   */
  readonly place?: boolean;
  /**
   * Motion phrasal verbs with an idiomatic object ("get over it", "go through hell"): a noun phrase or
   * pronoun after the particle is their object, so only a preposition or here/there after it is literal.
   */
  readonly takesObject?: boolean;
  /**
   * Other forms the lexicon matches for this entry when the canonical form has a word the speech often
   * drops ("supposed to" for "be supposed to", "got to" for "have got to"); same placeholders as
   * `expression`, and the same guards.
   */
  readonly forms?: readonly string[];
  /** Other expressions with a similar meaning. */
  readonly similar?: readonly string[];
}
