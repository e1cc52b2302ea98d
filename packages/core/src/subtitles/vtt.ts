/**
 * WebVTT (`.vtt`) parser, after the W3C WebVTT spec (https://www.w3.org/TR/webvtt1/) "WebVTT parser algorithm",
 * lenient where files in the wild need it:
 *
 * - the file starts with `WEBVTT`, alone or followed by a space or tab and anything (leading blank lines are
 *   tolerated); header lines (`Kind:`, `Language:`, …) run to the first blank line;
 * - blocks are separated by blank lines; `NOTE`, `STYLE` and `REGION` blocks are skipped;
 * - a cue is an optional identifier line (any line without `-->`), a timing line `<start> --> <end> [settings]`
 *   (read with the lenient grammar of `time.ts`, which takes the spec's `mm:ss.ttt` and `h+:mm:ss.ttt` and what
 *   people write instead), then text up to a blank line or a line with `-->` (which, as in the spec, starts the
 *   next cue), a timing line of the lenient grammar, or a line that looks like one (`looksLikeTiming`). Cue
 *   settings are read past and not kept;
 * - a broken timing line costs its cue (`timing-line`, counted by the loss check: `timing-lines-lost`); a text
 *   block outside any cue is dropped with a `text-outside-cue` warning, as the spec drops it (a blank line ends
 *   a cue's text);
 * - an end before the start is kept as written, the cue marked `valid: false` with a `reason` (`end-before-start`);
 * - `plain` decodes character references (`&amp;` …), which WebVTT uses to escape `&` and `<`.
 */
import type { Cue } from '../schema.js';
import { Problems, quoteLine } from './errors.js';
import { isGap } from './chars.js';
import { linesOf, type LineTable } from './lines.js';
import { isTimingLine, looksLikeTiming, settleTimes, startsWithTimestamp } from './srt.js';
import { plainText } from './tags.js';
import { timing } from './time.js';
import type { ParsedSubtitles, ParseOptions } from './types.js';

const PLAIN_OPTIONS = { entities: true } as const;

/** Line `k` starts with `word`, alone or followed by a space or tab (how the spec recognises `NOTE`, …). */
function lineStartsWithWord(lines: LineTable, k: number, word: string): boolean {
  const s = lines.starts[k] as number;
  const e = lines.ends[k] as number;
  if (e - s < word.length || !lines.text.startsWith(word, s)) return false;
  const c = lines.text.charCodeAt(s + word.length);
  return s + word.length === e || c === 32 || c === 9;
}

/** True for a line starting `NOTE`, `STYLE` or `REGION` (a block skipped whole), checked by its first letter first. */
function isSkippedBlock(lines: LineTable, k: number): boolean {
  const c = lines.text.charCodeAt(lines.starts[k] as number);
  if (c === 78) return lineStartsWithWord(lines, k, 'NOTE');
  if (c === 83) return lineStartsWithWord(lines, k, 'STYLE');
  if (c === 82) return lineStartsWithWord(lines, k, 'REGION');
  return false;
}

/** Whether line `k` is a timing line of the lenient grammar or has `-->` (a cue, or a broken one, starts there). */
function isCueLine(lines: LineTable, k: number): boolean {
  return lines.hasArrow(k) || isTimingLine(lines, k, 'vtt');
}

/**
 * Index of the line that ends the block whose next line is `from`: the first blank line, or the first line with
 * `-->`, which (W3C WebVTT "collect a block") always begins a new cue, or that is or looks like a timing line
 * (so a mangled timing line is never merged into the cue before it), or a number directly before a timing line
 * (the next cue's id with the blank line before it missing, as SubRip reads it; the spec would make it text) or
 * before a line that looks like one;
 * the line count when none does.
 */
function blockEnd(lines: LineTable, from: number): number {
  let i = from;
  while (i < lines.count && !lines.isBlank(i) && !isCueLine(lines, i) && !looksLikeTiming(lines, i, false)) {
    // A number right before a timing line, a blank line missing (a file converted from SubRip), is that cue's id.
    if (lines.isIndex(i) && (isCueLine(lines, i + 1) || looksLikeTiming(lines, i + 1, false) || startsWithTimestamp(lines, i + 1))) break;
    i++;
  }
  return i;
}

/**
 * Parse WebVTT text into cues (file order) and warnings.
 *
 * Returns `{ format: 'vtt', cues, warnings }`; each cue is `{ index, id, startMs, endMs, text, plain, line }`
 * with times in integer milliseconds, `id` the cue identifier line or null, `line` the 1-based line of the
 * timing line. Warning codes: `vtt-header`, `timing-line`, `timing-lines-lost`, `text-outside-cue`,
 * `fraction-truncated`, `end-before-start`. A cue whose end is before its start has `valid: false` and a `reason`.
 * @throws SubtitleParseError at the first problem when `options.strict` is set (never otherwise).
 */
export function parseVtt(text: string, options: ParseOptions = {}): ParsedSubtitles {
  const lines = linesOf(text);
  try {
    return readVtt(lines, options);
  } finally {
    lines.release();
  }
}

/**
 * Whether line `k` is the `WEBVTT` signature line (W3C WebVTT "WebVTT file body": `WEBVTT`, then optionally a
 * space or tab and any text), gaps (a BOM, an LRM) before it allowed.
 */
function isSignature(lines: LineTable, k: number): boolean {
  const text = lines.text;
  let p = lines.starts[k] as number;
  while (isGap(text.charCodeAt(p))) p++;
  const e = lines.ends[k] as number;
  if (e - p < 6 || !text.startsWith('WEBVTT', p)) return false;
  const c = text.charCodeAt(p + 6);
  return p + 6 === e || c === 32 || c === 9;
}

/** {@link parseVtt} over the text's line table. */
function readVtt(lines: LineTable, options: ParseOptions): ParsedSubtitles {
  const n = lines.count;
  const problems = new Problems(options.strict === true, options.fileName);
  const cues: Cue[] = [];

  let i = 0;
  while (i < n && lines.isBlank(i)) i++;
  if (i < n && isSignature(lines, i)) {
    // Header lines up to the first blank line; a line with an arrow already is a cue ("collect a block").
    i = blockEnd(lines, i + 1);
  } else {
    problems.report('vtt-header', 'missing WEBVTT header line', i < n ? i + 1 : 1);
  }

  // After a broken cue, a following text-only block is the rest of that cue: dropped without a second warning.
  let skipping = false;
  while (i < n) {
    if (lines.isBlank(i)) {
      i++;
      continue;
    }
    // The timing line `t` of the cue starting at line `i`, and its id. A line right before an arrow line is the
    // cue id, whatever it looks like (spec); otherwise a time-like line is a broken timing line without an id,
    // and a time-like second line one with an id. Line `i + 1` always exists: past the last line is an empty
    // one (see `LineTable`).
    let id: string | null = null;
    let t = i;
    if (!isCueLine(lines, i)) {
      if (isSkippedBlock(lines, i)) {
        i = blockEnd(lines, i + 1);
        continue;
      }
      if (isCueLine(lines, i + 1) || (!looksLikeTiming(lines, i, true) && looksLikeTiming(lines, i + 1, true))) {
        id = lines.trimmed(i);
        t = i + 1;
      } else if (!looksLikeTiming(lines, i, true)) {
        if (!skipping) problems.report('text-outside-cue', `text outside any cue ${quoteLine(lines.line(i))}`, i + 1);
        skipping = true;
        i = blockEnd(lines, i + 1);
        continue;
      }
    }
    if (!isTimingLine(lines, t, 'vtt')) {
      problems.timingLineLost(`invalid timing line ${quoteLine(lines.line(t))}`, t + 1);
      skipping = true;
      i = blockEnd(lines, t + 1);
      continue;
    }
    skipping = false;
    const reason = settleTimes(problems, lines, t, id, cues.length, 'vtt');
    const startMs = timing.startMs;
    const endMs = timing.endMs;
    i = blockEnd(lines, t + 1);
    const body = lines.cueText(t + 1, i - 1);
    const plain = lines.isPlain(t + 1, i - 1, true) ? body : plainText(body, PLAIN_OPTIONS);
    const line = t + 1;
    cues.push(
      reason === null
        ? { index: cues.length, id, startMs, endMs, text: body, plain, line }
        : { index: cues.length, id, startMs, endMs, text: body, plain, line, valid: false, reason },
    );
  }
  return { format: 'vtt', cues, warnings: problems.finish() };
}
