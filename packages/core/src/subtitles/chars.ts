/**
 * Character classes of subtitle structure (index lines, timing lines, blank lines), by UTF-16 code unit.
 *
 * Files from the usual download sites carry characters a reader cannot see: a left-to-right or right-to-left
 * mark (U+200E/U+200F) before an index, a zero-width space (U+200B) or word joiner (U+2060) inside a timing line,
 * a byte-order mark (U+FEFF) in the middle of a file where two files were joined, a no-break space (U+00A0)
 * around a number. Where they sit in structure they are read as whitespace ("gaps"); in cue text they are text
 * and stay (the cue text is never filtered through these classes).
 */

/**
 * A gap: ASCII space, tab, vertical tab or form feed, or an invisible or space character of Unicode — U+00A0
 * (NBSP), U+00AD (soft hyphen), U+061C (Arabic letter mark), U+180E, U+2000–U+200F (typographic spaces,
 * zero-width space/non-joiner/joiner, LRM, RLM), U+2028/U+2029, U+202A–U+202F (bidi embeddings and overrides,
 * narrow NBSP), U+205F–U+206F (word joiner, invisible operators, bidi isolates), U+3000, U+FEFF.
 * Never a line terminator (CR, LF): a scanner that skips gaps stops at the end of its line.
 */
export function isGap(c: number): boolean {
  if (c < 0x80) return c === 32 || c === 9 || c === 12 || c === 11;
  if (c < 0x2000) return c === 0xa0 || c === 0xad || c === 0x61c || c === 0x180e;
  return c <= 0x200f || (c >= 0x2028 && c <= 0x202f) || (c >= 0x205f && c <= 0x206f) || c === 0x3000 || c === 0xfeff;
}

/**
 * An invisible character of zero width — U+00AD (soft hyphen), U+061C, U+180E, U+200B–U+200F (zero-width
 * space/non-joiner/joiner, LRM, RLM), U+202A–U+202E (bidi embeddings and overrides), U+2060–U+2064 and
 * U+2066–U+206F (word joiner, invisible operators, bidi isolates), U+FEFF — a subset of the gaps ({@link isGap})
 * that a reader cannot see even between two digits: inside a number of a timing or index line it is skipped
 * (`0\u200b0:07:44` is `00:07:44`), where a visible space would split the number.
 */
export function isInvisible(c: number): boolean {
  if (c < 0x2000) return c === 0xad || c === 0x61c || c === 0x180e;
  if (c <= 0x200a) return false;
  return c <= 0x200f || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x206f && c !== 0x2065) || c === 0xfeff;
}

/**
 * A dash of a timing arrow: `-` (U+002D) and the dashes a word processor or an OCR tool puts in its place —
 * U+2010–U+2015 (hyphen, non-breaking hyphen, figure dash, en dash, em dash, horizontal bar), U+2212 (minus),
 * U+FE58, U+FE63, U+FF0D (small and full-width forms). `=` is not a dash: `==>` is not an arrow.
 */
export function isDash(c: number): boolean {
  if (c === 45) return true;
  if (c < 0x2010) return false;
  return c <= 0x2015 || c === 0x2212 || c === 0xfe58 || c === 0xfe63 || c === 0xff0d;
}

/** An ASCII digit 0–9. */
export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** `text[from, to)` without gaps ({@link isGap}) at either end: how an index or a cue id is kept. */
export function trimGaps(text: string, from: number, to: number): string {
  let s = from;
  let e = to;
  while (s < e && isGap(text.charCodeAt(s))) s++;
  while (e > s && isGap(text.charCodeAt(e - 1))) e--;
  return text.slice(s, e);
}
