import { describe, expect, it } from 'vitest';
import { analyzeSubtitles } from '../../src/pipeline/analyze.js';
import { FatalError } from '../../src/providers/errors.js';
import type { Provider } from '../../src/providers/spec.js';
import type { Scheduler, TaskOutcome } from '../../src/scheduler/spec.js';
import { AnalysisReport } from '../../src/schema.js';
import { SubtitleParseError } from '../../src/subtitles/errors.js';

/** A SubRip file of `n` cues; every third says "give up" in some form. */
function srt(n: number): string {
  const lines = ['He gave up.', 'Nice weather.', "Don't give it up!", 'Call it a day.'];
  return Array.from({ length: n }, (_, i) => `${i + 1}\n00:00:${String(i).padStart(2, '0')},000 --> 00:00:${String(i).padStart(2, '0')},800\n${lines[i % 4]}\n`).join('\n');
}

/** A scheduler that runs every task, then yields the outcomes in reverse, as a parallel one might. */
const reversing: Scheduler = {
  name: 'reversing',
  async *run<T>(tasks: readonly { id: number; run(signal: AbortSignal): Promise<T> }[]) {
    const outcomes: TaskOutcome<T>[] = [];
    for (const task of tasks) {
      try {
        outcomes.push({ id: task.id, ok: true, value: await task.run(new AbortController().signal), attempts: 1 });
      } catch (error) {
        outcomes.push({ id: task.id, ok: false, error: error as Error, attempts: 1 });
      }
    }
    yield* outcomes.reverse();
  },
};

describe('analyzeSubtitles', () => {
  it('gives a valid report whose expressions are timed by the cue they were found in', async () => {
    const report = await analyzeSubtitles(new TextEncoder().encode(srt(8)), { name: 'x.srt', level: 'mixed', maxInputChars: 60 });
    expect(AnalysisReport.safeParse(report).success).toBe(true);
    expect(report.source).toEqual({ name: 'x.srt', format: 'srt', encoding: 'utf-8', cues: 8 });
    expect(report.chunks.total).toBeGreaterThan(1);
    expect(report.expressions.map((e) => [e.expression, e.cueIndex, e.cueStartMs, e.cueEndMs])).toEqual([
      ['give up', 0, 0, 800],
      ['call it a day', 3, 3000, 3800],
    ]);
    // The words' own time inside the cue, estimated: "gave up" starts a third into "He gave up."; "Call it a day." fills its cue.
    expect(report.expressions.map((e) => [e.startMs, e.endMs, e.estimated])).toEqual([
      [266, 800, true],
      [3000, 3800, true],
    ]);
  });

  it('gives the same report whatever order the chunks finish in', async () => {
    const inOrder = await analyzeSubtitles(srt(40), { level: 'mixed', maxInputChars: 80 });
    const reversed = await analyzeSubtitles(srt(40), { level: 'mixed', maxInputChars: 80, scheduler: reversing });
    expect(reversed.expressions).toEqual(inOrder.expressions);
    expect(reversed.warnings).toEqual(inOrder.warnings);
  });

  it('reports a failed chunk as failed, never as an empty result, and keeps the other chunks', async () => {
    const failing: Provider = {
      specificationVersion: 'v1',
      provider: 'test',
      modelId: 'broken-on-chunk-1',
      remote: false,
      async analyzeChunk({ chunk }) {
        if (chunk.id === 1) throw new FatalError('400 INVALID_ARGUMENT: bad request');
        return {
          items: [{ expression: 'give up', cue_index: chunk.firstCue, cue_text: chunk.cues.find((c) => c.index === chunk.firstCue)!.plain, context_start_index: chunk.firstCue, context_end_index: chunk.firstCue, meaning: 'quit', type: 'phrasal_verb', similar_expressions: [] }],
          rawText: '',
          usage: { inputTokens: 10, outputTokens: 5 },
          warnings: [],
        };
      },
    };
    const report = await analyzeSubtitles(srt(12), { provider: failing, maxInputChars: 60 });
    expect(report.chunks.failed).toEqual([expect.objectContaining({ chunkId: 1, error: 'FatalError', message: '400 INVALID_ARGUMENT: bad request', attempts: 1 })]);
    expect(report.chunks.succeeded).toBe(report.chunks.total - 1);
    expect(report.stats.tokens.input).toBe(10 * (report.chunks.total - 1));
  });

  it('limits the report to maxExpressions, keeping the earliest', async () => {
    const all = await analyzeSubtitles(srt(8), { level: 'mixed', maxExpressions: 0 });
    const one = await analyzeSubtitles(srt(8), { level: 'mixed', maxExpressions: 1 });
    expect(one.expressions).toEqual(all.expressions.slice(0, 1));
  });

  it('rejects an unknown level and a negative limit with errors naming the option', async () => {
    await expect(analyzeSubtitles(srt(4), { level: 'expert' as never })).rejects.toThrow(/level must be one of beginner/);
    await expect(analyzeSubtitles(srt(4), { maxExpressions: -1 })).rejects.toThrow(/maxExpressions/);
  });

  it('rejects input with no cue, naming the file', async () => {
    await expect(analyzeSubtitles('just some notes\n', { name: 'notes.txt' })).rejects.toThrow(SubtitleParseError);
    await expect(analyzeSubtitles('just some notes\n', { name: 'notes.txt' })).rejects.toThrow(/notes\.txt/);
  });
});
