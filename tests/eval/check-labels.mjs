#!/usr/bin/env node
// @ts-check
/**
 * Checks the labelled films against their subtitle files (RULES.md): every item's `cue` is a cue of the
 * film, its `spoken` words occur in that cue's plain text (tags stripped, original case, line breaks and
 * runs of spaces read as one space, whole words only, a leading clitic like "'ve" excepted), a `spansNext` item has a next cue, and no cue
 * carries the same expression twice. Used by `labels.test.ts`; run by hand with
 * `node tests/eval/check-labels.mjs` (exit 1 and one line per problem when something is wrong).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSubtitles } from '@langflix/core';
import { FILMS_DIR } from './evaluate.mjs';

const squeeze = (text) => text.replace(/\s+/g, ' ').trim();

/**
 * The problems of one film's labels, each one line naming the film, the item's cue and expression.
 * @param {import('./score.mjs').Labels} labels
 * @returns {{ problems: string[], cues: number }} the problems (none when the labels are right) and the
 *   film's cue count
 * @throws {Error} when the film file cannot be read or parsed
 */
export function checkFilmLabels(labels) {
  const parsed = parseSubtitles(readFileSync(join(FILMS_DIR, labels.film)), { fileName: labels.film });
  const plain = new Map(parsed.cues.map((cue) => [cue.index, squeeze(cue.plain)]));
  const problems = [];
  const seen = new Set();
  for (const item of labels.items) {
    const where = `${labels.film} cue ${item.cue} "${item.expression}"`;
    const text = plain.get(item.cue);
    if (text === undefined) {
      problems.push(`${where}: no such cue (the film has cues 0-${parsed.cues.length - 1})`);
      continue;
    }
    const spoken = squeeze(item.spoken);
    const at = [...text.matchAll(new RegExp(spoken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'g'))].map((m) => m.index);
    // A clitic ("'ve got to", "'d better") starts inside its host word ("We've"); other words stand whole.
    const clitic = /^['\u2019]/.test(spoken);
    const whole = at.some((i) => (clitic || !/[\p{L}\p{N}]/u.test(text[i - 1] ?? ' ')) && !/[\p{L}\p{N}]/u.test(text[i + spoken.length] ?? ' '));
    if (!whole) problems.push(`${where}: spoken "${item.spoken}" is not in the cue text "${text}"`);
    if (item.spansNext && !plain.has(item.cue + 1)) problems.push(`${where}: spansNext on the last cue`);
    const key = `${item.cue}\u0000${item.expression}`;
    if (seen.has(key)) problems.push(`${where}: annotated twice in the same cue`);
    seen.add(key);
  }
  return { problems, cues: parsed.cues.length };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { loadAllLabels } = await import('./evaluate.mjs');
  let bad = 0;
  for (const labels of loadAllLabels()) {
    const { problems, cues } = checkFilmLabels(labels);
    const byType = {};
    for (const item of labels.items) byType[item.type] = (byType[item.type] ?? 0) + 1;
    console.log(`${labels.film}${labels.heldOut ? ' (held out)' : ''}: ${cues} cues, ${labels.items.length} items ${JSON.stringify(byType)}, ${problems.length} problems`);
    for (const problem of problems) console.log(`  ${problem}`);
    bad += problems.length;
  }
  process.exit(bad ? 1 : 0);
}
