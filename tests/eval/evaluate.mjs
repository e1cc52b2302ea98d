// @ts-check
/**
 * Runs the offline finder (the `lexicon` provider, through the whole pipeline: chunking, matching,
 * checking, timing, merging) on a labelled film and scores it (see `score.mjs`).
 */
import { readFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeParsedSubtitles, parseSubtitles } from '@langflix/core';
import { asrText, checkLabels, score } from './score.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** Where the labels live. */
export const LABELS_DIR = join(here, 'labels');

/** Where the labelled films live: the shared fixtures beside the repository (`../shared`). */
export const FILMS_DIR = resolve(here, '../../../shared/fixtures/subtitles/real');

/** The film variants scored: the file as it is, and its ASR-style copy derived by `asrText`. */
export const VARIANTS = /** @type {const} */ (['original', 'asr']);

/**
 * Every labels file, checked, tuning films first and the held-out ones last.
 * @returns {import('./score.mjs').Labels[]}
 * @throws {Error} naming the file when one is not valid JSON or not in the labels' shape
 */
export function loadAllLabels() {
  const all = readdirSync(LABELS_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const file = join(LABELS_DIR, name);
      let data;
      try {
        data = JSON.parse(readFileSync(file, 'utf8'));
      } catch (error) {
        throw new Error(`${file}: not valid JSON (${/** @type {Error} */ (error).message})`);
      }
      return checkLabels(data, file);
    });
  return [...all.filter((l) => !l.heldOut), ...all.filter((l) => l.heldOut)];
}

/** True when the film files of the labels are on this machine. */
export function filmsPresent(labels) {
  return labels.every((l) => existsSync(join(FILMS_DIR, l.film)));
}

/**
 * Analyses one film with the offline finder and scores the result.
 * @param {import('./score.mjs').Labels} labels
 * @param {{ level: string, variant: 'original' | 'asr' }} how the learner level, and which variant of the film
 * @returns {Promise<{ score: import('./score.mjs').Score, warnings: string[], cues: number }>} the score,
 *   the report's warnings (dropped items with their reason among them), and the film's cue count
 */
export async function evaluateFilm(labels, { level, variant }) {
  const file = join(FILMS_DIR, labels.film);
  const parsed = parseSubtitles(await readFile(file), { fileName: labels.film });
  const cues = variant === 'asr' ? parsed.cues.map((cue) => ({ ...cue, text: asrText(cue.text), plain: asrText(cue.plain) })) : parsed.cues;
  const report = await analyzeParsedSubtitles({ ...parsed, cues }, { level: /** @type {any} */ (level), maxExpressions: 0, targetLanguage: 'en' });
  const found = report.expressions.flatMap((expression) =>
    expression.occurrences.map((o) => ({ cue: o.cueRange[0], lastCue: o.cueRange[1], expression: expression.expression, type: expression.type, matchedText: o.matchedText })),
  );
  return { score: score(found, labels.items), warnings: report.warnings.map((w) => w.message), cues: cues.length };
}
