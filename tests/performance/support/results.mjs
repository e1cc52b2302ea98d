/**
 * How a benchmark publishes its figures: write `tests/performance/results/<benchmark>.json` (the envelope read
 * by `report/report.mjs`), then regenerate every chart and the README "Performance" section, so that whichever
 * benchmark runs last, all of them are current.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { paths, renderReport, repoRoot } from '../report/report.mjs';

/**
 * @param {import('../report/report.mjs').Result} result
 * @param {{ log?: (line: string) => void }} [options]
 * @returns {Promise<string>} the JSON file written
 */
export async function publishResult(result, options = {}) {
  const log = options.log ?? console.log;
  mkdirSync(paths.results, { recursive: true });
  const file = join(paths.results, `${result.benchmark}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  log(`results: wrote ${relative(repoRoot, file)}`);
  await renderReport({ log });
  return file;
}
