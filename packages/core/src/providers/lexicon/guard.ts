/**
 * Idiomaticity guards of the offline finder: given a lexicon match in the text, decide whether the
 * expression is really used there or the words only meet as a literal combination. Used by the lexicon
 * provider only — a model's answer is checked for presence, never judged (see `expressions/validate.ts`).
 *
 * Guards every entry gets:
 * - partial words: no match starts or ends inside a hyphenated compound ("a wind-up toy" is not *wind up*);
 * - phrasal verbs: the verb must be tagged a verb by wink-nlp ("calls for help", "a place back down the
 *   road", "who's boss around here" are nouns and adverbs, not *call for*, *back down*, *boss around*);
 * - particle or preposition: a verb of motion and its particle followed by a place — a preposition,
 *   here/there, or (for most) a noun phrase — is a movement, not a phrasal verb ("go down in the
 *   cellar", "get in the car", "came over to the house", "looked up at the sky"), unless the entry says
 *   its meaning survives a place (`place`: "come back here") or takes an idiomatic object (`takesObject`:
 *   "get over it");
 * - carried by the entry: `notAfter`/`notBefore` words or tags, `standalone` for discourse expressions.
 *
 * No guard depends only on punctuation or case: lower-case unpunctuated ASR text is tagged by the model,
 * and a cue start and a line start count as phrase edges.
 */
import lemmatizer from 'wink-lemmatizer';
import type { Token } from '../../expressions/tokens.js';
import type { LexiconEntry } from './entry.js';
import type { PosTag } from './tagger.js';

/** Verbs of motion or position whose particle, followed by a place phrase, is a preposition of place. */
const MOTION_VERBS = new Set([
  'go', 'come', 'get', 'run', 'walk', 'move', 'climb', 'stand', 'sit', 'lie', 'head', 'jump', 'step', 'hurry', 'fly',
  'drive', 'back', 'stay', 'fall', 'crawl', 'rush', 'wander', 'race', 'sneak', 'creep', 'float', 'swim', 'ride', 'hop',
]);
/** Verbs of looking: a preposition or here/there after the particle makes it a direction ("looked up at"). */
const LOOK_VERBS = new Set(['look', 'stare', 'glance', 'peer', 'gaze']);
/** Particles of direction, which a place phrase can follow. */
const DIRECTION_PARTICLES = new Set(['up', 'down', 'out', 'in', 'on', 'off', 'over', 'back', 'away', 'around', 'round', 'through', 'along', 'across', 'by', 'ahead', 'inside', 'outside', 'under', 'forward']);
/**
 * Tags that open a noun phrase. Not NOUN, ADJ or PROPN: the light model tags many verbs after "to" and
 * imperatives in lower-case text as nouns ("got to move", "come on honey"), and a name after a phrasal
 * verb is as often who is spoken to ("get out Johnny") as an object.
 */
const NP_TAGS = new Set(['DET', 'NUM']);
const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'its', 'our', 'their']);
/** Place adverbs that make a particle before them a preposition of place. */
const PLACE_WORDS = new Set(['here', 'there', 'home', 'downstairs', 'upstairs', 'inside', 'outside', 'somewhere', 'anywhere', 'everywhere', 'nowhere']);

/** Words before a noun that show it is one: forms of "be" ("who's boss around here"). */
const BE_FORMS = new Set(['is', 'are', 'was', 'were', 'am']);
/** Tags of a word before a noun in a noun phrase, or of a preposition taking it. */
const BEFORE_NOUN_TAGS = new Set(['NOUN', 'PROPN', 'NUM', 'ADP']);
/** Prepositions after which a word is a noun, never a verb ("with calls for help"; "to" is left out: "to go"). */
const NOUN_PREPOSITIONS = new Set(['with', 'of', 'for', 'from', 'by', 'about', 'at', 'without', 'the', 'a', 'an']);
/** Words that open a time phrase, not a place ("go down next year"). */
const TIME_WORDS = new Set(['next', 'last', 'today', 'tomorrow', 'tonight', 'yesterday', 'soon', 'now', 'again', 'later', 'early', 'late', 'fast', 'quickly', 'slowly', 'easy', 'pretty', 'very', 'too', 'so', 'any', 'all', 'every', 'right', 'first']);
/** Determiners that only open a noun phrase ("all", "both", "that" may be a subject: "we all go back"). */
const ARTICLES = new Set(['a', 'an', 'the', 'every', 'another', 'some', 'any']);
/** Words after which a verb follows, whatever the light model's tag ("to board up", "should calm down", "please sit down"). */
const VERB_OPENERS = new Set(['to', 'will', 'would', 'can', 'could', 'should', 'shall', 'must', 'may', 'might', 'not', 'please', 'just', 'let', 'i', 'we', 'you', 'they', 'he', 'she', 'and', 'or', 'did', 'do', 'does']);

/**
 * True when the first word of a phrasal verb is used as a noun, adjective or adverb: wink-nlp does not
 * tag it a verb, it is not an -ed/-ing form, and the word before it belongs to a noun phrase ("with calls
 * for help", "a place back down the road", "who's boss around here"). The light model often tags a verb
 * after a modal or at a sentence start as an adjective or noun ("should calm down", "open up"), so the
 * tag alone is not enough.
 */
function notAVerb(tokens: readonly Token[], tags: readonly PosTag[], first: number): boolean {
  const head = tokens[first]!;
  const tag = tags[first] ?? '';
  if (/(?:ed|ing)$/.test(head.word)) return false;
  const prev = tokens[first - 1];
  // A repeated word is a repetition, not a noun phrase ("calm, calm down" said without commas).
  if (!prev || edgeBefore(tokens, first) || head.breakBefore || prev.word === head.word) return false;
  // Whatever the tag: a bare form after "is" ("who's boss around here") or after a preposition ("with
  // calls for help") is not a verb.
  if ((BE_FORMS.has(prev.word) && lemmatizer.verb(head.word) === head.word) || NOUN_PREPOSITIONS.has(prev.word)) return true;
  if (tag === '' || tag === 'VERB' || tag === 'AUX') return false;
  if (VERB_OPENERS.has(prev.word)) return false;
  const prevTag = tags[first - 1] ?? '';
  if (prevTag === 'DET') return ARTICLES.has(prev.word);
  if (POSSESSIVES.has(prev.word) || BE_FORMS.has(prev.word) || NOUN_PREPOSITIONS.has(prev.word)) return true;
  // After a noun, only a word the model calls an adverb or adjective ("a place back down the road"):
  // a noun or name before a verb tagged a noun is its subject or who is spoken to ("morgan come out").
  return BEFORE_NOUN_TAGS.has(prevTag) && (tag === 'ADV' || tag === 'ADJ');
}

/** Prepositions that open a place or a direction after a particle ("down into the cellar", "out of the car"). */
const PLACE_PREPOSITIONS = new Set(['into', 'onto', 'to', 'toward', 'towards', 'through', 'across', 'along', 'past', 'under', 'behind', 'inside', 'outside', 'of', 'off', 'from', 'up', 'down', 'over']);
/** Nouns that make "in the …", "on the …" a time rather than a place. */
const TIME_NOUNS = new Set(['morning', 'evening', 'afternoon', 'night', 'day', 'days', 'time', 'meantime', 'end', 'beginning', 'middle', 'minute', 'minutes', 'moment', 'second', 'seconds', 'hour', 'hours', 'week', 'year', 'way', 'future', 'past', 'dark', 'first', 'world']);

/**
 * True when the word at `i` opens a place phrase: a preposition of place or direction, "at" after a
 * verb of looking ("looked up at"), or "in"/"on" with a noun phrase that is not a time ("in the cellar",
 * not "in the morning").
 */
function isPlacePreposition(tokens: readonly Token[], i: number, looking: boolean): boolean {
  const word = tokens[i]!.word;
  if (PLACE_PREPOSITIONS.has(word) || (looking && word === 'at')) return true;
  if (word !== 'in' && word !== 'on') return false;
  const after = tokens[i + 1];
  if (!after || after.pauseBefore || !(ARTICLES.has(after.word) || POSSESSIVES.has(after.word) || after.word === 'that' || after.word === 'this')) return false;
  const noun = tokens[i + 2];
  return noun !== undefined && !TIME_NOUNS.has(noun.word);
}

/** A lexicon match, as the guards see it. */
export interface GuardedMatch {
  readonly entry: LexiconEntry;
  /** Index of the first and last token (inclusive). */
  readonly first: number;
  readonly last: number;
  /** True when an object sits between the verb and its particle. */
  readonly separated: boolean;
}

/** True when there is a phrase edge between `tokens[i - 1]` and `tokens[i]` (or either does not exist). */
function edgeBefore(tokens: readonly Token[], i: number): boolean {
  const token = tokens[i];
  const previous = tokens[i - 1];
  if (!token || !previous) return true;
  return token.pauseBefore || token.lineStart || token.cue !== previous.cue;
}

/** True when `spec` (a word, a tag in capitals, or `NP`) describes `tokens[i]` with tag `tag`. */
function fits(spec: string, token: Token, tag: PosTag): boolean {
  if (spec === 'NP') return NP_TAGS.has(tag) || POSSESSIVES.has(token.word);
  if (spec === 'BARE') return tag === 'VERB' && lemmatizer.verb(token.word) === token.word && !token.word.endsWith('ing');
  if (spec === spec.toUpperCase() && /^[A-Z]+$/.test(spec)) return tag === spec;
  return token.word === spec;
}

/**
 * Why a match is a literal use or a partial word, or null when it stands.
 * @param tokens the searched tokens; `tags[i]` is the wink-nlp tag of `tokens[i]`
 * @returns a short reason ("partial word", "not a verb", "place after the particle", "literal context",
 *   "not standalone"), for tests and debugging
 */
export function literalReason(match: GuardedMatch, tokens: readonly Token[], tags: readonly PosTag[]): string | null {
  const { entry, first, last } = match;
  const head = tokens[first]!;
  const next = tokens[last + 1];
  const nextOpen = next !== undefined && !next.breakBefore && !next.pauseBefore;
  if (head.joined || (next && next.joined)) return 'partial word';
  // A word written inflected ("got it", "well done") is that form only: "go get it" is not *got it*,
  // "well, don't" is not *well done*.
  for (const written of entry.expression.toLowerCase().split(/[^a-z']+/)) {
    if (!/^[a-z]+(?:ed|en|ne|ew|ot|ught)$/.test(written) || lemmatizer.verb(written) === written) continue;
    let said = false;
    for (let t = first; t <= last && !said; t++) said = tokens[t]!.word === written;
    if (!said) return 'other form of the word';
  }
  const prev = tokens[first - 1];
  const prevOpen = prev !== undefined && !head.breakBefore && !head.pauseBefore;
  // A discourse expression at a cue's edge stands apart from the next cue's words, punctuated or not
  // ("he's wrong, you know / What about dinner?" written without punctuation).
  const apart = (a: Token | undefined, b: Token | undefined) => entry.standalone !== undefined && a !== undefined && b !== undefined && a.cue !== b.cue;
  const before = prevOpen && !apart(prev, head);
  const after = nextOpen && !apart(tokens[last], next);
  if (entry.notAfter && before && entry.notAfter.some((spec) => fits(spec, prev, tags[first - 1] ?? ''))) return 'literal context';
  if (entry.notBefore && (after ? entry.notBefore.some((spec) => fits(spec, next!, tags[last + 1] ?? '')) : !nextOpen && entry.notBefore.includes('END'))) return 'literal context';
  if (entry.standalone === 'end' && !edgeBefore(tokens, last + 1)) return 'not standalone';
  if (entry.standalone === true && !edgeBefore(tokens, first) && !edgeBefore(tokens, last + 1)) return 'not standalone';
  if (entry.type !== 'phrasal_verb') return null;
  if (notAVerb(tokens, tags, first)) return 'not a verb';
  const particle = tokens[last]!;
  // "ran into the wall", "came across the road", "got into the car": a verb of motion whose last word
  // takes a physical place (WordNet) is a movement; "ran into an old friend", "got into trouble" are not.
  if (!entry.place && nextOpen && !match.separated && PLACE_OBJECT_PREPOSITIONS.has(particle.word) && head.forms.some((f) => MOTION_VERBS.has(f)) && isPhysicalPlace(tokens, tags, last + 1)) return 'place after the particle';
  if (entry.place || !DIRECTION_PARTICLES.has(particle.word) || !nextOpen) return null;
  const verb = head.forms.find((f) => MOTION_VERBS.has(f) || LOOK_VERBS.has(f));
  if (verb === undefined) return null;
  const nextTag = tags[last + 1] ?? '';
  if (PLACE_WORDS.has(next.word)) return 'place after the particle';
  // "looked up at the sky", "went down into the cellar"; but "look it up in the dictionary" has its
  // object, and "get up in the morning", "come on with me" have a time or company, not a place.
  if (!match.separated && nextTag !== 'VERB' && isPlacePreposition(tokens, last + 1, LOOK_VERBS.has(verb))) return 'place after the particle';
  if (MOTION_VERBS.has(verb) && !entry.takesObject && !match.separated && !TIME_WORDS.has(next.word) && (NP_TAGS.has(nextTag) || POSSESSIVES.has(next.word))) return 'place after the particle';
  // "look up the chimney" but "look up the word"; "get over the wall" but "get over the shock".
  if (!match.separated && isPhysicalPlace(tokens, tags, last + 1)) return 'place after the particle';
  return null;
}

/** Last words of motion phrasal verbs that take their own object, which may be a place ("run into", "come across"). */
const PLACE_OBJECT_PREPOSITIONS = new Set(['into', 'across', 'through', 'over']);
/** WordNet noun classes of physical things and places ("chimney", "road", "cellar", "sky"). */
const PHYSICAL_SENSES = new Set(['noun.artifact', 'noun.object', 'noun.location', 'noun.body']);
/** WordNet noun classes that make a noun a possible idiomatic object ("word", "trouble", "shock", "a lot"). */
const ABSTRACT_SENSES = new Set(['noun.communication', 'noun.cognition', 'noun.feeling', 'noun.event', 'noun.quantity', 'noun.possession', 'noun.motive']);

/**
 * True when a noun phrase opened by a determiner or possessive starts at `i` and its head noun is a
 * physical thing or place in WordNet (a physical sense and no abstract one): "the chimney", "the old
 * road", "that wall" — not "the word", "an old friend" (a person only), "a lot", "the shock". Senses come from
 * wink-lexicon's WordNet 3.0 lexicographer classes, loaded on first use.
 */
function isPhysicalPlace(tokens: readonly Token[], tags: readonly PosTag[], i: number): boolean {
  const opener = tokens[i];
  if (!opener || opener.pauseBefore || !(ARTICLES.has(opener.word) || POSSESSIVES.has(opener.word) || opener.word === 'that' || opener.word === 'this' || opener.word === 'those' || opener.word === 'these')) return false;
  for (let k = i + 1; k <= i + 3 && k < tokens.length; k++) {
    const token = tokens[k]!;
    if (token.pauseBefore || token.breakBefore) return false;
    const tag = tags[k] ?? '';
    if (tag === 'ADJ' || tag === 'NUM' || tag === 'ADV') continue;
    const senses = nounSenses(lemmatizer.noun(token.word));
    return senses.length > 0 && senses.some((s) => PHYSICAL_SENSES.has(s)) && !senses.some((s) => ABSTRACT_SENSES.has(s));
  }
  return false;
}

interface WordNet {
  /** word → row of `senses` (an object: "length" is one of its words). */
  readonly index: Readonly<Record<string, number>>;
  readonly senses: readonly (readonly number[])[];
  readonly names: readonly string[];
}

let wordNet: WordNet | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads wink-lexicon's WordNet tables (about 2.8 MB, half a second) once, for the physical-place guard;
 * the lexicon provider awaits it before its first chunk. A dynamic import, so that bundlers take the
 * tables along and programs that never use the offline finder never load them.
 */
export function loadWordNet(): Promise<void> {
  loading ??= Promise.all([
    import('wink-lexicon/src/wn-words.js'),
    import('wink-lexicon/src/wn-word-senses.js'),
    import('wink-lexicon/src/wn-senses.js'),
  ]).then(([words, senses, names]) => {
    wordNet = { index: words.default as Record<string, number>, senses: senses.default as number[][], names: names.default as string[] };
  });
  return loading;
}

/** The WordNet noun classes of a noun (`chimney` → `noun.artifact`); [] when WordNet does not know it or is not loaded. */
function nounSenses(noun: string): string[] {
  if (!wordNet) return [];
  const at = Object.hasOwn(wordNet.index, noun) ? wordNet.index[noun] : undefined;
  if (at === undefined) return [];
  return (wordNet.senses[at] ?? []).map((n) => wordNet!.names[n] ?? '').filter((name) => name.startsWith('noun.'));
}
