import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { createLexiconProvider } from '../../src/providers/lexicon/index.js';
import { LEXICON_ENTRIES } from '../../src/providers/lexicon/entries.js';
import type { LexiconEntry } from '../../src/providers/lexicon/entry.js';
import { CefrLevel, ExpressionType } from '../../src/schema.js';
import { alignExpression } from '../../src/timing/align.js';
import { cuesOf } from '../support.js';

const entries: LexiconEntry[] = [
  { expression: 'give up', type: 'phrasal_verb', level: 'B1', meaning: 'stop trying', separable: true },
  { expression: 'give up on', type: 'phrasal_verb', level: 'B2', meaning: 'stop hoping for' },
  { expression: 'take place', type: 'collocation', level: 'B1', meaning: 'happen' },
  { expression: 'take in', type: 'phrasal_verb', level: 'B2', meaning: 'understand', separable: true },
  { expression: 'call it a day', type: 'idiom', level: 'B2', meaning: 'stop working for now' },
  { expression: 'get up', type: 'phrasal_verb', level: 'A1', meaning: 'rise from bed' },
  { expression: 'move out', type: 'phrasal_verb', level: 'B1', meaning: 'leave your home' },
  { expression: 'out of place', type: 'idiom', level: 'B2', meaning: 'not suitable where it is' },
];

async function itemsFor(texts: string[], level: 'mixed' | 'intermediate' = 'mixed', targetLanguage = 'en') {
  const cues = cuesOf(...texts);
  const [chunk] = chunkCues(cues).chunks;
  return createLexiconProvider({ entries }).analyzeChunk({ chunk: chunk!, level, targetLanguage, minExpressions: 1, maxExpressions: 3 });
}

describe('the curated lexicon', () => {
  it('has at least 600 well-formed entries, each once', () => {
    expect(LEXICON_ENTRIES.length).toBeGreaterThanOrEqual(600);
    const seen = new Set<string>();
    for (const entry of LEXICON_ENTRIES) {
      expect(seen.has(entry.expression), entry.expression).toBe(false);
      seen.add(entry.expression);
      expect(ExpressionType.safeParse(entry.type).success).toBe(true);
      expect(CefrLevel.safeParse(entry.level).success).toBe(true);
      expect(entry.meaning.length).toBeGreaterThan(0);
      if (entry.separable) expect(entry.type).toBe('phrasal_verb');
    }
  });

  it('has extra forms that alignment finds as their entry, so the finder never drops its own answer', () => {
    for (const entry of LEXICON_ENTRIES) {
      for (const form of entry.forms ?? []) {
        const said = form.replace(/\bsomeone\b/g, 'him').replace(/\bsomething\b/g, 'that kind of').replace(/\bone's\b/g, 'his');
        expect(alignExpression(entry, cuesOf(`Well, ${said}.`), { cueIndex: 0 }), `${entry.expression} / ${form}`).not.toBeNull();
      }
    }
  });

  it('compiles every entry (the provider builds its index without throwing)', () => {
    expect(() => createLexiconProvider()).not.toThrow();
  });
});

describe('lexicon provider', () => {
  it('answers in the model contract’s shape, citing the cue and echoing its text', async () => {
    const result = await itemsFor(['Hello there.', "Come on, let's call it a day."]);
    expect(result.items).toEqual([
      {
        expression: 'call it a day',
        cue_index: 1,
        cue_text: "Come on, let's call it a day.",
        context_start_index: 0,
        context_end_index: 1,
        meaning: 'stop working for now',
        type: 'idiom',
        level: 'B2',
        similar_expressions: [],
      },
    ]);
    expect(JSON.parse(result.rawText)).toEqual({ expressions: result.items });
  });

  it('prefers the longer entry, and an unbroken match over a separated one', async () => {
    const { items } = await itemsFor(["Don't give up on me.", 'The meeting is taking place in May.']);
    expect(items.map((i) => i.expression)).toEqual(['give up on', 'take place']);
  });

  it('takes the longer of two overlapping matches even when it starts later', async () => {
    const { items } = await itemsFor(['One move out of place and we are done.']);
    expect(items.map((i) => i.expression)).toEqual(['out of place']);
  });

  it('filters by the learner’s level', async () => {
    const { items } = await itemsFor(['Get up and give it up!'], 'intermediate');
    expect(items.map((i) => i.expression)).toEqual(['give up']);
  });

  it('warns that it has no translation for a non-English learner', async () => {
    const { warnings } = await itemsFor(['Give up.'], 'mixed', 'ko');
    expect(warnings).toEqual([expect.objectContaining({ code: 'no-translation' })]);
    expect((await itemsFor(['Give up.'], 'mixed', 'en-GB')).warnings).toEqual([]);
  });

  it('warns when the subtitles do not look English, and only then', async () => {
    const french = Array.from({ length: 8 }, () => 'Nous sommes allés au marché avec les enfants ce matin.');
    expect((await itemsFor(french)).warnings.map((w) => w.code)).toEqual(['not-english']);
    const english = Array.from({ length: 8 }, () => "I don't know what you want me to do with it.");
    expect((await itemsFor(english)).warnings).toEqual([]);
  });

  it('stops at once when aborted', async () => {
    const cues = cuesOf('Give up.');
    const [chunk] = chunkCues(cues).chunks;
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(
      createLexiconProvider({ entries }).analyzeChunk({ chunk: chunk!, level: 'mixed', targetLanguage: 'en', minExpressions: 1, maxExpressions: 3 }, { signal: controller.signal }),
    ).rejects.toThrow('stop');
  });
});
