// Helpers shared by the core unit tests.
import type { Cue } from '../src/schema.js';

/** Cues from texts, one second each, starting at 0 ms, with plain = text. */
export function cuesOf(...texts: string[]): Cue[] {
  return texts.map((text, index) => ({ index, id: String(index + 1), startMs: index * 1000, endMs: index * 1000 + 900, text, plain: text, line: index * 4 + 2 }));
}
