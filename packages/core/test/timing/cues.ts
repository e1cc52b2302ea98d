// Cues for the timing tests, made the way a real file's are: written as SubRip and parsed, so that `plain`
// has no tags, as the parser gives it.
import { formatSrtTime } from '../../src/subtitles/time.js';
import { parseSubtitles } from '../../src/subtitles/parse.js';
import type { Cue } from '../../src/schema.js';

/** Cues from texts (tags allowed), one second apart, 900 ms long, starting at 0 ms. */
export function srtCues(...texts: string[]): Cue[] {
  const srt = texts.map((text, i) => `${i + 1}\n${formatSrtTime(i * 1000)} --> ${formatSrtTime(i * 1000 + 900)}\n${text}\n`).join('\n');
  return parseSubtitles(srt).cues;
}
