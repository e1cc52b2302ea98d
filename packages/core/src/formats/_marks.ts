/**
 * Where each expression's words are in the cues' plain text, so the srt, vtt, anki and markdown outputs
 * can mark them. The report gives, per occurrence, the cue range and the words as spoken (`matchedText`,
 * pieces of several cues joined by a space); this finds those words again in each cue.
 */
import type { AnalysisReport, Cue, Expression } from '../schema.js';

/** A marked stretch of one cue's `plain` text, `[start, end)` in characters. */
export interface Mark {
  readonly start: number;
  readonly end: number;
}

/** The marks and notes of one cue. */
export interface CueMarks {
  /** Sorted, never overlapping. */
  readonly marks: readonly Mark[];
  /** Expressions whose occurrence starts in this cue, in report order, each once. */
  readonly notes: readonly Expression[];
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of `words` as a pattern that lets any run of spaces or line breaks stand between them. */
function phrasePattern(words: readonly string[]): RegExp {
  return new RegExp(words.map(escapeRegExp).join('\\s+'), 'iu');
}

/**
 * Finds the longest prefix of `words` in `text`.
 * @returns the stretch and how many words it covers, or null when not even the first word is there
 */
function findPrefix(text: string, words: readonly string[]): { mark: Mark; count: number } | null {
  for (let count = words.length; count > 0; count--) {
    const match = phrasePattern(words.slice(0, count)).exec(text);
    if (match) return { mark: { start: match.index, end: match.index + match[0].length }, count };
  }
  return null;
}

/**
 * Where one expression's words are, by cue index: each occurrence is looked for from its first cue on —
 * the longest run of its words found in that cue is marked, then the rest in the next cue, and so on.
 * Words not found are left unmarked.
 */
export function markExpression(expression: Expression, cues: readonly Cue[]): Map<number, Mark[]> {
  const marks = new Map<number, Mark[]>();
  for (const occurrence of expression.occurrences.length > 0 ? expression.occurrences : [expression]) {
    const [first, last] = occurrence.cueRange;
    let words = occurrence.matchedText.split(/\s+/).filter((w) => w !== '');
    for (let index = first; index <= last && words.length > 0; index++) {
      const cue = cues[index];
      if (!cue) break;
      const found = findPrefix(cue.plain, words);
      if (!found) continue;
      marks.set(index, [...(marks.get(index) ?? []), found.mark]);
      words = words.slice(found.count);
    }
  }
  return marks;
}

/**
 * The marks and notes of every cue that has any, by cue index: the marks of every expression (see
 * {@link markExpression}; a stretch that overlaps one already marked is not marked twice), and a note for
 * each expression in the cue where one of its occurrences starts.
 */
export function markCues(report: AnalysisReport, cues: readonly Cue[]): Map<number, CueMarks> {
  const marks = new Map<number, Mark[]>();
  const notes = new Map<number, Expression[]>();
  for (const expression of report.expressions) {
    for (const occurrence of expression.occurrences.length > 0 ? expression.occurrences : [expression]) {
      const list = notes.get(occurrence.cueRange[0]) ?? [];
      if (!list.includes(expression)) list.push(expression);
      notes.set(occurrence.cueRange[0], list);
    }
    for (const [index, found] of markExpression(expression, cues)) {
      const cueMarks = marks.get(index) ?? [];
      for (const mark of found) if (!cueMarks.some((m) => m.start < mark.end && mark.start < m.end)) cueMarks.push(mark);
      marks.set(index, cueMarks);
    }
  }
  const result = new Map<number, CueMarks>();
  for (const index of new Set([...marks.keys(), ...notes.keys()])) {
    result.set(index, { marks: (marks.get(index) ?? []).sort((a, b) => a.start - b.start), notes: notes.get(index) ?? [] });
  }
  return result;
}

/**
 * A cue's plain text with its marks wrapped: `escape` applies to every piece of text, `open`/`close` go
 * around each mark.
 */
export function wrapMarks(text: string, marks: readonly Mark[], open: string, close: string, escape: (s: string) => string = (s) => s): string {
  let out = '';
  let at = 0;
  for (const mark of marks) {
    out += escape(text.slice(at, mark.start)) + open + escape(text.slice(mark.start, mark.end)) + close;
    at = mark.end;
  }
  return out + escape(text.slice(at));
}

/** One line explaining an expression: `give up — to stop trying (포기하다)`. */
export function explain(expression: Expression): string {
  const translation = expression.translation ? ` (${expression.translation})` : '';
  return `${expression.expression} — ${expression.meaning}${translation}`;
}
