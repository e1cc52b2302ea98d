import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSubtitles, resolveConfig } from '@langflix/core';
import { CHARS_PER_TOKEN, describePlan, planFile } from '../src/_plan.js';

/** Four short cues: enough for several chunks at a 40-character budget. */
const TINY_SRT = `1
00:00:01,000 --> 00:00:04,000
I'll never <i>give up</i>, you know.

2
00:00:05,000 --> 00:00:08,000
Let's call it a day, "partner" & go home.

3
00:00:09,000 --> 00:00:12,000
Come on, we have to pick
him up at the station.

4
00:00:13,000 --> 00:00:15,000
Don't give up now.
`;

describe('planFile (--dry-run)', () => {
  it('counts cues, chunks, requests and estimated input tokens for a remote provider', async () => {
    const { config } = resolveConfig({ env: { GEMINI_API_KEY: 'k' }, flags: { maxInputChars: '40', cacheDir: mkdtempSync(join(tmpdir(), 'langflix-plan-')) } });
    const plan = await planFile('tiny.srt', parseSubtitles(TINY_SRT), config);
    expect(plan.cacheHits).toBe(0);
    expect(plan).toMatchObject({ input: 'tiny.srt', cues: 4, provider: 'gemini', model: 'gemini-2.5-flash', remote: true });
    expect(plan.chunks.length).toBeGreaterThan(1);
    expect(plan.requests).toBe(plan.chunks.length);
    for (const c of plan.chunks) expect(c.inputTokens).toBe(Math.ceil(c.promptChars / CHARS_PER_TOKEN));
    expect(plan.inputTokens).toBe(plan.chunks.reduce((s, c) => s + c.inputTokens, 0));
    expect(describePlan(plan)).toMatch(/^tiny\.srt: 4 cues → \d+ chunks → \d+ requests to gemini \(gemini-2\.5-flash\), about [\d,]+ input tokens\n  chunk 0: cues 0–/);
  });

  it('plans no request for the offline lexicon', async () => {
    const plan = await planFile('tiny.srt', parseSubtitles(TINY_SRT), resolveConfig({ env: {} }).config);
    expect(plan).toMatchObject({ remote: false, requests: 0, inputTokens: 0 });
    expect(describePlan(plan)).toContain('no request: the lexicon provider is offline');
  });
});
