/**
 * Parse speed against the JavaScript subtitle parsers users would pick: about 2 MB of real SubRip and of real
 * WebVTT (copies of the shared fixtures' films, see parse/corpus.mjs), parsed from a JavaScript string by
 * LangFlix's `parseSubtitles` and by `subtitle`, `srt-parser-2` (SubRip only), `subsrt-ts`,
 * `@plussub/srt-vtt-parser` and `media-captions`; LangFlix from bytes (decoding included) beside them.
 *
 * The measuring runs in a separate plain Node process (parse/run.mjs): vitest's module runner and its `test` /
 * `development` export conditions would otherwise load development builds of some peers and transform
 * LangFlix's own modules, and neither is what an application runs. This file starts it, turns its figures into
 * `tests/performance/results/parse.json` with the README tables, and regenerates the charts and the README
 * section. It asserts nothing about time; it does check what every parser made of the file (cue count and
 * every cue's times), and fails if LangFlix itself got anything wrong.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { CORPORA, missingFixtures, repoRoot } from './parse/corpus.mjs';
import type { Machine } from './support/measure.mjs';
import { publishResult } from './support/results.mjs';

/** One measured parser on one input, as parse/run.mjs writes it. */
interface Row {
  format: 'srt' | 'vtt';
  parser: string;
  version: string;
  self: boolean;
  input: 'string' | 'bytes';
  call: string;
  mbPerSec: number;
  cues: number;
  expectedCues: number;
  countOk: boolean;
  timesOk: boolean;
  /** For a parser that gets the file wrong: whether it gets it right once the BOM at its start is removed. */
  rightWithoutBom?: boolean;
  /** The same parser on one copy of the films (tens of kilobytes). */
  oneCopy: { bytes: number; cues: number; medianMs: number; runs: number; mbPerSec: number };
  medianMs: number;
  minMs: number;
  maxMs: number;
  relativeIqr: number;
  runs: number;
  warmupRuns: number;
  samplesMs: number[];
}

interface Input {
  format: 'srt' | 'vtt';
  copies: number;
  cues: number;
  bytes: number;
  sources: { file: string; cues: number }[];
}

interface Measured {
  machine: Machine;
  durationMs: number;
  inputs: Input[];
  rows: Row[];
}

const FORMAT_NAME = { srt: 'SubRip (.srt)', vtt: 'WebVTT (.vtt)' } as const;

const missing = missingFixtures();
if (missing !== null) console.warn(`parse benchmark skipped: ${missing}`);

/** Run parse/run.mjs in its own Node process; resolves with what it measured. */
async function runMeasurement(): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'langflix-bench-'));
  const out = join(dir, 'parse.json');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [join(repoRoot, 'tests/performance/parse/run.mjs'), out], {
        cwd: repoRoot,
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      child.on('error', reject);
      child.on('exit', resolve);
    });
    if (code !== 0) throw new Error(`parse/run.mjs exited with ${code}`);
    return JSON.parse(readFileSync(out, 'utf8')) as Measured;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const int = (n: number) => n.toLocaleString('en-US');
const fixed = (n: number, digits: number) => n.toFixed(digits);

function label(row: Row): string {
  if (row.input === 'bytes') return '@langflix/core, from bytes (decoding included)';
  return row.self ? '**@langflix/core**' : row.parser;
}

function cuesCell(row: Row): string {
  const bom = row.rightWithoutBom === true ? ', right once the BOM at its start is removed' : '';
  if (!row.countOk) return `${int(row.cues)} ✗ (the file has ${int(row.expectedCues)}${bom})`;
  if (!row.timesOk) return `${int(row.cues)} ✗ wrong times${bom === '' ? '' : ` (${bom.slice(2)})`}`;
  return `${int(row.cues)} ✓`;
}

/** Per format: LangFlix (string), the fastest peer and the ratio. */
function summarise(rows: Row[], format: 'srt' | 'vtt') {
  const here = rows.filter((r) => r.format === format);
  const self = here.find((r) => r.self && r.input === 'string');
  const bytes = here.find((r) => r.self && r.input === 'bytes');
  const peers = here.filter((r) => !r.self).sort((a, b) => b.mbPerSec - a.mbPerSec);
  const fastest = peers[0];
  const fastestCorrect = peers.find((r) => r.countOk && r.timesOk);
  if (self === undefined || fastest === undefined) throw new Error(`no LangFlix or no peer row for ${format}`);
  return {
    format,
    langflixMbPerSec: self.mbPerSec,
    langflixFromBytesMbPerSec: bytes?.mbPerSec ?? null,
    fastestPeer: fastest.parser,
    fastestPeerMbPerSec: fastest.mbPerSec,
    fastestPeerCorrect: fastest.countOk && fastest.timesOk,
    fastestPeerRightWithoutBom: fastest.rightWithoutBom === true,
    ratioToFastestPeer: self.mbPerSec / fastest.mbPerSec,
    fastestCorrectPeer: fastestCorrect?.parser ?? null,
    ratioToFastestCorrectPeer: fastestCorrect === undefined ? null : self.mbPerSec / fastestCorrect.mbPerSec,
  };
}

function table(rows: Row[], input: Input) {
  const here = rows.filter((r) => r.format === input.format);
  const self = here.find((r) => r.self && r.input === 'string');
  // LangFlix from a string, LangFlix from bytes, then the others, fastest first.
  const rank = (r: Row) => (r.self ? (r.input === 'string' ? 0 : 1) : 2);
  const ordered = [...here].sort((a, b) => rank(a) - rank(b) || b.mbPerSec - a.mbPerSec);
  const sources = input.sources.map((s) => `${s.file} (${s.cues} cues)`).join(' + ');
  const oneCopy = here[0]?.oneCopy;
  const oneCopyTitle = oneCopy === undefined ? 'MB/s on one copy' : `MB/s on one copy (${fixed(oneCopy.bytes / 1e3, 0)} kB)`;
  return {
    title: `**${FORMAT_NAME[input.format]}**: ${fixed(input.bytes / 1e6, 2)} MB, ${int(input.cues)} cues — ${sources}, ×${input.copies}`,
    columns: ['parser', 'version', 'MB/s', 'median ms', 'runs', 'LangFlix is', oneCopyTitle, 'cues found'],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'left'] as ('left' | 'right')[],
    rows: ordered.map((r) => [
      label(r),
      r.version,
      fixed(r.mbPerSec, 1),
      fixed(r.medianMs, 1),
      String(r.runs),
      r.self || self === undefined ? '' : `${fixed(self.mbPerSec / r.mbPerSec, 1)}× faster`,
      fixed(r.oneCopy.mbPerSec, 1),
      cuesCell(r),
    ]),
  };
}

test.skipIf(missing !== null)(
  'parse speed: LangFlix and the JavaScript subtitle parsers on ~2 MB of real SubRip and WebVTT',
  async () => {
    const began = Date.now();
    const measured = await runMeasurement();
    const { rows, inputs } = measured;
    const summary = inputs.map((i) => summarise(rows, i.format));

    // Printed in full: the figures are the point of the run.
    for (const r of rows) {
      console.log(
        `${r.format}  ${`${r.parser}${r.input === 'bytes' ? ' (bytes)' : ''}`.padEnd(32)} ${fixed(r.mbPerSec, 1).padStart(7)} MB/s  ` +
          `median ${fixed(r.medianMs, 2).padStart(8)} ms  ±${fixed(r.relativeIqr * 50, 1)}%  ${String(r.runs).padStart(2)} runs  ` +
          `${r.cues} cues${r.countOk ? '' : ` MISCOUNT (expected ${r.expectedCues})`}${r.countOk && !r.timesOk ? ' WRONG TIMES' : ''}`,
      );
    }
    for (const s of summary) {
      console.log(
        `${s.format}: LangFlix ${fixed(s.langflixMbPerSec, 1)} MB/s = ${fixed(s.ratioToFastestPeer, 2)}× the fastest peer ` +
          `(${s.fastestPeer}, ${fixed(s.fastestPeerMbPerSec, 1)} MB/s${s.fastestPeerCorrect ? '' : ', which gets the file wrong'})`,
      );
    }

    // What LangFlix itself made of the files must be right, whatever its speed (checked before anything is written).
    for (const r of rows.filter((row) => row.self)) {
      expect({ format: r.format, input: r.input, countOk: r.countOk, timesOk: r.timesOk }).toEqual({
        format: r.format,
        input: r.input,
        countOk: true,
        timesOk: true,
      });
    }

    const notes = summary.map(
      (s) =>
        `${FORMAT_NAME[s.format]}: LangFlix parses **${fixed(s.langflixMbPerSec, 1)} MB/s**, **${fixed(s.ratioToFastestPeer, 1)}×** ` +
        `the fastest other parser (${s.fastestPeer}, ${fixed(s.fastestPeerMbPerSec, 1)} MB/s` +
        `${s.fastestPeerCorrect ? '' : s.fastestPeerRightWithoutBom ? ', which trips on the byte-order mark at the start of the file and loses a cue' : ', which gets the cues wrong'})` +
        (s.fastestPeerCorrect || s.fastestCorrectPeer === null || s.ratioToFastestCorrectPeer === null
          ? '.'
          : `; **${fixed(s.ratioToFastestCorrectPeer, 1)}×** the fastest that reads every cue right (${s.fastestCorrectPeer}).`),
    );
    await publishResult({
      benchmark: 'parse',
      title: 'Parse speed',
      order: 10,
      generatedAt: new Date().toISOString(),
      machine: measured.machine,
      description:
        'About 2 MB of real subtitles (copies of real films from the shared fixtures, renumbered and shifted in ' +
        "time into one valid file whose every cue time is known), parsed from a JavaScript string by LangFlix's " +
        '`parseSubtitles` and by the JavaScript parsers an application would pick, all in one plain Node process ' +
        '(production builds, NODE_ENV=production). Median of repeated runs after warm-up, the runs of all parsers ' +
        'interleaved; MB/s is 10⁶ bytes of the UTF-8 file per second. LangFlix does more per cue than most (warnings ' +
        'with line numbers, `plain` text without tags, the loss check) and runs with its lenient timing grammar on, ' +
        'as it always does: well-formed timing lines take its fast path, the others its lenient reader. "cues found" checks each parser\'s cue count and every ' +
        "cue's start and end against the file: ✗ marks a parser that gets them wrong. LangFlix from bytes (BOM, " +
        'UTF-8 validation and decoding included) is measured beside, outside the comparison; it can beat the string ' +
        'when the file starts with a BOM: a JavaScript string holding U+FEFF (as `readFileSync(file, "utf8")` leaves ' +
        'it) takes two bytes per character, the decoded text without it one byte when it is all Latin-1.',
      tables: inputs.map((i) => table(rows, i)),
      notes,
      data: {
        method: {
          corpora: CORPORA,
          timing: 'median of interleaved runs after warm-up, separate node process, NODE_ENV=production',
          unit: 'MB/s = 10^6 bytes of the UTF-8 file / median seconds',
        },
        measureMs: measured.durationMs,
        inputs,
        summary,
        rows,
      },
    });
    console.log(`parse benchmark: ${fixed((Date.now() - began) / 1000, 1)} s`);
  },
);
