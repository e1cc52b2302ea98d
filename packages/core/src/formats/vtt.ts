/**
 * The `vtt` output: the original cues as a WebVTT file for a video player or a browser `<track>`, each
 * expression's words in `<b>` where they are spoken, and a line in `<i>` under the cue where it starts
 * explaining it. Cue times are the original ones; text is escaped as WebVTT requires (`&`, `<`, `>`).
 */
import type { AnalysisReport } from '../schema.js';
import { formatVttTime } from '../subtitles/time.js';
import { explain, markCues, wrapMarks } from './_marks.js';
import type { FormatContext, OutputFormatter } from './_types.js';

/** Text escaped for a WebVTT cue payload; a blank line or `-->` inside a cue would end or break it. */
export function vttEscape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n\s*\n/g, '\n');
}

/** The cues as WebVTT text with the expressions marked and explained. */
export function renderVtt(report: AnalysisReport, context: FormatContext): string {
  const marks = markCues(report, context.cues);
  const header = `WEBVTT\n\nNOTE Expressions marked by LangFlix${report.source.name ? ` in ${vttEscape(report.source.name).replace(/-->/g, '→')}` : ''}\n`;
  const cues = context.cues.map((cue) => {
    const m = marks.get(cue.index);
    const text = wrapMarks(cue.plain, m?.marks ?? [], '<b>', '</b>', vttEscape);
    const notes = (m?.notes ?? []).map((e) => `<i>${vttEscape(explain(e))}</i>`);
    const body = [text, ...notes].filter((l) => l.trim() !== '').join('\n') || '&nbsp;';
    return `${formatVttTime(cue.startMs)} --> ${formatVttTime(cue.endMs)}\n${body}\n`;
  });
  return [header, ...cues].join('\n');
}

/** The `vtt` format. */
export const vtt: OutputFormatter = { extension: '.vtt', render: renderVtt };
