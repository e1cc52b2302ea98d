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
  /** Other expressions with a similar meaning. */
  readonly similar?: readonly string[];
}
