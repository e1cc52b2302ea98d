/**
 * Reads a subtitle file for a command, turning every way a file can be wrong into one clear line.
 */
import { readFile, stat } from 'node:fs/promises';
import { decodeSubtitleBytes, looksBinary, noCuesMessage, parseSubtitles, SubtitleParseError, type ParsedSubtitles } from '@langflix/core';
import { CliError } from './_errors.js';

/** A subtitle file read and parsed, with the bytes kept for the analysis. */
export interface SubtitleFile {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly parsed: ParsedSubtitles & { readonly encoding: string };
}

/**
 * Reads and parses `path`.
 * @throws {CliError} (exit code 2) when the file is missing, a directory, empty, binary, or holds no cue;
 *   with `strict`, at the first problem in the file
 */
export async function readSubtitleFile(path: string, options: { strict?: boolean } = {}): Promise<SubtitleFile> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw new CliError(`${path}: is a directory, not a subtitle file`);
    size = info.size;
  } catch (error) {
    if (error instanceof CliError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(`${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  if (size === 0) throw new CliError(`${path}: the file is empty`);
  const bytes = new Uint8Array(await readFile(path));
  if (looksBinary(decodeSubtitleBytes(bytes).text)) throw new CliError(`${path}: a binary file, not a SubRip or WebVTT subtitle file`);
  try {
    const parsed = parseSubtitles(bytes, { fileName: path, strict: options.strict ?? false });
    if (parsed.cues.length === 0) throw new CliError(`${path}: ${noCuesMessage(parsed.warnings)}`);
    return { path, bytes, parsed };
  } catch (error) {
    if (error instanceof SubtitleParseError) throw new CliError(error.message);
    throw error;
  }
}
