import { describe, expect, it } from 'vitest';
import { parseSubtitles } from '@langflix/core';
import { renderSrt } from '../../src/formats/srt.js';
import { tinyCues, tinyReport } from './_support.js';

describe('srt', () => {
  it('keeps every cue and its times, marks the words in bold and explains each expression under the cue where it starts', async () => {
    const cues = tinyCues();
    const text = renderSrt(await tinyReport(), { cues });
    const back = parseSubtitles(text);
    expect(back.warnings).toEqual([]);
    expect(back.cues.map((c) => [c.startMs, c.endMs])).toEqual(cues.map((c) => [c.startMs, c.endMs]));
    expect(back.cues[0]!.text).toMatch(/^I'll never <b>give up<\/b>, you know\.\n<i>give up — .+<\/i>$/);
    expect(back.cues[2]!.text).toMatch(/^<b>Come on<\/b>, we have to <b>pick\nhim up<\/b> at the station\.\n/);
    expect(back.cues[2]!.text).toMatch(/<i>come on — /);
    expect(back.cues[3]!.text).toMatch(/^Don't <b>give up<\/b> now\.\n<i>give up — /);
  });

  it('puts the translation after the meaning', async () => {
    const text = renderSrt(await tinyReport(), { cues: tinyCues() });
    expect(text).toContain('(stop\t"working", <now> & rest\nfor today)</i>');
  });
});
