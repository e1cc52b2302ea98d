/**
 * Syncing subtitles to a media file for `langflix sync` and `langflix analyze --media`: runs the core's
 * sync stage (ffmpeg → Silero VAD → alignment) with progress on stderr, and turns its failures into one
 * line and an exit code (2 for an unreadable media file or one without audio, 4 for subtitles that do
 * not match the speech).
 */
import { describeMismatch, MediaError, resolveFfmpeg, speechSpans, syncCues, syncToMedia, type CueSpan, type MediaSync, type SpeechSpan, type SyncResult } from '@langflix/core';
import { CliError, EXIT } from './_errors.js';
import type { SubtitleFile } from './_input.js';

/** Options of {@link syncSubtitlesToMedia}. */
export interface MediaSyncOptions {
  /** `--ffmpeg PATH`. */
  ffmpeg?: string;
  /** Print progress lines on stderr (default true). */
  progress?: boolean;
  /** `--no-splits`: one offset for the whole file. */
  noSplits?: boolean;
}

/** `+1.234 s` / `−0.250 s`. */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${(Math.abs(ms) / 1000).toFixed(3)} s`;
}

/** One line describing an alignment, for stderr. */
export function describeSync(result: SyncResult): string {
  const parts = [`offset ${formatOffset(result.offsetMs)}`];
  if (Math.abs(result.ratio - 1) > 1e-5) parts.push(`speed ×${result.ratio.toFixed(6)}`);
  for (const split of result.splits) parts.push(`from ${(split.atMs / 1000).toFixed(1)} s ${formatOffset(split.offsetMs)}`);
  parts.push(`confidence ${result.confidence.toFixed(2)}`);
  return parts.join(', ');
}

/**
 * Align `cues` of `subtitlePath` to the speech of `mediaPath`.
 * @throws {CliError} exit 2 when the media cannot be decoded or has no audio, exit 4 when the subtitles do
 *   not match it (confidence below the threshold)
 */
export async function syncSubtitlesToMedia(subtitlePath: string, mediaPath: string, cues: readonly CueSpan[], options: MediaSyncOptions = {}): Promise<MediaSync> {
  const showProgress = options.progress ?? true;
  let ffmpeg: string;
  try {
    ffmpeg = resolveFfmpeg(options.ffmpeg).path;
  } catch (error) {
    throw new CliError(error instanceof MediaError ? error.message : String(error));
  }
  const started = Date.now();
  let lastLine = 0;
  let mediaSeconds: number | null = null;
  let sync: MediaSync;
  try {
    sync = await syncToMedia(mediaPath, cues, {
      ffmpeg,
      noSplits: options.noSplits,
      onProgress: ({ seconds, durationSeconds }) => {
        mediaSeconds = durationSeconds;
        if (!showProgress || Date.now() - lastLine < 1000) return;
        lastLine = Date.now();
        const of = durationSeconds ? ` / ${durationSeconds.toFixed(0)} s (${Math.min(100, (100 * seconds) / durationSeconds).toFixed(0)}%)` : ' s';
        process.stderr.write(`${mediaPath}: decoding and detecting speech: ${seconds.toFixed(0)}${of}\n`);
      },
    });
  } catch (error) {
    if (error instanceof MediaError) throw new CliError(error.message);
    throw error;
  }
  const { result } = sync;
  if (showProgress) {
    // ffmpeg's duration is the container's: the video may run on after the audio ends.
    const audioSeconds = sync.speech.durationMs / 1000;
    const runs = mediaSeconds !== null && Math.abs(mediaSeconds - audioSeconds) >= 0.5 ? ` (the media runs ${(mediaSeconds as number).toFixed(0)} s)` : '';
    process.stderr.write(`${mediaPath}: ${audioSeconds.toFixed(0)} s of audio${runs}, ${(result.speechFraction * 100).toFixed(0)}% speech, in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
  if (!result.matched) {
    throw new CliError(
      `${subtitlePath}: does not match the speech of ${mediaPath} (${describeMismatch(result)}): another film or cut? nothing written`,
      EXIT.mismatch,
    );
  }
  return sync;
}

/**
 * `analyze --media`: sync the one input's cues to the media (replacing `files[0].parsed.cues` by the synced
 * cues, so the analysis and every time in the report are media times) and return the speech spans for the
 * expressions' clips.
 * @throws {CliError} exit 2 for several inputs or unusable media, exit 4 when the subtitles do not match
 */
export async function syncForAnalysis(files: SubtitleFile[], media: string, options: MediaSyncOptions): Promise<{ spans: SpeechSpan[]; sync: { media: string; result: SyncResult } }> {
  if (files.length !== 1) throw new CliError(`--media syncs one subtitle file to one media file: ${files.length} inputs given`);
  const file = files[0]!;
  const { result, speech } = await syncSubtitlesToMedia(file.path, media, file.parsed.cues, options);
  if (options.progress ?? true) process.stderr.write(`${file.path}: synced to ${media}: ${describeSync(result)}\n`);
  file.parsed.cues = syncCues(file.parsed.cues, result);
  return { spans: speechSpans(speech), sync: { media, result } };
}
