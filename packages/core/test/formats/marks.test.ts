import { describe, expect, it } from 'vitest';
import { explain, markCues, markExpression, wrapMarks } from '../../src/formats/_marks.js';
import { tinyCues, tinyReport } from './_support.js';

describe('marks', () => {
  it('finds each occurrence’s words in its cue, across line breaks', async () => {
    const report = await tinyReport();
    const cues = tinyCues();
    const pick = report.expressions.find((e) => e.expression === 'pick up')!;
    const marks = markExpression(pick, cues).get(2)!;
    expect(marks.map((m) => cues[2]!.plain.slice(m.start, m.end))).toEqual(['pick\nhim up']);
    const giveUp = report.expressions.find((e) => e.expression === 'give up')!;
    expect([...markExpression(giveUp, cues).keys()]).toEqual([0, 3]);
  });

  it('notes every expression in the cue where an occurrence starts, and marks overlapping words once', async () => {
    const all = markCues(await tinyReport(), tinyCues());
    expect(all.get(2)!.notes.map((e) => e.expression).sort()).toEqual(['come on', 'pick up']);
    expect(all.get(3)!.notes.map((e) => e.expression)).toEqual(['give up']);
  });

  it('follows a phrase that runs on into the next cue', () => {
    const cues = [
      { index: 0, id: '1', startMs: 0, endMs: 1000, text: 'You have to keep', plain: 'You have to keep', line: 2 },
      { index: 1, id: '2', startMs: 1000, endMs: 2000, text: 'an eye on him.', plain: 'an eye on him.', line: 6 },
    ];
    const e = { occurrences: [{ cueRange: [0, 1], matchedText: 'keep an eye on' }] } as unknown as Parameters<typeof markExpression>[0];
    const marks = markExpression(e, cues);
    expect(wrapMarks(cues[0]!.plain, marks.get(0)!, '[', ']')).toBe('You have to [keep]');
    expect(wrapMarks(cues[1]!.plain, marks.get(1)!, '[', ']')).toBe('[an eye on] him.');
  });

  it('explains with the meaning and, when there is one, the translation', async () => {
    const day = (await tinyReport()).expressions.find((e) => e.expression === 'call it a day')!;
    expect(explain(day)).toBe(`call it a day — ${day.meaning} (stop\t"working", <now> & rest\nfor today)`);
  });
});
