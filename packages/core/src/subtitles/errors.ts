/**
 * The one error type of subtitle parsing. The parsers throw it only in strict mode (`{ strict: true }`); lenient
 * parsing turns the same problems into {@link Warning}s and keeps going.
 */

import type { Warning } from '../schema.js';

/** Longest excerpt of an offending line quoted in a message, so a message stays one short line. */
const MAX_QUOTE = 80;

/**
 * Quote a line for a message: JSON string syntax (so tabs and control characters are visible and the message
 * stays on one line), cut to {@link MAX_QUOTE} characters.
 */
export function quoteLine(line: string): string {
  const cut = line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line;
  return JSON.stringify(cut);
}

/**
 * A problem in a subtitle file, located by line.
 *
 * - `line`: 1-based line number in the decoded text (CRLF, LF and a lone CR each end one line);
 * - `fileName`: the name given in the parse options, if any;
 * - `code`: the same machine-readable code the lenient parser puts in its warning (e.g. `timing-line`,
 *   `negative-time`, `end-before-start`, `blank-line-in-cue`);
 * - `message`: one line, `episode.srt:12: invalid timing line "00:00:01 -> 00:00:02"`, or
 *   `line 12: …` when no file name is known; `detail` is the part after the location.
 */
export class SubtitleParseError extends Error {
  override readonly name = 'SubtitleParseError';
  readonly line: number;
  readonly fileName: string | undefined;
  readonly code: string;
  readonly detail: string;

  constructor(detail: string, where: { line: number; code: string; fileName?: string | undefined }) {
    const place = where.fileName !== undefined ? `${where.fileName}:${where.line}` : `line ${where.line}`;
    super(`${place}: ${detail}`);
    this.line = where.line;
    this.fileName = where.fileName;
    this.code = where.code;
    this.detail = detail;
  }
}

/**
 * Where a parser sends problems: in lenient mode they become {@link Warning}s `{ code, message, line }` and
 * parsing goes on; in strict mode the first one is thrown as a {@link SubtitleParseError}.
 */
export class Problems {
  readonly warnings: Warning[] = [];
  private readonly strict: boolean;
  private readonly fileName: string | undefined;
  /** Lines that look like timing lines but were not read as timings: how many, and the first three (1-based). */
  private lostCount = 0;
  private readonly lostLines: number[] = [];

  constructor(strict: boolean, fileName: string | undefined) {
    this.strict = strict;
    this.fileName = fileName;
  }

  /** Record a problem at a 1-based line. @throws SubtitleParseError in strict mode. */
  report(code: string, message: string, line: number): void {
    if (this.strict) throw new SubtitleParseError(message, { line, code, fileName: this.fileName });
    this.warnings.push({ code, message, line });
  }

  /**
   * A line that looks like a timing line (it has an arrow after a time, or two time-like groups: `time.ts`
   * `timeLikeGroups`) was not read as one, so the cue it meant is missing: a `timing-line` problem at that line,
   * counted for the loss summary of {@link finish}.
   * @throws SubtitleParseError in strict mode.
   */
  timingLineLost(message: string, line: number): void {
    this.lostCount++;
    if (this.lostLines.length < 3) this.lostLines.push(line);
    this.report('timing-line', message, line);
  }

  /**
   * The warnings of the parse, ending with the loss check: when two or more lines that look like timing lines
   * were not read as timings, one `timing-lines-lost` warning says how many and names the first three lines (its
   * `line` is the first), so a file that lost many cues is never reported as a file with a few odd lines. (One
   * such line has its own `timing-line` warning, which says all a summary would.)
   */
  finish(): Warning[] {
    const n = this.lostCount;
    if (n > 1) {
      const where = `${n > 3 ? 'first: ' : ''}lines ${this.lostLines.join(', ')}`;
      this.warnings.push({
        code: 'timing-lines-lost',
        message: `${n.toLocaleString('en-US')} lines that look like timing lines were not read as timing lines, so their cues are missing (${where})`,
        line: this.lostLines[0] as number,
      });
    }
    return this.warnings;
  }
}
