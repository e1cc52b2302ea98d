import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSubtitles, type AnalyzeOptions } from '../../src/pipeline/analyze.js';
import { canonicalKey } from '../../src/expressions/dedupe.js';
import { expressionId } from '../../src/pipeline/validate.js';
import { createScheduler } from '../../src/scheduler/registry.js';
import type { Scheduler, TaskOutcome } from '../../src/scheduler/spec.js';
import { AnalysisReport, type Cue } from '../../src/schema.js';
import { parseSubtitles } from '../../src/subtitles/parse.js';

// The report-level promises of issue 5, on the repository's own example film (always present).
const example = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../../examples/sprite-fright.en.srt'));
const cues = parseSubtitles(example).cues;
// Small chunks that overlap, so the same occurrence is found twice and phrases repeat across chunks.
const options: AnalyzeOptions = { level: 'mixed', maxInputChars: 400, overlapCues: 3, maxExpressions: 0 };

/** A scheduler that runs every task, then yields the outcomes in reverse, as a parallel one might. */
const reversing: Scheduler = {
  name: 'reversing',
  async *run<T>(tasks: readonly { id: number; run(signal: AbortSignal): Promise<T> }[]) {
    const outcomes: TaskOutcome<T>[] = [];
    for (const task of tasks) outcomes.push({ id: task.id, ok: true, value: await task.run(new AbortController().signal), attempts: 1 });
    yield* outcomes.reverse();
  },
};

/** The report without the wall-clock duration, the one thing two runs may differ in. */
function stable(report: AnalysisReport): unknown {
  return { ...report, stats: { ...report.stats, durationMs: 0 } };
}

/** What the analysis found, which no scheduler may change (the scheduler's own settings and counts may differ). */
function findings(report: AnalysisReport): unknown {
  return { expressions: report.expressions, warnings: report.warnings, chunks: report.chunks };
}

function expectTimedInside(e: { cueRange: readonly [number, number]; startMs: number; endMs: number; cueStartMs: number; cueEndMs: number }, all: readonly Cue[]): void {
  expect(e.cueStartMs).toBe(all[e.cueRange[0]]!.startMs);
  expect(e.cueEndMs).toBe(all[e.cueRange[1]]!.endMs);
  expect(e.cueStartMs).toBeLessThanOrEqual(e.startMs);
  expect(e.startMs).toBeLessThan(e.endMs);
  expect(e.endMs).toBeLessThanOrEqual(e.cueEndMs);
}

describe('the analysis report (timing, dedupe, ranking)', async () => {
  const report = await analyzeSubtitles(example, options);

  it('is valid, and identical across runs and scheduler modes', async () => {
    expect(AnalysisReport.safeParse(report).success).toBe(true);
    expect(report.expressions.length).toBeGreaterThan(10);
    const again = await analyzeSubtitles(example, options);
    expect(stable(again)).toEqual(stable(report));
    for (const scheduler of [reversing, createScheduler('parallel', { useWorkers: false, maxWorkers: 4 }), createScheduler('adaptive', { useWorkers: false })]) {
      expect(findings(await analyzeSubtitles(example, { ...options, scheduler }))).toEqual(findings(report));
    }
  });

  it('has one entry per canonical expression, each occurrence once with its stable id, in time order', () => {
    const keys = report.expressions.map((e) => canonicalKey(e.expression));
    expect(new Set(keys).size).toBe(keys.length);
    const ids = report.expressions.flatMap((e) => e.occurrences.map((o) => o.id));
    expect(new Set(ids).size).toBe(ids.length);
    for (const e of report.expressions) {
      expect(e.occurrences[0]).toMatchObject({ id: e.id, cueIndex: e.cueIndex, startMs: e.startMs });
      for (const o of e.occurrences) expect(o.id).toBe(expressionId(e.expression, o.cueIndex));
      expect(e.occurrences.map((o) => o.cueIndex)).toEqual([...e.occurrences.map((o) => o.cueIndex)].sort((a, b) => a - b));
    }
    // The overlapping chunks found some occurrences twice; some phrases recur.
    expect(report.expressions.some((e) => e.occurrences.length > 1)).toBe(true);
  });

  it('times every entry and occurrence inside the cues it names', () => {
    for (const e of report.expressions) {
      expectTimedInside(e, cues);
      for (const o of e.occurrences) expectTimedInside(o, cues);
      expect(cues[e.cueIndex]!.plain.replace(/\s+/g, ' ')).toContain(e.matchedText.split(' ')[0]);
    }
  });

  it('gives contexts that never overlap, unless two entries share a cue and so one context', () => {
    for (const a of report.expressions) {
      expect(a.context.startCue).toBeLessThanOrEqual(a.cueRange[0]);
      expect(a.context.endCue).toBeGreaterThanOrEqual(a.cueRange[1]);
      for (const b of report.expressions) {
        if (a === b) continue;
        const overlap = a.context.startCue <= b.context.endCue && b.context.startCue <= a.context.endCue;
        if (overlap) expect(a.context).toEqual(b.context);
      }
    }
  });

  it('is ordered by score, and a limited report is the top of the full one', async () => {
    const scores = report.expressions.map((e) => e.score!);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    const top = await analyzeSubtitles(example, { ...options, maxExpressions: 5 });
    expect(top.expressions).toEqual(report.expressions.slice(0, 5));
  });
});

