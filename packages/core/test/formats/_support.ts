// Helpers shared by the format tests: a small real report, made by the core with the offline lexicon.
import { expect } from 'vitest';
import { analyzeSubtitles, parseSubtitles, type AnalysisReport, type Cue } from '../../src/index.js';

/** A four-cue SubRip file: tags, a separable phrasal verb across a line break, quotes and an ampersand. */
export const TINY_SRT = `1
00:00:01,000 --> 00:00:04,000
I'll never <i>give up</i>, you know.

2
00:00:05,000 --> 00:00:08,000
Let's call it a day, "partner" & go home.

3
00:00:09,000 --> 00:00:12,000
Come on, we have to pick
him up at the station.

4
00:00:13,000 --> 00:00:15,000
Don't give up now.
`;

/** The cues of {@link TINY_SRT}. */
export const tinyCues = (): Cue[] => parseSubtitles(TINY_SRT).cues;

/** The expressions of {@link TINY_SRT} the format tests are written about. */
const TINY_EXPRESSIONS: readonly string[] = ['give up', 'call it a day', 'come on', 'pick up'];

/**
 * The lexicon's report on {@link TINY_SRT} (give up ×2, come on, call it a day, pick him up), with a
 * translation full of characters that need escaping in every format on `call it a day`.
 */
export async function tinyReport(): Promise<AnalysisReport> {
  const report = await analyzeSubtitles(TINY_SRT, { name: 'tiny.srt', level: 'mixed' });
  // These four only, whatever else the lexicon learns to find: the format tests are about the formats.
  const expressions = report.expressions
    .filter((e) => TINY_EXPRESSIONS.includes(e.expression))
    .map((e) => (e.expression === 'call it a day' ? { ...e, translation: 'stop\t"working", <now> & rest\nfor today' } : e));
  expect(expressions.map((e) => e.expression).sort()).toEqual([...TINY_EXPRESSIONS].sort());
  return { ...report, expressions };
}
