/**
 * The `srt` output: the original cues as a SubRip file for a video player, each expression's words in
 * bold where they are spoken, and a line in italics under the cue where it starts explaining it
 * (`give up — to stop trying (포기하다)`). Cue times are the original ones; cues are renumbered from 1.
 * Text is the cue's plain text (its own tags are dropped, so they cannot clash with the marks).
 */
import type { AnalysisReport } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import { explain, markCues, wrapMarks } from './_marks.js';
import type { FormatContext, OutputFormatter } from './_types.js';

/** The cues as SubRip text with the expressions marked and explained. */
export function renderSrt(report: AnalysisReport, context: FormatContext): string {
  const marks = markCues(report, context.cues);
  return context.cues
    .map((cue, i) => {
      const m = marks.get(cue.index);
      // A blank line would end the cue early.
      const text = wrapMarks(cue.plain, m?.marks ?? [], '<b>', '</b>').replace(/\n\s*\n/g, '\n');
      const notes = (m?.notes ?? []).map((e) => `<i>${explain(e)}</i>`);
      return `${i + 1}\n${formatSrtTime(cue.startMs)} --> ${formatSrtTime(cue.endMs)}\n${[text, ...notes].filter((l) => l.trim() !== '').join('\n') || ' '}\n`;
    })
    .join('\n');
}

/** The `srt` format. */
export const srt: OutputFormatter = { extension: '.srt', render: renderSrt };
