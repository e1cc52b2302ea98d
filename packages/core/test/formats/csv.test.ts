import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../src/formats/csv.js';
import { tinyReport } from './_support.js';

describe('csv', () => {
  it('parses back, with a real CSV parser, to one row per expression under the header', async () => {
    const report = await tinyReport();
    const rows = parse(renderCsv(report), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(report.expressions.length);
    rows.forEach((row, i) => {
      const e = report.expressions[i]!;
      expect(row).toMatchObject({
        source: 'tiny.srt',
        expression: e.expression,
        matchedText: e.matchedText,
        startMs: String(e.startMs),
        endMs: String(e.endMs),
        type: e.type,
        meaning: e.meaning,
        translation: e.translation ?? '',
        cueIndex: String(e.cueIndex),
        occurrences: String(e.occurrences.length),
      });
      expect(row.start).toMatch(/^\d\d:\d\d:\d\d,\d{3}$/);
    });
  });

  it('keeps commas, quotes, tabs and line breaks inside a field', async () => {
    const report = await tinyReport();
    const rows = parse(renderCsv(report), { columns: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.expression === 'call it a day')!.translation).toBe('stop\t"working", <now> & rest\nfor today');
  });

  it('gives the header alone for a report without expressions', async () => {
    expect(renderCsv({ ...(await tinyReport()), expressions: [] })).toBe(`${CSV_COLUMNS.join(',')}\n`);
  });
});
