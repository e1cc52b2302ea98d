/**
 * Audio in: any file ffmpeg reads (video or audio) decoded to 16 kHz mono PCM, streamed from an ffmpeg
 * child process chunk by chunk — the whole film is never in memory at once.
 *
 * ffmpeg is, in order: the path given by the caller (`--ffmpeg PATH`), an `ffmpeg` on PATH, or the static
 * binary of `@ffmpeg-installer/ffmpeg` (from the npm registry, so `npm install` alone is enough).
 */
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

/** The sample rate every sync stage works at, in Hz (Silero VAD's native rate). */
export const SAMPLE_RATE = 16_000;

/**
 * A media file could not be used: unreadable, not media, or without an audio track. `message` is one
 * line naming the file. The CLI exits 2 with it.
 */
export class MediaError extends Error {
  override name = 'MediaError';
}

/** Where the ffmpeg binary came from. */
export type FfmpegSource = 'option' | 'path' | 'npm';

/** A resolved ffmpeg: its executable path and where it was found. */
export interface FfmpegBinary {
  path: string;
  source: FfmpegSource;
}

/**
 * Find ffmpeg: `explicit` (must exist, else MediaError), else `ffmpeg` on PATH (it answers `-version`),
 * else `@ffmpeg-installer/ffmpeg`'s static binary for this platform.
 * @throws MediaError when none is usable.
 */
export function resolveFfmpeg(explicit?: string): FfmpegBinary {
  if (explicit) {
    if (!existsSync(explicit)) throw new MediaError(`ffmpeg not found at ${explicit} (--ffmpeg)`);
    return { path: explicit, source: 'option' };
  }
  const probe = spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 10_000 });
  if (probe.status === 0) return { path: 'ffmpeg', source: 'path' };
  try {
    const installer = createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string };
    if (existsSync(installer.path)) return { path: installer.path, source: 'npm' };
  } catch {
    // no binary for this platform in @ffmpeg-installer: reported below
  }
  throw new MediaError('no ffmpeg: none on PATH and @ffmpeg-installer/ffmpeg has no binary for this platform (give --ffmpeg PATH)');
}

/** Options of {@link decodeAudio}. */
export interface DecodeAudioOptions {
  /** An ffmpeg executable; default {@link resolveFfmpeg}'s choice. */
  ffmpeg?: string;
  /** Stops ffmpeg and ends the stream with the signal's reason. */
  signal?: AbortSignal;
  /** Called as audio arrives: seconds decoded so far and the media's duration in seconds (null if unknown). */
  onProgress?: (decodedSeconds: number, durationSeconds: number | null) => void;
}

/** ffmpeg's `Duration: HH:MM:SS.cc` line of the input, in seconds. */
function parseDuration(stderr: string): number | null {
  const m = /Duration:\s*(\d+):(\d\d):(\d\d(?:\.\d+)?)/.exec(stderr);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : null;
}

/** The one line that says why ffmpeg failed on `file`, from its stderr. */
function describeFailure(file: string, stderr: string, code: number | null): string {
  if (/does not contain any stream|matches no streams|Output file #0 does not contain any stream|Stream map '0:a:0' matches no streams/i.test(stderr)) {
    return `${file}: no audio track`;
  }
  if (/No such file or directory/i.test(stderr)) return `${file}: no such file`;
  if (/Invalid data found when processing input|could not find codec parameters|Invalid argument/i.test(stderr)) {
    return `${file}: not a media file ffmpeg can read`;
  }
  const last = stderr.trim().split('\n').filter((l) => l.trim()).pop();
  return `${file}: ffmpeg failed (exit ${code})${last ? `: ${last.trim()}` : ''}`;
}

/**
 * Decode the first audio track of `file` to 16 kHz mono float PCM in [-1, 1], as a stream of chunks
 * (whatever size ffmpeg's pipe delivers, each a whole number of samples). Memory stays flat: the
 * consumer pulls, and ffmpeg is paused by the pipe's back-pressure while the consumer works.
 * @throws MediaError (one line naming the file) when the file is missing, unreadable or has no audio track.
 */
export async function* decodeAudio(file: string, options: DecodeAudioOptions = {}): AsyncGenerator<Float32Array> {
  if (!existsSync(file)) throw new MediaError(`${file}: no such file`);
  const ffmpeg = options.ffmpeg ?? resolveFfmpeg().path;
  const child = spawn(
    ffmpeg,
    ['-hide_banner', '-nostdin', '-i', file, '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1'],
    { stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal },
  );
  let stderr = '';
  let duration: number | null = null;
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    // Keep only the head (the Duration line) and the tail (the error): stderr of a long decode is small, but bounded anyway.
    stderr = stderr.length < 16_384 ? stderr + text : stderr.slice(0, 8_192) + stderr.slice(-8_192) + text;
    if (duration === null) duration = parseDuration(stderr);
  });
  const exited = new Promise<{ code: number | null; error?: Error }>((resolve) => {
    child.on('error', (error) => resolve({ code: null, error }));
    child.on('close', (code) => resolve({ code }));
  });

  let carry: Buffer | null = null;
  let samples = 0;
  try {
    for await (const data of child.stdout as AsyncIterable<Buffer>) {
      let bytes: Buffer = carry ? Buffer.concat([carry, data]) : data;
      const whole: number = bytes.length - (bytes.length % 2);
      carry = whole < bytes.length ? Buffer.from(bytes.subarray(whole)) : null;
      bytes = bytes.subarray(0, whole);
      if (bytes.length === 0) continue;
      // s16le samples; the copy gives an aligned buffer for the Int16Array view (platforms are little-endian).
      const ints = new Int16Array(new Uint8Array(bytes).buffer, 0, bytes.length / 2);
      const out = new Float32Array(ints.length);
      for (let i = 0; i < out.length; i++) out[i] = ints[i]! / 32768;
      samples += out.length;
      options.onProgress?.(samples / SAMPLE_RATE, duration);
      yield out;
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  const { code, error } = await exited;
  options.signal?.throwIfAborted();
  if (error) throw new MediaError(`${file}: cannot run ffmpeg (${ffmpeg}): ${error.message}`);
  if (code !== 0) throw new MediaError(describeFailure(file, stderr, code));
  if (samples === 0) throw new MediaError(`${file}: no audio track`);
}
