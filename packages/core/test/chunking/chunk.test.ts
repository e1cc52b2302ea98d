import { describe, expect, it } from 'vitest';
import { chunkCues, cueLine } from '../../src/chunking/chunk.js';
import { cuesOf } from '../support.js';

describe('chunkCues', () => {
  const cues = cuesOf(...Array.from({ length: 50 }, (_, i) => `Line number ${i} of the film.`));

  it('keeps every chunk within the budget, counted on the prompt lines, and covers every cue once', () => {
    const { chunks, warnings } = chunkCues(cues, { maxInputChars: 200 });
    expect(warnings).toEqual([]);
    for (const chunk of chunks) expect(chunk.text.length + 1).toBeLessThanOrEqual(200);
    expect(chunks.map((c) => c.id)).toEqual(chunks.map((_, i) => i));
    const covered = chunks.flatMap((c) => c.cues.map((cue) => cue.index));
    expect(covered).toEqual(cues.map((c) => c.index));
    expect(chunks[0]!.text.split('\n')[0]).toBe('[0] Line number 0 of the film.');
  });

  it('is stable: the same cues and options give the same chunks', () => {
    expect(chunkCues(cues, { maxInputChars: 300 })).toEqual(chunkCues(cues, { maxInputChars: 300 }));
  });

  it('repeats overlap cues as context before each chunk after the first', () => {
    const { chunks } = chunkCues(cues, { maxInputChars: 300, overlapCues: 2 });
    const second = chunks[1]!;
    expect(second.cues[0]!.index).toBe(second.firstCue - 2);
    expect(second.text.startsWith(cueLine(cues[second.firstCue - 2]!))).toBe(true);
    expect(second.firstCue).toBe(chunks[0]!.lastCue + 1);
  });

  it('gives a cue longer than the budget a chunk of its own, with a warning naming its line', () => {
    const long = cuesOf('short', 'x'.repeat(500), 'short again');
    const { chunks, warnings } = chunkCues(long, { maxInputChars: 100 });
    expect(chunks.map((c) => [c.firstCue, c.lastCue])).toEqual([[0, 0], [1, 1], [2, 2]]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'cue-over-budget', line: long[1]!.line });
  });

  it('joins a cue’s lines with spaces and leaves cues without words out of the prompt', () => {
    const { chunks } = chunkCues(cuesOf('Two\nlines', '♪', ''));
    expect(chunks[0]!.text).toBe('[0] Two lines');
    expect(chunks[0]!.lastCue).toBe(2);
  });

  it('rejects a budget that is not a positive integer', () => {
    expect(() => chunkCues(cues, { maxInputChars: 0 })).toThrow(RangeError);
  });
});
