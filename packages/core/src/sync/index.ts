/**
 * The sync stage: decode the media's audio (ffmpeg, streamed) → detect speech (Silero VAD) → align the cues
 * to it. Each step is usable alone; {@link syncToMedia} runs them in a row.
 */
import { decodeAudio, resolveFfmpeg } from './audio.js';
import { alignCues, type AlignOptions, type CueSpan, type SyncResult } from './align.js';
import { detectSpeech, type SpeechProbabilities } from './vad.js';

export { decodeAudio, resolveFfmpeg, MediaError, SAMPLE_RATE, type DecodeAudioOptions, type FfmpegBinary, type FfmpegSource } from './audio.js';
export { detectSpeech, sileroModelPath, VAD_FRAME_MS, VAD_FRAME_SAMPLES, type DetectSpeechOptions, type SpeechProbabilities } from './vad.js';
export { alignCues, describeMismatch, mapTime, speechSignal, SYNC_DEFAULTS, SYNC_RATIOS, SYNC_STEP_MS, type AlignOptions, type CueSpan, type SyncResult, type SyncSplit } from './align.js';
export { retimeSubtitles, syncCueTimes } from './retime.js';
export { speechSpans, snapToSpeech, type SpeechSpan } from './snap.js';
export { addSpeechClips, syncCues } from './clips.js';

/** Progress of {@link syncToMedia}: media seconds decoded and run through speech detection so far. */
export interface SyncProgress {
  /** Seconds of audio decoded and detected. */
  seconds: number;
  /** The media's duration in seconds as ffmpeg reports it, or null when unknown. */
  durationSeconds: number | null;
}

/** Options of {@link syncToMedia}. */
export interface SyncToMediaOptions extends AlignOptions {
  /** ffmpeg executable (default: PATH, else `@ffmpeg-installer/ffmpeg`). */
  ffmpeg?: string;
  signal?: AbortSignal;
  onProgress?: (progress: SyncProgress) => void;
}

/** What {@link syncToMedia} found: the alignment and the speech it was found against. */
export interface MediaSync {
  result: SyncResult;
  speech: SpeechProbabilities;
}

/**
 * Align `cues` (input times in ms) to the speech of `mediaPath`. Decoding and detection run together,
 * chunk by chunk (ffmpeg in its own process, the VAD on this thread), so memory does not grow with the film.
 * @throws MediaError when the media cannot be read or has no audio track; Error when the VAD cannot load.
 */
export async function syncToMedia(mediaPath: string, cues: readonly CueSpan[], options: SyncToMediaOptions = {}): Promise<MediaSync> {
  const ffmpeg = options.ffmpeg ?? resolveFfmpeg().path;
  let durationSeconds: number | null = null;
  const pcm = decodeAudio(mediaPath, { ffmpeg, signal: options.signal, onProgress: (_, d) => (durationSeconds = d) });
  const speech = await detectSpeech(pcm, {
    signal: options.signal,
    onProgress: (ms) => options.onProgress?.({ seconds: ms / 1000, durationSeconds }),
  });
  return { result: alignCues(speech, cues, options), speech };
}
