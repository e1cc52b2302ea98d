/**
 * The context of each report entry: the lines a learner watches to understand the expression (and, for
 * a tool that cuts clips, the clip). The prompt asks the model for windows that do not overlap; models do
 * not always comply, and several chunks answer independently, so the code makes sure here.
 */
import type { Cue, Expression } from '../schema.js';
import { canonicalKey, compareStrings } from '../expressions/dedupe.js';
import { cueEndMs } from '../subtitles/cue.js';

/**
 * A context window with its times: from the first cue's start to the latest end among its cues (cues
 * may overlap), in milliseconds. A cue whose end is before its start counts as zero-length at its start
 * (`cueEndMs`), and the end is never before the start: a clip cut from it never has a negative length.
 * @param cues all cues, `cues[i].index === i`
 * @param startCue first cue index, inclusive; `0 ≤ startCue ≤ endCue < cues.length`
 * @param endCue last cue index, inclusive
 * @throws {RangeError} when the range is not inside `cues`
 */
export function contextTimes(cues: readonly Cue[], startCue: number, endCue: number): Expression['context'] {
  const first = cues[startCue];
  if (!first || startCue > endCue || endCue >= cues.length) throw new RangeError(`context ${startCue}–${endCue} is not within ${cues.length} cues`);
  let endMs = first.startMs;
  for (let c = startCue; c <= endCue; c++) endMs = Math.max(endMs, cueEndMs(cues[c]!));
  return { startCue, endCue, startMs: first.startMs, endMs };
}

/** Entries whose words share a cue, with the cues their words cover (`core`) and their joint context. */
interface Cluster {
  readonly members: number[];
  coreStart: number;
  coreEnd: number;
  start: number;
  end: number;
}

/**
 * Makes the contexts of different entries disjoint. Entries whose words share a cue (`cueRange`s
 * overlap) cannot be told apart by cue: they get one joint context, the union of theirs. Between two
 * neighbours, a context never reaches the other's words, and a cue both want goes to the one whose words
 * are nearer (the earlier on a tie). A context always keeps the entry's own words.
 * @param entries report entries (one per canonical expression); their order is kept
 * @param cues all cues, `cues[i].index === i`
 * @returns the same entries with `context` (cues and milliseconds) adjusted; any two are disjoint or identical
 */
export function separateContexts(entries: readonly Expression[], cues: readonly Cue[]): Expression[] {
  if (entries.length === 0) return [];
  const order = entries
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => a.entry.cueRange[0] - b.entry.cueRange[0] || a.entry.cueRange[1] - b.entry.cueRange[1] || compareStrings(canonicalKey(a.entry.expression), canonicalKey(b.entry.expression)) || a.i - b.i);
  const clusters: Cluster[] = [];
  for (const { entry, i } of order) {
    const [first, last] = entry.cueRange;
    const start = Math.min(entry.context.startCue, first);
    const end = Math.max(entry.context.endCue, last);
    const current = clusters[clusters.length - 1];
    if (current && first <= current.coreEnd) {
      current.members.push(i);
      current.coreEnd = Math.max(current.coreEnd, last);
      current.start = Math.min(current.start, start);
      current.end = Math.max(current.end, end);
    } else clusters.push({ members: [i], coreStart: first, coreEnd: last, start, end });
  }
  // No context reaches past a neighbour's words, so only neighbours can still overlap…
  clusters.forEach((cluster, k) => {
    const before = clusters[k - 1];
    const after = clusters[k + 1];
    if (before) cluster.start = Math.max(cluster.start, before.coreEnd + 1);
    if (after) cluster.end = Math.min(cluster.end, after.coreStart - 1);
  });
  // …and between neighbours each contested cue goes to the nearer words: split at the midpoint.
  for (let k = 1; k < clusters.length; k++) {
    const x = clusters[k - 1]!;
    const y = clusters[k]!;
    if (x.end < y.start) continue;
    const split = Math.floor((x.coreEnd + y.coreStart) / 2);
    x.end = Math.min(x.end, split);
    y.start = Math.max(y.start, split + 1);
  }
  const result = [...entries];
  for (const cluster of clusters) {
    const context = contextTimes(cues, cluster.start, cluster.end);
    for (const i of cluster.members) result[i] = { ...entries[i]!, context };
  }
  return result;
}
