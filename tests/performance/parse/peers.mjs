/**
 * The parsers compared: LangFlix's `parseSubtitles` and the JavaScript subtitle parsers users would pick
 * (benchmark-only devDependencies of the `tests` package). Each adapter calls the library the documented way on a
 * JavaScript string and reads every cue's start and end in milliseconds out of the result, so the benchmark can
 * check that the parser found every cue and read its times right. That reading (two numbers per cue) is the same
 * small cost for all of them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSubtitles } from '@langflix/core';
import { parse as plussubParse } from '@plussub/srt-vtt-parser';
// @ts-ignore -- media-captions' declarations re-export with extension-less paths, which NodeNext cannot follow
import { parseText as mediaCaptionsParse } from 'media-captions';
import SrtParser2 from 'srt-parser-2';
import subsrt from 'subsrt-ts';
import { parseSync as subtitleParseSync } from 'subtitle';
import { repoRoot } from './corpus.mjs';

/**
 * Cue times as a parser read them, in its order.
 * @typedef {{ starts: Float64Array; ends: Float64Array }} CueTimes
 */

/**
 * One parser under test.
 * @typedef {object} Parser
 * @property {string} name npm package name (`@langflix/core` for LangFlix)
 * @property {string} version the installed version
 * @property {{ srt?: string; vtt?: string }} call the call measured, per format it reads, as a user writes it
 * @property {(text: string, format: 'srt' | 'vtt') => CueTimes | Promise<CueTimes>} parse
 * @property {boolean} [self] true for LangFlix
 */

/** The installed version of a package of the `tests` workspace package. @param {string} name */
function versionOf(name) {
  return JSON.parse(readFileSync(join(repoRoot, 'tests/node_modules', name, 'package.json'), 'utf8')).version;
}

/**
 * @template T
 * @param {readonly T[]} items @param {(item: T) => number} start @param {(item: T) => number} end
 * @returns {CueTimes}
 */
function times(items, start, end) {
  const n = items.length;
  const starts = new Float64Array(n);
  const ends = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const item = /** @type {T} */ (items[i]);
    starts[i] = start(item);
    ends[i] = end(item);
  }
  return { starts, ends };
}

const srtParser2 = new SrtParser2();

/** LangFlix and its peers, LangFlix first. @type {readonly Parser[]} */
export const parsers = [
  {
    name: '@langflix/core',
    version: versionOf('@langflix/core'),
    call: { srt: 'parseSubtitles(text)', vtt: 'parseSubtitles(text)' },
    parse: (text) => {
      const { cues } = parseSubtitles(text);
      return times(cues, (c) => c.startMs, (c) => c.endMs);
    },
    self: true,
  },
  {
    name: 'subtitle',
    version: versionOf('subtitle'),
    call: { srt: 'parseSync(text)', vtt: 'parseSync(text)' },
    parse: (text) => {
      const cues = subtitleParseSync(text).filter((node) => node.type === 'cue');
      return times(cues, (c) => c.data.start, (c) => c.data.end);
    },
  },
  {
    name: 'srt-parser-2',
    version: versionOf('srt-parser-2'),
    call: { srt: 'new SrtParser().fromSrt(text)' },
    parse: (text) => {
      const cues = srtParser2.fromSrt(text);
      return times(cues, (c) => Math.round(c.startSeconds * 1000), (c) => Math.round(c.endSeconds * 1000));
    },
  },
  {
    name: 'subsrt-ts',
    version: versionOf('subsrt-ts'),
    call: { srt: "subsrt.parse(text, { format: 'srt' })", vtt: "subsrt.parse(text, { format: 'vtt' })" },
    parse: (text, format) => {
      const cues = subsrt.parse(text, { format }).filter((c) => c.type === 'caption');
      return times(cues, (c) => c.start, (c) => c.end);
    },
  },
  {
    name: '@plussub/srt-vtt-parser',
    version: versionOf('@plussub/srt-vtt-parser'),
    call: { srt: 'parse(text)', vtt: 'parse(text)' },
    parse: (text) => {
      const { entries } = plussubParse(text);
      return times(entries, (e) => e.from, (e) => e.to);
    },
  },
  {
    name: 'media-captions',
    version: versionOf('media-captions'),
    call: { srt: "await parseText(text, { type: 'srt' })", vtt: "await parseText(text, { type: 'vtt' })" },
    parse: async (text, format) => {
      const { cues } = await mediaCaptionsParse(text, { type: format });
      return times(cues, (c) => Math.round(c.startTime * 1000), (c) => Math.round(c.endTime * 1000));
    },
  },
];

/**
 * LangFlix from bytes, decoding included (BOM, UTF-8 check): measured beside, not in, the string comparison.
 * @param {Uint8Array} bytes @returns {CueTimes}
 */
export function langflixFromBytes(bytes) {
  const { cues } = parseSubtitles(bytes);
  return times(cues, (c) => c.startMs, (c) => c.endMs);
}
