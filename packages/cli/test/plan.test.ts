import { describe, expect, it } from 'vitest';
import { parseSubtitles, resolveConfig } from '@langflix/core';
import { CHARS_PER_TOKEN, describePlan, planFile } from '../src/_plan.js';
import { TINY_SRT } from './_support.js';

describe('planFile (--dry-run)', () => {
  it('counts cues, chunks, requests and estimated input tokens for a remote provider', () => {
    const { config } = resolveConfig({ env: { GEMINI_API_KEY: 'k' }, flags: { maxInputChars: '40' } });
    const plan = planFile('tiny.srt', parseSubtitles(TINY_SRT), config);
    expect(plan).toMatchObject({ input: 'tiny.srt', cues: 4, provider: 'gemini', model: 'gemini-2.5-flash', remote: true });
    expect(plan.chunks.length).toBeGreaterThan(1);
    expect(plan.requests).toBe(plan.chunks.length);
    for (const c of plan.chunks) expect(c.inputTokens).toBe(Math.ceil(c.promptChars / CHARS_PER_TOKEN));
    expect(plan.inputTokens).toBe(plan.chunks.reduce((s, c) => s + c.inputTokens, 0));
    expect(describePlan(plan)).toMatch(/^tiny\.srt: 4 cues → \d+ chunks → \d+ requests to gemini \(gemini-2\.5-flash\), about [\d,]+ input tokens\n  chunk 0: cues 0–/);
  });

  it('plans no request for the offline lexicon', () => {
    const plan = planFile('tiny.srt', parseSubtitles(TINY_SRT), resolveConfig({ env: {} }).config);
    expect(plan).toMatchObject({ remote: false, requests: 0, inputTokens: 0 });
    expect(describePlan(plan)).toContain('no request: the lexicon provider is offline');
  });
});
