import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../src/formats/csv.js';
import { tinyReport } from './_support.js';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('csv', () => {
  it('parses back, with a real CSV parser, to one row per expression under the header', async () => {
    const report = await tinyReport();
    const rows = parse(renderCsv(report, { sort: 'rank' }), { columns: true, bom: true }) as Array<Record<string, string>>;
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
    const rows = parse(renderCsv(report), { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows.find((r) => r.expression === 'call it a day')!.translation).toBe('stop\t"working", <now> & rest\nfor today');
  });

  it('is RFC 4180: CRLF after every record, a field with a line break, a comma or a quote quoted, quotes doubled', async () => {
    const text = renderCsv(await tinyReport(), { bom: false });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/"(?:[^"]|"")*"/g, '').match(/\n/g)!.length).toBe(text.replace(/"(?:[^"]|"")*"/g, '').match(/\r\n/g)!.length);
    expect(text).toContain('"stop\t""working"", <now> & rest\nfor today"');
  });

  it('orders the rows by time by default, by rank with sort: rank', async () => {
    const report = await tinyReport();
    const order = (sort?: 'time' | 'rank') => (parse(renderCsv(report, sort ? { sort } : {}), { columns: true, bom: true }) as Array<Record<string, string>>).map((r) => r.expression);
    const starts = (parse(renderCsv(report), { columns: true, bom: true }) as Array<Record<string, string>>).map((r) => Number(r.startMs));
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
    expect(order('rank')).toEqual(report.expressions.map((e) => e.expression));
    expect(order()).not.toEqual(order('rank'));
  });

  it('writes Korean, accents and em dashes as UTF-8 after a byte-order mark (Excel, LibreOffice), and no mark with bom: false', async () => {
    const report = await tinyReport();
    const korean = { ...report, expressions: report.expressions.map((e, i) => (i === 0 ? { ...e, meaning: 'to stop trying — résumé, naïve', translation: '포기하다' } : e)) };
    const bytes = Buffer.from(renderCsv(korean), 'utf8');
    expect(bytes.subarray(0, 3)).toEqual(BOM);
    expect(bytes.includes(Buffer.from([0xed, 0x8f, 0xac, 0xea, 0xb8, 0xb0, 0xed, 0x95, 0x98, 0xeb, 0x8b, 0xa4]))).toBe(true); // 포기하다
    expect(bytes.includes(Buffer.from('to stop trying \u2014 r\u00e9sum\u00e9, na\u00efve', 'utf8'))).toBe(true);
    expect(bytes.includes(Buffer.from([0xe2, 0x80, 0x94]))).toBe(true); // —
    expect(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3))).toContain('포기하다');
    const plain = Buffer.from(renderCsv(korean, { bom: false }), 'utf8');
    expect(plain.subarray(0, 6).toString('latin1')).toBe('source');
  });

  it('gives the header alone for a report without expressions', async () => {
    expect(renderCsv({ ...(await tinyReport()), expressions: [] }, { bom: false })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
    expect(renderCsv({ ...(await tinyReport()), expressions: [] })).toBe(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  });
});
