/**
 * The `table` output: one row per expression with its start–end time, for a terminal.
 */
import Table from 'cli-table3';
import { formatSrtTime, type AnalysisReport } from '@langflix/core';

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
