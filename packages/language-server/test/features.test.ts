import { describe, expect, it } from 'vitest';
import { hintLabel, hoverMarkdown } from '../src/features.js';
import type { Annotation } from '../src/protocol.js';

const annotation: Annotation = {
  id: 'a',
  expression: 'call it a day',
  matchedText: 'call it a day',
  type: 'idiom',
  meaning: 'stop working for now',
  translation: '[ko] 오늘은 그만하다',
  level: 'B2',
  similarExpressions: ['wrap up', 'knock off'],
  cueIndex: 122,
  cueId: '123',
  startMs: 723_120,
  endMs: 725_000,
  startTime: '00:12:03,120',
  endTime: '00:12:05,000',
  range: { start: { line: 1, character: 0 }, end: { line: 1, character: 13 } },
};

describe('labels', () => {
  it('writes the inlay hint as expression · type · start time', () => {
    expect(hintLabel(annotation)).toBe('⟵ call it a day · idiom · 00:12:03,120');
    expect(hintLabel({ ...annotation, expression: 'give up', type: 'phrasal_verb' })).toBe('⟵ give up · phrasal verb · 00:12:03,120');
  });

  it('explains the expression in the hover', () => {
    expect(hoverMarkdown(annotation).split('\n')).toEqual([
      '**call it a day** · idiom · B2',
      '',
      'stop working for now',
      '',
      '*Translation:* [ko] 오늘은 그만하다',
      '',
      '*Similar:* wrap up, knock off',
      '',
      'Cue 123 · 00:12:03,120 → 00:12:05,000',
    ]);
  });
});
