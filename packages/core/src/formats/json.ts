/**
 * The `json` output: the report itself (the `AnalysisReport` schema of `@langflix/core`), indented.
 */
import type { AnalysisReport } from '../schema.js';
import type { OutputFormatter } from './_types.js';

/** The report as indented JSON. */
export function renderJson(report: AnalysisReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The `json` format. */
export const json: OutputFormatter = { extension: '.json', render: renderJson };
