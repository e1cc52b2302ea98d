/**
 * Speech spans from the VAD's frame probabilities, and study-clip bounds snapped to them: a clip starts on
 * the first word spoken inside its cue(s) and ends after the last.
 */
import { VAD_LATENCY_MS, type SpeechProbabilities } from './vad.js';

/** A stretch of detected speech in media time (ms). */
export interface SpeechSpan {
  startMs: number;
  endMs: number;
}

/**
 * Speech spans with hysteresis as Silero's own `get_speech_timestamps` does: speech starts at a frame with
 * probability ≥ `threshold` (0.5) and ends after `minSilenceMs` (100 ms) of frames below `threshold − 0.15`.
 * Times are moved {@link VAD_LATENCY_MS} earlier (never below 0).
 */
export function speechSpans(speech: SpeechProbabilities, threshold = 0.5, minSilenceMs = 100): SpeechSpan[] {
  const { probabilities: p, frameMs } = speech;
  const low = threshold - 0.15;
  const spans: SpeechSpan[] = [];
  const span = (from: number, to: number): SpeechSpan => ({
    startMs: Math.max(0, Math.round(from * frameMs - VAD_LATENCY_MS)),
    endMs: Math.max(0, Math.round(to * frameMs - VAD_LATENCY_MS)),
  });
  let start = -1;
  let silentSince = -1;
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (start < 0) {
      if (v >= threshold) {
        start = i;
        silentSince = -1;
      }
    } else if (v < low) {
      if (silentSince < 0) silentSince = i;
      if ((i + 1 - silentSince) * frameMs >= minSilenceMs) {
        spans.push(span(start, silentSince));
        start = -1;
      }
    } else {
      silentSince = -1;
    }
  }
  if (start >= 0) spans.push(span(start, silentSince >= 0 ? silentSince : p.length));
  return spans;
}

/**
 * The part of `[startMs, endMs)` that is speech: from the first speech inside it to the end of the last,
 * clipped to the range. Null when no speech falls inside. `spans` sorted by start (as {@link speechSpans} gives).
 */
export function snapToSpeech(spans: readonly SpeechSpan[], startMs: number, endMs: number): { clipStartMs: number; clipEndMs: number } | null {
  // First span ending after startMs, by binary search.
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.endMs <= startMs) lo = mid + 1;
    else hi = mid;
  }
  let first: SpeechSpan | undefined;
  let last: SpeechSpan | undefined;
  for (let i = lo; i < spans.length && spans[i]!.startMs < endMs; i++) {
    first ??= spans[i];
    last = spans[i];
  }
  if (!first || !last) return null;
  const clipStartMs = Math.max(startMs, first.startMs);
  const clipEndMs = Math.min(endMs, last.endMs);
  return clipEndMs > clipStartMs ? { clipStartMs, clipEndMs } : null;
}
