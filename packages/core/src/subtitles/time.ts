/**
 * Subtitle timestamps and timing lines: parsing to integer milliseconds and formatting back.
 *
 * The rule is the one players follow (mpv, VLC, Subtitle Edit): if a person can read the timing, it is read.
 * One lenient grammar serves SubRip and WebVTT alike (SubRip has no formal spec; the de-facto form is ffmpeg's
 * `HH:MM:SS,mmm`; WebVTT's is W3C WebVTT "collect a WebVTT timestamp", `mm:ss.ttt` or `h+:mm:ss.ttt`):
 *
 * - a timestamp is `h:m:s`, `h:m:s<f>` or `m:s<f>`, where `<f>` is `,` or `.` and digits; where the field
 *   count leaves `:` no other reading it is the fraction's separator too: `h:m:s:d` (four groups) and `m:s:ddd`
 *   (a third group of three or more digits, which cannot be seconds). Hours take 1–9 digits
 *   (100 h and more never wrap), minutes and seconds 1–2 digits and at most 59;
 * - the fraction is a **fraction of a second**: `,5` = `,50` = `,500` = 500 ms; four or more digits are
 *   truncated to milliseconds (`,5000` = 500 ms, `,1239` = 123 ms), reported in {@link timing}`.truncated` so the
 *   parsers can warn. No fraction is whole seconds (`00:01:02` = 62000 ms);
 * - gaps — spaces, tabs and invisible characters (`chars.ts`: LRM/RLM, ZWSP, U+2060, U+FEFF, NBSP…) — are
 *   allowed anywhere around the fields and separators (`00: 07: 44 ,240`, `00 :07:44,240`); inside a number only
 *   the zero-width ones (`chars.ts` `isInvisible`: `0\u200b0:07:44`), as a visible space splits it;
 * - the full-width forms CJK input methods type are read as their ASCII ones: `：` (U+FF1A) as `:`, `，` and `．`
 *   as `,` and `.`, `＞` (U+FF1E) as `>` (`－`, U+FF0D, is a dash);
 * - the arrow is one or more dashes (`-`, en/em dashes and the other `chars.ts` dashes), gaps allowed among
 *   them, then `>`: `-->`, `->`, `- ->`, `-- >`, `—>`, `–->`; or `→`. `==>` is not an arrow;
 * - after the end time, a gap and anything (SubRip X1/Y1 coordinates, WebVTT cue settings, junk) is ignored, as
 *   is punctuation (`00:00:02,000.`); a letter or digit glued to the end time (`00:00:02,000x`, `00:00:02,0OO`)
 *   makes the line no timing line;
 * - SubRip only: badly shifted files carry signs — a leading `-` negates the whole time (`-00:00:00,400` =
 *   -400 ms) and a `-` on a field negates that field (`00:00:-1,-250` = -1250 ms). WebVTT times are never
 *   negative. The file parsers clamp negative times to 0 with a warning.
 *
 * Speed: nearly every line of a real file is `hh:mm:ss,mmm --> hh:mm:ss,mmm`; that form is read by a fixed-offset
 * fast path ({@link scanTiming}), and only a line that fails it goes through the lenient reader. The scanners
 * keep their results in module variables instead of returning objects: they run on every line of multi-megabyte
 * files, and allocation-free scanning keeps the parsers several times faster than the usual JavaScript parsers.
 */
import { isDash, isDigit, isGap, isInvisible } from './chars.js';

/**
 * What the last scan read: where it ended, the value, whether its fraction was truncated. Internal scratch
 * overwritten by every call (module variables rather than returned objects: no allocation, and small integers
 * only, so the JIT keeps everything unboxed).
 */
let scanEnd = 0;
let scanMs = 0;
let scanTruncated = false;
/** Whether the last timestamp read had a fraction of a second (`,5`, `.240`, `:500`). */
let scanFraction = false;

/**
 * Result of {@link scanTiming}: raw times (negative only for SubRip), where the settings/coordinates start, and
 * whether either time had a fraction of four or more digits (truncated to milliseconds).
 */
export const timing = { startMs: 0, endMs: 0, restStart: 0, truncated: false };

/** Skip gaps from `p`. Stops at a line terminator or the end of the text (neither is a gap). */
function skipGaps(s: string, p: number): number {
  while (isGap(s.charCodeAt(p))) p++;
  return p;
}

/** Values, digit counts, first three digits and signs of the up to four `:`-separated groups being read. */
const groupValue = [0, 0, 0, 0];
const groupDigits = [0, 0, 0, 0];
const groupHead = [0, 0, 0, 0];
const groupNegative = [false, false, false, false];

/** What the last {@link readDigits} read: its value, how many digits, and the value of its first three digits. */
let runValue = 0;
let runDigits = 0;
let runHead = 0;

/**
 * Read the number starting at digit `p`, zero-width characters (`chars.ts` `isInvisible`: ZWSP, LRM, U+2060, BOM…)
 * allowed between its digits, as a reader does not see them; sets `runValue` (only meaningful up to 9 digits),
 * `runDigits` and `runHead`, and returns the index just past its last digit.
 */
function readDigits(s: string, p: number): number {
  let v = 0;
  let d = 0;
  let head = 0;
  let c = s.charCodeAt(p);
  for (;;) {
    if (isDigit(c)) {
      if (d < 10) v = v * 10 + (c - 48);
      if (d < 3) head = head * 10 + (c - 48);
      d++;
      c = s.charCodeAt(++p);
      continue;
    }
    if (!isInvisible(c)) break;
    let q = p + 1;
    while (isInvisible(s.charCodeAt(q))) q++;
    c = s.charCodeAt(q);
    if (!isDigit(c)) break;
    p = q;
  }
  runValue = v;
  runDigits = d;
  runHead = head;
  return p;
}

/** `:` or the full-width colon U+FF1A (typed by CJK input methods). */
function isColon(c: number): boolean {
  return c === 58 || c === 0xff1a;
}

/** The separator of a fraction of a second: `,` or `.`, or their full-width forms U+FF0C, U+FF0E. */
function isFractionMark(c: number): boolean {
  return c === 44 || c === 46 || c === 0xff0c || c === 0xff0e;
}

/**
 * Read one lenient timestamp (see the module comment) starting at `p` (no leading gaps). On success sets
 * `scanMs`, `scanEnd` (just past its last digit), `scanTruncated` and `scanFraction`, and returns true.
 * @param signed SubRip: a leading `-` and `-` on the minute, second and fraction fields are read as signs
 */
function readTime(s: string, p: number, signed: boolean): boolean {
  let whole = false;
  if (signed && s.charCodeAt(p) === 45) {
    whole = true;
    p++;
  }
  if (!isDigit(s.charCodeAt(p))) return false;
  // Groups separated by `:`, gaps allowed around it; a `:` not followed by a number ends the timestamp.
  let n = 0;
  for (;;) {
    p = readDigits(s, p);
    if (runDigits > 9) return false;
    groupValue[n] = runValue;
    groupDigits[n] = runDigits;
    groupHead[n] = runHead;
    n++;
    if (n === 4) break;
    let q = skipGaps(s, p);
    if (!isColon(s.charCodeAt(q))) break;
    q = skipGaps(s, q + 1);
    let negative = false;
    if (signed && s.charCodeAt(q) === 45) {
      negative = true;
      q++;
    }
    if (!isDigit(s.charCodeAt(q))) break;
    groupNegative[n] = negative;
    p = q;
  }
  // The fraction: the fourth group, or digits after `,` or `.`.
  let fraction = 0;
  let fractionDigits = 0;
  let fractionNegative = false;
  if (n === 4) {
    fractionDigits = groupDigits[3] as number;
    fractionNegative = groupNegative[3] as boolean;
    fraction = groupHead[3] as number;
    n = 3;
  } else {
    let q = skipGaps(s, p);
    if (isFractionMark(s.charCodeAt(q))) {
      q = skipGaps(s, q + 1);
      if (signed && s.charCodeAt(q) === 45) {
        fractionNegative = true;
        q++;
      }
      if (isDigit(s.charCodeAt(q))) {
        p = readDigits(s, q);
        fractionDigits = runDigits;
        fraction = runHead;
      } else {
        fractionNegative = false;
      }
    }
  }
  if (n === 3 && fractionDigits === 0 && (groupDigits[2] as number) > 2) {
    // `m:s:fff`: a third group of three or more digits cannot be seconds, so it is the fraction.
    fractionDigits = groupDigits[2] as number;
    fractionNegative = groupNegative[2] as boolean;
    fraction = groupHead[2] as number;
    n = 2;
  }
  // `fraction` holds at most the first three digits: scale one or two to milliseconds.
  if (fractionDigits === 1) fraction *= 100;
  else if (fractionDigits === 2) fraction *= 10;
  let h = 0;
  let m: number;
  let sec: number;
  let mDigits: number;
  let sDigits: number;
  if (n === 3) {
    h = groupValue[0] as number;
    m = groupValue[1] as number;
    sec = groupValue[2] as number;
    mDigits = groupDigits[1] as number;
    sDigits = groupDigits[2] as number;
    if (groupNegative[1]) m = -m;
    if (groupNegative[2]) sec = -sec;
  } else if (n === 2 && fractionDigits > 0) {
    // `m:s<f>`: without a fraction two groups could as well be hours and minutes.
    m = groupValue[0] as number;
    sec = groupValue[1] as number;
    mDigits = groupDigits[0] as number;
    sDigits = groupDigits[1] as number;
    if (groupNegative[1]) sec = -sec;
  } else {
    return false;
  }
  if (mDigits > 2 || sDigits > 2 || m > 59 || sec > 59) return false;
  if (fractionNegative) fraction = -fraction;
  const total = h * 3_600_000 + m * 60_000 + sec * 1000 + fraction;
  // `+ 0`: `-00:00:00,000` is 0, not -0.
  scanMs = (whole ? -total : total) + 0;
  scanEnd = p;
  scanTruncated = fractionDigits > 3;
  scanFraction = fractionDigits > 0;
  return true;
}

/**
 * The form nearly every file writes, `hh:mm:ss,mmm` or `hh:mm:ss.mmm` with two-digit hours, read at `pos` in one
 * go: sets `scanMs`/`scanEnd` and returns true when the text there is exactly that (and minutes and seconds are
 * at most 59). Otherwise returns false and {@link readTime} decides; for this form it gives the same value.
 */
function scanCommon(s: string, pos: number): boolean {
  const c8 = s.charCodeAt(pos + 8);
  if (s.charCodeAt(pos + 2) !== 58 || s.charCodeAt(pos + 5) !== 58 || (c8 !== 44 && c8 !== 46)) return false;
  const h1 = s.charCodeAt(pos);
  const h2 = s.charCodeAt(pos + 1);
  const m1 = s.charCodeAt(pos + 3);
  const m2 = s.charCodeAt(pos + 4);
  const s1 = s.charCodeAt(pos + 6);
  const s2 = s.charCodeAt(pos + 7);
  const f1 = s.charCodeAt(pos + 9);
  const f2 = s.charCodeAt(pos + 10);
  const f3 = s.charCodeAt(pos + 11);
  if (
    !isDigit(h1) ||
    !isDigit(h2) ||
    !isDigit(m1) ||
    !isDigit(m2) ||
    !isDigit(s1) ||
    !isDigit(s2) ||
    !isDigit(f1) ||
    !isDigit(f2) ||
    !isDigit(f3) ||
    isDigit(s.charCodeAt(pos + 12))
  ) {
    return false;
  }
  const m = (m1 - 48) * 10 + (m2 - 48);
  const sec = (s1 - 48) * 10 + (s2 - 48);
  if (m > 59 || sec > 59) return false;
  scanMs = ((h1 - 48) * 10 + (h2 - 48)) * 3_600_000 + m * 60_000 + sec * 1000 + (f1 - 48) * 100 + (f2 - 48) * 10 + (f3 - 48);
  scanEnd = pos + 12;
  return true;
}

/**
 * Where a timing arrow starting at `p` ends (just past its `>` or `→`), or -1 when there is none: one or more
 * dashes ({@link isDash}) with gaps allowed among them, then `>` (or `＞`, U+FF1E); or `→` (U+2192) alone.
 */
function readArrow(s: string, p: number): number {
  let c = s.charCodeAt(p);
  if (c === 0x2192) return p + 1;
  let dashes = 0;
  for (;;) {
    if (isDash(c)) dashes++;
    else if (!isGap(c)) break;
    c = s.charCodeAt(++p);
  }
  // `>` or its full-width form U+FF1E.
  return (c === 62 || c === 0xff1e) && dashes > 0 ? p + 1 : -1;
}

/**
 * Parse a timing line `<start> <arrow> <end>[ <rest>]` (see the module comment) in the given format. On success
 * fills {@link timing} (raw times, which may be negative for SubRip; `restStart` is the index of the WebVTT cue
 * settings or SubRip X1/Y1 coordinates, or the line length; `truncated`) and returns true.
 */
export function scanTimingLine(line: string, format: 'srt' | 'vtt'): boolean {
  return scanTiming(line, 0, line.length, format);
}

/**
 * {@link scanTimingLine} over the line `text[start, end)` of a whole text, without cutting it out. The character
 * at `end` must be a line terminator or the end of the text (see `lines.ts`); `restStart` is then an index into
 * `text`. Tries the fast path for `hh:mm:ss,mmm --> hh:mm:ss,mmm` first, then the lenient reader.
 */
export function scanTiming(text: string, start: number, end: number, format: 'srt' | 'vtt'): boolean {
  let p = start;
  let c = text.charCodeAt(p);
  // Cheap reject before any real scanning: most lines of a file are text.
  if (isDigit(c)) {
    if (scanCommon(text, p)) {
      const startMs = scanMs;
      p = scanEnd;
      while (text.charCodeAt(p) === 32) p++;
      if (text.charCodeAt(p) === 45 && text.charCodeAt(p + 1) === 45 && text.charCodeAt(p + 2) === 62) {
        p += 3;
        while (text.charCodeAt(p) === 32) p++;
        if (scanCommon(text, p)) {
          p = scanEnd;
          c = text.charCodeAt(p);
          if (p === end || c === 32 || c === 9) {
            while (p < end && isGap(text.charCodeAt(p))) p++;
            timing.startMs = startMs;
            timing.endMs = scanMs;
            timing.restStart = p;
            timing.truncated = false;
            return true;
          }
        }
      }
    }
  } else if (c !== 45 && !isGap(c)) {
    return false;
  }
  return scanLenient(text, start, end, format === 'srt');
}

/**
 * Whether a character right after the end time makes it no time: a digit, a letter (ASCII or beyond, as in
 * `00:00:02,0OO` from OCR) or a `:`. A gap or punctuation (`00:00:02,000.`) ends the time, and the rest is ignored.
 */
function gluedToTime(c: number): boolean {
  if (isGap(c)) return false;
  return isDigit(c) || c === 58 || ((c | 0x20) >= 97 && (c | 0x20) <= 122) || c > 127;
}

/** The lenient reader of {@link scanTiming}, for the lines its fast path does not take. */
function scanLenient(text: string, start: number, end: number, signed: boolean): boolean {
  let p = skipGaps(text, start);
  if (!readTime(text, p, signed)) return false;
  const startMs = scanMs;
  let truncated = scanTruncated;
  p = readArrow(text, skipGaps(text, scanEnd));
  if (p < 0) return false;
  if (!readTime(text, skipGaps(text, p), signed)) return false;
  p = scanEnd;
  if (p < end && gluedToTime(text.charCodeAt(p))) return false;
  while (p < end && isGap(text.charCodeAt(p))) p++;
  truncated ||= scanTruncated;
  timing.startMs = startMs;
  timing.endMs = scanMs;
  timing.restStart = p;
  timing.truncated = truncated;
  return true;
}

/**
 * How many time-like groups line `text[start, end)` holds, counting to 2 at most: a number, `:`, a number, then
 * `:` and a number or `,`/`.` directly followed by digits (`00:07:44`, `7:44.2`, `00 : 07 : 44`), gaps allowed
 * around the `:`. This is what "looks like a timing line" means for the loss check: a line with two of them
 * that is not read as a timing line has cost a cue. Clock times in dialogue are not counted: `7:30` and
 * `at 10:15, 11:00` are not time-like groups, and counting stops (returning what it has) at a word — three
 * ASCII letters in a row, or two other letters (`から`) — before the second group, or at more than two characters other than gaps and
 * digits before the first (`Between 10:30:00 and 11:45:00` is text; `O0:00:03,000 ==> 00:00:04,000`, an OCR `O`
 * before a broken timing line, is not).
 */
export function timeLikeGroups(text: string, start: number, end: number): number {
  let count = 0;
  let lead = 0;
  let letters = 0;
  let p = start;
  while (p < end) {
    const c = text.charCodeAt(p);
    if (isDigit(c)) {
      letters = 0;
      const next = p > start && isDigit(text.charCodeAt(p - 1)) ? -1 : timeLikeAt(text, p, end);
      if (next < 0) {
        p++;
        continue;
      }
      if (++count === 2) return count;
      p = next;
      continue;
    }
    if (isGap(c)) {
      letters = 0;
    } else {
      if (count === 0 && ++lead > 2) return 0;
      if (isWordChar(c)) {
        // Beyond ASCII two characters make a word (`から`, `und` but not `y`).
        letters += c < 128 ? 1 : 2;
        if (letters >= 3) return count;
      } else {
        letters = 0;
      }
    }
    p++;
  }
  return count;
}

/** A character of a word for {@link timeLikeGroups}: an ASCII letter, or beyond ASCII anything but a dash or `→`. */
function isWordChar(c: number): boolean {
  if (c < 128) return (c | 0x20) >= 97 && (c | 0x20) <= 122;
  return !isDash(c) && c !== 0x2192;
}

/** End of the time-like group starting at digit `p` ({@link timeLikeGroups}), or -1. */
function timeLikeAt(s: string, p: number, end: number): number {
  while (isDigit(s.charCodeAt(p))) p++;
  p = skipGaps(s, p);
  if (!isColon(s.charCodeAt(p))) return -1;
  p = skipGaps(s, p + 1);
  if (!isDigit(s.charCodeAt(p))) return -1;
  while (isDigit(s.charCodeAt(p))) p++;
  let q = skipGaps(s, p);
  const sep = s.charCodeAt(q);
  if (isColon(sep)) {
    q = skipGaps(s, q + 1);
    if (!isDigit(s.charCodeAt(q))) return -1;
  } else if (isFractionMark(sep)) {
    q = q + 1;
    if (!isDigit(s.charCodeAt(q))) return -1;
  } else {
    return -1;
  }
  while (isDigit(s.charCodeAt(q))) q++;
  return q > end ? end : q;
}

/**
 * Whether a timestamp of the lenient grammar (signs allowed) starts at `p` of `text`: a line that begins like one.
 * @param withFraction only a timestamp with a fraction of a second (`00:04:53,668`, not the clock time `10:30:00`)
 */
export function readsAsTime(text: string, p: number, withFraction = false): boolean {
  return readTime(text, p, true) && (!withFraction || scanFraction);
}

/**
 * Parse one timestamp to integer milliseconds with the lenient grammar of the module comment (`00:00:01,000`,
 * `0:0:1,5`, `00: 07: 44.240`, `00:01:02`, `01:02.5`, `00:00:01:500`, a fraction of four or more digits
 * truncated to milliseconds). Surrounding gaps are ignored.
 *
 * `format: 'srt'` (default) also reads signs, and may return a negative value for badly shifted files
 * (`00:00:-1,-250` → -1250); `'vtt'` never does.
 * @throws RangeError when the text is not a timestamp of that format.
 */
export function parseTimestamp(text: string, format: 'srt' | 'vtt' = 'srt'): number {
  const start = skipGaps(text, 0);
  let end = text.length;
  while (end > start && isGap(text.charCodeAt(end - 1))) end--;
  if (!readTime(text, start, format === 'srt') || scanEnd !== end) {
    throw new RangeError(`not a ${format} timestamp: ${JSON.stringify(text)}`);
  }
  return scanMs;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function format(ms: number, sep: string): string {
  if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`not a non-negative integer of milliseconds: ${ms}`);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  // Hours take as many digits as they need (>= 2): 360001000 ms is `100:00:01,000`, never `00:00:01,000`.
  return `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${sep}${pad(ms % 1000, 3)}`;
}

/**
 * Format integer milliseconds as a SubRip time `HH:MM:SS,mmm` (hours widen past 99).
 * @throws RangeError for a negative, fractional or non-finite value.
 */
export function formatSrtTime(ms: number): string {
  return format(ms, ',');
}

/**
 * Format integer milliseconds as a WebVTT time `HH:MM:SS.mmm` (always with hours, which the spec allows;
 * hours widen past 99).
 * @throws RangeError for a negative, fractional or non-finite value.
 */
export function formatVttTime(ms: number): string {
  return format(ms, '.');
}
