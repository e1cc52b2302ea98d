/**
 * The names of the report formats (`--format`, `format` in config) and what a file name says about them,
 * apart from the code that writes them, so the config schema can list them without loading any formatter.
 */

/** The output formats of `langflix analyze --format`. */
export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv', 'anki', 'srt', 'vtt', 'markdown'] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The orders a list of expressions can be written in (`--sort`): `time`, as spoken in the film (first
 * occurrence; the default: a learner studies along with the film), or `rank`, most worth learning first
 * (the report's own order, `expressions/rank.ts`). Annotated SubRip/WebVTT are always in time order, and
 * JSON is the report itself, in rank order.
 */
export const SORT_ORDERS = ['time', 'rank'] as const;
/** One of {@link SORT_ORDERS}. */
export type SortOrder = (typeof SORT_ORDERS)[number];
/** The order used when none is asked for. */
export const DEFAULT_SORT: SortOrder = 'time';

/**
 * The format a file name's extension names (case-insensitive): `.json`, `.jsonl`, `.csv`, `.tsv` and
 * `.txt` (Anki's import formats), `.srt`, `.vtt`, `.md`/`.markdown`.
 */
export const FORMAT_OF_EXTENSION: Readonly<Record<string, Exclude<OutputFormat, 'table'>>> = {
  '.json': 'json',
  '.jsonl': 'jsonl',
  '.csv': 'csv',
  '.tsv': 'anki',
  '.txt': 'anki',
  '.srt': 'srt',
  '.vtt': 'vtt',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

/** The format `path`'s extension names (see {@link FORMAT_OF_EXTENSION}), or null when it names none. */
export function formatOfPath(path: string): OutputFormat | null {
  const match = /\.[^./\\]+$/.exec(path);
  return match ? (FORMAT_OF_EXTENSION[match[0].toLowerCase()] ?? null) : null;
}
