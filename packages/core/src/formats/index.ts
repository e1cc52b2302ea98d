/**
 * The report formats, by name: `@langflix/core/formats`, the one entry point the CLI (`--format`), the
 * language server (export) and the VS Code extension share. The names are `OUTPUT_FORMATS`
 * (`formats/names.ts`, which the config schema lists).
 */
import type { OutputFormat } from './names.js';
import { anki } from './anki.js';
import { csv } from './csv.js';
import { json } from './json.js';
import { jsonl } from './jsonl.js';
import { markdown } from './markdown.js';
import { srt } from './srt.js';
import { table } from './table.js';
import type { OutputFormatter } from './_types.js';
import { vtt } from './vtt.js';

export type { FormatContext, OutputFormatter } from './_types.js';
export { OUTPUT_FORMATS, SORT_ORDERS, DEFAULT_SORT, FORMAT_OF_EXTENSION, formatOfPath, type OutputFormat, type SortOrder } from './names.js';
export { renderJson } from './json.js';
export { renderJsonl } from './jsonl.js';
export { renderCsv, CSV_COLUMNS } from './csv.js';
export { renderAnki, ANKI_COLUMNS } from './anki.js';
export { renderSrt } from './srt.js';
export { renderVtt } from './vtt.js';
export { renderMarkdown } from './markdown.js';
export { renderTable, shortSpan, summaryLine, plural, WIDE_MIN_WIDTH, NARROW_MIN_WIDTH } from './table.js';

/** Every format by name. A report written to a file in `table` format is written as `json` instead. */
export const FORMATTERS: Readonly<Record<OutputFormat, OutputFormatter>> = { table, json, jsonl, csv, anki, srt, vtt, markdown };

/** The format a report file is written in: `table` is for terminals, so a file gets `json`. */
export function fileFormat(format: OutputFormat): OutputFormat {
  return format === 'table' ? 'json' : format;
}
