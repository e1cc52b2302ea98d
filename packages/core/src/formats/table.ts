/**
 * The `table` output, for a terminal: one row per expression with its start–end time, then a summary line.
 */
import Table from 'cli-table3';
import type { AnalysisReport } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import type { FormatContext, OutputFormatter } from './_types.js';

/** Renders the report's expressions as a table sized to `width` columns of the terminal. */
export function renderTable(report: AnalysisReport, width: number): string {
  const fixed = [31, 26, 14, 7];
  const meaningWidth = Math.max(20, width - fixed.reduce((a, b) => a + b, 0) - 7);
  const table = new Table({
    head: ['Start – end', 'Expression', 'Type', 'Level', 'Meaning'],
    colWidths: [...fixed, meaningWidth],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const e of report.expressions) {
    const spoken = e.matchedText.toLowerCase() === e.expression.toLowerCase() ? '' : `\n“${e.matchedText}”`;
    const meaning = e.translation ? `${e.meaning}\n${e.translation}` : e.meaning;
    table.push([`${formatSrtTime(e.startMs)} – ${formatSrtTime(e.endMs)}`, e.expression + spoken, e.type.replace('_', ' '), e.level ?? '', meaning]);
  }
  return table.toString();
}

/** One line: expressions, cues, chunks (and failures), warnings, provider. */
export function summaryLine(report: AnalysisReport): string {
  const { total, failed } = report.chunks;
  const model = report.config.model && report.config.model !== report.config.provider ? ` (${String(report.config.model)})` : '';
  return (
    `${plural(report.expressions.length, 'expression')} in ${plural(report.source.cues, 'cue')} ` +
    `(${plural(total, 'chunk')}${failed.length ? `, ${failed.length} failed` : ''}, ${plural(report.warnings.length, 'warning')}) · ${String(report.config.provider)}${model}`
  );
}

/** `1 chunk`, `2 chunks`. */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The `table` format. */
export const table: OutputFormatter = {
  extension: '.txt',
  render: (report: AnalysisReport, context: FormatContext) => `${renderTable(report, context.width ?? 120)}\n${summaryLine(report)}\n`,
};
