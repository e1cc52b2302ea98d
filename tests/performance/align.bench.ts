/**
 * Alignment benchmark (issue 5): 1000 expressions aligned against a 2000-cue file. The target is under
 * 100 ms on the development machine; this file prints the figures and writes them to
 * tests/performance/results/align.json, and asserts nothing about time (a busy machine must not make
 * it fail).
 *
 * Input: the English films of ../shared/fixtures/subtitles/real (or, without them, the repository's
 * example file) laid end to end until there are 2000 cues; the expressions are what the offline lexicon
 * provider finds in them, with the cited cue moved 1–3 cues for one item in three and one item in ten
 * replaced by an expression that is not there, all from a seeded generator so every run aligns the same
 * items.
 *
 * Three figures: `coldFirst` is the first pass in the process (fresh cues, and the alignment code not yet
 * compiled by the JIT: what a one-shot command pays); `coldMedian` aligns against freshly parsed cues, so
 * it includes tokenising every cue it touches; `warmMedian` repeats the run on the same cues, with
 * tokens cached per cue (what a long-lived process such as the language server pays).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { expect, test } from 'vitest';
import { chunkCues } from '../../packages/core/src/chunking/chunk.js';
import type { ModelExpressionItem } from '../../packages/core/src/expressions/schema.js';
import { createLexiconProvider } from '../../packages/core/src/providers/lexicon/index.js';
import type { Cue } from '../../packages/core/src/schema.js';
import { parseSubtitles } from '../../packages/core/src/subtitles/parse.js';
import { formatSrtTime } from '../../packages/core/src/subtitles/time.js';
import { alignExpression } from '../../packages/core/src/timing/align.js';
import { realSubtitle, repoRoot } from '../support/fixtures.js';
import { mulberry32 } from '../support/random.js';

const CUES = 2000;
const EXPRESSIONS = 1000;
const WARM_RUNS = 15;
const FILMS = ['night-of-the-living-dead-1968.en.srt', 'the-last-man-on-earth-1964.en.srt', 'sprite-fright.en.vtt', 'elephants-dream.en.vtt'];


/** The 2000-cue file as SubRip text: real films end to end, re-timed to follow one another. */
function buildFile(): { srt: string; sources: string[] } {
  const present = FILMS.filter((f) => existsSync(realSubtitle(f)));
  const sources = present.length > 0 ? present.map(realSubtitle) : [join(repoRoot, 'examples/sprite-fright.en.srt')];
  const texts = sources.map((path) => parseSubtitles(readFileSync(path)).cues);
  const blocks: string[] = [];
  let offset = 0;
  for (let k = 0; blocks.length < CUES; k++) {
    const film = texts[k % texts.length]!;
    const base = film[0]!.startMs;
    for (const cue of film) {
      if (blocks.length === CUES) break;
      blocks.push(`${blocks.length + 1}\n${formatSrtTime(offset + cue.startMs - base)} --> ${formatSrtTime(offset + cue.endMs - base)}\n${cue.text}\n`);
    }
    offset += film[film.length - 1]!.endMs - base + 5000;
  }
  return { srt: blocks.join('\n'), sources: sources.map((s) => s.slice(s.lastIndexOf('/') + 1)) };
}

/** What the lexicon finds in the file, 1000 items, hints perturbed and some replaced by absent expressions. */
async function buildItems(cues: readonly Cue[]): Promise<ModelExpressionItem[]> {
  const provider = createLexiconProvider();
  const found: ModelExpressionItem[] = [];
  for (const chunk of chunkCues(cues).chunks) {
    const answer = await provider.analyzeChunk({ chunk, level: 'mixed', targetLanguage: 'en', minExpressions: 1, maxExpressions: 1000 });
    found.push(...answer.items);
  }
  const random = mulberry32(5);
  const absent = ['once in a blue moon', 'let the cat out of the bag', 'bite the bullet', 'spill the beans', 'under the weather'];
  return Array.from({ length: EXPRESSIONS }, (_, i) => {
    const item = found[Math.floor((i * found.length) / EXPRESSIONS)]!;
    const roll = random();
    if (roll < 0.1) return { ...item, expression: absent[i % absent.length]!, type: 'idiom' };
    if (roll < 0.43) {
      const moved = item.cue_index + (random() < 0.5 ? -1 : 1) * (1 + Math.floor(random() * 3));
      return { ...item, cue_index: Math.min(cues.length - 1, Math.max(0, moved)) };
    }
    return item;
  });
}

/** Aligns every item once; returns how many were found, so the work cannot be optimised away. */
function alignAll(items: readonly ModelExpressionItem[], cues: readonly Cue[]): number {
  let found = 0;
  for (const item of items) {
    const aligned = alignExpression(item, cues, { cueIndex: item.cue_index, context: { startCue: item.context_start_index, endCue: item.context_end_index } });
    if (aligned) found++;
  }
  return found;
}

test('align 1000 expressions against a 2000-cue file', async () => {
  const { srt, sources } = buildFile();
  const items = await buildItems(parseSubtitles(srt).cues);

  // Cold: fresh cue objects, nothing tokenised yet.
  const cold: number[] = [];
  let found = 0;
  for (let r = 0; r < 5; r++) {
    const fresh = parseSubtitles(srt).cues;
    const t0 = performance.now();
    found = alignAll(items, fresh);
    cold.push(performance.now() - t0);
  }
  // Warm: the same cues again, tokens cached.
  const cues = parseSubtitles(srt).cues;
  alignAll(items, cues);
  const warm: number[] = [];
  for (let r = 0; r < WARM_RUNS; r++) {
    const t0 = performance.now();
    alignAll(items, cues);
    warm.push(performance.now() - t0);
  }

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const result = {
    benchmark: 'alignExpression: 1000 expressions, 2000 cues',
    cues: cues.length,
    expressions: items.length,
    found,
    sources,
    coldMedianMs: Number(median(cold).toFixed(2)),
    coldFirstMs: Number(cold[0]!.toFixed(2)),
    warmMedianMs: Number(median(warm).toFixed(2)),
    warmMinMs: Number(Math.min(...warm).toFixed(2)),
    microsecondsPerExpressionWarm: Number(((median(warm) * 1000) / items.length).toFixed(1)),
    targetMs: 100,
    // Other work on the machine slows every figure: the one-minute load average when the run ended.
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, loadAverage1m: Number(loadavg()[0]!.toFixed(2)) },
  };
  console.log(
    [
      `align.bench: ${result.expressions} expressions × ${result.cues} cues (${result.found} found)`,
      `  cold (fresh cues, tokenising included): first ${result.coldFirstMs} ms, median ${result.coldMedianMs} ms`,
      `  warm (tokens cached):                   median ${result.warmMedianMs} ms, min ${result.warmMinMs} ms, ${result.microsecondsPerExpressionWarm} µs per expression`,
      `  target: under ${result.targetMs} ms (load average ${result.machine.loadAverage1m} on ${result.machine.cores} cores)`,
    ].join('\n'),
  );
  const dir = join(repoRoot, 'tests/performance/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'align.json'), `${JSON.stringify(result, null, 2)}\n`);
  // Nothing about time: only that the work was done.
  expect(result.cues).toBe(CUES);
  expect(found).toBeGreaterThan(EXPRESSIONS / 2);
});
