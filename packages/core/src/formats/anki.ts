/**
 * The `anki` output: a tab-separated text file that Anki (2.1.55 or newer) imports as notes — File ›
 * Import, then map the columns to a note type's fields. Four columns: front (the expression, and the line
 * it is spoken in with its words in bold), back (meaning, translation, type, level, similar expressions),
 * timing (`HH:MM:SS,mmm – HH:MM:SS,mmm`) and source (the subtitle file). Anki's file headers
 * (`#separator:tab`, `#html:true`, `#columns:…`) come first, so it needs no import settings. Fields are
 * HTML (text escaped, `<br>` for line breaks), so every note is one line.
 */
import { stringify } from 'csv-stringify/sync';
import type { AnalysisReport, Expression } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import { markExpression, wrapMarks } from './_marks.js';
import { inOrder } from './_order.js';
import type { FormatContext, OutputFormatter } from './_types.js';

/** The column names, as the `#columns` header gives them. */
export const ANKI_COLUMNS = ['Front', 'Back', 'Timing', 'Source'] as const;

/** Text made safe for an HTML field: `&`, `<`, `>`, `"` escaped, tabs as spaces, line breaks as `<br>`. */
export function ankiHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, ' ')
    .replace(/\r?\n/g, '<br>');
}

/** The report's expressions as Anki notes, headers first, in `context.sort` order (time by default). */
export function renderAnki(report: AnalysisReport, context: FormatContext): string {
  const rows = inOrder(report.expressions, context.sort).map((e) => {
    const cue = context.cues[e.cueIndex];
    const marks = (markExpression(e, context.cues).get(e.cueIndex) ?? []).sort((a, b) => a.start - b.start);
    const line = cue ? wrapMarks(cue.plain, marks, '<b>', '</b>', ankiHtml) : ankiHtml(e.matchedText);
    const front = `${ankiHtml(e.expression)}<br><br><i>${line}</i>`;
    return [front, back(e), `${formatSrtTime(e.startMs)} – ${formatSrtTime(e.endMs)}`, ankiHtml(report.source.name ?? '')];
  });
  const headers = ['#separator:tab', '#html:true', `#columns:${ANKI_COLUMNS.join('\t')}`].join('\n');
  return `${headers}\n${stringify(rows, { delimiter: '\t' })}`;
}

function back(e: Expression): string {
  const parts = [ankiHtml(e.meaning)];
  if (e.translation) parts.push(ankiHtml(e.translation));
  const facts = [e.type.replace('_', ' '), e.level, e.similarExpressions.length ? `similar: ${e.similarExpressions.join(', ')}` : null].filter(Boolean);
  parts.push(`<small>${ankiHtml(facts.join(' · '))}</small>`);
  return parts.join('<br>');
}

/** The `anki` format. */
export const anki: OutputFormatter = { extension: '.anki.tsv', render: renderAnki };
