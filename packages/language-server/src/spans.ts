/**
 * Where an expression's words are in the document: from the cues it was found in and the words as spoken
 * to a line/character range, so a hover, a diagnostic or a highlight covers exactly those words.
 */
import type { Cue } from '@langflix/core';
import type { Range } from './protocol.js';

/** A word of the document: its normalised form and where it is. */
interface Token {
  readonly word: string;
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
/** Markup that is not spoken: `<i>`-style tags and `{\...}` override blocks. */
const MARKUP = /<[^>\n]*>|\{\\[^}\n]*\}/g;

const normalise = (word: string) => word.toLowerCase().replace(/’/g, "'");

/** The words of a piece of text, normalised. */
export function words(text: string): string[] {
  return [...text.replace(MARKUP, ' ').matchAll(WORD)].map((m) => normalise(m[0]));
}

/**
 * The 0-based document lines holding cue `index`'s text: the lines after its timing line, as many as its
 * text has, never reaching the next cue's timing line or the end of the document.
 */
export function cueTextLines(cues: readonly Cue[], index: number, lineCount: number): { first: number; last: number } | null {
  const cue = cues[index];
  if (!cue) return null;
  const first = cue.line; // the timing line is `cue.line` (1-based), so its text starts at this 0-based line
  const next = cues[index + 1];
  const limit = Math.min(lineCount - 1, next ? next.line - 2 : Number.POSITIVE_INFINITY);
  const last = Math.min(first + cue.text.split('\n').length - 1, limit);
  return last >= first ? { first, last } : null;
}

/** The words of lines `first`…`last` with their positions, markup skipped. */
function tokenize(lines: readonly string[], first: number, last: number): Token[] {
  const tokens: Token[] = [];
  for (let line = first; line <= last; line++) {
    const text = (lines[line] ?? '').replace(MARKUP, (m) => ' '.repeat(m.length));
    for (const m of text.matchAll(WORD)) tokens.push({ word: normalise(m[0]), line, start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

const rangeOf = (from: Token, to: Token): Range => ({ start: { line: from.line, character: from.start }, end: { line: to.line, character: to.end } });

/**
 * The range of `matchedText` in the text of cues `cueRange[0]`…`cueRange[1]`:
 * 1. the words in one unbroken run (markup and line breaks between them allowed), else
 * 2. from its first word to its last word found after it, else
 * 3. the first text line of the cue (trimmed), else the cue's timing line.
 * Never null for a cue that exists in `cues`.
 */
export function locateSpan(lines: readonly string[], cues: readonly Cue[], cueRange: readonly [number, number], matchedText: string): Range | null {
  const head = cues[cueRange[0]];
  if (!head) return null;
  const firstLines = cueTextLines(cues, cueRange[0], lines.length);
  const lastLines = cueTextLines(cues, Math.max(cueRange[0], cueRange[1]), lines.length) ?? firstLines;
  if (firstLines && lastLines) {
    const tokens = tokenize(lines, firstLines.first, lastLines.last);
    const wanted = words(matchedText);
    if (wanted.length > 0) {
      for (let k = 0; k + wanted.length <= tokens.length; k++) {
        if (wanted.every((w, j) => tokens[k + j]!.word === w)) return rangeOf(tokens[k]!, tokens[k + wanted.length - 1]!);
      }
      const from = tokens.findIndex((t) => t.word === wanted[0]);
      if (from >= 0) {
        const lastWord = wanted[wanted.length - 1]!;
        let to = from;
        for (let k = from + 1; k < tokens.length; k++) if (tokens[k]!.word === lastWord) to = k;
        return rangeOf(tokens[from]!, tokens[to]!);
      }
    }
    const text = lines[firstLines.first] ?? '';
    const start = text.length - text.trimStart().length;
    return { start: { line: firstLines.first, character: start }, end: { line: firstLines.first, character: text.trimEnd().length } };
  }
  const timing = head.line - 1;
  return { start: { line: timing, character: 0 }, end: { line: timing, character: (lines[timing] ?? '').length } };
}
