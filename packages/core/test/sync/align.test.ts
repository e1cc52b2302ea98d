/**
 * The sync stage without audio: speech probabilities made from known speech spans (with detection noise:
 * onsets late, missed bits, false alarms), cues damaged in known ways, and the alignment must undo the
 * damage; rewriting a file changes only the times; clip bounds snap to speech inside the cue.
 */
import { describe, expect, it } from 'vitest';
import { alignCues, mapTime, type CueSpan } from '../../src/sync/align.js';
import { retimeSubtitles, syncCueTimes } from '../../src/sync/retime.js';
import { snapToSpeech, speechSpans } from '../../src/sync/snap.js';
import { VAD_FRAME_MS, VAD_LATENCY_MS, type SpeechProbabilities } from '../../src/sync/vad.js';
import { parseSubtitles } from '../../src/subtitles/parse.js';
import { mulberry32 } from '../../src/util/random.js';

/** A film's speech: utterances of 0.8–4 s with gaps of 0.3–5 s, over `seconds`. */
function film(seconds: number, seed: number): CueSpan[] {
  const r = mulberry32(seed);
  const cues: CueSpan[] = [];
  let t = 1000 + r() * 3000;
  while (t < seconds * 1000 - 5000) {
    const len = 800 + r() * 3200;
    cues.push({ startMs: Math.round(t), endMs: Math.round(t + len) });
    t += len + 300 + r() * 4700;
  }
  return cues;
}

/** What a VAD would say about `spans`: late by one frame, with 5% of frames flipped. */
function probabilities(spans: readonly CueSpan[], seconds: number, seed: number): SpeechProbabilities {
  const r = mulberry32(seed);
  const n = Math.ceil((seconds * 1000) / VAD_FRAME_MS);
  const p = new Float32Array(n);
  for (const s of spans) {
    for (let i = Math.floor((s.startMs + VAD_LATENCY_MS) / VAD_FRAME_MS); i < (s.endMs + VAD_LATENCY_MS) / VAD_FRAME_MS && i < n; i++) p[i] = 0.95;
  }
  for (let i = 0; i < n; i++) {
    if (r() < 0.05) p[i] = 1 - p[i]!;
    else if (p[i] === 0) p[i] = 0.02;
  }
  return { frameMs: VAD_FRAME_MS, probabilities: p, durationMs: seconds * 1000 };
}

function errors(truth: readonly CueSpan[], subs: readonly CueSpan[], result: Parameters<typeof mapTime>[0]) {
  const e = truth.map((c, i) => Math.abs(syncCueTimes(result, subs[i]!)[0] - c.startMs)).sort((a, b) => a - b);
  return { median: e[e.length >> 1]!, p95: e[Math.floor(e.length * 0.95)]! };
}

describe('alignCues', () => {
  const seconds = 600;
  const truth = film(seconds, 1);
  const speech = probabilities(truth, seconds, 2);

  it('finds a constant offset', () => {
    const subs = truth.map((c) => ({ startMs: c.startMs - 2730, endMs: c.endMs - 2730 }));
    const result = alignCues(speech, subs);
    expect(result).toMatchObject({ ratio: 1, splits: [], matched: true });
    expect(Math.abs(result.offsetMs - 2730)).toBeLessThanOrEqual(20);
    expect(errors(truth, subs, result).p95).toBeLessThanOrEqual(30);
  });

  it('finds a 25/23.976 frame-rate stretch and its offset', () => {
    const subs = truth.map((c) => ({ startMs: Math.round((c.startMs * 25) / 23.976) + 500, endMs: Math.round((c.endMs * 25) / 23.976) + 500 }));
    const result = alignCues(speech, subs);
    expect(result.ratio).toBeCloseTo(23.976 / 25, 5);
    expect(result.splits).toEqual([]);
    expect(errors(truth, subs, result).p95).toBeLessThanOrEqual(30);
  });

  it('finds a non-standard ratio by the fine search', () => {
    const subs = truth.map((c) => ({ startMs: Math.round(c.startMs * 1.0012), endMs: Math.round(c.endMs * 1.0012) }));
    const result = alignCues(speech, subs);
    expect(result.ratio).toBeCloseTo(1 / 1.0012, 5);
    expect(errors(truth, subs, result).p95).toBeLessThanOrEqual(30);
  });

  it('splits where a 4 s scene was cut, and gives each part its offset', () => {
    const half = truth.length >> 1;
    const subs = truth.map((c, i) => (i >= half ? { startMs: c.startMs + 4000, endMs: c.endMs + 4000 } : c));
    const result = alignCues(speech, subs);
    expect(result.splits).toHaveLength(1);
    expect(result.splits[0]!.atMs).toBe(subs[half]!.startMs);
    expect(Math.abs(result.splits[0]!.offsetMs + 4000)).toBeLessThanOrEqual(20);
    expect(errors(truth, subs, result).p95).toBeLessThanOrEqual(30);
    expect(alignCues(speech, subs, { noSplits: true }).splits).toEqual([]);
  });

  it('says another film’s cues do not match, with a low confidence', () => {
    const result = alignCues(speech, film(seconds, 99));
    expect(result.matched).toBe(false);
    expect(result.confidence).toBeLessThan(0.3);
    const own = alignCues(speech, truth);
    expect(own.confidence).toBeGreaterThan(0.8);
    expect(own.confidence - own.chance).toBeGreaterThan(0.4);
  });

  it('accepts cues timed loosely around the words (0.5 s early, 0.9 s late)', () => {
    const padded = truth.map((c) => ({ startMs: c.startMs - 500 + 1200, endMs: c.endMs + 900 + 1200 }));
    const result = alignCues(speech, padded);
    expect(result.matched).toBe(true);
    // Cues start 0.7 s and end 2.1 s after the words: any offset from −2.1 s to −0.7 s keeps the words inside.
    expect(result.offsetMs).toBeGreaterThanOrEqual(-2100 - 40);
    expect(result.offsetMs).toBeLessThanOrEqual(-700 + 40);
  });

  it('throws on no cues', () => {
    expect(() => alignCues(speech, [])).toThrow(/no cues/);
  });
});

describe('mapTime and syncCueTimes', () => {
  const result = { offsetMs: 100, ratio: 2, splits: [{ atMs: 1000, offsetMs: -500 }] };
  it('apply the part of the time: ratio × t + offset, never negative', () => {
    expect(mapTime(result, 10)).toBe(120);
    expect(mapTime(result, 1000)).toBe(1500);
    expect(mapTime({ offsetMs: -5000, ratio: 1, splits: [] }, 100)).toBe(0);
  });
  it('move a cue whole with the part of its start', () => {
    expect(syncCueTimes(result, { startMs: 900, endMs: 1100 })).toEqual([1900, 2300]);
  });
});

describe('retimeSubtitles', () => {
  it('rewrites only the times of SubRip timing lines, keeping numbering, text, coordinates and CRLF', () => {
    const text = '1\r\n00:00:01,000 --> 00:00:02,500 X1:10 X2:20\r\n<i>Hello</i>\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nBye\r\n';
    const parsed = parseSubtitles(text);
    const out = retimeSubtitles(text, 'srt', parsed.cues, { offsetMs: 1500, ratio: 1, splits: [] });
    expect(out).toBe('1\r\n00:00:02,500 --> 00:00:04,000 X1:10 X2:20\r\n<i>Hello</i>\r\n\r\n2\r\n00:00:04,500 --> 00:00:05,500\r\nBye\r\n');
  });
  it('keeps the WebVTT header, cue ids and settings', () => {
    const text = 'WEBVTT - film\n\nNOTE kept\n\nintro\n00:01.000 --> 00:02.000 align:start line:0\nHi\n';
    const parsed = parseSubtitles(text);
    const out = retimeSubtitles(text, 'vtt', parsed.cues, { offsetMs: -500, ratio: 1, splits: [] });
    expect(out).toBe('WEBVTT - film\n\nNOTE kept\n\nintro\n00:00:00.500 --> 00:00:01.500 align:start line:0\nHi\n');
  });
});

describe('speechSpans and snapToSpeech', () => {
  const p = new Float32Array(100);
  p.fill(0.9, 10, 20); // 320–640 ms before the latency correction
  p.fill(0.9, 30, 40);
  const spans = speechSpans({ frameMs: VAD_FRAME_MS, probabilities: p, durationMs: 3200 });
  it('finds the spans, moved earlier by the detection latency', () => {
    expect(spans).toEqual([
      { startMs: 320 - VAD_LATENCY_MS, endMs: 640 - VAD_LATENCY_MS },
      { startMs: 960 - VAD_LATENCY_MS, endMs: 1280 - VAD_LATENCY_MS },
    ]);
  });
  it('snaps a range to the speech inside it, or null when there is none', () => {
    expect(snapToSpeech(spans, 0, 2000)).toEqual({ clipStartMs: spans[0]!.startMs, clipEndMs: spans[1]!.endMs });
    expect(snapToSpeech(spans, 400, 700)).toEqual({ clipStartMs: 400, clipEndMs: spans[0]!.endMs });
    expect(snapToSpeech(spans, 1500, 2000)).toBeNull();
  });
});
