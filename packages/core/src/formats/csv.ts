/**
 * The `csv` output: one row per expression under a header row, RFC 4180 (comma-separated, fields quoted
 * when they hold a comma, a quote or a line break; CRLF-free), written with csv-stringify. UTF-8 without a
 * byte-order mark.
 */
import { stringify } from 'csv-stringify/sync';
import type { AnalysisReport } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import type { OutputFormatter } from './_types.js';

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

/** The report's expressions as CSV with a header row (the header alone when there are none). */
export function renderCsv(report: AnalysisReport): string {
  const rows = report.expressions.map((e) => [
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
  return stringify([[...CSV_COLUMNS], ...rows]);
}

/** The `csv` format. */
export const csv: OutputFormatter = { extension: '.csv', render: renderCsv };
