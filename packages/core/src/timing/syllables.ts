/**
 * Syllable counts for spreading a cue's duration over its words. Speech time follows syllables far more
 * closely than letters ("through" is one beat, "idea" three), and an estimate only has to be good to a
 * few hundred milliseconds, so a heuristic is enough: no dictionary, no dependency.
 */

/** A syllable count for each of a few common words the vowel-group rule gets wrong. */
const EXCEPTIONS: ReadonlyMap<string, number> = new Map([
  ['the', 1], ['are', 1], ['were', 1], ['there', 1], ['where', 1], ['here', 1], ['one', 1], ['once', 1],
  ['some', 1], ['come', 1], ['done', 1], ['gone', 1], ['none', 1], ['give', 1], ['live', 1], ['have', 1],
  ['lose', 1], ['whose', 1], ['move', 1], ['love', 1], ['people', 2], ['being', 2], ['going', 2], ['doing', 2],
  ['seeing', 2], ['real', 1], ['idea', 3], ['area', 3], ['really', 2], ['every', 2], ['everything', 3],
  ['business', 2], ['police', 2], ['quiet', 2], ['science', 2], ['create', 2], ['lion', 2], ['poem', 2],
]);

/**
 * Syllables in one English word, by the vowel-group heuristic that readability formulas use (Flesch 1948
 * and its many implementations): count runs of vowels (a e i o u y), then drop a silent final `e`
 * (`make`, but not `table`), a final `-ed` that is not sounded (`jumped`, but not `wanted`) and a final
 * `-es` after a letter that is not a sibilant (`makes`, but not `boxes`); at least one per word. Right
 * for roughly nine English words in ten; a few common exceptions are listed.
 * @param word letters in any case; apostrophes are ignored
 * @returns a whole number ≥ 1
 */
export function englishSyllables(word: string): number {
  const w = word.toLowerCase().replace(/[^a-z]/g, '');
  if (w.length === 0) return 1;
  const known = EXCEPTIONS.get(w);
  if (known !== undefined) return known;
  let count = w.match(/[aeiouy]+/g)?.length ?? 0;
  if (count > 1) {
    if (/[^aeiouy]e$/.test(w) && !/[^aeiouy]le$/.test(w)) count--;
    else if (/[^aeiouytd]ed$/.test(w)) count--;
    else if (/[^aeiouyszxhc]es$/.test(w)) count--;
  }
  return Math.max(1, count);
}

/**
 * Spoken beats of one word as written in a subtitle: English syllables for a Latin-script word, one beat
 * per digit for a number (a coarse stand-in for "twenty-five"), and one per character for any other
 * script (a kana or a Chinese character is about one syllable, or mora, of speech).
 * @param text the word as written (letters, digits, apostrophes)
 * @returns a whole number ≥ 1
 */
export function spokenBeats(text: string): number {
  let beats = beatCache.get(text);
  if (beats === undefined) {
    if (/[a-z]/i.test(text)) beats = englishSyllables(text);
    else beats = Math.max(1, [...text.replace(/['\u2019\u2018`]/g, '')].length);
    // A film has a few thousand distinct words; a long-lived process (the language server) starts over
    // rather than grow without end.
    if (beatCache.size >= MAX_CACHED_WORDS) beatCache.clear();
    beatCache.set(text, beats);
  }
  return beats;
}

const MAX_CACHED_WORDS = 50_000;
const beatCache = new Map<string, number>();
