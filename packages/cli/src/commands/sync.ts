/**
 * `langflix sync <subtitle> --media <file>`: put a subtitle file on the speech of the user's own video or
 * audio — a constant offset, a frame-rate mismatch, and splits where a scene or an ad break was cut — and
 * write the corrected file in the input's format (default `<name>.synced.<ext>` beside it; the input
 * itself only with `--overwrite`; an `--out` named .srt or .vtt must be the input's format). Exit 2 for an
 * unreadable media file or one without audio, or an `--out` of the other format, 4 when the
 * subtitles do not match the speech (nothing is written then).
 */
import { writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { defineCommand, type ArgsDef } from 'citty';
import { decodeSubtitleBytes, retimeSubtitles } from '@langflix/core';
import { rejectUnknownFlags } from '../_args.js';
import { CliError } from '../_errors.js';
import { readSubtitleFile } from '../_input.js';
import { describeSync, syncSubtitlesToMedia } from '../_media.js';

const syncArgs = {
  subtitle: { type: 'positional', description: 'The subtitle file (.srt, .vtt) to correct', required: true },
  media: { type: 'string', valueHint: 'file', description: 'The video or audio file the subtitles should follow (anything ffmpeg reads)', required: true },
  out: { type: 'string', valueHint: 'file', description: 'Write the corrected subtitles here (default <name>.synced.<ext> beside the input)' },
  overwrite: { type: 'boolean', description: 'Allow --out to be the input file itself', default: false },
  json: { type: 'boolean', description: 'Print { offsetMs, ratio, splits: [{ atMs, offsetMs }], confidence } on stdout', default: false },
  ffmpeg: { type: 'string', valueHint: 'path', description: 'The ffmpeg to use (default: ffmpeg on PATH, else the one installed from npm)' },
  splits: { type: 'boolean', description: 'Look for splits (cut scenes, ad breaks); --no-splits keeps one offset for the whole file', default: true, negativeDescription: 'One offset for the whole file' },
} as const satisfies ArgsDef;

/** Default output path: `film.en.srt` → `film.en.synced.srt`. */
export function syncedPath(input: string): string {
  const ext = extname(input);
  return join(dirname(input), `${basename(input, ext)}.synced${ext || '.srt'}`);
}

export default defineCommand({
  meta: { name: 'sync', description: 'Correct a subtitle file’s timing against the speech of a video or audio file (offset, frame rate, splits).' },
  args: syncArgs,
  async run({ args, rawArgs }) {
    rejectUnknownFlags(rawArgs, syncArgs);
    if (!args.media) throw new CliError('sync needs --media <video or audio file>');
    const out = args.out ?? syncedPath(args.subtitle);
    if (resolve(out) === resolve(args.subtitle) && !args.overwrite) throw new CliError(`${out}: is the input file; add --overwrite to replace it`);
    const file = await readSubtitleFile(args.subtitle);
    const outFormat = { '.srt': 'srt', '.vtt': 'vtt' }[extname(out).toLowerCase()];
    if (outFormat && outFormat !== file.parsed.format) {
      throw new CliError(`${out}: sync writes the input's format (${file.parsed.format}) and cannot convert ${args.subtitle} to ${outFormat}; give --out a .${file.parsed.format} name`);
    }
    const { result } = await syncSubtitlesToMedia(args.subtitle, args.media, file.parsed.cues, { ffmpeg: args.ffmpeg, noSplits: !args.splits });
    const text = retimeSubtitles(decodeSubtitleBytes(file.bytes).text, file.parsed.format, file.parsed.cues, result);
    await writeFile(out, text, 'utf8');
    process.stderr.write(`${args.subtitle}: ${describeSync(result)} → ${out}\n`);
    if (args.json) {
      const { offsetMs, ratio, splits, confidence, chance } = result;
      process.stdout.write(JSON.stringify({ offsetMs, ratio, splits, confidence, chance, out }, null, 2) + '\n');
    }
  },
});
