/**
 * What the server knows about one open subtitle document: its current text and cues, and the expressions
 * found in it, each anchored to the cues it was found in. An edit re-parses the text and carries every
 * result over to the new cues, except those of a cue whose text or times the edit changed: those are
 * dropped (invalidated), and so is nothing else.
 */
import { formatSrtTime, formatVttTime, parseSubtitles, type Cue, type Expression, type ParsedSubtitleFile } from '@langflix/core';
import type { Annotation } from './protocol.js';
import { locateSpan } from './spans.js';

/** One place an expression is spoken, anchored to the current cues (not yet to document positions). */
export interface Found {
  /** The expression's entry (meaning, type, level, …). */
  readonly expression: Expression;
  /** Occurrence id. */
  readonly id: string;
  /** First and last cue of the words, as indices into the current cues. */
  cueRange: [number, number];
  readonly startMs: number;
  readonly endMs: number;
  readonly matchedText: string;
}

/**
 * Where the cues of an earlier text are now: `map[i]` is the current index of what was cue `i`, or
 * undefined when that cue was edited or removed. A running analysis holds one for the text it analyses.
 */
export interface CueAnchor {
  map: (number | undefined)[];
}

/** A chunk that failed, anchored to the current cues, for a diagnostic on its first cue. */
export interface Failure {
  cueRange: [number, number];
  readonly message: string;
}

/** A cue's identity across edits: its times and raw text. */
const signature = (cue: Cue) => `${cue.startMs}\u0000${cue.endMs}\u0000${cue.text}`;

/**
 * Matches the cues of two versions of a text: each old cue goes to the first unclaimed new cue after the
 * previous match with the same times and text, or to nothing. Runs in linear time for the usual edit.
 */
export function matchCues(before: readonly Cue[], after: readonly Cue[]): (number | undefined)[] {
  const bySignature = new Map<string, number[]>();
  after.forEach((cue, i) => {
    const key = signature(cue);
    const list = bySignature.get(key);
    if (list) list.push(i);
    else bySignature.set(key, [i]);
  });
  let floor = -1;
  return before.map((cue) => {
    const list = bySignature.get(signature(cue));
    if (!list) return undefined;
    while (list.length > 0 && list[0]! <= floor) list.shift();
    const next = list.shift();
    if (next === undefined) return undefined;
    floor = next;
    return next;
  });
}

/** The places each expression of `expressions` is spoken, as {@link Found}s on cues of `map`'s text (dropped if unmapped). */
export function foundFrom(expressions: readonly Expression[], map: readonly (number | undefined)[]): Found[] {
  const out: Found[] = [];
  for (const expression of expressions) {
    const occurrences = expression.occurrences?.length ? expression.occurrences : [expression];
    for (const o of occurrences) {
      const first = map[o.cueRange[0]];
      const last = map[o.cueRange[1]];
      if (first === undefined || last === undefined) continue;
      out.push({ expression, id: o.id, cueRange: [first, last], startMs: o.startMs, endMs: o.endMs, matchedText: o.matchedText });
    }
  }
  return out;
}

/** The items whose cues are all in `map`, moved to the cues' new indices; the others are dropped. */
function remap<T extends { cueRange: [number, number] }>(items: readonly T[], map: readonly (number | undefined)[]): T[] {
  return items.filter((item) => {
    const first = map[item.cueRange[0]];
    const last = map[item.cueRange[1]];
    if (first === undefined || last === undefined) return false;
    item.cueRange = [first, last];
    return true;
  });
}

/** The current indices of the cues of `ranges` (inclusive cue index ranges of an anchored text). */
function coveredCues(anchor: CueAnchor, ranges: readonly (readonly [number, number])[]): Set<number> {
  const covered = new Set<number>();
  for (const [firstCue, lastCue] of ranges) {
    for (let i = firstCue; i <= lastCue; i++) {
      const now = anchor.map[i];
      if (now !== undefined) covered.add(now);
    }
  }
  return covered;
}

/** One open subtitle document. */
export class DocumentState {
  /** The document's text, as last synchronised. */
  text = '';
  /** The document's lines (without line ends). */
  lines: string[] = [];
  version = 0;
  parsed: ParsedSubtitleFile = { format: 'srt', encoding: 'string', cues: [], warnings: [] };
  /** Results, in no particular order. */
  found: Found[] = [];
  /** Chunks that failed in the last runs, on current cues. */
  failures: Failure[] = [];
  /** Anchors of the analyses running on earlier texts, kept up to date with each edit. */
  readonly anchors = new Set<CueAnchor>();
  private placed: { version: number; annotations: Annotation[] } | null = null;

  constructor(readonly uri: string) {}

  /**
   * Takes the document's new text: re-parses it, carries results over to the new cues and drops those of
   * cues the edit changed. Returns how many results were dropped.
   */
  update(text: string, version: number): number {
    const previous = this.parsed.cues;
    this.text = text;
    this.version = version;
    this.lines = text.split(/\r\n|\r|\n/);
    this.parsed = parseSubtitles(text);
    this.placed = null;
    const map = matchCues(previous, this.parsed.cues);
    const before = this.found.length;
    this.found = remap(this.found, map);
    this.failures = remap(this.failures, map);
    for (const anchor of this.anchors) anchor.map = anchor.map.map((i) => (i === undefined ? undefined : map[i]));
    return before - this.found.length;
  }

  /** A new anchor on the current cues (identity map), for an analysis of the current text. */
  anchor(): CueAnchor {
    const anchor: CueAnchor = { map: this.parsed.cues.map((_, i) => i) };
    this.anchors.add(anchor);
    return anchor;
  }

  /**
   * Replaces the results on cues `firstCue`…`lastCue` of an anchored text with the places of `expressions`
   * (whose cue indices are of that text too).
   */
  replace(anchor: CueAnchor, ranges: readonly (readonly [number, number])[], expressions: readonly Expression[]): void {
    const covered = coveredCues(anchor, ranges);
    const fresh = foundFrom(expressions, anchor.map).filter((f) => covered.has(f.cueRange[0]));
    this.found = [...this.found.filter((f) => !covered.has(f.cueRange[0])), ...fresh];
    this.placed = null;
  }

  /**
   * Records the chunks of an anchored run that failed (cue ranges of that text), and forgets the failures
   * of earlier runs on the cues of chunks that succeeded (`succeeded`) or failed again.
   */
  setFailures(anchor: CueAnchor, failures: readonly Failure[], succeeded: readonly (readonly [number, number])[]): void {
    const covered = coveredCues(anchor, [...succeeded, ...failures.map((f) => f.cueRange)]);
    const fresh: Failure[] = [];
    for (const f of failures) {
      const first = anchor.map[f.cueRange[0]];
      const last = anchor.map[f.cueRange[1]];
      if (first !== undefined && last !== undefined) fresh.push({ cueRange: [first, last], message: f.message });
    }
    this.failures = [...this.failures.filter((f) => !covered.has(f.cueRange[0])), ...fresh];
  }

  /** Forgets every result. */
  clear(): void {
    this.failures = [];
    this.found = [];
    this.placed = null;
  }

  /** A time as this document writes times. */
  formatTime(ms: number): string {
    return this.parsed.format === 'vtt' ? formatVttTime(ms) : formatSrtTime(ms);
  }

  /** The results placed in the current text, in time order (then by position). Computed once per version. */
  annotations(): Annotation[] {
    if (this.placed?.version === this.version) return this.placed.annotations;
    const cues = this.parsed.cues;
    const annotations: Annotation[] = [];
    for (const f of this.found) {
      const range = locateSpan(this.lines, cues, f.cueRange, f.matchedText);
      if (!range) continue;
      const e = f.expression;
      // Never a negative duration, even from results made before a cue's times were edited.
      const endMs = Math.max(f.startMs, f.endMs);
      const invalid = cues.slice(f.cueRange[0], f.cueRange[1] + 1).find((cue) => cue.valid === false);
      annotations.push({
        id: f.id,
        expression: e.expression,
        matchedText: f.matchedText,
        type: e.type,
        meaning: e.meaning,
        ...(e.translation ? { translation: e.translation } : {}),
        ...(e.level ? { level: e.level } : {}),
        similarExpressions: e.similarExpressions,
        cueIndex: f.cueRange[0],
        cueId: cues[f.cueRange[0]]?.id ?? null,
        startMs: f.startMs,
        endMs,
        startTime: this.formatTime(f.startMs),
        endTime: this.formatTime(endMs),
        ...(invalid ? { timingNote: `cue ${invalid.id ?? invalid.index + 1} ends before it starts (line ${invalid.line}): timed as zero-length at its start` } : {}),
        range,
      });
    }
    annotations.sort((a, b) => a.startMs - b.startMs || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    this.placed = { version: this.version, annotations };
    return annotations;
  }
}
