import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ANKI_COLUMNS, ankiHtml, renderAnki } from '../../src/formats/anki.js';
import { tinyCues, tinyReport } from './_support.js';

describe('anki', () => {
  it("starts with Anki's file headers: tab separator, HTML fields, column names", async () => {
    const text = renderAnki(await tinyReport(), { cues: tinyCues() });
    expect(text.split('\n').slice(0, 3)).toEqual(['#separator:tab', '#html:true', `#columns:${ANKI_COLUMNS.join('\t')}`]);
  });

  it('parses back as tab-separated values: one note a line, front, back, timing, source', async () => {
    const report = await tinyReport();
    const text = renderAnki(report, { cues: tinyCues(), sort: 'rank' });
    const notes = parse(text, { delimiter: '\t', comment: '#', comment_no_infix: true }) as string[][];
    expect(notes).toHaveLength(report.expressions.length);
    expect(text.trimEnd().split('\n')).toHaveLength(3 + report.expressions.length);
    notes.forEach((note, i) => {
      const e = report.expressions[i]!;
      expect(note).toHaveLength(4);
      const [front, back, timing, source] = note as [string, string, string, string];
      expect(front.startsWith(ankiHtml(e.expression))).toBe(true);
      expect(back).toContain(ankiHtml(e.meaning));
      expect(timing).toMatch(/^\d\d:\d\d:\d\d,\d{3} – \d\d:\d\d:\d\d,\d{3}$/);
      expect(source).toBe('tiny.srt');
    });
  });

  it('shows the line with the words in bold on the front, and escapes HTML in every field', async () => {
    const report = await tinyReport();
    const notes = parse(renderAnki(report, { cues: tinyCues(), sort: 'rank' }), { delimiter: '\t', comment: '#', comment_no_infix: true }) as string[][];
    const pick = notes[report.expressions.findIndex((e) => e.expression === 'pick up')]!;
    expect(pick[0]).toBe('pick up<br><br><i>Come on, we have to <b>pick<br>him up</b> at the station.</i>');
    const day = notes[report.expressions.findIndex((e) => e.expression === 'call it a day')]!;
    expect(day[0]).toContain('<b>call it a day</b>, &quot;partner&quot; &amp; go home.');
    expect(day[1]).toContain('stop &quot;working&quot;, &lt;now&gt; &amp; rest<br>for today');
  });

  it('orders the notes by time by default (as spoken in the film), by rank with sort: rank', async () => {
    const report = await tinyReport();
    const timings = (sort?: 'time' | 'rank') =>
      (parse(renderAnki(report, { cues: tinyCues(), ...(sort ? { sort } : {}) }), { delimiter: '\t', comment: '#', comment_no_infix: true }) as string[][]).map((n) => n[0]!.split('<br>')[0]);
    const byTime = [...report.expressions].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs).map((e) => ankiHtml(e.expression));
    expect(timings()).toEqual(byTime);
    expect(timings('rank')).toEqual(report.expressions.map((e) => ankiHtml(e.expression)));
    expect(byTime).not.toEqual(report.expressions.map((e) => ankiHtml(e.expression)));
  });
});
