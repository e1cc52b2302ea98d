// @ts-check
/**
 * Scoring of the offline finder against the labelled set in `tests/eval/labels/` (rules: RULES.md).
 * Pure functions, shared by the `npm run eval` runner (`run.mjs`) and the test that pins the figures.
 *
 * A found occurrence is right when an annotated item at the same cue (or, for an item marked
 * `spansNext`, at the next cue) has the same expression, or contains it as a run of its words ("fall
 * in love" inside "fall in love with"). Expressions are compared by normalised words: lower case,
 * contractions expanded, each word lemmatised, slot words (`one's`, `someone`, possessives, reflexives)
 * and a leading `be` dropped. Single-word expressions are not scored.
 */
import lemmatizer from 'wink-lemmatizer';

/** The expression types of the labels (RULES.md); the finder's `other` counts as `fixed`. */
export const TYPES = /** @type {const} */ (['phrasal_verb', 'idiom', 'fixed', 'collocation', 'slang', 'proverb']);

/**
 * @typedef {{ cue: number, expression: string, spoken: string, type: string, spansNext: boolean }} LabelItem
 * @typedef {{ film: string, annotator: string, heldOut: boolean, items: LabelItem[] }} Labels
 * @typedef {{ cue: number, lastCue: number, expression: string, type: string, matchedText: string }} Found
 * @typedef {{ found: number, right: number, items: number, recalled: number, precision: number, recall: number, f1: number }} Figures
 * @typedef {{ all: Figures, byType: Record<string, Figures>, falsePositives: Found[], misses: LabelItem[] }} Score
 */

const CONTRACTIONS = new Map([
  ["can't", 'can not'], ["won't", 'will not'], ["let's", 'let us'], ['gotta', 'got to'], ['gonna', 'going to'],
  ['wanna', 'want to'], ['outta', 'out of'], ['kinda', 'kind of'], ['sorta', 'sort of'], ["c'mon", 'come on'],
  ["'em", 'them'],
]);
const CLITICS = [["n't", ' not'], ["'re", ' are'], ["'ve", ' have'], ["'ll", ' will'], ["'m", ' am'], ["'d", ' would'], ["'s", ' is']];

/** Words that stand for a slot of the canonical form, or fill one in the finder's output. */
const SLOT_WORDS = new Set([
  "one's", 'one', 'oneself', 'someone', 'somebody', 'something', 'my', 'your', 'his', 'her', 'its', 'our', 'their',
  'myself', 'yourself', 'himself', 'herself', 'itself', 'ourselves', 'yourselves', 'themselves',
]);

/**
 * The normalised words of a canonical expression, as compared by the scorer.
 * @param {string} expression e.g. "Make up one's mind", "be supposed to"
 * @returns {string[]} e.g. ["make", "up", "mind"], ["suppose", "to"]
 */
export function expressionWords(expression) {
  const words = [];
  for (let word of expression.toLowerCase().replace(/[\u2019\u2018`]/g, "'").split(/[^\p{L}\p{N}']+/u)) {
    if (word.length === 0) continue;
    if (SLOT_WORDS.has(word)) continue;
    const whole = CONTRACTIONS.get(word);
    if (whole) {
      words.push(...whole.split(' '));
      continue;
    }
    for (const [clitic, full] of CLITICS) {
      if (word.endsWith(clitic) && word.length > clitic.length && word !== "one's") {
        word = word.slice(0, -clitic.length) + full;
        break;
      }
    }
    words.push(...word.split(' ').filter(Boolean));
  }
  const lemmas = words.map((word) => (/^[a-z]+$/.test(word) ? lemmatizer.verb(word) : word));
  if (lemmas.length > 1 && lemmas[0] === 'be') lemmas.shift();
  return lemmas;
}

/** True when `part` is a run of consecutive words of `whole` (or equal to it). */
function isRunOf(part, whole) {
  if (part.length === 0 || part.length > whole.length) return false;
  for (let i = 0; i + part.length <= whole.length; i++) {
    if (part.every((word, k) => whole[i + k] === word)) return true;
  }
  return false;
}

/**
 * Whether a found occurrence is the annotated item: same cue (or the next one for a `spansNext` item)
 * and the same expression, or a run of the item's words.
 * @param {Found} found
 * @param {LabelItem} item
 */
export function matches(found, item) {
  const cueFits = found.cue === item.cue || (item.spansNext && found.cue === item.cue + 1);
  return cueFits && isRunOf(expressionWords(found.expression), expressionWords(item.expression));
}

/**
 * True for a one-word expression ("gotcha", and a word hyphenated as one: "dilly-dally", per RULES.md's
 * settled cases; "c'mon" is two): such expressions are not scored.
 */
export function isSingleWord(expression) {
  const trimmed = expression.trim();
  return !/\s/.test(trimmed) && (trimmed.includes('-') || expressionWords(trimmed).length < 2);
}

/** @param {number} right @param {number} found @param {number} recalled @param {number} items @returns {Figures} */
function figures(right, found, recalled, items) {
  const precision = found === 0 ? 1 : right / found;
  const recall = items === 0 ? 1 : recalled / items;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { found, right, items, recalled, precision, recall, f1 };
}

/** The label type of a finder type (`other` is how lexicon entries of fixed phrases are typed). */
export function labelType(type) {
  return type === 'other' ? 'fixed' : type;
}

/**
 * Scores what the finder found against a film's labels.
 * @param {readonly Found[]} found every occurrence the finder reported (single-word ones are ignored)
 * @param {readonly LabelItem[]} items the film's annotated items
 * @returns {Score} precision over found occurrences (per type by the finder's type), recall over
 *   annotated items (per type by the label's type), the false positives and the misses in cue order
 */
export function score(found, items) {
  items = items.filter((item) => !isSingleWord(item.expression));
  const seen = new Set();
  const scored = [];
  for (const f of found) {
    if (isSingleWord(f.expression)) continue;
    const key = `${f.cue}\u0000${f.expression.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    scored.push(f);
  }
  const byCue = new Map();
  for (const item of items) {
    for (const cue of item.spansNext ? [item.cue, item.cue + 1] : [item.cue]) {
      const list = byCue.get(cue) ?? [];
      list.push(item);
      byCue.set(cue, list);
    }
  }
  const recalled = new Set();
  const falsePositives = [];
  /** @type {Record<string, { right: number, found: number }>} */
  const foundByType = {};
  for (const f of scored) {
    const type = labelType(f.type);
    const tally = (foundByType[type] ??= { right: 0, found: 0 });
    tally.found++;
    const hits = (byCue.get(f.cue) ?? []).filter((item) => matches(f, item));
    if (hits.length === 0) {
      falsePositives.push(f);
      continue;
    }
    tally.right++;
    for (const hit of hits) recalled.add(hit);
  }
  /** @type {Record<string, Figures>} */
  const byType = {};
  for (const type of TYPES) {
    const ofType = items.filter((item) => item.type === type);
    const tally = foundByType[type] ?? { right: 0, found: 0 };
    byType[type] = figures(tally.right, tally.found, ofType.filter((item) => recalled.has(item)).length, ofType.length);
  }
  const misses = items.filter((item) => !recalled.has(item)).sort((a, b) => a.cue - b.cue);
  const right = scored.length - falsePositives.length;
  return { all: figures(right, scored.length, recalled.size, items.length), byType, falsePositives: falsePositives.sort((a, b) => a.cue - b.cue), misses };
}

/**
 * The ASR-style version of a cue's text, as speech recognisers without punctuation write it: lower case,
 * markup tags, SDH labels, punctuation and symbols removed (apostrophes inside words kept: "don't"),
 * one space between words, line breaks kept.
 * @param {string} text a cue's text or plain text
 */
export function asrText(text) {
  return text
    .replace(/<[^>]*>|\{\\[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]|\([^)]*\)/g, ' ')
    .toLowerCase()
    .replace(/[\u2019\u2018`]/g, "'")
    .split('\n')
    .map((line) => line.replace(/(?<![\p{L}\p{N}])'|'(?![\p{L}\p{N}])/gu, ' ').replace(/[^\p{L}\p{N}'\s]+/gu, ' ').replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/**
 * Checks a labels file's shape.
 * @param {unknown} data the parsed JSON
 * @param {string} file its path, for the message
 * @returns {Labels}
 * @throws {Error} naming the file and the first bad item
 */
export function checkLabels(data, file) {
  const labels = /** @type {Labels} */ (data);
  if (!labels || typeof labels.film !== 'string' || typeof labels.heldOut !== 'boolean' || !Array.isArray(labels.items)) {
    throw new Error(`${file}: needs "film" (string), "heldOut" (boolean) and "items" (array)`);
  }
  labels.items.forEach((item, n) => {
    const ok = Number.isInteger(item?.cue) && item.cue >= 0 && typeof item.expression === 'string' && typeof item.spoken === 'string'
      && TYPES.includes(/** @type {any} */ (item.type)) && typeof item.spansNext === 'boolean';
    if (!ok) throw new Error(`${file}: item ${n} (${JSON.stringify(item)}) needs cue, expression, spoken, type (${TYPES.join('|')}) and spansNext`);
  });
  return labels;
}
