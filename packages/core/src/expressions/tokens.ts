/**
 * Turns a cue's plain text into the normalised word tokens that expressions are matched against.
 *
 * Both sides of a match go through the same normalisation: case, curly and straight apostrophes,
 * contractions expanded (`don't` → `do not`, `gonna` → `going to`), dropped g's (`nothin'` → `nothing`),
 * and the parts of a subtitle that are not speech skipped: SDH labels (`[DOOR CLOSES]`, `(laughs)`),
 * speaker names (`NARRATOR:`), speaker dashes and music notes. Each token keeps its character span in the
 * cue's `plain` text so a match can quote the words as spoken.
 */
import lemmatizer from 'wink-lemmatizer';
import type { Cue } from '../schema.js';

/** One normalised word of a cue. */
export interface Token {
  /** The word in normalised form (lower case, straight apostrophe, contraction expanded). */
  readonly word: string;
  /** `word` and its verb and noun lemmas (`gave` → `gave`, `give`), deduplicated. */
  readonly forms: readonly string[];
  /** Index of the cue the token is in. */
  readonly cue: number;
  /** Character span in the cue's `plain` text, `[start, end)`. Expanded contractions share one span. */
  readonly start: number;
  readonly end: number;
  /** True when a sentence end, speaker change, label or music note lies between this token and the previous one. */
  readonly breakBefore: boolean;
  /** True when a comma, colon, dash, ellipsis or quotation mark (or a break) lies between this token and the previous one. */
  readonly pauseBefore: boolean;
  /** True when the token opens a line of its cue (subtitle lines break at phrase edges). */
  readonly lineStart: boolean;
  /** True when a hyphen glues this token to the previous word ("wind-up"): no expression starts or ends between them. */
  readonly joined: boolean;
}

/** Contractions and spoken forms that expand to several words; keys are lower case with a straight apostrophe. */
const EXPANSIONS: ReadonlyMap<string, readonly string[]> = new Map([
  ["can't", ['can', 'not']],
  ['cannot', ['can', 'not']],
  ["won't", ['will', 'not']],
  ["shan't", ['shall', 'not']],
  ["ain't", ['is', 'not']],
  ["let's", ['let', 'us']],
  ['gonna', ['going', 'to']],
  ['wanna', ['want', 'to']],
  ['gotta', ['got', 'to']],
  ['hafta', ['have', 'to']],
  ['lemme', ['let', 'me']],
  ['gimme', ['give', 'me']],
  ['dunno', ['do', 'not', 'know']],
  ['kinda', ['kind', 'of']],
  ['sorta', ['sort', 'of']],
  ['outta', ['out', 'of']],
  ['lotta', ['lot', 'of']],
  ["c'mon", ['come', 'on']],
  ["'em", ['them']],
  ["'cause", ['because']],
  ["'til", ['until']],
  ["'bout", ['about']],
  ["o'clock", ["o'clock"]],
]);

/** Clitic endings expanded to the full word (`'s` read as `is`: the possessive is rare inside expressions). */
const CLITICS: ReadonlyArray<readonly [string, string]> = [
  ["n't", 'not'],
  ["'re", 'are'],
  ["'ve", 'have'],
  ["'ll", 'will'],
  ["'m", 'am'],
  ["'d", 'would'],
  ["'s", 'is'],
];

const lemmaCache = new Map<string, readonly string[]>();

/** `word` and its verb and noun lemmas (wink-lemmatizer), cached. Adjective lemmas are left out: `better` → `good` misleads. */
export function wordForms(word: string): readonly string[] {
  let forms = lemmaCache.get(word);
  if (forms === undefined) {
    const set = new Set([word]);
    if (/^[a-z]+$/.test(word)) {
      set.add(lemmatizer.verb(word));
      set.add(lemmatizer.noun(word));
    }
    forms = [...set];
    lemmaCache.set(word, forms);
  }
  return forms;
}

/** Expands one lower-case word with straight apostrophes into the words it stands for. */
export function expandWord(raw: string): readonly string[] {
  const known = EXPANSIONS.get(raw);
  if (known) return known;
  for (const [ending, full] of CLITICS) {
    if (raw.length > ending.length && raw.endsWith(ending)) {
      const stem = raw.slice(0, -ending.length);
      return [stem, full];
    }
  }
  // Dropped g: "nothin'", "goin'" → "nothing", "going".
  if (raw.length > 3 && raw.endsWith("in'")) return [raw.slice(0, -1) + 'g'];
  return [raw];
}

const isWordChar = (ch: string): boolean => /[\p{L}\p{N}]/u.test(ch);
const isApostrophe = (ch: string | undefined): boolean => ch === "'" || ch === '\u2019' || ch === '\u2018' || ch === '`';
const SENTENCE_END = new Set(['.', '?', '!', ';', '♪', '♫', '¿', '¡']);
const PAUSE = new Set([',', ':', '"', '“', '”', '«', '»', '—', '–', '/']);

/**
 * Tokenises one text (a cue's `plain`). Linear in the text's length.
 * @param cue the cue index stored on each token
 */
export function tokenizeText(text: string, cue: number): TokenizedText {
  const tokens: Token[] = [];
  let pendingBreak = false;
  let pendingPause = false;
  let lineStart = true;
  let firstOnLine = true;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i]!;
    if (ch === '\n') {
      lineStart = true;
      firstOnLine = true;
      i++;
      continue;
    }
    if (lineStart) {
      // Speaker dash ("- In a minute.") or speaker name ("NARRATOR:", "JOHN SMITH:") opening a line.
      const rest = text.slice(i, text.indexOf('\n', i) === -1 ? n : text.indexOf('\n', i));
      const speaker = /^\s*(?:[-–—]\s*)?(?:[A-Z][A-Z0-9 .'’-]{0,30}:\s)?/.exec(rest);
      if (speaker && speaker[0].length > 0) {
        if (/[-–—:]/.test(speaker[0])) pendingBreak = true;
        i += speaker[0].length;
      }
      lineStart = false;
      continue;
    }
    if (ch === '[' || ch === '(') {
      // SDH label: skipped as a whole, and words on either side do not belong together.
      const close = text.indexOf(ch === '[' ? ']' : ')', i + 1);
      const lineEnd = text.indexOf('\n', i + 1);
      if (close !== -1 && (lineEnd === -1 || close < lineEnd)) {
        i = close + 1;
        pendingBreak = true;
        continue;
      }
    }
    if (isWordChar(ch) || (isApostrophe(ch) && isWordChar(text[i + 1] ?? ''))) {
      const start = i;
      i++;
      while (i < n) {
        const c = text[i]!;
        if (isWordChar(c)) i++;
        else if (isApostrophe(c) && (isWordChar(text[i + 1] ?? '') || /in$/i.test(text.slice(start, i)))) i++;
        else break;
      }
      const raw = text.slice(start, i).toLowerCase().replace(/[\u2019\u2018`]/g, "'");
      const joined = start >= 2 && text[start - 1] === '-' && isWordChar(text[start - 2]!);
      for (const word of expandWord(stripQuotes(raw))) {
        tokens.push({ word, forms: wordForms(word), cue, start, end: i, breakBefore: pendingBreak, pauseBefore: pendingPause || pendingBreak, lineStart: firstOnLine, joined });
        pendingBreak = false;
        pendingPause = false;
        firstOnLine = false;
      }
      continue;
    }
    if (ch === '…' || (ch === '.' && (text[i + 1] === '.' || text[i - 1] === '.'))) {
      // An ellipsis joins lines that run on ("I was going to..." / "...give up"), so it is a pause, not an end.
      pendingPause = true;
    } else if (SENTENCE_END.has(ch)) pendingBreak = true;
    else if (PAUSE.has(ch) || (ch === '-' && !(isWordChar(text[i - 1] ?? '') && isWordChar(text[i + 1] ?? '')))) pendingPause = true;
    i++;
  }
  disambiguateClitics(tokens);
  return { tokens, endsWithBreak: pendingBreak };
}

/**
 * Reads `'d` and `'s` by the word after them: "you'd better" is "had better", "he's got" and "it's been"
 * are "has"; elsewhere they stay "would" and "is".
 */
function disambiguateClitics(tokens: Token[]): void {
  for (let i = 0; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    const next = tokens[i + 1]!.word;
    // Both words of an expanded contraction share one span; only those were written as a clitic.
    if (tokens[i - 1]?.start !== token.start) continue;
    if (token.word === 'would' && next === 'better') tokens[i] = { ...token, word: 'had', forms: wordForms('had') };
    else if (token.word === 'is' && (next === 'got' || next === 'been' || next === 'gotten')) tokens[i] = { ...token, word: 'has', forms: wordForms('has') };
  }
}

/** Tokens of one text, and whether it ends a sentence (so the next cue's first word starts a new one). */
export interface TokenizedText {
  readonly tokens: readonly Token[];
  readonly endsWithBreak: boolean;
}

/** Removes a quoting apostrophe at the start of a word ('hello) unless it is a known elision ('em). */
function stripQuotes(raw: string): string {
  if (raw.startsWith("'") && !EXPANSIONS.has(raw)) return raw.slice(1);
  return raw;
}

const cueTokens = new WeakMap<Cue, TokenizedText>();

/** The tokens of a cue's `plain` text, cached per cue object. */
export function tokenizeCue(cue: Cue): TokenizedText {
  let tokenized = cueTokens.get(cue);
  if (!tokenized) {
    tokenized = tokenizeText(cue.plain, cue.index);
    cueTokens.set(cue, tokenized);
  }
  return tokenized;
}

/**
 * The tokens of consecutive cues as one sequence, so that an expression can run from one cue into the
 * next ("I'm not going to give" / "up now"). A cue that ends a sentence, or a gap in the cue indices,
 * breaks the sequence before the next cue's first word.
 */
export function tokenizeCues(cues: readonly Cue[]): Token[] {
  const all: Token[] = [];
  let previous: { index: number; endsWithBreak: boolean } | null = null;
  for (const cue of cues) {
    const { tokens, endsWithBreak } = tokenizeCue(cue);
    const broken = previous === null || previous.endsWithBreak || previous.index + 1 !== cue.index;
    tokens.forEach((token, i) => all.push(i === 0 && broken && !token.breakBefore ? { ...token, breakBefore: true, pauseBefore: true } : token));
    if (tokens.length > 0 || endsWithBreak) previous = { index: cue.index, endsWithBreak };
  }
  return all;
}
