/**
 * The `csv` output: one row per expression under a header row, as RFC 4180 has it (comma-separated,
 * records ended by CRLF, a field quoted when it holds a comma, a quote, a CR or a LF, quotes doubled),
 * written with csv-stringify. UTF-8 with a byte-order mark by default: Excel and LibreOffice Calc then open
 * accented, Korean or em-dash text right on a double click (without one, Excel reads the file as the
 * system's ANSI code page); `bom: false` (`--no-bom`) leaves it out.
 */
import { stringify } from 'csv-stringify/sync';
import type { AnalysisReport } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import { inOrder } from './_order.js';
import type { FormatContext, OutputFormatter } from './_types.js';

/**
 * The columns, in order: `source` (the input file), `start`/`end` (`HH:MM:SS,mmm`), `startMs`/`endMs`
 * (milliseconds), `expression` (canonical form), `matchedText` (as spoken), `type`, `level`, `meaning`,
 * `translation`, `similarExpressions` (joined by `; `), `cueIndex`, `timing`, `occurrences` (how many times
 * it is spoken).
 */
export const CSV_COLUMNS = [
  'source',
  'start',
  'end',
  'startMs',
  'endMs',
  'expression',
  'matchedText',
  'type',
  'level',
  'meaning',
  'translation',
  'similarExpressions',
  'cueIndex',
  'timing',
  'occurrences',
] as const;

/**
 * The report's expressions as CSV with a header row (the header alone when there are none), in
 * `context.sort` order (time by default), with a UTF-8 byte-order mark unless `context.bom` is false.
 */
export function renderCsv(report: AnalysisReport, context: Pick<FormatContext, 'sort' | 'bom'> = {}): string {
  const rows = inOrder(report.expressions, context.sort).map((e) => [
    report.source.name ?? '',
    formatSrtTime(e.startMs),
    formatSrtTime(e.endMs),
    e.startMs,
    e.endMs,
    e.expression,
    e.matchedText,
    e.type,
    e.level ?? '',
    e.meaning,
    e.translation ?? '',
    e.similarExpressions.join('; '),
    e.cueIndex,
    e.timing,
    e.occurrences.length,
  ]);
  return stringify([[...CSV_COLUMNS], ...rows], { record_delimiter: 'windows', quoted_match: /[\r\n]/, bom: context.bom ?? true });
}

/** The `csv` format. */
export const csv: OutputFormatter = { extension: '.csv', render: renderCsv };
