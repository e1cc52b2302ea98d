import { describe, expect, it } from 'vitest';
import { parseSubtitles } from '@langflix/core';
import { renderVtt, vttEscape } from '../../src/formats/vtt.js';
import { tinyCues, tinyReport } from './_support.js';

describe('vtt', () => {
  it('is a WebVTT file with every cue and its times, the words in <b> and an explanation in <i>', async () => {
    const cues = tinyCues();
    const text = renderVtt(await tinyReport(), { cues });
    expect(text.startsWith('WEBVTT\n\nNOTE ')).toBe(true);
    const back = parseSubtitles(text);
    expect(back.format).toBe('vtt');
    expect(back.warnings).toEqual([]);
    expect(back.cues.map((c) => [c.startMs, c.endMs])).toEqual(cues.map((c) => [c.startMs, c.endMs]));
    expect(back.cues[1]!.text).toMatch(/^Let's <b>call it a day<\/b>, "partner" &amp; go home\.\n<i>call it a day — /);
  });

  it('escapes &, < and > and never lets a blank line end a cue', async () => {
    expect(vttEscape('a & <b> -->\n\nc')).toBe('a &amp; &lt;b&gt; --&gt;\nc');
    const text = renderVtt(await tinyReport(), { cues: tinyCues() });
    expect(text).toContain('&lt;now&gt; &amp; rest\nfor today)</i>');
  });
});
