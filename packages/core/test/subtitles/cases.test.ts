/**
 * Table-driven: every fixture case in `../shared/fixtures/subtitles/cases/cases.json` parses to the expected cues
 * and warnings, leniently; strictly, a case with expected warnings throws at its first problem.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Cue } from '../../src/schema.js';
import { parseSubtitles, SubtitleParseError } from '../../src/subtitles/index.js';

// Repo root is three levels up from packages/core/test/subtitles; fixtures sit beside it in ../shared.
const FIXTURES = fileURLToPath(new URL('../../../../../shared/fixtures/subtitles/cases/', import.meta.url));
const present = existsSync(join(FIXTURES, 'cases.json'));
if (!present) console.warn(`subtitle fixture cases not found at ${FIXTURES}: skipping the fixture-case tests`);

interface ExpectedCue {
  id: string | null;
  start_ms: number;
  end_ms: number;
  text: string;
  plain?: string;
  raw_start_ms?: number;
}
interface Case {
  file: string;
  kind: string;
  cues: ExpectedCue[];
  error: string | null;
  warnings: string[];
}

const cases: Case[] = present ? (JSON.parse(readFileSync(join(FIXTURES, 'cases.json'), 'utf8')) as Case[]) : [];

describe.skipIf(!present)('fixture cases (../shared/fixtures/subtitles/cases)', () => {
  it('has the 24 cases', () => {
    expect(cases).toHaveLength(24);
  });

  for (const c of cases) {
    describe(`${c.file}: ${c.kind}`, () => {
      const bytes = () => new Uint8Array(readFileSync(join(FIXTURES, c.file)));

      it('parses to the expected cues and warnings', () => {
        const parsed = parseSubtitles(bytes(), { fileName: c.file });
        expect(parsed.format).toBe(c.file.endsWith('.vtt') ? 'vtt' : 'srt');
        expect(
          parsed.cues.map((q) => ({ id: q.id, start_ms: q.startMs, end_ms: q.endMs, text: q.text, plain: q.plain })),
        ).toEqual(
          c.cues.map((q) => ({ id: q.id, start_ms: q.start_ms, end_ms: q.end_ms, text: q.text, plain: q.plain ?? q.text })),
        );
        parsed.cues.forEach((cue, i) => {
          expect(Cue.parse(cue)).toEqual(cue);
          expect(cue.index).toBe(i);
        });
        expect(parsed.warnings).toHaveLength(c.warnings.length);
        for (const w of c.warnings) {
          expect(parsed.warnings.some((got) => got.message.toLowerCase().includes(w.toLowerCase()))).toBe(true);
        }
        // Raw (pre-clamp) negative starts are reported in the warning of their cue.
        c.cues.forEach((q, i) => {
          if (q.raw_start_ms === undefined) return;
          const cue = parsed.cues[i];
          const warning = parsed.warnings.find((w) => w.line === cue?.line && w.code === 'negative-time');
          expect(warning?.message).toContain(`${q.raw_start_ms} ms`);
        });
      });

      it(c.warnings.length > 0 ? 'throws at its first problem in strict mode' : 'parses in strict mode too', () => {
        const lenient = parseSubtitles(bytes(), { fileName: c.file });
        if (c.warnings.length === 0) {
          expect(parseSubtitles(bytes(), { fileName: c.file, strict: true }).cues).toEqual(lenient.cues);
          return;
        }
        const first = lenient.warnings[0];
        let caught: unknown;
        try {
          parseSubtitles(bytes(), { fileName: c.file, strict: true });
        } catch (error) {
          caught = error;
        }
        expect(caught).toBeInstanceOf(SubtitleParseError);
        const error = caught as SubtitleParseError;
        expect(error.line).toBe(first?.line);
        expect(error.message).toBe(`${c.file}:${first?.line}: ${first?.message}`);
      });
    });
  }
});
