/**
 * Sync benchmark with known truth (issue 18): a synthesised one-hour film (eSpeak NG speech at known times
 * over noise and music-like chords, tests/support/speech-film.ts) is decoded by ffmpeg and run through
 * Silero VAD in a clean Node process (tests/performance/support/sync-run.mjs), then the subtitles are
 * aligned after four damages: a constant offset, a 25/23.976 stretch, a 4 s jump half way, and another
 * film's subtitles. Printed and published (results/sync.json → README "Performance"): median and 95th
 * percentile cue-start error per damage, time per hour of audio (decode + detect + align), peak memory, and
 * memory sampled along the run for a 10-minute and the one-hour film (flat: not growing with the length).
 * Asserts correctness (the issue's error bounds, the refusal), never time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { syncCueTimes, type SyncResult } from '@langflix/core';
import { damage, startErrors, synthesiserMissing, writeSpeechFilm, type Damage, type TrueCue } from '../support/speech-film.js';
import { repoRoot } from '../support/fixtures.js';
import { machine } from './support/measure.mjs';
import { publishResult } from './support/results.mjs';

const missing = await synthesiserMissing();
if (missing) console.warn(`sync benchmark skipped: ${missing}`);

interface RunOutput {
  durationMs: number;
  decodeDetectMs: number;
  decodeDetectCpuMs: number;
  rssSamplesMB: [number, number][];
  peakRssMB: number;
  aligns: Record<string, { ms: number; result: SyncResult }>;
}

const DAMAGES: Record<string, Damage> = {
  offset: { kind: 'offset', ms: 3170 },
  stretch: { kind: 'stretch', from: 23.976, to: 25, offsetMs: -800 },
  split: { kind: 'split', atFraction: 0.5, jumpMs: 4000 },
};

function run(media: string, sets: Record<string, readonly { startMs: number; endMs: number }[]>, work: string): RunOutput {
  const file = join(work, `sets-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(sets));
  const child = spawnSync(process.execPath, [join(repoRoot, 'tests/performance/support/sync-run.mjs'), media, file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (child.status !== 0) throw new Error(`sync-run failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as RunOutput;
}

test.skipIf(missing !== null)('sync: a one-hour synthesised film, four damages', async () => {
  const work = mkdtempSync(join(tmpdir(), 'langflix-sync-bench-'));
  try {
    const t0 = Date.now();
    const hour = join(work, 'hour.wav');
    const truth: TrueCue[] = await writeSpeechFilm(hour, { seconds: 3600, seed: 21 });
    const other: TrueCue[] = await writeSpeechFilm(null, { seconds: 3600, seed: 22 });
    const short = join(work, 'ten-minutes.wav');
    const shortTruth = await writeSpeechFilm(short, { seconds: 600, seed: 23 });
    console.log(`synthesised: ${truth.length} cues in an hour, ${shortTruth.length} in 10 minutes (${((Date.now() - t0) / 1000).toFixed(0)} s)`);

    const sets: Record<string, TrueCue[]> = { other };
    for (const [name, d] of Object.entries(DAMAGES)) sets[name] = damage(truth, d);
    const long = run(hour, sets, work);
    const tenMinutes = run(short, { offset: damage(shortTruth, DAMAGES.offset!) }, work);

    const rows: string[][] = [];
    const errors: Record<string, { median: number; p95: number; max: number }> = {};
    for (const name of Object.keys(DAMAGES)) {
      const { result } = long.aligns[name]!;
      const e = startErrors(truth, sets[name]!.map((c) => ({ startMs: syncCueTimes(result, c)[0] })));
      errors[name] = e;
      const found = `offset ${result.offsetMs} ms, ratio ${result.ratio}${result.splits.map((s) => `, from ${(s.atMs / 1000).toFixed(0)} s ${s.offsetMs} ms`).join('')}`;
      rows.push([name, String(e.median), String(e.p95), String(e.max), result.confidence.toFixed(3), found, (long.aligns[name]!.ms / 1000).toFixed(2)]);
    }
    const otherResult = long.aligns.other!.result;
    rows.push(['another film', '–', '–', '–', otherResult.confidence.toFixed(3), otherResult.matched ? 'ACCEPTED (wrong)' : 'refused', (long.aligns.other!.ms / 1000).toFixed(2)]);

    const hours = long.durationMs / 3_600_000;
    const alignMs = long.aligns.stretch!.ms;
    const perHourS = (long.decodeDetectMs + alignMs) / 1000 / hours;
    const rssAt = (samples: [number, number][], fraction: number) => samples[Math.min(samples.length - 1, Math.floor(samples.length * fraction))]?.[1] ?? NaN;
    const memoryRows = [
      ['10 minutes', String(rssAt(tenMinutes.rssSamplesMB, 0.25)), String(rssAt(tenMinutes.rssSamplesMB, 0.5)), String(rssAt(tenMinutes.rssSamplesMB, 0.99)), String(tenMinutes.peakRssMB)],
      ['1 hour', String(rssAt(long.rssSamplesMB, 0.25)), String(rssAt(long.rssSamplesMB, 0.5)), String(rssAt(long.rssSamplesMB, 0.99)), String(long.peakRssMB)],
    ];
    const load = machine().loadAverage1m;
    console.log(`CPU time of the Node process (VAD + alignment; ffmpeg apart): ${(long.decodeDetectCpuMs / 1000).toFixed(1)} s; load average ${load} on ${machine().cores} cores`);
    console.log(`decode + detect: ${(long.decodeDetectMs / 1000).toFixed(1)} s for ${(long.durationMs / 60000).toFixed(1)} min of audio (${((long.durationMs / long.decodeDetectMs) | 0)}× real time); align (stretch): ${(alignMs / 1000).toFixed(2)} s; ${perHourS.toFixed(1)} s per hour of audio`);
    console.log(`peak RSS: ${long.peakRssMB} MB for an hour, ${tenMinutes.peakRssMB} MB for 10 minutes`);
    console.table(rows.map(([damageName, median, p95, max, confidence, found, s]) => ({ damageName, median, p95, max, confidence, found, s })));

    await publishResult({
      benchmark: 'sync',
      title: 'Sync to audio',
      order: 40,
      generatedAt: new Date().toISOString(),
      machine: machine(),
      description:
        `\`langflix sync\` on a synthesised one-hour film with known truth (eSpeak NG speech at known times over noise and music-like chords, ${truth.length} cues; \`tests/performance/sync.bench.ts\`): ` +
        `decode (ffmpeg, streamed) + speech detection (Silero VAD v5, one thread) + alignment took **${perHourS.toFixed(1)} s per hour of audio** ` +
        `(decode + detect ${(long.decodeDetectMs / 1000).toFixed(1)} s, ${(long.durationMs / long.decodeDetectMs).toFixed(0)}× real time; align ${(alignMs / 1000).toFixed(2)} s), peak memory **${long.peakRssMB} MB**. ` +
        `Speech detection used ${(long.decodeDetectCpuMs / 1000).toFixed(1)} s of CPU in the Node process (one thread; ffmpeg runs beside it in its own process). ` +
        `The machine is shared with other work (load average ${load} on ${machine().cores} cores during the run), so wall times are noisy; the CPU time is the steadier figure.`,
      tables: [
        { title: 'Cue-start error after sync (ms), by damage', columns: ['damage', 'median', 'p95', 'max', 'confidence', 'found', 'align s'], align: ['left', 'right', 'right', 'right', 'right', 'left', 'right'], rows },
        { title: 'Resident memory (MB) while decoding and detecting, and the peak (alignment included)', columns: ['film', 'at 25%', 'at 50%', 'at the end', 'peak'], align: ['left', 'right', 'right', 'right', 'right'], rows: memoryRows },
      ],
      notes: [
        'Damages: offset +3.17 s; 25/23.976 stretch with −0.8 s; +4 s from half way (a cut scene); another film: the subtitles of a different synthesised film (must be refused).',
        `Memory is sampled every second while decoding and detecting: it levels off at about 190 MB for 10 minutes and for an hour alike (the audio is never held; the VAD keeps one probability per 32 ms). The peak comes after, in the alignments (four in this run): the 10 ms signals and the FFT buffers of the cross-correlation grow with the film's length, about 25 MB an hour.`,
      ],
      data: { errors, perHourSeconds: perHourS, decodeDetectMs: long.decodeDetectMs, decodeDetectCpuMs: long.decodeDetectCpuMs, loadAverage1m: load, alignMs, peakRssMB: long.peakRssMB, rss: { hour: long.rssSamplesMB, tenMinutes: tenMinutes.rssSamplesMB } },
    });

    for (const name of Object.keys(DAMAGES)) {
      expect(errors[name]!.median, name).toBeLessThanOrEqual(40);
      expect(errors[name]!.p95, name).toBeLessThanOrEqual(150);
    }
    expect(otherResult.matched).toBe(false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
