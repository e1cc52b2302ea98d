/**
 * One sync run in a clean Node process, for tests/performance/sync.bench.ts: decode + detect the media once
 * (timed, with the process's resident memory sampled every second), then align each given cue set (timed).
 * Usage: node sync-run.mjs <media> <cue-sets.json>   (cue-sets.json: { "<name>": [{ startMs, endMs }, …], … })
 * Prints one JSON object: { durationMs, decodeDetectMs, decodeDetectCpuMs (this process's CPU), rssSamplesMB: [[audioSeconds, MB], …], peakRssMB, aligns: { name: { ms, result } } }.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { alignCues, decodeAudio, detectSpeech } from '@langflix/core';

const [media, setsFile] = process.argv.slice(2);
const sets = JSON.parse(readFileSync(setsFile, 'utf8'));
const rssSamplesMB = [];
let lastSample = 0;
const started = performance.now();
const cpu0 = process.cpuUsage();
const speech = await detectSpeech(decodeAudio(media), {
  onProgress: (ms) => {
    if (performance.now() - lastSample < 1000) return;
    lastSample = performance.now();
    rssSamplesMB.push([Math.round(ms / 1000), Math.round(process.memoryUsage().rss / 2 ** 20)]);
  },
});
const decodeDetectMs = performance.now() - started;
const cpu = process.cpuUsage(cpu0);
const decodeDetectCpuMs = (cpu.user + cpu.system) / 1000;
const aligns = {};
for (const [name, cues] of Object.entries(sets)) {
  const t = performance.now();
  const result = alignCues(speech, cues);
  aligns[name] = { ms: performance.now() - t, result };
}
process.stdout.write(JSON.stringify({ durationMs: speech.durationMs, decodeDetectMs, decodeDetectCpuMs, rssSamplesMB, peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024), aligns }));
