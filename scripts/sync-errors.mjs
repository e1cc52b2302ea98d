#!/usr/bin/env node
/**
 * Measure `langflix sync` against known truth: node scripts/sync-errors.mjs <subtitle> <media> <truth subtitle>
 * Runs the core's sync stage (ffmpeg → Silero VAD → alignment; build first with `npx tsc -b`) on <subtitle>
 * and prints the alignment and each cue's corrected start minus the start of the same cue (by order) in
 * <truth subtitle>, in ms: median and max of the absolute errors, and the range of the signed ones.
 */
import { readFileSync } from 'node:fs';
import { parseSubtitles, syncCueTimes, syncToMedia } from '../packages/core/dist/index.js';

const [subtitle, media, truthPath] = process.argv.slice(2);
if (!truthPath) {
  console.error('usage: node scripts/sync-errors.mjs <subtitle> <media> <truth subtitle>');
  process.exit(2);
}
const cues = parseSubtitles(readFileSync(subtitle)).cues;
const truth = parseSubtitles(readFileSync(truthPath)).cues;
if (cues.length !== truth.length) {
  console.error(`${truthPath}: ${truth.length} cues, ${subtitle} has ${cues.length}; the cues must pair up in order`);
  process.exit(2);
}
const { result } = await syncToMedia(media, cues);
const errors = cues.map((c, i) => syncCueTimes(result, c)[0] - truth[i].startMs);
const abs = errors.map(Math.abs).sort((a, b) => a - b);
const { offsetMs, ratio, splits, confidence } = result;
console.log(JSON.stringify({ offsetMs, ratio, splits, confidence, cues: cues.length, medianAbsErrorMs: abs[abs.length >> 1], maxAbsErrorMs: abs.at(-1), signedErrorMs: [Math.min(...errors), Math.max(...errors)] }));
