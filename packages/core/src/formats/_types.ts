/**
 * What every output format is given and gives back.
 */
import type { AnalysisReport, Cue } from '../schema.js';
import type { SortOrder } from './names.js';

/** What a formatter may use besides the report. */
export interface FormatContext {
  /** The file's cues, as parsed (for the formats that quote or rewrite them: srt, vtt, anki, markdown). */
  readonly cues: readonly Cue[];
  /** Columns of the terminal, for `table`. @default 120 */
  readonly width?: number;
  /** The order of the expressions in `table`, `csv`, `markdown` and `anki` (see `SORT_ORDERS`). @default 'time' */
  readonly sort?: SortOrder;
  /** Start `csv` with a UTF-8 byte-order mark, so spreadsheet programs read it as UTF-8. @default true */
  readonly bom?: boolean;
}

/** An output format: how it renders a report, and the file extension of a report written in it. */
export interface OutputFormatter {
  /** The extension of a report file in this format, with its dot (after `.langflix`). */
  readonly extension: string;
  /** The whole output for one report, ending with a newline (empty when there is nothing to write, for jsonl). */
  render(report: AnalysisReport, context: FormatContext): string;
}
