/**
 * Part-of-speech tags for the words the lexicon matches, from wink-nlp with its English light model
 * (wink-eng-lite-web-model: Universal Dependencies tags — VERB, ADP, NOUN, DET, PRON, …). The model
 * loads once, on first use ({@link loadTagger}, about half a second); tagging a whole film takes a few
 * hundred milliseconds.
 *
 * Why wink-nlp rather than compromise: it tags each word with a statistical model in context (so "calls
 * for help" gives NOUN and "he calls for help" VERB, also on lower-case unpunctuated ASR text), it is
 * fast, and its tags are the Universal Dependencies set; compromise tags from a lexicon and rules and
 * reads phrasal verbs from its own list, which is what the lexicon guards must decide for themselves.
 */
import type { ItemToken, WinkMethods } from 'wink-nlp';
import type { Cue } from '../../schema.js';
import type { Token } from '../../expressions/tokens.js';

/** A Universal Dependencies part-of-speech tag ("VERB", "ADP", "NOUN" …), or "" where none applies. */
export type PosTag = string;

interface Span {
  readonly start: number;
  readonly end: number;
  readonly pos: PosTag;
}

let nlp: WinkMethods | undefined;
let loading: Promise<void> | undefined;

/**
 * Loads wink-nlp and its English model (about half a second) once, with only what tagging needs
 * (sentences and tags); the lexicon provider awaits it before its first chunk. A dynamic import, so that
 * programs that never run the offline finder (a model provider, `langflix cues`) never load the model.
 */
export function loadTagger(): Promise<void> {
  loading ??= Promise.all([import('wink-nlp'), import('wink-eng-lite-web-model')]).then(([wink, model]) => {
    nlp = wink.default(model.default, ['sbd', 'pos']);
  });
  return loading;
}

/** The wink-nlp instance. @throws {Error} when {@link loadTagger} has not finished */
function tagger(): WinkMethods {
  if (!nlp) throw new Error('the part-of-speech tagger is not loaded: await loadTagger() first');
  return nlp;
}

const cueSpans = new WeakMap<Cue, readonly Span[]>();

/** The tagged words of a cue's plain text with their character spans, cached per cue object. */
function spansOf(cue: Cue): readonly Span[] {
  let spans = cueSpans.get(cue);
  if (spans) return spans;
  const text = cue.plain;
  const nlp = tagger();
  const found: Span[] = [];
  let at = 0;
  nlp.readDoc(text).tokens().each((token: ItemToken) => {
    const value = token.out(nlp.its.value) as string;
    const start = text.indexOf(value, at);
    if (start < 0) return;
    at = start + value.length;
    found.push({ start, end: at, pos: token.out(nlp.its.pos) as string });
  });
  spans = found;
  cueSpans.set(cue, spans);
  return spans;
}

/**
 * The tag of each token: the tag of the wink-nlp word its first character falls in ("" when none does).
 * @param tokens tokens of `cues` (each token's `cue` is an index into the file's cues)
 * @param cueAt the cue of a given index
 */
export function tagTokens(tokens: readonly Token[], cueAt: (index: number) => Cue | undefined): PosTag[] {
  return tokens.map((token, i) => {
    // "I" is a pronoun (the light model tags a lower-case "i" as a name), and the second word of an
    // expanded contraction ("I'm" → I am, "don't" → do not) is an auxiliary or "not", not the first word's tag.
    if (token.word === 'i') return 'PRON';
    if (i > 0 && tokens[i - 1]!.start === token.start && tokens[i - 1]!.cue === token.cue) return token.word === 'not' ? 'PART' : 'AUX';
    const cue = cueAt(token.cue);
    if (!cue) return '';
    const spans = spansOf(cue);
    // Binary search for the span containing token.start.
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const span = spans[mid]!;
      if (token.start < span.start) hi = mid - 1;
      else if (token.start >= span.end) lo = mid + 1;
      else return span.pos;
    }
    return '';
  });
}
