/** Subtitle reading for `@langflix/core`: decode bytes, parse SubRip and WebVTT, timestamps, plain text. */
export { cueEndMs } from './cue.js';
export { decodeSubtitleBytes, looksBinary, type DecodedSubtitles, type SubtitleEncoding } from './decode.js';
export { SubtitleParseError } from './errors.js';
export { detectFormat, noCuesMessage, parseSubtitles, type ParsedSubtitleFile } from './parse.js';
export { parseSrt } from './srt.js';
export { plainText, type PlainTextOptions } from './tags.js';
export { formatSrtTime, formatVttTime, parseTimestamp } from './time.js';
export type { ParsedSubtitles, ParseOptions, SubtitleFormat } from './types.js';
export { parseVtt } from './vtt.js';
