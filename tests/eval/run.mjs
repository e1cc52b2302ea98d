#!/usr/bin/env node
// @ts-check
/**
 * `npm run eval`: precision, recall and F1 of the offline finder on every labelled film (RULES.md), per
 * film and per expression type, for the film as it is and its ASR-style copy, at `--level mixed` and at
 * the default level; then the false positives and misses of the tuning films. The held-out film's
 * figures are printed apart, without its lists (it is not to be tuned on); `--held-out-lists` prints them.
 *
 * Usage: node tests/eval/run.mjs [--film NAME] [--no-lists] [--held-out-lists]
 */
import { ANALYZE_DEFAULTS } from '@langflix/core';
import { evaluateFilm, filmsPresent, FILMS_DIR, loadAllLabels, VARIANTS } from './evaluate.mjs';
import { TYPES } from './score.mjs';

const args = process.argv.slice(2);
const known = new Set(['--film', '--no-lists', '--held-out-lists']);
for (const [n, arg] of args.entries()) {
  if (arg.startsWith('--') && !known.has(arg)) {
    console.error(`eval: unknown option ${arg} (options: --film NAME, --no-lists, --held-out-lists)`);
    process.exit(2);
  }
  if (arg === '--film' && !args[n + 1]) {
    console.error('eval: --film needs a film name (or part of one)');
    process.exit(2);
  }
}
const only = args.includes('--film') ? args[args.indexOf('--film') + 1] : undefined;
const lists = !args.includes('--no-lists');
const heldOutLists = args.includes('--held-out-lists');

let labelSets;
try {
  labelSets = loadAllLabels().filter((l) => !only || l.film.includes(only));
} catch (error) {
  console.error(`eval: ${/** @type {Error} */ (error).message}`);
  process.exit(2);
}
if (labelSets.length === 0) {
  console.error(`eval: no labelled film${only ? ` matching "${only}"` : ''} in tests/eval/labels`);
  process.exit(2);
}
if (!filmsPresent(labelSets)) {
  console.error(`eval: the labelled films are not in ${FILMS_DIR} (the shared fixtures beside the repository)`);
  process.exit(2);
}

const LEVELS = ['mixed', ANALYZE_DEFAULTS.level];
const pct = (x) => x.toFixed(2);
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const row = (cells) => cells.map(([text, width, right]) => (right ? lpad(text, width) : pad(text, width))).join('  ');

/** @param {import('./score.mjs').Figures} f */
const cells = (f) => [[f.found, 5, true], [f.right, 5, true], [pct(f.precision), 5, true], [f.items, 5, true], [f.recalled, 5, true], [pct(f.recall), 5, true], [pct(f.f1), 5, true]];
const head = (first) => row([[first, 56], ['found', 5, true], ['right', 5, true], ['P', 5, true], ['items', 5, true], ['rec.', 5, true], ['R', 5, true], ['F1', 5, true]]);

const results = [];
for (const labels of labelSets) {
  for (const variant of VARIANTS) {
    for (const level of LEVELS) {
      const { score, warnings, cues } = await evaluateFilm(labels, { level, variant });
      results.push({ labels, variant, level, score, warnings, cues });
    }
  }
}

for (const heldOut of [false, true]) {
  const group = results.filter((r) => r.labels.heldOut === heldOut);
  if (group.length === 0) continue;
  console.log(`\n${heldOut ? 'HELD-OUT FILM (not used for tuning)' : 'TUNING FILMS'}\n`);
  console.log(head('film / variant / level'));
  for (const r of group) console.log(row([[`${r.labels.film.replace(/\.(srt|vtt)$/, '')} ${r.variant} ${r.level}`, 56], ...cells(r.score.all)]));
  console.log('\nper type at --level mixed (P by the finder\'s type, R by the label\'s type)\n');
  console.log(head('film / variant / type'));
  for (const r of group.filter((g) => g.level === 'mixed')) {
    for (const type of TYPES) {
      const f = r.score.byType[type];
      if (f.items > 0 || f.found > 0) console.log(row([[`${r.labels.film.replace(/\.(srt|vtt)$/, '')} ${r.variant} ${type}`, 56], ...cells(f)]));
    }
  }
}

console.log('\nwarnings (dropped items and others), at --level mixed:');
for (const r of results.filter((g) => g.level === 'mixed')) {
  console.log(`  ${r.labels.film} ${r.variant} (${r.cues} cues): ${r.warnings.length}${r.warnings.length ? '\n    ' + r.warnings.slice(0, 10).join('\n    ') : ''}`);
}

if (lists) {
  for (const r of results.filter((g) => g.level === 'mixed' && (!g.labels.heldOut || heldOutLists))) {
    console.log(`\n== ${r.labels.film} ${r.variant} --level mixed: ${r.score.falsePositives.length} false positives`);
    for (const f of r.score.falsePositives) console.log(`  FP  cue ${lpad(f.cue, 4)}  ${pad(f.expression, 26)} "${f.matchedText}"`);
    console.log(`== ${r.labels.film} ${r.variant} --level mixed: ${r.score.misses.length} misses`);
    for (const m of r.score.misses) console.log(`  MISS cue ${lpad(m.cue, 4)}  ${pad(m.expression, 26)} ${pad(m.type, 12)} "${m.spoken}"`);
  }
}
