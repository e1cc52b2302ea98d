/**
 * SubRip (`.srt`) parser. SubRip has no formal specification; the rules follow what players and the common
 * libraries accept (ffmpeg `srtdec.c`, pysubs2, cdown/srt), lenient by default:
 *
 * - a timing line `<start> --> <end>` (see `time.ts`; optional X1/Y1 coordinates after it) is the only thing that
 *   starts a cue; the index line before it is optional (`id` null without one) and kept as written;
 * - blank lines separate cues but may be missing: an index line directly followed by a timing line, or a timing
 *   line, starts the next cue anyway;
 * - a text block after a blank line that does not start a cue belongs to the previous cue (ffmpeg/pysubs2
 *   look-ahead), with a `blank-line-in-cue` warning;
 * - a block whose timing line is broken (an index followed by a non-timing line, or a time-like line that does
 *   not parse) costs that cue alone: a `timing-line` warning, and its text lines are dropped with it rather than
 *   glued onto the previous cue;
 * - negative times are clamped to 0 (`negative-time`), an end before the start is set to the start
 *   (`end-before-start`); the cue is kept either way.
 *
 * Linear: one pass over the lines, at most one line of look-ahead, per-line scanners and no regex over the file.
 */
import type { Cue } from '../schema.js';
import { Problems, quoteLine } from './errors.js';
import { plainText } from './tags.js';
import { scanTimingLine, timing } from './time.js';
import type { ParsedSubtitles, ParseOptions } from './types.js';

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 12 || c === 11 || c === 0xa0 || c === 0xfeff;
}

/** True for an empty or whitespace-only line (a block separator). */
export function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isSpace(line.charCodeAt(i))) return false;
  return true;
}

/** The line without trailing whitespace; the same string when there is none (no allocation). */
export function trimEnd(line: string): string {
  return isSpace(line.charCodeAt(line.length - 1)) ? line.trimEnd() : line;
}

/** A SubRip index line: digits only, surrounding whitespace allowed. */
function isIndex(line: string): boolean {
  let p = 0;
  let c = line.charCodeAt(0);
  while (isSpace(c)) c = line.charCodeAt(++p);
  if (!isDigit(c)) return false;
  while (isDigit(c)) c = line.charCodeAt(++p);
  while (isSpace(c)) c = line.charCodeAt(++p);
  return p >= line.length;
}

/** A line starting like a full clock time `h:m:s,ms` (`00:00:01,000 -- > …`), with or without an arrow. */
const CLOCK_START = /^\s*-?\d+\s*:\s*-?\d+\s*:\s*-?\d+\s*[,.:]\s*-?\d/;

/**
 * Whether a line that failed to parse as a timing line was meant as one, so its block is a broken cue rather
 * than text: it starts with a (signed) number and either has an arrow (`->`, `-->`) after a `:`, or — where a
 * block starts, and only there, since text may begin with a clock time (`7:30 sharp.`) — begins with a full
 * clock time.
 */
export function looksLikeTiming(line: string, atBlockStart: boolean): boolean {
  let p = 0;
  let c = line.charCodeAt(0);
  while (isSpace(c)) c = line.charCodeAt(++p);
  if (c === 45) c = line.charCodeAt(p + 1);
  if (!isDigit(c)) return false;
  const colon = line.indexOf(':', p);
  if (colon >= 0 && line.indexOf('->', colon) >= 0) return true;
  return atBlockStart && CLOCK_START.test(line);
}

/**
 * Split decoded text into lines: LF, CRLF and a lone CR (classic Mac OS) each end a line, mixed freely; a
 * leading U+FEFF (a BOM kept by a caller's own decoding) is dropped. Line `k` of the result is line `k + 1` of
 * the file in warnings.
 */
export function splitLines(text: string): string[] {
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  // The native split is several times faster than a character loop; CRs are dealt with per line after it.
  const lines = s.split('\n');
  if (s.indexOf('\r') < 0) return lines;
  const n = lines.length;
  for (let i = 0; i < n; i++) {
    const line = lines[i] as string;
    const cr = line.indexOf('\r');
    if (cr < 0) continue;
    if (cr === line.length - 1) lines[i] = line.slice(0, cr);
    else return splitLoneCr(lines, i);
  }
  return lines;
}

/** The rest of {@link splitLines} once a lone CR turned up at line `from`: split those lines on CR too. */
function splitLoneCr(lines: string[], from: number): string[] {
  const out = lines.slice(0, from);
  for (let i = from; i < lines.length; i++) {
    const parts = (lines[i] as string).split('\r');
    // A CR right before the LF (CRLF) leaves an empty last part that is no line of its own.
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
    for (const part of parts) out.push(part);
  }
  return out;
}

/**
 * A cue's raw text from its lines `from..to` (0-based, inclusive): the non-blank lines, right-trimmed, joined by
 * `\n`. Blank lines in the range are the ones a lenient parse let into the cue; they are not part of its text.
 */
export function cueText(lines: string[], from: number, to: number): string {
  let text = '';
  for (let k = from; k <= to; k++) {
    const line = lines[k] as string;
    if (isBlank(line)) continue;
    text = text.length === 0 ? trimEnd(line) : `${text}\n${trimEnd(line)}`;
  }
  return text;
}

/** How a cue is named in messages: its id as written, else its 1-based position. */
export function cueLabel(id: string | null, index: number): string {
  return `cue ${id ?? String(index + 1)}`;
}

/**
 * Repair the times just read into `timing` (from `time.ts`) for the cue about to start: negative times are
 * clamped to 0 (`negative-time`), an end before the start becomes the start (`end-before-start`).
 * @throws SubtitleParseError in strict mode.
 */
export function settleTimes(problems: Problems, label: string, line: number): void {
  const { startMs, endMs } = timing;
  if (startMs < 0) {
    problems.report('negative-time', `negative start clamped (${label}): ${startMs} ms → 0`, line);
    timing.startMs = 0;
  }
  if (endMs < 0) {
    problems.report('negative-time', `negative end clamped (${label}): ${endMs} ms → 0`, line);
    timing.endMs = 0;
  }
  if (timing.endMs < timing.startMs) {
    problems.report(
      'end-before-start',
      `end before start (${label}): ${timing.endMs} ms < ${timing.startMs} ms, end set to start`,
      line,
    );
    timing.endMs = timing.startMs;
  }
}

/**
 * Parse SubRip text into cues (file order, overlaps kept) and warnings.
 *
 * Returns `{ format: 'srt', cues, warnings }`; each cue is `{ index, id, startMs, endMs, text, plain, line }`
 * with times in integer milliseconds and `line` the 1-based line of its timing line. Warning codes:
 * `timing-line`, `missing-timing`, `text-outside-cue`, `blank-line-in-cue`, `negative-time`, `end-before-start`.
 * @throws SubtitleParseError at the first problem when `options.strict` is set (never otherwise).
 */
export function parseSrt(text: string, options: ParseOptions = {}): ParsedSubtitles {
  const lines = splitLines(text);
  const n = lines.length;
  const problems = new Problems(options.strict === true, options.fileName);
  const cues: Cue[] = [];

  // The open cue: 0-based index of its timing line (-1: none open), id, times and its last text line. Its text
  // is read from the lines when it closes: no string building per line. Plain locals, no closures: this loop
  // runs once per line of multi-megabyte files.
  let at = -1;
  let id: string | null = null;
  let startMs = 0;
  let endMs = 0;
  let last = -1;
  // `skipping`: the lines belong to a broken cue and are dropped with it.
  let skipping = false;
  // A blank line was seen since the last text, so the next non-blank line starts a block; where it was.
  let blockStart = true;
  let blankAt = 0;

  for (let i = 0; i < n; i++) {
    const line = lines[i] as string;
    if (isBlank(line)) {
      if (!blockStart) {
        blockStart = true;
        blankAt = i + 1;
      }
      continue;
    }
    // Does this line start a cue (timing line at `cueAt`), a broken cue (bad timing line at `badAt`), or is it
    // an index line with nothing after it (`orphan`)? Otherwise it is text.
    let cueAt = -1;
    let cueId: string | null = null;
    let badAt = -1;
    let orphan = false;
    const next = i + 1 < n ? (lines[i + 1] as string) : '';
    // Index lines first: the cheap test, and an index line is never a timing line.
    if (isIndex(line)) {
      if (scanTimingLine(next, 'srt')) {
        cueAt = i + 1;
        cueId = line.trim();
      } else if (blockStart ? !isBlank(next) : looksLikeTiming(next, false)) {
        // After a blank line, an index followed by anything but a timing line is a cue whose timing broke.
        badAt = i + 1;
      } else if (blockStart) {
        orphan = true;
      }
      // Otherwise a number inside a cue's text ("2"): text.
    } else if (scanTimingLine(line, 'srt')) {
      cueAt = i;
    } else if (looksLikeTiming(line, blockStart)) {
      badAt = i;
    } else if (blockStart && scanTimingLine(next, 'srt')) {
      // A non-numeric identifier directly before a timing line: kept as the id, like a WebVTT cue id.
      cueAt = i + 1;
      cueId = line.trim();
    }

    if (cueAt >= 0 || badAt >= 0 || orphan) {
      if (at >= 0) cues.push(srtCue(lines, cues.length, id, startMs, endMs, at, last));
      at = -1;
      blockStart = false;
      if (cueAt >= 0) {
        settleTimes(problems, cueLabel(cueId, cues.length), cueAt + 1);
        at = cueAt;
        last = cueAt;
        id = cueId;
        startMs = timing.startMs;
        endMs = timing.endMs;
        skipping = false;
        i = cueAt;
      } else if (badAt >= 0) {
        problems.report('timing-line', `invalid timing line ${quoteLine(lines[badAt] as string)}`, badAt + 1);
        skipping = true;
        i = badAt;
      } else {
        problems.report('missing-timing', `index line ${quoteLine(line.trim())} without a timing line`, i + 1);
        skipping = true;
      }
      continue;
    }

    if (blockStart) {
      blockStart = false;
      if (at >= 0) problems.report('blank-line-in-cue', `blank line inside ${cueLabel(id, cues.length)}`, blankAt);
      else if (!skipping) {
        problems.report('text-outside-cue', `text outside any cue ${quoteLine(line)}`, i + 1);
        skipping = true;
      }
    }
    if (at >= 0) last = i;
  }
  if (at >= 0) cues.push(srtCue(lines, cues.length, id, startMs, endMs, at, last));
  return { format: 'srt', cues, warnings: problems.warnings };
}

/** The SubRip cue whose timing line is `at` and last text line `last` (0-based line indexes). */
function srtCue(
  lines: string[],
  index: number,
  id: string | null,
  startMs: number,
  endMs: number,
  at: number,
  last: number,
): Cue {
  const text = cueText(lines, at + 1, last);
  return { index, id, startMs, endMs, text, plain: plainText(text), line: at + 1 };
}
