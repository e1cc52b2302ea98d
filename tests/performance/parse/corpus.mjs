/**
 * The parse benchmark's inputs: about 2 MB of real subtitles, built from the shared fixtures
 * (`../shared/fixtures/subtitles/real/`) by concatenating copies of real files into one valid file whose cues
 * are known in advance: their count (cues per copy × copies) and every cue's start and end time.
 *
 * Each copy after the first is shifted in time past the end of the one before and its numeric ids continue the
 * numbering, so the result is a file a player accepts: ids unique, times increasing, one header (WebVTT), one
 * byte-order mark (at the very start, as in the original; later copies' BOMs are dropped), the original line
 * ends kept (CRLF for the SubRip film, LF for the WebVTT files). The shifting uses its own small regex reader of
 * the fixtures' timing lines, never a parser under test, so the expected times are independent of all of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Where the real subtitle files are: `../shared/fixtures/subtitles/real` beside the repository. */
export const realDir = resolve(repoRoot, '../shared/fixtures/subtitles/real');

/** The inputs of the parse benchmark: format → the real files concatenated (in this order, repeatedly). */
export const CORPORA = /** @type {const} */ ({
  srt: ['night-of-the-living-dead-1968.en.srt'],
  vtt: ['elephants-dream.en.vtt', 'sprite-fright.en.vtt'],
});

/** Target size of an input, in bytes of UTF-8: copies are added until the file reaches it. */
export const TARGET_BYTES = 2_000_000;

/**
 * Why the benchmark cannot run here (the fixture files it needs, and where they were looked for), or null.
 * @returns {string | null}
 */
export function missingFixtures() {
  const files = [...CORPORA.srt, ...CORPORA.vtt];
  const absent = files.filter((f) => !existsSync(join(realDir, f)));
  if (absent.length === 0) return null;
  return `shared fixtures not found: ${absent.join(', ')} (looked in ${realDir})`;
}

/**
 * @typedef {object} Corpus
 * @property {'srt' | 'vtt'} format
 * @property {{ file: string; cues: number }[]} sources the real files, each with its cue count
 * @property {number} copies how many times the sources were repeated
 * @property {number} cues cues in the whole text (sum of the sources' cues × copies)
 * @property {string} text the file as a JavaScript string, BOM included where the file has one
 * @property {Uint8Array} bytes the file as UTF-8
 * @property {Float64Array} starts every cue's start, in milliseconds, in file order
 * @property {Float64Array} ends every cue's end
 */

// Timestamps as the fixtures write them: `hh:mm:ss,mmm`, `hh:mm:ss.mmm` or `mm:ss.mmm`.
const TIMESTAMP = /^(?:(\d+):)?(\d{2}):(\d{2})([,.])(\d{3})$/;
const TIMING_LINE = /^(\S+)( +--> +)(\S+)(.*)$/;

/** @param {string} stamp */
function toMs(stamp) {
  const m = TIMESTAMP.exec(stamp);
  if (m === null) throw new Error(`corpus: unexpected timestamp ${JSON.stringify(stamp)}`);
  const [, h = '0', mm, ss, , ms] = m;
  return ((Number(h) * 60 + Number(mm)) * 60 + Number(ss)) * 1000 + Number(ms);
}

/** @param {number} ms @param {string} sep */
function fromMs(ms, sep) {
  const pad = (/** @type {number} */ n, /** @type {number} */ w) => String(n).padStart(w, '0');
  const h = Math.floor(ms / 3_600_000);
  return `${pad(h, 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}${sep}${pad(ms % 1000, 3)}`;
}

/**
 * One source file: its line end, header (WebVTT) and body lines, cue count and last end time.
 * @param {string} file @param {'srt' | 'vtt'} format
 */
function readSource(file, format) {
  let text = readFileSync(join(realDir, file), 'utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  while (lines.length > 0 && lines[0] === '') lines.shift();
  /** @type {string[]} */
  let header = [];
  if (format === 'vtt') {
    const blank = lines.indexOf('');
    header = lines.slice(0, blank);
    lines.splice(0, blank + 1);
    while (lines[0] === '') lines.shift();
  }
  let cues = 0;
  let endMs = 0;
  for (const line of lines) {
    const m = TIMING_LINE.exec(line);
    if (m === null) continue;
    cues++;
    endMs = Math.max(endMs, toMs(m[3] ?? ''));
  }
  return { file, eol, header, body: lines, cues, endMs };
}

/**
 * Concatenate copies of the format's real files ({@link CORPORA}) until the text reaches `targetBytes`
 * ({@link TARGET_BYTES} by default; 0 gives one copy).
 * @param {'srt' | 'vtt'} format
 * @param {number} [targetBytes]
 * @returns {Corpus}
 */
export function buildCorpus(format, targetBytes = TARGET_BYTES) {
  const sources = CORPORA[format].map((f) => readSource(f, format));
  const first = /** @type {(typeof sources)[number]} */ (sources[0]);
  const eol = first.eol;
  const bom = readFileSync(join(realDir, first.file)).subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
  /** @type {string[]} */
  const parts = [];
  if (bom) parts.push('\ufeff');
  if (format === 'vtt') parts.push(first.header.join(eol) + eol + eol);
  /** @type {number[]} */
  const starts = [];
  /** @type {number[]} */
  const ends = [];
  let bytes = Buffer.byteLength(parts.join(''));
  let offset = 0;
  let id = 1;
  let copies = 0;
  while (copies === 0 || bytes < targetBytes) {
    for (const source of sources) {
      const lines = source.body.slice();
      for (let i = 0; i < lines.length; i++) {
        const m = TIMING_LINE.exec(lines[i] ?? '');
        if (m === null) continue;
        const [, start = '', arrow = '', end = '', rest = ''] = m;
        const startMs = toMs(start) + offset;
        const endMs = toMs(end) + offset;
        starts.push(startMs);
        ends.push(endMs);
        lines[i] = `${fromMs(startMs, start.includes(',') ? ',' : '.')}${arrow}${fromMs(endMs, end.includes(',') ? ',' : '.')}${rest}`;
        // A numeric id line right before the timing line continues the numbering.
        if (i > 0 && /^\d+$/.test(lines[i - 1] ?? '')) lines[i - 1] = String(id++);
      }
      // The next copy starts a whole second after this one's last cue.
      offset += Math.ceil((source.endMs + 1000) / 1000) * 1000;
      const block = lines.join(eol) + eol + eol;
      parts.push(block);
      bytes += Buffer.byteLength(block);
    }
    copies++;
  }
  const text = parts.join('');
  const perCopy = sources.reduce((sum, s) => sum + s.cues, 0);
  if (starts.length !== perCopy * copies) throw new Error('corpus: cue count mismatch');
  return {
    format,
    sources: sources.map((s) => ({ file: s.file, cues: s.cues })),
    copies,
    cues: perCopy * copies,
    text,
    bytes: new TextEncoder().encode(text),
    starts: Float64Array.from(starts),
    ends: Float64Array.from(ends),
  };
}
