/**
 * WebVTT (`.vtt`) parser, after the W3C WebVTT spec (https://www.w3.org/TR/webvtt1/) "WebVTT parser algorithm",
 * lenient where files in the wild need it:
 *
 * - the file starts with `WEBVTT`, alone or followed by a space or tab and anything (leading blank lines are
 *   tolerated); header lines (`Kind:`, `Language:`, …) run to the first blank line;
 * - blocks are separated by blank lines; `NOTE`, `STYLE` and `REGION` blocks are skipped;
 * - a cue is an optional identifier line (any line without `-->`), a timing line `<start> --> <end> [settings]`
 *   ("collect a WebVTT timestamp": `mm:ss.ttt` or `h+:mm:ss.ttt`), then text up to a blank line or a line with `-->`
 *   (which, as in the spec, starts the next cue). Cue settings are read past and not kept;
 * - a broken timing line costs its cue (`timing-line`); a text block outside any cue is dropped with a
 *   `text-outside-cue` warning, as the spec drops it (a blank line ends a cue's text);
 * - `plain` decodes character references (`&amp;` …), which WebVTT uses to escape `&` and `<`.
 */
import type { Cue } from '../schema.js';
import { Problems, quoteLine } from './errors.js';
import { cueLabel, cueText, isBlank, looksLikeTiming, settleTimes, splitLines } from './srt.js';
import { plainText } from './tags.js';
import { scanTimingLine, timing } from './time.js';
import type { ParsedSubtitles, ParseOptions } from './types.js';

const PLAIN_OPTIONS = { entities: true } as const;

/** `word` alone on the line or followed by a space or tab (how the spec recognises `WEBVTT`, `NOTE`, …). */
function startsWithWord(line: string, word: string): boolean {
  if (!line.startsWith(word)) return false;
  const c = line.charCodeAt(word.length);
  return Number.isNaN(c) || c === 32 || c === 9;
}

/**
 * True for the `WEBVTT` signature line (W3C WebVTT "WebVTT file body": `WEBVTT`, then optionally a space or tab
 * and any text).
 */
export function isVttSignature(line: string): boolean {
  return startsWithWord(line, 'WEBVTT');
}

/**
 * Index of the line that ends the block whose next line is `from`: the first blank line, or the first line with
 * `-->`, which (W3C WebVTT "collect a block") always begins a new cue; the line count when none does.
 */
function blockEnd(lines: string[], from: number): number {
  let i = from;
  while (i < lines.length) {
    const line = lines[i] as string;
    if (isBlank(line) || line.includes('-->')) break;
    i++;
  }
  return i;
}

/**
 * Parse WebVTT text into cues (file order) and warnings.
 *
 * Returns `{ format: 'vtt', cues, warnings }`; each cue is `{ index, id, startMs, endMs, text, plain, line }`
 * with times in integer milliseconds, `id` the cue identifier line or null, `line` the 1-based line of the
 * timing line. Warning codes: `vtt-header`, `timing-line`, `text-outside-cue`, `end-before-start`.
 * @throws SubtitleParseError at the first problem when `options.strict` is set (never otherwise).
 */
export function parseVtt(text: string, options: ParseOptions = {}): ParsedSubtitles {
  const lines = splitLines(text);
  const n = lines.length;
  const problems = new Problems(options.strict === true, options.fileName);
  const cues: Cue[] = [];

  let i = 0;
  while (i < n && isBlank(lines[i] as string)) i++;
  if (i < n && isVttSignature(lines[i] as string)) {
    // Header lines up to the first blank line; a line with an arrow already is a cue ("collect a block").
    i = blockEnd(lines, i + 1);
  } else {
    problems.report('vtt-header', 'missing WEBVTT header line', i < n ? i + 1 : 1);
  }

  // After a broken cue, a following text-only block is the rest of that cue: dropped without a second warning.
  let skipping = false;
  while (i < n) {
    const first = lines[i] as string;
    if (isBlank(first)) {
      i++;
      continue;
    }
    const arrow = first.includes('-->');
    const skipped = startsWithWord(first, 'NOTE') || startsWithWord(first, 'STYLE') || startsWithWord(first, 'REGION');
    if (!arrow && skipped) {
      i = blockEnd(lines, i + 1);
      continue;
    }
    let id: string | null = null;
    let t = i;
    if (!arrow) {
      const second = i + 1 < n ? (lines[i + 1] as string) : '';
      // A line right before an arrow line is the cue id, whatever it looks like (spec); otherwise a time-like
      // line is a broken timing line without an id, and a time-like second line one with an id.
      if (second.includes('-->') || (!looksLikeTiming(first, true) && looksLikeTiming(second, true))) {
        id = first.trim();
        t = i + 1;
      } else if (!looksLikeTiming(first, true)) {
        if (!skipping) problems.report('text-outside-cue', `text outside any cue ${quoteLine(first)}`, i + 1);
        skipping = true;
        i = blockEnd(lines, i + 1);
        continue;
      }
    }
    const timingLine = lines[t] as string;
    if (!scanTimingLine(timingLine, 'vtt')) {
      problems.report('timing-line', `invalid timing line ${quoteLine(timingLine)}`, t + 1);
      skipping = true;
      i = blockEnd(lines, t + 1);
      continue;
    }
    skipping = false;
    settleTimes(problems, cueLabel(id, cues.length), t + 1);
    const startMs = timing.startMs;
    const endMs = timing.endMs;
    i = blockEnd(lines, t + 1);
    const body = cueText(lines, t + 1, i - 1);
    const plain = plainText(body, PLAIN_OPTIONS);
    cues.push({ index: cues.length, id, startMs, endMs, text: body, plain, line: t + 1 });
  }
  return { format: 'vtt', cues, warnings: problems.warnings };
}
