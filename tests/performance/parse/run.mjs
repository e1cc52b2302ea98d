/**
 * The parse benchmark's measurement, run by `parse.bench.ts` in a separate plain `node` process with
 * NODE_ENV=production: every parser, LangFlix's included, is then loaded as an application loads it (the
 * packages' production builds and default export conditions, no test runner's module transform in between), all
 * in this one process.
 *
 * Usage: node tests/performance/parse/run.mjs OUT.json
 * Writes `{ machine, durationMs, inputs, rows }` to OUT.json. Exits 2, saying why, when the fixtures are absent.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { machine, measure } from '../support/measure.mjs';
import { buildCorpus, missingFixtures } from './corpus.mjs';
import { langflixFromBytes, parsers } from './peers.mjs';

const out = process.argv[2];
if (out === undefined) {
  console.error('usage: node tests/performance/parse/run.mjs OUT.json');
  process.exit(1);
}
const missing = missingFixtures();
if (missing !== null) {
  console.error(missing);
  process.exit(2);
}

const began = performance.now();

/**
 * Compare a parser's cue times with the corpus's.
 * @param {import('./peers.mjs').CueTimes} got @param {import('./corpus.mjs').Corpus} corpus
 */
function check(got, corpus) {
  const cues = got.starts.length;
  let timesOk = cues === corpus.cues;
  for (let i = 0; timesOk && i < cues; i++) {
    timesOk = got.starts[i] === corpus.starts[i] && got.ends[i] === corpus.ends[i];
  }
  return { cues, expectedCues: corpus.cues, countOk: cues === corpus.cues, timesOk };
}

/** @type {{ format: string; copies: number; cues: number; bytes: number; sources: { file: string; cues: number }[] }[]} */
const inputs = [];
/** @type {Record<string, unknown>[]} */
const rows = [];

/**
 * The contenders on one input: every parser of the format from a string, and LangFlix from bytes.
 * @param {'srt' | 'vtt'} format @param {import('./corpus.mjs').Corpus} corpus
 */
function contendersFor(format, corpus) {
  const { text, bytes } = corpus;
  const here = parsers.filter((p) => p.call[format] !== undefined);
  /** @type {{ id: string; parser: import('./peers.mjs').Parser; input: 'string' | 'bytes'; call: string; run: () => import('./peers.mjs').CueTimes | Promise<import('./peers.mjs').CueTimes> }[]} */
  const list = here.map((p) => ({
    id: p.name,
    parser: p,
    input: 'string',
    call: /** @type {string} */ (p.call[format]),
    run: () => p.parse(text, format),
  }));
  const self = here.find((p) => p.self === true);
  if (self !== undefined) {
    list.push({ id: `${self.name} (bytes)`, parser: self, input: 'bytes', call: 'parseSubtitles(bytes)', run: () => langflixFromBytes(bytes) });
  }
  return list;
}

for (const format of /** @type {const} */ (['srt', 'vtt'])) {
  const corpus = buildCorpus(format);
  const bytes = corpus.bytes.length;
  inputs.push({ format, copies: corpus.copies, cues: corpus.cues, bytes, sources: corpus.sources });
  const contenders = contendersFor(format, corpus);
  // Correctness first, untimed: what each parser makes of the file; for one that gets it wrong, whether the
  // byte-order mark at the start is what trips it.
  /** @type {Map<string, ReturnType<typeof check> & { rightWithoutBom?: boolean }>} */
  const checks = new Map();
  for (const c of contenders) {
    const result = check(await c.run(), corpus);
    if (!(result.countOk && result.timesOk) && c.input === 'string' && corpus.text.charCodeAt(0) === 0xfeff) {
      const withoutBom = check(await c.parser.parse(corpus.text.slice(1), format), corpus);
      checks.set(c.id, { ...result, rightWithoutBom: withoutBom.countOk && withoutBom.timesOk });
    } else {
      checks.set(c.id, result);
    }
  }
  console.log(`${format}: ${(bytes / 1e6).toFixed(2)} MB, ${corpus.cues} cues (${corpus.copies} copies); timing ${contenders.length} parsers…`);
  const timings = await measure(contenders);
  // The same on a single copy of the films (tens of kilobytes): how each parser's speed holds up as files grow.
  const one = buildCorpus(format, 0);
  const oneTimings = await measure(contendersFor(format, one), { budgetMs: 500, warmupMs: 200, maxWarmupMs: 500 });
  for (const c of contenders) {
    const t = /** @type {import('../support/measure.mjs').Timing} */ (timings.get(c.id));
    const small = /** @type {import('../support/measure.mjs').Timing} */ (oneTimings.get(c.id));
    rows.push({
      format,
      parser: c.parser.name,
      version: c.parser.version,
      self: c.parser.self === true,
      input: c.input,
      call: c.call,
      mbPerSec: bytes / 1e6 / (t.medianMs / 1000),
      oneCopy: { bytes: one.bytes.length, cues: one.cues, medianMs: small.medianMs, runs: small.runs, mbPerSec: one.bytes.length / 1e6 / (small.medianMs / 1000) },
      ...checks.get(c.id),
      ...t,
    });
  }
}

writeFileSync(out, `${JSON.stringify({ machine: machine(), durationMs: performance.now() - began, inputs, rows })}\n`);
