/**
 * Benchmark results → SVG charts and the README "Performance" section.
 *
 * Inputs (see tests/performance/README.md for the contract):
 * - `tests/performance/results/*.json`: one result file per benchmark, the envelope
 *   `{ benchmark, title, order?, description?, generatedAt, machine, tables?, notes?, data }`;
 * - `tests/performance/charts/*.vl.json`: one Vega-Lite spec per chart. Its data names a result file and a path
 *   into it, `"data": { "url": "parse.json", "format": { "property": "data.rows" } }` (in a layer too), which is
 *   inlined here before compiling.
 *
 * Outputs: `docs/performance/<chart>.svg` (Vega-Lite compiled to Vega, rendered headless with
 * `renderer: 'none'` and `view.toSVG()`: no canvas, no browser, no native module) and the part of README.md
 * between the `performance:begin`/`performance:end` markers: per result file, its machine, description,
 * tables, notes and charts. A chart whose result file does not exist yet is skipped with a message, so a
 * chart can be committed before its benchmark first runs.
 *
 * Plain JavaScript, run by the benchmarks after they write their JSON and by `node scripts/charts.mjs`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as vega from 'vega';
import { compile } from 'vega-lite';

const here = dirname(fileURLToPath(import.meta.url));

/** The repository's root folder. */
export const repoRoot = resolve(here, '../../..');

/** Default locations, relative to the repository root. */
export const paths = {
  results: join(repoRoot, 'tests/performance/results'),
  charts: join(repoRoot, 'tests/performance/charts'),
  docs: join(repoRoot, 'docs/performance'),
  readme: join(repoRoot, 'README.md'),
};

export const BEGIN = '<!-- performance:begin -->';
export const END = '<!-- performance:end -->';

/**
 * A result file's envelope.
 * @typedef {object} Result
 * @property {string} benchmark short name: the file is `<benchmark>.json`
 * @property {string} title heading in the README
 * @property {number} [order] position in the README (ascending; then by name)
 * @property {string} [description] Markdown paragraph under the heading
 * @property {string} generatedAt ISO date of the run
 * @property {import('../support/measure.mjs').Machine} machine
 * @property {Table[]} [tables]
 * @property {string[]} [notes] Markdown lines under the tables
 * @property {unknown} data the figures, shaped as the benchmark likes; the charts read from here
 */

/**
 * A table for the README, cells already formatted.
 * @typedef {{ title?: string; columns: string[]; align?: ('left' | 'right' | 'center')[]; rows: string[][] }} Table
 */

/**
 * The result files that follow the envelope (a `title`, `generatedAt` and `machine`), in README order. Other
 * JSON files in the folder are left out of the README; charts can still draw from them.
 * @param {string} dir @returns {Result[]}
 */
export function loadResults(dir = paths.results) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ ...loadResult(join(dir, f)), benchmark: basename(f, '.json') }))
    .filter((r) => typeof r.title === 'string' && typeof r.generatedAt === 'string' && r.machine !== undefined)
    .sort((a, b) => (a.order ?? 100) - (b.order ?? 100) || a.benchmark.localeCompare(b.benchmark));
}

/** @param {unknown} value @param {string | undefined} path dot-separated, e.g. `data.rows` */
function pick(value, path) {
  if (path === undefined || path === '') return value;
  let v = value;
  for (const key of path.split('.')) v = v == null ? undefined : /** @type {Record<string, unknown>} */ (v)[key];
  return v;
}

/**
 * Copy of a Vega-Lite spec with every `data: { url: '<result>.json', format: { property } }` replaced by the values
 * it names; the result files it read, by name.
 * @param {Record<string, unknown>} spec @param {string} resultsDir
 * @returns {{ spec: Record<string, unknown>; sources: string[] } | { missing: string }}
 */
export function inlineData(spec, resultsDir = paths.results) {
  /** @type {string[]} */
  const sources = [];
  let missing = '';
  /** @param {unknown} node @returns {unknown} */
  const walk = (node) => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== 'object') return node;
    /** @type {Record<string, unknown>} */
    const out = {};
    for (const [key, value] of Object.entries(node)) {
      const data = /** @type {{ url?: unknown; format?: { property?: string } & Record<string, unknown> }} */ (value);
      if (key === 'data' && data !== null && typeof data === 'object' && typeof data.url === 'string') {
        const file = join(resultsDir, data.url);
        if (!existsSync(file)) {
          missing = data.url;
          out[key] = { values: [] };
          continue;
        }
        if (!sources.includes(data.url)) sources.push(data.url);
        const values = pick(JSON.parse(readFileSync(file, 'utf8')), data.format?.property);
        if (!Array.isArray(values)) throw new Error(`${data.url}: ${data.format?.property ?? '(root)'} is not an array`);
        const { property: _property, type: _type, ...format } = data.format ?? {};
        out[key] = Object.keys(format).length > 0 ? { values, format } : { values };
      } else {
        out[key] = walk(value);
      }
    }
    return out;
  };
  const inlined = /** @type {Record<string, unknown>} */ (walk(spec));
  return missing !== '' ? { missing } : { spec: inlined, sources };
}

/** A sentence naming a machine, for the README. @param {import('../support/measure.mjs').Machine} m */
export function machineLine(m) {
  const load = typeof m.loadAverage1m === 'number' ? ` (load average ${m.loadAverage1m} when it ended)` : '';
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}${load}`;
}

/** A short name of a machine, for a chart's subtitle. @param {import('../support/measure.mjs').Machine} m */
export function machineShort(m) {
  return `${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, Node ${m.node}`;
}

/**
 * Render one Vega-Lite spec (data already inline) to SVG; Vega-Lite's and Vega's warnings go to `warn`.
 * @param {Record<string, unknown>} spec @param {(message: string) => void} [warn]
 * @returns {Promise<string>}
 */
export async function renderSvg(spec, warn = (m) => console.warn(m)) {
  /** @type {NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>} */
  const logger = {
    level(/** @type {number | undefined} */ level) {
      return level === undefined ? vega.Warn : logger;
    },
    error: (/** @type {unknown[]} */ ...args) => {
      throw new Error(args.map(String).join(' '));
    },
    warn: (/** @type {unknown[]} */ ...args) => {
      warn(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  const { spec: vgSpec } = compile(/** @type {import('vega-lite').TopLevelSpec} */ (/** @type {unknown} */ (spec)), { logger });
  const view = new vega.View(vega.parse(vgSpec), { renderer: 'none', logger });
  try {
    return `${await view.toSVG()}\n`;
  } finally {
    view.finalize();
  }
}

/**
 * A chart written: its spec file, its SVG, the result files it draws from and its title.
 * @typedef {{ name: string; svg: string; sources: string[]; title: string }} Chart
 */

/** @param {unknown} title @returns {string} */
function titleText(title) {
  if (typeof title === 'string') return title;
  if (Array.isArray(title)) return title.join(' ');
  if (title !== null && typeof title === 'object' && 'text' in title) return titleText(title.text);
  return '';
}

/**
 * Render every chart spec whose result files exist to `docsDir/<name>.svg`. A chart's subtitle, unless its spec
 * has one or sets `usermeta.machineSubtitle: false`, names the machine and date of its first result file.
 * @param {{ resultsDir?: string; chartsDir?: string; docsDir?: string; log?: (line: string) => void }} [options]
 * @returns {Promise<Chart[]>}
 */
export async function renderCharts(options = {}) {
  const { resultsDir = paths.results, chartsDir = paths.charts, docsDir = paths.docs, log = console.log } = options;
  if (!existsSync(chartsDir)) return [];
  /** @type {Chart[]} */
  const charts = [];
  for (const file of readdirSync(chartsDir).filter((f) => f.endsWith('.vl.json')).sort()) {
    const name = basename(file, '.vl.json');
    const raw = JSON.parse(readFileSync(join(chartsDir, file), 'utf8'));
    const inlined = inlineData(raw, resultsDir);
    if ('missing' in inlined) {
      log(`charts: ${file} skipped, no ${inlined.missing} in ${relative(repoRoot, resultsDir)} yet`);
      continue;
    }
    const { spec, sources } = inlined;
    const first = sources[0] === undefined ? undefined : loadResult(join(resultsDir, sources[0]));
    const usermeta = /** @type {{ machineSubtitle?: boolean } | undefined} */ (spec.usermeta);
    if (first?.machine !== undefined && typeof first.generatedAt === 'string' && usermeta?.machineSubtitle !== false) {
      const title = typeof spec.title === 'string' ? { text: spec.title } : /** @type {Record<string, unknown>} */ (spec.title ?? {});
      if (title.subtitle === undefined) {
        spec.title = { ...title, subtitle: `${machineShort(first.machine)} · ${first.generatedAt.slice(0, 10)}` };
      }
    }
    mkdirSync(docsDir, { recursive: true });
    const svg = join(docsDir, `${name}.svg`);
    writeFileSync(svg, await renderSvg(spec, (m) => log(`charts: ${file}: warning: ${m}`)));
    charts.push({ name, svg, sources, title: titleText(raw.title) || name });
    log(`charts: wrote ${relative(repoRoot, svg)}`);
  }
  return charts;
}

/** @param {string} file @returns {Result} */
function loadResult(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** @param {string} cell */
function escapeCell(cell) {
  return String(cell).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A Markdown table. @param {Table} table */
export function markdownTable(table) {
  const align = table.columns.map((_, i) => table.align?.[i] ?? 'left');
  const rule = align.map((a) => (a === 'right' ? '---:' : a === 'center' ? ':---:' : '---'));
  const lines = [
    `| ${table.columns.map(escapeCell).join(' | ')} |`,
    `|${rule.join('|')}|`,
    ...table.rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ];
  return lines.join('\n');
}

/**
 * The generated part of the README: for each result, its heading, machine, description, tables, notes and the
 * charts drawn from it.
 * @param {Result[]} results @param {Chart[]} charts @param {string} readmeDir
 * @returns {string}
 */
export function readmeSection(results, charts, readmeDir = repoRoot) {
  const parts = [];
  for (const r of results) {
    parts.push(`### ${r.title}`, '');
    parts.push(`Measured ${r.generatedAt.slice(0, 10)} on ${machineLine(r.machine)}.`, '');
    if (r.description) parts.push(r.description.trim(), '');
    for (const t of r.tables ?? []) {
      if (t.title) parts.push(t.title, '');
      parts.push(markdownTable(t), '');
    }
    for (const n of r.notes ?? []) parts.push(n, '');
    for (const c of charts.filter((c) => c.sources[0] === `${r.benchmark}.json`)) {
      const src = relative(readmeDir, c.svg).split('\\').join('/');
      parts.push(`![${c.title}](${src})`, '');
    }
  }
  return parts.join('\n').trimEnd();
}

/**
 * Replace the README's text between {@link BEGIN} and {@link END} (the markers stay). Returns false, leaving the
 * file alone, when the markers are absent.
 * @param {string} readme @param {string} section
 */
export function updateReadme(readme, section) {
  if (!existsSync(readme)) return false;
  const text = readFileSync(readme, 'utf8');
  const begin = text.indexOf(BEGIN);
  const end = text.indexOf(END, begin);
  if (begin < 0 || end < 0) return false;
  const next = `${text.slice(0, begin + BEGIN.length)}\n\n${section}\n\n${text.slice(end)}`;
  if (next !== text) writeFileSync(readme, next);
  return true;
}

/**
 * Everything: charts from every spec, then the README section from every result. What `npm run bench` runs after
 * each benchmark writes its JSON, and `node scripts/charts.mjs` alone.
 * @param {{ resultsDir?: string; chartsDir?: string; docsDir?: string; readme?: string; log?: (line: string) => void }} [options]
 */
export async function renderReport(options = {}) {
  const { resultsDir = paths.results, readme = paths.readme, log = console.log } = options;
  const charts = await renderCharts(options);
  const results = loadResults(resultsDir);
  if (updateReadme(readme, readmeSection(results, charts, dirname(readme)))) {
    log(`charts: updated the Performance section of ${relative(repoRoot, readme)}`);
  } else {
    log(`charts: no ${BEGIN} … ${END} markers in ${relative(repoRoot, readme)}; README left alone`);
  }
  return { charts, results };
}
