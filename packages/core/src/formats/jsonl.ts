/**
 * The `jsonl` output (JSON Lines): one expression per line, each an `Expression` of `@langflix/core`, in
 * report order, for `jq`, databases and stream processors. Nothing else: no summary, no failed chunks.
 */
import type { AnalysisReport } from '../schema.js';
import type { OutputFormatter } from './_types.js';

/** One JSON object per line, one line per expression; empty when there are none. */
export function renderJsonl(report: AnalysisReport): string {
  return report.expressions.map((e) => `${JSON.stringify(e)}\n`).join('');
}

/** The `jsonl` format. */
export const jsonl: OutputFormatter = { extension: '.jsonl', render: renderJsonl };
