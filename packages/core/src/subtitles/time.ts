/**
 * Subtitle timestamps: parsing to integer milliseconds and formatting back.
 *
 * Rules:
 * - SubRip has no formal spec; the de-facto grammar is `HH:MM:SS,mmm` (ffmpeg `libavformat/srtdec.c`, which
 *   reads `%d:%2d:%2d%*1[,.]%3d`). LangFlix follows ffmpeg's leniency: `.` or `,` before the milliseconds, 1+
 *   hour digits (>= 100 h must not wrap), 1–2 minute/second digits, 1–3 millisecond digits read as an integer
 *   count of milliseconds (`,5` is 5 ms, as in ffmpeg). Badly shifted files carry signs: a leading `-` negates
 *   the whole time (`-00:00:00,400` = -400 ms) and a `-` on a field negates that field (`00:00:-1,-250` =
 *   -1250 ms). Minutes and seconds above 59 are rejected, as in WebVTT.
 * - WebVTT: W3C WebVTT spec (https://www.w3.org/TR/webvtt1/), parsing algorithm "collect a WebVTT timestamp":
 *   `mm:ss.ttt` or `h+:mm:ss.ttt`, exactly two minute/second digits and three millisecond digits; a first field
 *   that is not two digits or is > 59 is hours. LangFlix also accepts `,` before the milliseconds (files
 *   converted from SubRip), which browsers reject.
 *
 * The scanners keep their results in module variables instead of returning objects: they run once or twice per
 * line of multi-megabyte files, and allocation-free scanning keeps the parsers near the speed of regex-only ones.
 */

/**
 * What the last scan read: where it ended, the value, whether a field had a minus. Internal scratch overwritten
 * by every call (module variables rather than returned objects: no allocation, and small integers only, so the
 * JIT keeps everything unboxed).
 */
let scanEnd = 0;
let scanNeg = false;
let scanMs = 0;

/** Result of {@link scanTimingLine}: raw (possibly negative) times and where the settings/coordinates start. */
export const timing = { startMs: 0, endMs: 0, restStart: 0 };

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 0xa0;
}

/**
 * Read `min`–`max` digits at `pos`, after a `-` when `signed` (then `scanNeg`). Returns the unsigned value and
 * leaves the end in `scanEnd`, or -1. More digits than `max` make the field invalid, not shorter.
 */
function scanField(s: string, pos: number, min: number, max: number, signed: boolean): number {
  let c = s.charCodeAt(pos);
  scanNeg = false;
  if (signed && c === 45) {
    scanNeg = true;
    c = s.charCodeAt(++pos);
  }
  const start = pos;
  let value = 0;
  while (c >= 48 && c <= 57) {
    value = value * 10 + (c - 48);
    c = s.charCodeAt(++pos);
  }
  const n = pos - start;
  if (n < min || n > max) return -1;
  scanEnd = pos;
  return value;
}

/** Scan a SubRip timestamp at `pos`; on success sets `scanMs`/`scanEnd` and returns true. */
function scanSrt(s: string, pos: number): boolean {
  const whole = s.charCodeAt(pos) === 45;
  const h = scanField(s, whole ? pos + 1 : pos, 1, 9, false);
  if (h < 0 || s.charCodeAt(scanEnd) !== 58) return false;
  let m = scanField(s, scanEnd + 1, 1, 2, true);
  if (m < 0 || m > 59 || s.charCodeAt(scanEnd) !== 58) return false;
  if (scanNeg) m = -m;
  let sec = scanField(s, scanEnd + 1, 1, 2, true);
  if (sec < 0 || sec > 59) return false;
  if (scanNeg) sec = -sec;
  const sep = s.charCodeAt(scanEnd);
  if (sep !== 44 && sep !== 46) return false;
  let ms = scanField(s, scanEnd + 1, 1, 3, true);
  if (ms < 0) return false;
  if (scanNeg) ms = -ms;
  const total = h * 3_600_000 + m * 60_000 + sec * 1000 + ms;
  // `-00:00:00,000` is 0, not -0.
  scanMs = whole && total !== 0 ? -total : total;
  return true;
}

/** Scan a WebVTT timestamp at `pos` (W3C WebVTT "collect a WebVTT timestamp", plus `,` before milliseconds). */
function scanVtt(s: string, pos: number): boolean {
  const v1 = scanField(s, pos, 1, 9, false);
  if (v1 < 0 || s.charCodeAt(scanEnd) !== 58) return false;
  const hoursFirst = scanEnd - pos !== 2 || v1 > 59;
  const v2 = scanField(s, scanEnd + 1, 2, 2, false);
  if (v2 < 0) return false;
  let h = 0;
  let m = v1;
  let sec = v2;
  if (hoursFirst || s.charCodeAt(scanEnd) === 58) {
    if (s.charCodeAt(scanEnd) !== 58) return false;
    const v3 = scanField(s, scanEnd + 1, 2, 2, false);
    if (v3 < 0) return false;
    h = v1;
    m = v2;
    sec = v3;
  }
  const sep = s.charCodeAt(scanEnd);
  if (sep !== 46 && sep !== 44) return false;
  const ms = scanField(s, scanEnd + 1, 3, 3, false);
  if (ms < 0 || m > 59 || sec > 59) return false;
  scanMs = h * 3_600_000 + m * 60_000 + sec * 1000 + ms;
  return true;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * The form nearly every file writes, `hh:mm:ss,mmm` or `hh:mm:ss.mmm` with two-digit hours, read at `pos` in one
 * go: sets `scanMs`/`scanEnd` and returns true when the text there is exactly that (and minutes and seconds are
 * at most 59). Otherwise returns false and the general scanners decide; for this form they give the same value
 * in both formats.
 */
function scanCommon(s: string, pos: number): boolean {
  if (pos + 12 > s.length) return false;
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
    !isDigitCode(h1) ||
    !isDigitCode(h2) ||
    !isDigitCode(m1) ||
    !isDigitCode(m2) ||
    !isDigitCode(s1) ||
    !isDigitCode(s2) ||
    !isDigitCode(f1) ||
    !isDigitCode(f2) ||
    !isDigitCode(f3) ||
    isDigitCode(s.charCodeAt(pos + 12))
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
 * Parse a timing line `<start> --> <end>[ <rest>]` in the given format. On success fills {@link timing}
 * (raw times, which may be negative for SubRip; `restStart` is the index of the WebVTT cue settings or SubRip
 * X1/Y1 coordinates, or the line length) and returns true. Spacing around the arrow is free (SubRip files are
 * written without it too); anything after the end time must be separated by whitespace.
 */
export function scanTimingLine(line: string, format: 'srt' | 'vtt'): boolean {
  return scanTiming(line, 0, line.length, format);
}

/**
 * {@link scanTimingLine} over the line `text[start, end)` of a whole text, without cutting it out. The character
 * at `end` must be a line terminator or the end of the text (see `lines.ts`); `restStart` is then an index into
 * `text`.
 */
export function scanTiming(text: string, start: number, end: number, format: 'srt' | 'vtt'): boolean {
  let p = start;
  let c = text.charCodeAt(p);
  while (isSpace(c)) c = text.charCodeAt(++p);
  // Cheap reject before any real scanning: most lines of a file are text.
  if ((c < 48 || c > 57) && c !== 45) return false;
  // Two direct calls rather than one through a variable: a monomorphic call site the JIT can inline.
  const srt = format === 'srt';
  if (!scanCommon(text, p) && !(srt ? scanSrt(text, p) : scanVtt(text, p))) return false;
  timing.startMs = scanMs;
  p = scanEnd;
  while (isSpace(text.charCodeAt(p))) p++;
  if (text.charCodeAt(p) !== 45 || text.charCodeAt(p + 1) !== 45 || text.charCodeAt(p + 2) !== 62) return false;
  p += 3;
  while (isSpace(text.charCodeAt(p))) p++;
  if (!scanCommon(text, p) && !(srt ? scanSrt(text, p) : scanVtt(text, p))) return false;
  timing.endMs = scanMs;
  p = scanEnd;
  if (p < end && !isSpace(text.charCodeAt(p))) return false;
  while (p < end && isSpace(text.charCodeAt(p))) p++;
  timing.restStart = p;
  return true;
}

/**
 * Parse one timestamp to integer milliseconds.
 *
 * `format: 'srt'` (default) accepts SubRip times leniently and may return a negative value for badly shifted
 * files (`00:00:-1,-250` → -1250); `'vtt'` follows W3C WebVTT "collect a WebVTT timestamp" (`mm:ss.ttt` or
 * `h+:mm:ss.ttt`). Surrounding whitespace is ignored.
 * @throws RangeError when the text is not a timestamp of that format.
 */
export function parseTimestamp(text: string, format: 'srt' | 'vtt' = 'srt'): number {
  const t = text.trim();
  const ok = format === 'srt' ? scanSrt(t, 0) : scanVtt(t, 0);
  if (!ok || scanEnd !== t.length) throw new RangeError(`not a ${format} timestamp: ${JSON.stringify(text)}`);
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
