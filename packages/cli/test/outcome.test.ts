import { describe, expect, it } from 'vitest';
import type { AnalysisReport, ChunkFailure } from '@langflix/core';
import { combineExitCodes, runOutcome } from '../src/_outcome.js';

const report = (...failed: Array<Pick<ChunkFailure, 'error' | 'message'> & { stoppedRun?: boolean }>): AnalysisReport =>
  ({ chunks: { total: 5, succeeded: 5 - failed.length, failed: failed.map((f, i) => ({ chunkId: i, firstCue: i, lastCue: i, attempts: 1, stoppedRun: false, ...f })) } }) as unknown as AnalysisReport;

describe('runOutcome', () => {
  it('0 when every chunk is done, 1 when some failed', () => {
    expect(runOutcome(report(), false).exitCode).toBe(0);
    expect(runOutcome(report({ error: 'TransientError', message: 'Gemini 503: overloaded' }), false).exitCode).toBe(1);
  });

  it('3 when the provider stopped the run (a bad key, an unknown model, a per-day quota), naming the cause', () => {
    const badKey = report({ error: 'FatalError', message: 'Gemini 400: API key not valid. (check GEMINI_API_KEY)', stoppedRun: true }, { error: 'RunStoppedError', message: 'run stopped: …', stoppedRun: true });
    expect(runOutcome(badKey, false)).toEqual({ exitCode: 3, reason: 'Gemini 400: API key not valid. (check GEMINI_API_KEY)' });
    expect(runOutcome(report({ error: 'FatalError', message: 'Gemini 404: models/x is not found', stoppedRun: true }), false).exitCode).toBe(3);
    const daily = report({ error: 'RateLimitError', message: 'Gemini 429 (day quota of 100): the daily quota is used up', stoppedRun: true }, { error: 'RunStoppedError', message: 'run stopped', stoppedRun: true });
    expect(runOutcome(daily, false)).toEqual({ exitCode: 3, reason: 'Gemini 429 (day quota of 100): the daily quota is used up' });
  });

  it('1, not 3, for a prompt the model blocked or per-minute 429s that never cleared', () => {
    expect(runOutcome(report({ error: 'FatalError', message: 'Gemini blocked the prompt: SAFETY' }), false).exitCode).toBe(1);
    expect(runOutcome(report({ error: 'RateLimitError', message: 'Gemini 429 (minute quota of 15): retry in 3.0 s' }), false).exitCode).toBe(1);
  });

  it('130 when interrupted, whatever else happened', () => {
    expect(runOutcome(report({ error: 'InterruptedError', message: 'interrupted' }), true).exitCode).toBe(130);
  });
});

describe('combineExitCodes', () => {
  it('takes interrupted over refused over input errors over failed over ok', () => {
    expect(combineExitCodes([])).toBe(0);
    expect(combineExitCodes([0, 1, 0])).toBe(1);
    expect(combineExitCodes([1, 3])).toBe(3);
    expect(combineExitCodes([3, 130, 1])).toBe(130);
  });
});
