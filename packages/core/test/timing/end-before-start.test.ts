// A cue whose end is before its start in the file (kept as written, `valid: false`): everything downstream
// that needs a duration treats it as zero-length at its start, and never computes a negative one.
import { describe, expect, it } from 'vitest';
import { parseSubtitles } from '../../src/subtitles/parse.js';
import { cueEndMs } from '../../src/subtitles/cue.js';
import { alignExpression } from '../../src/timing/align.js';
import { contextTimes } from '../../src/timing/context.js';
import { estimateSpan } from '../../src/timing/estimate.js';

const SRT = [
  '1',
  '00:00:01,000 --> 00:00:02,000',
  'We should call it a day.',
  '',
  '2',
  '00:00:05,000 --> 00:00:03,500',
  'Let us call it a day now.',
  '',
  '3',
  '00:00:06,000 --> 00:00:07,000',
  'Give it a minute.',
  '',
].join('\n');

const cues = parseSubtitles(SRT).cues;

describe('a cue whose end is before its start', () => {
  it('is kept as written and marked invalid, with a warning naming the line and both times', () => {
    expect(cues[1]).toMatchObject({ startMs: 5000, endMs: 3500, valid: false, line: 6 });
    const { warnings } = parseSubtitles(SRT);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'end-before-start', line: 6 });
    expect(warnings[0]?.message).toContain('00:00:05,000');
    expect(warnings[0]?.message).toContain('00:00:03,500');
    expect(warnings[0]?.message).toContain('zero-length');
  });

  it('has zero length at its start for anything that needs a duration', () => {
    expect(cueEndMs(cues[1]!)).toBe(5000);
    expect(cueEndMs(cues[0]!)).toBe(2000);
  });

  it('is aligned to its start with no negative duration', () => {
    const aligned = alignExpression({ expression: 'call it a day', type: 'idiom' }, cues, { cueIndex: 1, maxDistance: 0 });
    expect(aligned).not.toBeNull();
    expect(aligned!.cueRange).toEqual([1, 1]);
    expect(aligned!.startMs).toBe(5000);
    expect(aligned!.endMs).toBeGreaterThanOrEqual(aligned!.startMs);
    expect(aligned!.cueEndMs).toBe(5000);
  });

  it('gives estimates and clip bounds that never end before they start', () => {
    for (let offset = 0; offset < cues[1]!.plain.length; offset++) {
      const span = estimateSpan(cues, { cue: 1, offset: 0 }, { cue: 1, offset: offset + 1 });
      expect(span.endMs).toBeGreaterThanOrEqual(span.startMs);
      expect(span.startMs).toBe(5000);
    }
    // A clip of cue 2 alone: zero-length at its start; of cues 2–3: to the end of cue 3.
    expect(contextTimes(cues, 1, 1)).toEqual({ startCue: 1, endCue: 1, startMs: 5000, endMs: 5000 });
    expect(contextTimes(cues, 1, 2)).toEqual({ startCue: 1, endCue: 2, startMs: 5000, endMs: 7000 });
    expect(contextTimes(cues, 0, 1)).toEqual({ startCue: 0, endCue: 1, startMs: 1000, endMs: 5000 });
  });
});

describe('the report of a file with a cue whose end is before its start', () => {
  it('carries the warning, and times the expression in that cue at its start with no negative duration', async () => {
    const { analyzeSubtitles } = await import('../../src/pipeline/analyze.js');
    const report = await analyzeSubtitles(SRT, { mode: 'sequential', name: 'backwards.srt' });
    expect(report.warnings).toContainEqual(expect.objectContaining({ code: 'end-before-start', line: 6 }));
    const places = report.expressions.flatMap((e) => e.occurrences ?? [e]);
    const inCue2 = places.filter((o) => o.cueIndex === 1);
    expect(inCue2.length).toBeGreaterThan(0);
    for (const o of places) expect(o.endMs).toBeGreaterThanOrEqual(o.startMs);
    for (const e of report.expressions) expect(e.context.endMs).toBeGreaterThanOrEqual(e.context.startMs);
    for (const o of inCue2) expect([o.startMs, o.endMs]).toEqual([5000, 5000]);
  });
});
