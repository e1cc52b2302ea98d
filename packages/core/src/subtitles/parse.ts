/**
 * The entry point of subtitle reading: bytes or text in, cues and warnings out, the format detected from the
 * content (a file's extension lies more often than its first line).
 */
import type { Warning } from '../schema.js';
import { isGap } from './chars.js';
import { decodeSubtitleBytes, type SubtitleEncoding } from './decode.js';
import { parseSrt } from './srt.js';
import type { ParsedSubtitles, ParseOptions, SubtitleFormat } from './types.js';
import { parseVtt } from './vtt.js';

/** What {@link parseSubtitles} returns: the parse plus the encoding the bytes were decoded with. */
export interface ParsedSubtitleFile extends ParsedSubtitles {
  /** How the bytes were decoded; `'string'` when the input was already a JavaScript string (no decoding). */
  encoding: SubtitleEncoding | 'string';
}

/**
 * The format of subtitle text by its content: `vtt` when the first non-blank line is the WebVTT signature
 * (`WEBVTT`, alone or followed by a space or tab; W3C WebVTT, "WebVTT file body"), otherwise `srt`. A leading
 * BOM and other invisible characters (`chars.ts`) are ignored. Looks at the first line only. Never throws.
 */
export function detectFormat(text: string): SubtitleFormat {
  let p = 0;
  let c = text.charCodeAt(0);
  while (isGap(c) || c === 10 || c === 13) c = text.charCodeAt(++p);
  // The signature is followed by a line end (LF, CR or CRLF), a space or a tab, or nothing.
  if (!text.startsWith('WEBVTT', p)) return 'srt';
  c = text.charCodeAt(p + 6);
  return Number.isNaN(c) || c === 10 || c === 13 || c === 32 || c === 9 ? 'vtt' : 'srt';
}

/**
 * Parse a subtitle file given as bytes (decoded with `decodeSubtitleBytes`: BOM, UTF-16, UTF-8, Windows-1252)
 * or as text. The format comes from `options.format` or else {@link detectFormat}.
 *
 * Returns `{ format, encoding, cues, warnings }`: cues in file order, each
 * `{ index, id, startMs, endMs, text, plain, line }` (integer milliseconds; `line` 1-based, of the timing line),
 * plus `valid: false` and a `reason` on a cue whose end is before its start (kept as written; see `cueEndMs`).
 * Lenient by default: a broken cue is skipped with a warning `{ code, message, line }`, the rest is kept.
 * @throws SubtitleParseError (with `line` and `fileName`) at the first problem when `options.strict` is set.
 */
export function parseSubtitles(input: string | Uint8Array, options: ParseOptions = {}): ParsedSubtitleFile {
  let text: string;
  let encoding: SubtitleEncoding | 'string' = 'string';
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeSubtitleBytes(input);
    text = decoded.text;
    encoding = decoded.encoding;
  }
  const format = options.format ?? detectFormat(text);
  const parsed = format === 'vtt' ? parseVtt(text, options) : parseSrt(text, options);
  return { format: parsed.format, encoding, cues: parsed.cues, warnings: parsed.warnings };
}

/**
 * Why a parse gave no cue, as one line for an error: `no subtitle cues found: not a SubRip or WebVTT file`, or,
 * when lines that look like timing lines were not read (the loss check), what was lost and where — a file whose
 * every timing line is mangled is a subtitle file, and must not be called something else.
 */
export function noCuesMessage(warnings: readonly Warning[]): string {
  const lost = warnings.find((w) => w.code === 'timing-lines-lost') ?? warnings.find((w) => w.code === 'timing-line');
  if (lost === undefined) return 'no subtitle cues found: not a SubRip or WebVTT file';
  return `no subtitle cue could be read: ${lost.code === 'timing-line' && lost.line !== undefined ? `line ${lost.line}: ` : ''}${lost.message}`;
}
