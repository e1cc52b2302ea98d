/**
 * The `table` output, for a terminal: the expressions with their times, then a summary line, never wider
 * than the terminal. Three layouts, the widest that fits:
 * - from {@link WIDE_MIN_WIDTH} columns: start–end as `HH:MM:SS,mmm – HH:MM:SS,mmm`, expression, type,
 *   level, meaning;
 * - from {@link NARROW_MIN_WIDTH}: a short time (`0:31:44.5–45.0`), the expression with its type and level
 *   below it, the meaning;
 * - below: stacked, one block per expression (time and expression on the first line, then type and level,
 *   the words as spoken, meaning, translation).
 * Text is wrapped to its column by display width (wrap-ansi: wide characters such as Korean count two
 * columns; a word longer than the column is broken, never cut); cli-table3 draws the boxes.
 */
import Table from 'cli-table3';
import wrapAnsi from 'wrap-ansi';
import type { AnalysisReport, Expression } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import { inOrder } from './_order.js';
import type { FormatContext, OutputFormatter } from './_types.js';
import type { SortOrder } from './names.js';

/** Narrowest terminal (columns) for the five-column layout with full times. */
export const WIDE_MIN_WIDTH = 100;
/** Narrowest terminal (columns) for the three-column layout; below it, the stacked one. */
export const NARROW_MIN_WIDTH = 58;

/** `HH:MM:SS,mmm – HH:MM:SS,mmm`: 27 characters. */
function fullSpan(e: Expression): string {
  return `${formatSrtTime(e.startMs)} – ${formatSrtTime(e.endMs)}`;
}

/** Tenths of a second as `H:MM:SS.d`. */
function tenthsClock(tenths: number): { h: string; mm: string; ss: string } {
  const h = Math.floor(tenths / 36_000);
  const m = Math.floor(tenths / 600) % 60;
  const s = (tenths % 600) / 10;
  return { h: String(h), mm: String(m).padStart(2, '0'), ss: s.toFixed(1).padStart(4, '0') };
}

/**
 * A start–end span in tenths of a second, the end without what it shares with the start:
 * `0:31:44.5–45.0`, `0:31:59.8–32:00.4`, `0:59:59.5–1:00:00.2`. The start is rounded down and the end up,
 * so the span still covers the words.
 */
export function shortSpan(startMs: number, endMs: number): string {
  const a = tenthsClock(Math.floor(startMs / 100));
  const b = tenthsClock(Math.ceil(endMs / 100));
  const end = a.h !== b.h ? `${b.h}:${b.mm}:${b.ss}` : a.mm !== b.mm ? `${b.mm}:${b.ss}` : b.ss;
  return `${a.h}:${a.mm}:${a.ss}–${end}`;
}

/** `text` wrapped to `width` display columns, words longer than a line broken. */
function wrap(text: string, width: number): string {
  return wrapAnsi(text, Math.max(1, width), { hard: true, trim: true });
}

const typeOf = (e: Expression) => e.type.replace('_', ' ');
const spokenAs = (e: Expression) => (e.matchedText.toLowerCase() === e.expression.toLowerCase() ? null : `“${e.matchedText}”`);
const meaningOf = (e: Expression) => (e.translation ? `${e.meaning}\n${e.translation}` : e.meaning);
const lines = (...parts: (string | null | undefined)[]) => parts.filter((p): p is string => !!p).join('\n');

/** A borderless-coloured cli-table3 table whose cells are already wrapped to `widths` (content columns). */
function boxed(head: readonly string[] | null, widths: readonly number[], rows: readonly (readonly string[])[]): string {
  const table = new Table({
    ...(head ? { head: head.map((h, i) => wrap(h, widths[i]!)) } : {}),
    colWidths: widths.map((w) => w + 2),
    wordWrap: false,
    style: { head: [], border: [], 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) table.push(row.map((cell, i) => wrap(cell, widths[i]!)));
  return table.toString();
}

/** Splits `room` columns between expression and meaning: the expression what its longest line needs, up to `share`. */
function split(room: number, expressions: readonly Expression[], min: number, share: number): [number, number] {
  const longest = Math.max(min, ...expressions.map((e) => e.expression.length + 2));
  const expression = Math.max(min, Math.min(longest, Math.floor(room * share)));
  return [expression, room - expression];
}

/**
 * Renders the report's expressions as a table no line of which is wider than `width` columns.
 * @param width the terminal's columns (at least 20 are used)
 * @param sort the order of the rows @default 'time'
 */
export function renderTable(report: AnalysisReport, width: number, sort?: SortOrder): string {
  const columns = Math.max(20, Math.floor(width));
  const expressions = inOrder(report.expressions, sort);
  if (columns >= WIDE_MIN_WIDTH) {
    // 5 columns: 3 characters of padding and border each, and the closing border.
    const fixed = [27, 12, 5];
    const [expression, meaning] = split(columns - 16 - fixed.reduce((a, b) => a + b, 0), expressions, 16, 0.4);
    return boxed(
      ['Start – end', 'Expression', 'Type', 'Level', 'Meaning'],
      [fixed[0]!, expression, fixed[1]!, fixed[2]!, meaning],
      expressions.map((e) => [fullSpan(e), lines(e.expression, spokenAs(e)), typeOf(e), e.level ?? '', meaningOf(e)]),
    );
  }
  const spans = expressions.map((e) => shortSpan(e.startMs, e.endMs));
  if (columns >= NARROW_MIN_WIDTH) {
    const time = Math.max(4, ...spans.map((s) => s.length));
    const [expression, meaning] = split(columns - 10 - time, expressions, 14, 0.4);
    return boxed(
      ['Time', 'Expression', 'Meaning'],
      [time, expression, meaning],
      expressions.map((e, i) => [spans[i]!, lines(e.expression, spokenAs(e), [typeOf(e), e.level].filter(Boolean).join(' · ')), meaningOf(e)]),
    );
  }
  // Stacked: one block per expression in a one-column box.
  return boxed(
    null,
    [columns - 4],
    expressions.map((e, i) => [lines(`${spans[i]}  ${e.expression}`, [typeOf(e), e.level, spokenAs(e)].filter(Boolean).join(' · '), meaningOf(e))]),
  );
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

/** The `table` format: the table at `context.width` (default 120 columns), then the summary, wrapped to the same width. */
export const table: OutputFormatter = {
  extension: '.txt',
  render: (report: AnalysisReport, context: FormatContext) => {
    const width = context.width ?? 120;
    return `${renderTable(report, width, context.sort)}\n${wrap(summaryLine(report), Math.max(20, width))}\n`;
  },
};
