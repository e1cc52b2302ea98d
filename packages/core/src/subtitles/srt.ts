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
 * - negative times are clamped to 0 (`negative-time`); an end before the start is kept as written and the cue
 *   marked `valid: false` with a `reason` (`end-before-start`): whatever needs a duration treats it as
 *   zero-length at its start (`cueEndMs` in `cue.ts`);
 * - loss check: a line that looks like a timing line (an arrow after a time, or two time-like groups) but is not
 *   read as one costs its cue with a `timing-line` warning naming its line; when two or more do, the parse ends
 *   with one `timing-lines-lost` warning counting them and naming the first three lines.
 *
 * Timing lines follow the lenient grammar of `time.ts`. Invisible characters (`chars.ts`) around an index or in
 * a timing line are gaps; in text they stay.
 *
 * Linear: one pass over the lines, at most one line of look-ahead, per-line scanners and no regex over the file.
 */
import type { Cue } from '../schema.js';
import { isDash, isDigit, isGap } from './chars.js';
import { Problems, quoteLine } from './errors.js';
import { linesOf, type LineTable } from './lines.js';
import { plainText } from './tags.js';
import { formatSrtTime, formatVttTime, readsAsTime, scanTiming, timeLikeGroups, timing } from './time.js';
import type { ParsedSubtitles, ParseOptions } from './types.js';

/**
 * Whether line `k`, which failed to parse as a timing line, was meant as one, so its block is a broken cue rather
 * than text: it has two time-like groups (`time.ts` `timeLikeGroups`: `00:07:44,240 ==> 00:07:46,400`), or it
 * starts with a (signed) number and has an arrow (`->`, `—>`, `- ->`…) after a `:`, or starts with a number and
 * holds two timestamps with other field separators (`00;00;03,000 --> 00;00;04,000`), or — where a block starts,
 * and only there, since text may begin with a clock time (`7:30 sharp.`) — begins with a full timestamp.
 */
export function looksLikeTiming(lines: LineTable, k: number, atBlockStart: boolean): boolean {
  const text = lines.text;
  const s = lines.starts[k] as number;
  const e = lines.ends[k] as number;
  let p = s;
  let c = text.charCodeAt(p);
  while (isGap(c)) c = text.charCodeAt(++p);
  const first = p;
  if (c === 45) c = text.charCodeAt(p + 1);
  if (isDigit(c) && lines.hasColon(k)) {
    // Rare from here on (a line starting with a number, with a `:`): plain scans over the line.
    let q = p;
    while (text.charCodeAt(q) !== 58) q++;
    for (; q < e; q++) {
      c = text.charCodeAt(q);
      if (c === 0x2192) return true;
      if (!isDash(c)) continue;
      let r = q + 1;
      while (isDash(text.charCodeAt(r)) || isGap(text.charCodeAt(r))) r++;
      if (text.charCodeAt(r) === 62) return true;
    }
    if (atBlockStart && readsAsTime(text, first)) return true;
  }
  if (isDigit(c) && otherSeparatorTimes(text, p, e)) return true;
  return lines.hasColon(k) && timeLikeGroups(text, s, e) >= 2;
}

/**
 * Whether `text[p, e)` holds two timestamps whose fields are joined by something other than `:`
 * (`00;00;03,000 --> 00;00;04,000`, `00.00.03.000 00.00.04.000`): two runs of three or more numbers joined by `;`,
 * `.`, `,` or `:` with nothing else between them, the first joint not a `:` (those are `timeLikeGroups`'s). A
 * countdown (`10, 9, 8`) has spaces between its numbers, a clock time (`7.30`) two numbers.
 */
function otherSeparatorTimes(text: string, p: number, e: number): boolean {
  let groups = 0;
  while (p < e) {
    if (!isDigit(text.charCodeAt(p))) {
      p++;
      continue;
    }
    let fields = 0;
    let colonFirst = false;
    for (;;) {
      while (isDigit(text.charCodeAt(p))) p++;
      fields++;
      const c = text.charCodeAt(p);
      if ((c === 58 || c === 59 || c === 46 || c === 44) && isDigit(text.charCodeAt(p + 1))) {
        if (fields === 1) colonFirst = c === 58;
        p++;
      } else {
        break;
      }
    }
    if (fields >= 3 && !colonFirst && ++groups === 2) return true;
  }
  return false;
}

/**
 * Whether line `k` begins (after gaps) with a timestamp that has a fraction of a second (`00:04:53,668`, a timing
 * line that lost its arrow and end): after an index line inside a cue's text, that is a broken cue, not text.
 * A clock time (`10:30:00 sharp.`) has no fraction.
 */
export function startsWithTimestamp(lines: LineTable, k: number): boolean {
  const text = lines.text;
  let p = lines.starts[k] as number;
  while (isGap(text.charCodeAt(p))) p++;
  return p < (lines.ends[k] as number) && readsAsTime(text, p, true);
}

/** Whether line `k` is a timing line of the format; its times are then in `timing` (see `time.ts`). */
export function isTimingLine(lines: LineTable, k: number, format: 'srt' | 'vtt'): boolean {
  return scanTiming(lines.text, lines.starts[k] as number, lines.ends[k] as number, format);
}

/** How a cue is named in messages: its id as written, else its 1-based position. */
export function cueLabel(id: string | null, index: number): string {
  return `cue ${id ?? String(index + 1)}`;
}

/**
 * Check the times just read into `timing` (from `time.ts`) for the cue about to start, the `index`-th, with
 * identifier `id`, whose timing line is line `k` (0-based) of `lines`:
 * - a fraction of four or more digits was truncated to milliseconds (`fraction-truncated`);
 * - negative times are clamped to 0 in `timing` (`negative-time`);
 * - an end before the start is kept as written (`end-before-start`, naming the line and both times).
 * @returns null for a valid cue, else the reason it is invalid (for the cue's `reason`)
 * @throws SubtitleParseError in strict mode.
 */
export function settleTimes(
  problems: Problems,
  lines: LineTable,
  k: number,
  id: string | null,
  index: number,
  format: 'srt' | 'vtt',
): string | null {
  const { startMs, endMs } = timing;
  // The usual case, checked first so that no label is built for a cue without a problem.
  if (startMs >= 0 && endMs >= startMs && !timing.truncated) return null;
  const label = cueLabel(id, index);
  const line = k + 1;
  if (timing.truncated) {
    problems.report(
      'fraction-truncated',
      `fraction of a second with more than three digits truncated to milliseconds (${label}): ${quoteLine(lines.trimmed(k))}`,
      line,
    );
  }
  if (startMs < 0) {
    problems.report('negative-time', `negative start clamped (${label}): ${startMs} ms → 0`, line);
    timing.startMs = 0;
  }
  if (endMs < 0) {
    problems.report('negative-time', `negative end clamped (${label}): ${endMs} ms → 0`, line);
    timing.endMs = 0;
  }
  if (timing.endMs >= timing.startMs) return null;
  const time = format === 'vtt' ? formatVttTime : formatSrtTime;
  const start = `${time(timing.startMs)} (${timing.startMs} ms)`;
  const end = `${time(timing.endMs)} (${timing.endMs} ms)`;
  problems.report(
    'end-before-start',
    `end before start (${label}): line ${line} starts ${start}, ends ${end}; kept as written, marked invalid, timed as zero-length at its start`,
    line,
  );
  return `end before start: starts ${start}, ends ${end}`;
}

/**
 * Parse SubRip text into cues (file order, overlaps kept) and warnings.
 *
 * Returns `{ format: 'srt', cues, warnings }`; each cue is `{ index, id, startMs, endMs, text, plain, line }`
 * with times in integer milliseconds and `line` the 1-based line of its timing line. Warning codes:
 * `timing-line`, `timing-lines-lost`, `missing-timing`, `text-outside-cue`, `blank-line-in-cue`, `fraction-truncated`,
 * `negative-time`, `end-before-start`. A cue whose end is before its start has `valid: false` and a `reason`.
 * @throws SubtitleParseError at the first problem when `options.strict` is set (never otherwise).
 */
export function parseSrt(text: string, options: ParseOptions = {}): ParsedSubtitles {
  const lines = linesOf(text);
  try {
    return readSrt(lines, options);
  } finally {
    lines.release();
  }
}

/** {@link parseSrt} over the text's line table. */
function readSrt(lines: LineTable, options: ParseOptions): ParsedSubtitles {
  const n = lines.count;
  const problems = new Problems(options.strict === true, options.fileName);
  const cues: Cue[] = [];

  // The open cue: 0-based index of its timing line (-1: none open), id, times and its last text line. Its text
  // is read from the lines when it closes: no string building per line. Plain locals, no closures: this loop
  // runs once per line of multi-megabyte files.
  let at = -1;
  let id: string | null = null;
  let startMs = 0;
  let endMs = 0;
  let reason: string | null = null;
  let last = -1;
  // `skipping`: the lines belong to a broken cue and are dropped with it.
  let skipping = false;
  // A blank line was seen since the last text, so the next non-blank line starts a block; where it was.
  let blockStart = true;
  let blankAt = 0;

  for (let i = 0; i < n; i++) {
    if (lines.isBlank(i)) {
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
    // Index lines first: the cheap test, and an index line is never a timing line.
    // Line `i + 1` always exists: past the last line is an empty one (see `LineTable`).
    if (lines.isIndex(i)) {
      if (isTimingLine(lines, i + 1, 'srt')) {
        cueAt = i + 1;
        cueId = lines.indexId(i);
      } else if (blockStart ? !lines.isBlank(i + 1) : looksLikeTiming(lines, i + 1, false) || startsWithTimestamp(lines, i + 1)) {
        // After a blank line, an index followed by anything but a timing line is a cue whose timing broke; inside
        // a cue's text (a blank line missing), one followed by a line that is or begins with a timestamp too.
        badAt = i + 1;
      } else if (blockStart) {
        orphan = true;
      }
      // Otherwise a number inside a cue's text ("2"): text.
    } else if (isTimingLine(lines, i, 'srt')) {
      cueAt = i;
    } else if (looksLikeTiming(lines, i, blockStart)) {
      badAt = i;
    } else if (blockStart && isTimingLine(lines, i + 1, 'srt')) {
      // A non-numeric identifier directly before a timing line: kept as the id, like a WebVTT cue id.
      cueAt = i + 1;
      cueId = lines.trimmed(i);
    }

    if (cueAt >= 0 || badAt >= 0 || orphan) {
      if (at >= 0) cues.push(srtCue(lines, cues.length, id, startMs, endMs, reason, at, last));
      at = -1;
      blockStart = false;
      if (cueAt >= 0) {
        reason = settleTimes(problems, lines, cueAt, cueId, cues.length, 'srt');
        at = cueAt;
        last = cueAt;
        id = cueId;
        startMs = timing.startMs;
        endMs = timing.endMs;
        skipping = false;
        i = cueAt;
      } else if (badAt >= 0) {
        problems.timingLineLost(`invalid timing line ${quoteLine(lines.line(badAt))}`, badAt + 1);
        skipping = true;
        i = badAt;
      } else {
        problems.report('missing-timing', `index line ${quoteLine(lines.trimmed(i))} without a timing line`, i + 1);
        skipping = true;
      }
      continue;
    }

    if (blockStart) {
      blockStart = false;
      if (at >= 0) problems.report('blank-line-in-cue', `blank line inside ${cueLabel(id, cues.length)}`, blankAt);
      else if (!skipping) {
        problems.report('text-outside-cue', `text outside any cue ${quoteLine(lines.line(i))}`, i + 1);
        skipping = true;
      }
    }
    if (at >= 0) last = i;
  }
  if (at >= 0) cues.push(srtCue(lines, cues.length, id, startMs, endMs, reason, at, last));
  return { format: 'srt', cues, warnings: problems.finish() };
}

/**
 * The SubRip cue whose timing line is `at` and last text line `last` (0-based line indexes); `reason` non-null
 * marks it invalid (see {@link settleTimes}).
 */
function srtCue(
  lines: LineTable,
  index: number,
  id: string | null,
  startMs: number,
  endMs: number,
  reason: string | null,
  at: number,
  last: number,
): Cue {
  const text = lines.cueText(at + 1, last);
  const plain = lines.isPlain(at + 1, last, false) ? text : plainText(text);
  if (reason !== null) return { index, id, startMs, endMs, text, plain, line: at + 1, valid: false, reason };
  return { index, id, startMs, endMs, text, plain, line: at + 1 };
}
