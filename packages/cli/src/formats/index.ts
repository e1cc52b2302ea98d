/**
 * The output formats of `langflix analyze --format`, by name. The names are the core's `OUTPUT_FORMATS`
 * (so the config schema knows them); the code that writes them is here, in the CLI.
 */
import type { OutputFormat } from '@langflix/core';
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

/** Every format by name. A report written to a file in `table` format is written as `json` instead. */
export const FORMATTERS: Readonly<Record<OutputFormat, OutputFormatter>> = { table, json, jsonl, csv, anki, srt, vtt, markdown };

/** The format a report file is written in: `table` is for terminals, so a file gets `json`. */
export function fileFormat(format: OutputFormat): OutputFormat {
  return format === 'table' ? 'json' : format;
}
