import { describe, expect, it } from 'vitest';
import { AnalysisReport, Expression } from '@langflix/core';
import { renderJson } from '../../src/formats/json.js';
import { renderJsonl } from '../../src/formats/jsonl.js';
import { renderTable, summaryLine } from '../../src/formats/table.js';
import { FORMATTERS, fileFormat } from '../../src/formats/index.js';
import { tinyReport } from './_support.js';

describe('json', () => {
  it('is the report itself', async () => {
    const report = await tinyReport();
    expect(AnalysisReport.parse(JSON.parse(renderJson(report)))).toEqual(report);
  });
});

describe('jsonl', () => {
  it('is one expression per line, each a valid Expression, in report order', async () => {
    const report = await tinyReport();
    const lines = renderJsonl(report).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => Expression.parse(JSON.parse(l)))).toEqual(report.expressions);
    expect(renderJsonl({ ...report, expressions: [] })).toBe('');
  });
});

describe('table', () => {
  it('shows each expression with its start–end time, then a summary', async () => {
    const report = await tinyReport();
    const text = renderTable(report, 120);
    for (const e of report.expressions) expect(text).toContain(e.expression);
    expect(text).toMatch(/00:00:0\d,\d{3} – 00:00:0\d,\d{3}/);
    expect(summaryLine(report)).toMatch(/^4 expressions in 4 cues \(1 chunk, \d+ warnings?\) · lexicon/);
  });
});

describe('the format registry', () => {
  it('has every format of the config schema, and writes table as json to a file', () => {
    expect(Object.keys(FORMATTERS).sort()).toEqual(['anki', 'csv', 'json', 'jsonl', 'markdown', 'srt', 'table', 'vtt']);
    expect(fileFormat('table')).toBe('json');
    expect(fileFormat('csv')).toBe('csv');
    expect(new Set(Object.values(FORMATTERS).map((f) => f.extension)).size).toBe(8);
  });
});
