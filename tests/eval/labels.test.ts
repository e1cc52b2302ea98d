import { describe, expect, it } from 'vitest';
import { checkFilmLabels } from './check-labels.mjs';
import { filmsPresent, loadAllLabels } from './evaluate.mjs';

const all = loadAllLabels();
const present = filmsPresent(all);
if (!present) console.warn('labelled films not found in ../shared/fixtures/subtitles/real: the labels-against-films checks are skipped');

describe('the labelled evaluation set (tests/eval/labels, RULES.md)', () => {
  it('holds a held-out film and tuning films', () => {
    expect(all.filter((l: { heldOut: boolean }) => l.heldOut).map((l: { film: string }) => l.film)).toEqual(['the-last-man-on-earth-1964.en.srt']);
    expect(all.filter((l: { heldOut: boolean }) => !l.heldOut).length).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!present).each(all.map((l: { film: string }) => [l.film, l]))('%s: every item is at a real cue whose text holds its spoken words', (_film, labels) => {
    expect(checkFilmLabels(labels).problems).toEqual([]);
  });
});
