import { describe, expect, it } from 'vitest';
import { mdEscape, renderMarkdown } from '../../src/formats/markdown.js';
import { tinyCues, tinyReport } from './_support.js';

describe('markdown', () => {
  it('has a heading, a summary, and a section per expression with its time, meaning and the line it is spoken in', async () => {
    const report = await tinyReport();
    const text = renderMarkdown(report, { cues: tinyCues() });
    expect(text.startsWith('# LangFlix: tiny.srt\n\n**4 expressions** in 4 cues')).toBe(true);
    const sections = text.split('\n## ').slice(1);
    expect(sections).toHaveLength(report.expressions.length);
    const pick = sections.find((s) => s.includes('pick up'))!;
    expect(pick).toMatch(/`00:00:\d\d,\d{3} – 00:00:\d\d,\d{3}` · phrasal verb/);
    expect(pick).toContain('> Come on, we have to **pick him up** at the station.');
    expect(text).toContain('*stop "working", \\<now\\> & rest for today*');
  });

  it('lists failed chunks at the end', async () => {
    const report = await tinyReport();
    const failed = { ...report, chunks: { ...report.chunks, failed: [{ chunkId: 0, firstCue: 0, lastCue: 3, error: 'TransientError', message: 'Gemini 503: overloaded', attempts: 4 }] } };
    expect(renderMarkdown(failed, { cues: tinyCues() })).toContain('## Not analysed\n\nThese chunks failed, so expressions in their cues are missing:\n\n- cues 0–3 (chunk 0): TransientError: Gemini 503: overloaded\n');
  });

  it('escapes Markdown syntax in text', () => {
    expect(mdEscape('a *b* _c_ [d](e) | `f` <g>')).toBe('a \\*b\\* \\_c\\_ \\[d\\](e) \\| \\`f\\` \\<g\\>');
  });
});
