import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { NARROW_MIN_WIDTH, renderTable, shortSpan, table, WIDE_MIN_WIDTH } from '../../src/formats/table.js';
import type { AnalysisReport } from '../../src/schema.js';
import { tinyCues, tinyReport } from './_support.js';

/** The tiny report with what makes a table hard to fit: Korean (two columns a character), accents, a long word, a long expression. */
async function hardReport(): Promise<AnalysisReport> {
  const report = await tinyReport();
  return {
    ...report,
    expressions: report.expressions.map((e, i) => ({
      ...e,
      translation: i % 2 === 0 ? '포기하지 마, 절대로 — 끝까지 버텨' : 'arrêter là, c’est déjà ça — naïf',
      ...(i === 0 ? { meaning: 'to stop trying: antidisestablishmentarianismsupercalifragilistic words', expression: 'never give up on what you started in the first place' } : {}),
    })),
  };
}

/** Every line of `text`, by display width (Korean counts two columns, as in a terminal). */
const widths = (text: string) => text.trimEnd().split('\n').map((line) => stringWidth(line));

/** Without white space, so text wrapped over lines compares with the text it came from. */
const letters = (text: string) => text.replace(/\s/g, '');

/** Each row of a drawn table as the text of each cell, its lines joined (without white space). */
function cells(text: string): string[][] {
  const rows: string[][] = [];
  let current: string[][] | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith('│')) {
      if (current) rows.push(current.map((c) => letters(c.join(''))));
      current = null;
      continue;
    }
    const parts = line.split('│').slice(1, -1);
    current ??= parts.map(() => []);
    parts.forEach((part, i) => current![i]!.push(part));
  }
  return rows;
}

describe('table', () => {
  for (const width of [60, 80, 120]) {
    it(`fits a ${width}-column terminal: no line wider, nothing cut`, async () => {
      const report = await hardReport();
      const text = table.render(report, { cues: tinyCues(), width });
      expect(Math.max(...widths(text))).toBeLessThanOrEqual(width);
      // Nothing cut (cli-table3 marks a cut with "…"): each expression's row holds all its text, a word
      // longer than its column broken over lines, not shortened.
      expect(text).not.toContain('…');
      const rows = cells(text);
      for (const e of report.expressions) {
        const row = rows.find((r) => r.some((c) => c.startsWith(letters(e.expression)) || c.includes(letters(`  ${e.expression}`))));
        expect(row, e.expression).toBeDefined();
        expect(row!.join('')).toContain(letters(e.meaning));
        expect(row!.join('')).toContain(letters(e.translation!));
      }
    });
  }

  it('uses full times from 100 columns, short ones below, and a stacked layout below 58', async () => {
    const report = await hardReport();
    const wide = renderTable(report, WIDE_MIN_WIDTH);
    expect(wide).toMatch(/│ Start – end +│ Expression +│ Type +│ Level +│ Meaning +│/);
    expect(wide).toMatch(/00:00:0\d,\d{3} – 00:00:0\d,\d{3}/);
    const narrow = renderTable(report, NARROW_MIN_WIDTH);
    expect(narrow).toMatch(/│ Time +│ Expression +│ Meaning +│/);
    expect(narrow).toMatch(/│ 0:00:0\d\.\d–0\d\.\d │/);
    const stacked = renderTable(report, NARROW_MIN_WIDTH - 1);
    expect(stacked).not.toMatch(/Expression/);
    expect(stacked.split('\n')[1]).toMatch(/^│ 0:00:0\d\.\d–0\d\.\d  \S/);
    for (const text of [wide, narrow, stacked]) expect(Math.max(...widths(text))).toBeLessThanOrEqual(text === wide ? WIDE_MIN_WIDTH : text === narrow ? NARROW_MIN_WIDTH : NARROW_MIN_WIDTH - 1);
  });

  it('lists rows by time by default, by rank with sort rank', async () => {
    const report = await tinyReport();
    const firstRow = (sort?: 'time' | 'rank') => renderTable(report, 120, sort).split('\n')[3]!;
    const earliest = [...report.expressions].sort((a, b) => a.startMs - b.startMs)[0]!;
    expect(firstRow()).toContain(earliest.expression);
    expect(firstRow('rank')).toContain(report.expressions[0]!.expression);
  });

  it('shortens a span to tenths, the end without what it shares with the start', () => {
    expect(shortSpan(1_904_500, 1_905_000)).toBe('0:31:44.5–45.0');
    expect(shortSpan(1_919_850, 1_920_040)).toBe('0:31:59.8–32:00.1');
    expect(shortSpan(3_599_500, 3_600_120)).toBe('0:59:59.5–1:00:00.2');
    expect(shortSpan(59_960, 59_960)).toBe('0:00:59.9–01:00.0');
  });
});
