/**
 * Writing a synced subtitle file: the input text with only the times of each cue's timing line replaced,
 * so everything else (numbering, WebVTT header, styles and cue settings, SubRip coordinates, line ends,
 * text and tags) stays byte for byte as it was.
 */
import type { Cue } from '../schema.js';
import { formatSrtTime, formatVttTime, scanTimingLine, timing } from '../subtitles/time.js';
import type { SubtitleFormat } from '../subtitles/types.js';
import { mapTime, type SyncResult } from './align.js';

/**
 * Corrected `[startMs, endMs]` of a cue: both ends move with the part its start belongs to, so a cue is
 * never torn across a split. Integer ms, never negative.
 */
export function syncCueTimes(result: Pick<SyncResult, 'offsetMs' | 'ratio' | 'splits'>, cue: { startMs: number; endMs: number }): [number, number] {
  const start = mapTime(result, cue.startMs);
  const partStartOffset = start - Math.round(result.ratio * cue.startMs);
  return [start, Math.max(start, Math.round(result.ratio * cue.endMs + partStartOffset))];
}

/**
 * Rewrite the timing lines of `cues` (as parsed from `text`: `line` is the 1-based timing line) with times
 * corrected by `result`. Line ends (LF, CRLF, lone CR) and everything but the two times are kept.
 * @throws Error naming the line when a cue's `line` is not a timing line of `text` (the cues came from another text).
 */
export function retimeSubtitles(text: string, format: SubtitleFormat, cues: readonly Cue[], result: Pick<SyncResult, 'offsetMs' | 'ratio' | 'splits'>): string {
  // Pieces alternate line, terminator, line, …: line n (1-based) is pieces[2(n − 1)].
  const pieces = text.split(/(\r\n|\n|\r)/);
  const stamp = format === 'vtt' ? formatVttTime : formatSrtTime;
  for (const cue of cues) {
    const at = 2 * (cue.line - 1);
    const line = pieces[at];
    if (line === undefined || !scanTimingLine(line, format)) throw new Error(`line ${cue.line}: not the timing line of cue ${cue.index}`);
    const rest = line.slice(timing.restStart);
    const indent = /^\s*/.exec(line)![0];
    const [start, end] = syncCueTimes(result, cue);
    pieces[at] = `${indent}${stamp(start)} --> ${stamp(end)}${rest ? ` ${rest}` : ''}`;
  }
  return pieces.join('');
}
