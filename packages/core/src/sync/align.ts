/**
 * Alignment of subtitle cues to detected speech, shaped like ffsubsync and alass (see ../shared/STYLE.md):
 * both sides become the same kind of signal at 10 ms steps — speech/no-speech from the VAD, cue-on/cue-off
 * from the subtitles — and only those signals are compared.
 *
 * 1. Coarse: for each frame-rate ratio in {@link SYNC_RATIOS}, the best offset by FFT cross-correlation
 *    (fft.js) of the two signals at 40 ms steps; the best ratio wins.
 * 2. Splits, like alass: each cue chooses one of the best few offsets of the correlation by dynamic
 *    programming over the cues in order, paying `splitPenalty` each time the offset changes.
 * 3. Fine: a grid search of the ratio around the best (±0.3 %, then ±0.02 %, then ±0.001 %), each part's
 *    offset searched on its own cues at each ratio, scoring at 10 ms steps by prefix sums (each cue scores
 *    the speech it covers minus the silence it covers). Where offsets score alike (cues longer than their
 *    speech), the latest is taken: subtitles start with the words and linger after them.
 * 4. Snap: the ratio goes back to the nearest standard one (1 first) unless that drifts more than
 *    {@link SYNC_DEFAULTS.snapDriftMs} over the cues and scores {@link SYNC_DEFAULTS.minRatioGain} worse.
 * 5. Confidence: Cohen's kappa between cue-on and speech over the audio after correction — 0 is the
 *    agreement two unrelated signals have by chance, 1 is perfect. Below `minConfidence`, or less than
 *    `overChance` above what the same search reaches for the cues shuffled (unrelated subtitles of the
 *    same rhythm), the subtitles are taken not to belong to this audio (`matched: false`).
 *
 * The mapping is `corrected = ratio × t + offset` of the part the cue belongs to (t and offsets in ms).
 */
import FFT from 'fft.js';
import { cueEndMs } from '../subtitles/cue.js';
import { VAD_LATENCY_MS, type SpeechProbabilities } from './vad.js';
import { mulberry32 } from '../util/random.js';

/** Step of the speech and cue signals, in ms. */
export const SYNC_STEP_MS = 10;
const COARSE_STEPS = 4; // 40 ms steps for the FFT search
/** Score (10 ms steps of net speech) per cue within which offsets count as equally good. */
const PLATEAU_TOLERANCE = 0.05;

/**
 * Frame-rate ratios tried first (subtitle time × ratio = media time): same speed, 25 fps PAL against
 * 23.976 fps NTSC film both ways, 25 against 24, 24 against 23.976.
 */
export const SYNC_RATIOS: readonly number[] = [1, 25 / 23.976, 23.976 / 25, 25 / 24, 24 / 25, 24 / 23.976, 23.976 / 24];

/** Defaults of {@link AlignOptions}. */
export const SYNC_DEFAULTS = {
  /** Cost of one split, in 10 ms steps of net speech agreement (1000 = a part must fit 10 s of speech better). */
  splitPenalty: 1000,
  /**
   * Kappa below which the subtitles are refused as not matching the audio. On synthesised films a matching
   * file scores about 0.93, or 0.47–0.50 with cues 0.5 s early and 0.9 s late as people time them; another
   * film's subtitles 0.13–0.35 (1–10 minute clips; 0.17 on an hour).
   */
  minConfidence: 0.2,
  /**
   * The kappa must also beat `chance` — what the same cues' lengths and gaps in a shuffled order reach with
   * the same search — by this much. Measured on synthesised films (1, 2.5 and 10 minutes): another film's
   * subtitles −0.20 to +0.11, matching ones +0.16 to +0.24 with loosely timed cues and +0.56 to +0.71 exact.
   */
  overChance: 0.12,
  /** Offsets tried per cue when looking for splits. */
  splitCandidates: 8,
  /**
   * A ratio found by the fine search is put back to the nearest standard one ({@link SYNC_RATIOS}) when the
   * two drift apart by less than this over the cues' span, in ms — within the VAD's timing noise.
   */
  snapDriftMs: 100,
  /**
   * …or when it scores less than this fraction better than the standard ratio (each at its best offsets).
   * On an 84 s eSpeak clip with 0.3 s of silence after each cue, ratio 1.0021 beat 1 by 0.001 %; a real
   * 0.12 % drift over 10 minutes scores 14 % better.
   */
  minRatioGain: 0.005,
} as const;

/** A cue's time span in the input subtitle file, in ms. */
export interface CueSpan {
  startMs: number;
  endMs: number;
}

/** One part after a split: from input time `atMs` on, `corrected = ratio × t + offsetMs`. */
export interface SyncSplit {
  /** Start of the part's first cue, in the input file's time (ms). */
  atMs: number;
  /** The part's offset in ms. */
  offsetMs: number;
}

/** The alignment found: how to correct every time of the subtitle file. */
export interface SyncResult {
  /** Offset of the first part, in ms (rounded). */
  offsetMs: number;
  /** Speed ratio: media time per subtitle time (1 when the frame rates agree). */
  ratio: number;
  /** Later parts, in input order: where each starts and its offset. Empty when there is no split. */
  splits: SyncSplit[];
  /** Cohen's kappa of cue-on against speech after correction, in [0, 1] (rounded to 0.001). */
  confidence: number;
  /** What chance gives: the kappa the same search reaches for the cues' lengths and gaps shuffled (0–1). */
  chance: number;
  /**
   * False when the subtitles do not match this audio: `confidence` below `minConfidence`, or less than
   * {@link SYNC_DEFAULTS.overChance} above `chance`.
   */
  matched: boolean;
  /** Fraction of the audio detected as speech (0–1). */
  speechFraction: number;
}

/** Options of {@link alignCues}. */
export interface AlignOptions {
  /** Ratios tried before the fine search; default {@link SYNC_RATIOS}. */
  ratios?: readonly number[];
  /** Cost of a split in 10 ms steps of net agreement; default {@link SYNC_DEFAULTS.splitPenalty}. */
  splitPenalty?: number;
  /** One offset for the whole file. */
  noSplits?: boolean;
  /** Kappa below which `matched` is false; default {@link SYNC_DEFAULTS.minConfidence}. */
  minConfidence?: number;
}

/**
 * Speech at 10 ms steps as 2p − 1 in [-1, 1] (+1 sure speech, −1 sure silence), frame probabilities moved
 * {@link VAD_LATENCY_MS} earlier.
 */
export function speechSignal(speech: SpeechProbabilities): Float64Array {
  const steps = Math.ceil(speech.durationMs / SYNC_STEP_MS);
  const out = new Float64Array(steps);
  const last = speech.probabilities.length - 1;
  for (let i = 0; i < steps; i++) {
    const frame = Math.min(last, Math.floor(((i + 0.5) * SYNC_STEP_MS + VAD_LATENCY_MS) / speech.frameMs));
    out[i] = frame >= 0 ? 2 * speech.probabilities[frame]! - 1 : -1;
  }
  return out;
}

/**
 * Score of cue spans placed on the speech signal, by prefix sums: P(x) is the sum of the signal before
 * step x (fractional x interpolated), with −1 (silence) before 0 and after the end.
 */
class SpeechScore {
  readonly prefix: Float64Array;
  constructor(readonly signal: Float64Array) {
    this.prefix = new Float64Array(signal.length + 1);
    for (let i = 0; i < signal.length; i++) this.prefix[i + 1] = this.prefix[i]! + signal[i]!;
  }
  at(x: number): number {
    const n = this.signal.length;
    if (x <= 0) return -x;
    if (x >= n) return this.prefix[n]! - (x - n);
    const i = Math.floor(x);
    return this.prefix[i]! + (x - i) * this.signal[i]!;
  }
  /** Net speech inside [startMs, endMs) of media time, in 10 ms steps. */
  span(startMs: number, endMs: number): number {
    return this.at(endMs / SYNC_STEP_MS) - this.at(startMs / SYNC_STEP_MS);
  }
}

function nextPow2(n: number): number {
  let p = 2;
  while (p < n) p *= 2;
  return p;
}

/** Cross-correlation of the coarse speech signal with each ratio's cue signal, by FFT. */
class Correlator {
  readonly size: number;
  private readonly fft: FFT;
  private readonly audioSpectrum: Float64Array;
  private readonly work: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly product: Float64Array;
  readonly corr: Float64Array;

  constructor(
    readonly coarse: Float64Array,
    maxCueSteps: number,
  ) {
    this.size = nextPow2(coarse.length + maxCueSteps + 1);
    this.fft = new FFT(this.size);
    this.work = new Float64Array(this.size);
    this.work.set(coarse);
    this.audioSpectrum = new Float64Array(2 * this.size);
    this.fft.realTransform(this.audioSpectrum, this.work);
    this.fft.completeSpectrum(this.audioSpectrum);
    this.spectrum = new Float64Array(2 * this.size);
    this.product = new Float64Array(2 * this.size);
    this.corr = new Float64Array(2 * this.size);
  }

  /**
   * corr(k) = Σ_t audio[t + k] × cues[t], for every shift k (in coarse steps; negative shifts wrap to the
   * end). Returns the best shift and its score.
   */
  correlate(cues: Float64Array): { shift: number; score: number } {
    this.work.fill(0);
    this.work.set(cues);
    this.fft.realTransform(this.spectrum, this.work);
    this.fft.completeSpectrum(this.spectrum);
    const a = this.audioSpectrum;
    const s = this.spectrum;
    const p = this.product;
    for (let i = 0; i < p.length; i += 2) {
      // a × conj(s)
      p[i] = a[i]! * s[i]! + a[i + 1]! * s[i + 1]!;
      p[i + 1] = a[i + 1]! * s[i]! - a[i]! * s[i + 1]!;
    }
    this.fft.inverseTransform(this.corr, p);
    let best = -Infinity;
    let shift = 0;
    for (let k = 0; k < this.size; k++) {
      const v = this.corr[2 * k]!;
      if (v > best) {
        best = v;
        shift = k;
      }
    }
    return { shift: this.signed(shift), score: best };
  }

  /** The `count` best shifts of the last correlation, at least `apart` coarse steps from each other. */
  peaks(count: number, apart: number): number[] {
    const order = Array.from({ length: this.size }, (_, k) => k).sort((x, y) => this.corr[2 * y]! - this.corr[2 * x]!);
    const chosen: number[] = [];
    for (const k of order) {
      const shift = this.signed(k);
      if (chosen.every((c) => Math.abs(c - shift) >= apart)) chosen.push(shift);
      if (chosen.length === count) break;
    }
    return chosen;
  }

  private signed(k: number): number {
    return k > this.size / 2 ? k - this.size : k;
  }
}

/** The cue-on/cue-off signal (+1 / −1) of `cues` scaled by `ratio`, at steps of `stepMs`, cue coverage fractional. */
function cueSignal(cues: readonly CueSpan[], ratio: number, stepMs: number, length: number): Float64Array {
  const cover = new Float64Array(length);
  for (const cue of cues) {
    const s = (cue.startMs * ratio) / stepMs;
    const e = Math.min(length, (cue.endMs * ratio) / stepMs);
    for (let i = Math.max(0, Math.floor(s)); i < e; i++) {
      cover[i] = Math.min(1, cover[i]! + Math.min(i + 1, e) - Math.max(i, s));
    }
  }
  for (let i = 0; i < length; i++) cover[i] = 2 * cover[i]! - 1;
  return cover;
}

/** A run of consecutive cues (by start time) sharing one offset. */
interface Part {
  first: number;
  last: number;
  /** Media time of the part's pivot (its cues' mid time in the input × ratio + offset). */
  pivotMedia: number;
  /** Input time of the pivot. */
  pivot: number;
}

/**
 * Find the ratio, offsets and splits that put `cues` on the speech in `speech`.
 * Never throws for a mismatch: it reports `matched: false` and the caller refuses.
 * @throws Error when `cues` is empty or the audio is shorter than one step.
 */
export function alignCues(speech: SpeechProbabilities, cues: readonly CueSpan[], options: AlignOptions = {}): SyncResult {
  if (cues.length === 0) throw new Error('no cues to align');
  const signal = speechSignal(speech);
  if (signal.length < COARSE_STEPS) throw new Error('the audio is too short to align');
  const score = new SpeechScore(signal);
  const ratios = options.ratios ?? SYNC_RATIOS;
  const penalty = options.splitPenalty ?? SYNC_DEFAULTS.splitPenalty;
  const order = cues.map((_, i) => i).sort((a, b) => cues[a]!.startMs - cues[b]!.startMs);
  // A cue whose end is before its start (kept as written, `valid: false`) is zero-length at its start.
  const sorted = order.map((i) => ({ startMs: cues[i]!.startMs, endMs: cueEndMs(cues[i]!) }));

  // 1. Coarse: FFT cross-correlation at 40 ms for each ratio.
  const coarseMs = SYNC_STEP_MS * COARSE_STEPS;
  const coarse = new Float64Array(Math.ceil(signal.length / COARSE_STEPS));
  for (let i = 0; i < signal.length; i++) coarse[Math.floor(i / COARSE_STEPS)]! += signal[i]! / COARSE_STEPS;
  const lastEnd = Math.max(...sorted.map((c) => c.endMs));
  const cueSteps = (ratio: number) => Math.ceil((lastEnd * ratio) / coarseMs) + 1;
  const correlator = new Correlator(coarse, Math.max(...ratios.map(cueSteps), cueSteps(Math.max(...ratios) * 1.004)));
  let best = { ratio: 1, offsetMs: 0, score: -Infinity };
  for (const ratio of ratios) {
    const { shift, score: s } = correlator.correlate(cueSignal(sorted, ratio, coarseMs, cueSteps(ratio)));
    if (s > best.score) best = { ratio, offsetMs: shift * coarseMs, score: s };
  }

  // 2. Splits: the best few offsets of the correlation at that ratio; each cue takes one by dynamic programming.
  const single: Part = { first: 0, last: sorted.length - 1, pivot: 0, pivotMedia: 0 };
  single.pivot = (sorted[0]!.startMs + sorted[sorted.length - 1]!.endMs) / 2;
  single.pivotMedia = best.ratio * single.pivot + best.offsetMs;
  let parts: Part[] = [single];
  if (!options.noSplits && sorted.length > 1) {
    correlator.correlate(cueSignal(sorted, best.ratio, coarseMs, cueSteps(best.ratio)));
    const candidates = correlator.peaks(SYNC_DEFAULTS.splitCandidates, Math.round(1000 / coarseMs)).map((k) => k * coarseMs);
    parts = splitParts(score, sorted, best.ratio, candidates, penalty);
  }

  // 3. Fine search: the ratio around the best (±0.3 %, then narrower), each part's offset on its own cues.
  const anchors = ratios.filter((r) => Math.abs(r / best.ratio - 1) <= 0.003);
  let ratio = refineRatio(score, sorted, parts, best.ratio, 0.003, 1e-4, 500, 10, best.ratio, anchors).ratio;
  ratio = refineRatio(score, sorted, parts, ratio, 2e-4, 5e-6, 200, 5, best.ratio).ratio;
  const fine = refineRatio(score, sorted, parts, ratio, 1e-5, 1e-6, 20, 1, best.ratio);
  ratio = fine.ratio;

  // 4. Back to a standard ratio unless leaving it is clearly worth it: over a short file (or a
  // ratio very near the standard one) the drift is within the VAD's timing noise, and a cue's trailing
  // silence makes several ratio/offset pairs score about alike.
  // The standard ratios near the one found, 1 first (the most common), then in the order of `ratios`.
  const near = [...ratios].filter((r) => Math.abs(r / ratio - 1) <= 0.003).sort((x, y) => Number(y === 1) - Number(x === 1));
  if (!near.includes(ratio)) {
    const span = sorted[sorted.length - 1]!.endMs - sorted[0]!.startMs;
    for (const nominal of near) {
      const driftMs = Math.abs(ratio - nominal) * span;
      const atNominal = parts.map((p) => ({ ...p }));
      refineRatio(score, sorted, atNominal, nominal, 0, 1, 500, 10, best.ratio, [nominal]);
      const snapped = refineRatio(score, sorted, atNominal, nominal, 0, 1, 10, 1, best.ratio, [nominal]);
      const gain = fine.total - snapped.total;
      if (driftMs < SYNC_DEFAULTS.snapDriftMs || gain < SYNC_DEFAULTS.minRatioGain * Math.abs(fine.total)) {
        ratio = nominal;
        parts.forEach((p, i) => (p.pivotMedia = atNominal[i]!.pivotMedia));
        break;
      }
    }
  }

  const offsets = parts.map((p) => p.pivotMedia - ratio * p.pivot);
  const partOf = new Int32Array(sorted.length);
  parts.forEach((p, k) => partOf.fill(k, p.first, p.last + 1));
  const mapped = sorted.map((c, i) => ({ startMs: ratio * c.startMs + offsets[partOf[i]!]!, endMs: ratio * c.endMs + offsets[partOf[i]!]! }));
  const { kappa, speechFraction } = agreement(signal, mapped);
  const chance = (options as { noChance?: boolean }).noChance ? 0 : shuffledKappa(speech, sorted, options);
  const confidence = Math.round(Math.max(0, kappa) * 1000) / 1000;
  const minConfidence = options.minConfidence ?? SYNC_DEFAULTS.minConfidence;
  return {
    offsetMs: Math.round(offsets[0]!),
    ratio: Math.round(ratio * 1e7) / 1e7,
    splits: parts.slice(1).map((p, k) => ({ atMs: sorted[p.first]!.startMs, offsetMs: Math.round(offsets[k + 1]!) })),
    confidence,
    chance: Math.round(Math.max(0, chance) * 1000) / 1000,
    matched: confidence >= minConfidence && kappa - chance >= SYNC_DEFAULTS.overChance,
    speechFraction: Math.round(speechFraction * 1000) / 1000,
  };
}

/**
 * Net speech under the part's cues placed by `ratio` around the pivot, each cue `lengthRatio` × its length
 * long (the lengths do not follow the ratio under test, so no ratio wins by shrinking cues that are longer
 * than their speech).
 */
function partScore(score: SpeechScore, cues: readonly CueSpan[], part: Part, ratio: number, pivotMedia: number, lengthRatio: number): number {
  let total = 0;
  for (let i = part.first; i <= part.last; i++) {
    const c = cues[i]!;
    const start = ratio * (c.startMs - part.pivot) + pivotMedia;
    total += score.span(start, start + lengthRatio * (c.endMs - c.startMs));
  }
  return total;
}

/**
 * Grid search of the ratio in `center × (1 ± span)` by `step`, plus the `anchors` (the standard ratios in
 * that range), each part's pivot moved within ±`windowMs` by `offsetStepMs`, cues `lengthRatio` × their
 * length; updates the parts' pivots to the best and returns the best ratio (the first of equals, anchors first)
 * with its total score (10 ms steps of net speech).
 */
function refineRatio(score: SpeechScore, cues: readonly CueSpan[], parts: Part[], center: number, span: number, step: number, windowMs: number, offsetStepMs: number, lengthRatio: number, anchors: readonly number[] = [center]): { ratio: number; total: number } {
  let bestRatio = center;
  let bestTotal = -Infinity;
  let bestPivots = parts.map((p) => p.pivotMedia);
  const n = Math.round(span / step);
  const grid = Array.from({ length: 2 * n + 1 }, (_, i) => center * (1 + (i - n) * step));
  for (const [i, ratio] of [...anchors, ...grid].entries()) {
    const isAnchor = i < anchors.length;
    let total = 0;
    const pivots: number[] = [];
    for (const part of parts) {
      // The pivot stays put in media time while the ratio turns the part around it (for an anchor other
      // than the center, the offset stays and the pivot moves with the ratio).
      const base = part.pivotMedia + (isAnchor ? (ratio - center) * part.pivot : 0);
      const tried: { at: number; s: number }[] = [];
      for (let d = -windowMs; d <= windowMs; d += offsetStepMs) tried.push({ at: base + d, s: partScore(score, cues, part, ratio, base + d, lengthRatio) });
      const partBest = Math.max(...tried.map((t) => t.s));
      // Cues longer than their speech score alike over a plateau of offsets; subtitles start with the words
      // and linger after them, so take the latest offset of the plateau.
      const tolerance = PLATEAU_TOLERANCE * (part.last - part.first + 1);
      total += partBest;
      pivots.push(tried.findLast((t) => t.s >= partBest - tolerance)!.at);
    }
    if (total > bestTotal + 1e-9) {
      bestTotal = total;
      bestRatio = ratio;
      bestPivots = pivots;
    }
  }
  parts.forEach((p, i) => (p.pivotMedia = bestPivots[i]!));
  return { ratio: bestRatio, total: bestTotal };
}

/**
 * alass-style split search: every cue (in start order) takes one of `candidates` (offsets in ms at `ratio`);
 * the total is the cues' net speech minus `penalty` per change of offset between consecutive cues.
 * Returns the parts with their pivots.
 */
function splitParts(score: SpeechScore, cues: readonly CueSpan[], ratio: number, candidates: number[], penalty: number): Part[] {
  const k = candidates.length;
  const n = cues.length;
  const from = new Int8Array(n * k); // the previous cue's candidate on the best path
  let prev = new Float64Array(k);
  let cur = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = cues[i]!;
    let bestPrev = 0;
    for (let j = 1; j < k; j++) if (prev[j]! > prev[bestPrev]!) bestPrev = j;
    for (let j = 0; j < k; j++) {
      const own = score.span(ratio * c.startMs + candidates[j]!, ratio * c.endMs + candidates[j]!);
      if (i === 0) {
        cur[j] = own;
        from[j] = j;
      } else if (prev[j]! >= prev[bestPrev]! - penalty) {
        cur[j] = prev[j]! + own;
        from[i * k + j] = j;
      } else {
        cur[j] = prev[bestPrev]! - penalty + own;
        from[i * k + j] = bestPrev;
      }
    }
    [prev, cur] = [cur, prev];
  }
  let j = 0;
  for (let m = 1; m < k; m++) if (prev[m]! > prev[j]!) j = m;
  const choice = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    choice[i] = j;
    j = from[i * k + j]!;
  }
  const parts: Part[] = [];
  for (let i = 0; i < n; i++) {
    if (i === 0 || choice[i] !== choice[i - 1]) parts.push({ first: i, last: i, pivot: 0, pivotMedia: 0 });
    parts[parts.length - 1]!.last = i;
  }
  for (const p of parts) {
    p.pivot = (cues[p.first]!.startMs + cues[p.last]!.endMs) / 2;
    p.pivotMedia = ratio * p.pivot + candidates[choice[p.first]!]!;
  }
  return parts;
}

/**
 * What unrelated subtitles with the same rhythm reach on this audio: the best kappa of the full search
 * (ratios, offsets, splits) for the cues' lengths and gaps in a shuffled order (two fixed shuffles).
 */
function shuffledKappa(speech: SpeechProbabilities, sorted: readonly CueSpan[], options: AlignOptions): number {
  let best = 0;
  for (const seed of [1, 2]) {
    const random = mulberry32((seed * 0x9e3779b9) >>> 0);
    const pieces = sorted.map((c, i) => ({ length: c.endMs - c.startMs, gap: i + 1 < sorted.length ? Math.max(0, sorted[i + 1]!.startMs - c.endMs) : 0 }));
    for (let i = pieces.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [pieces[i], pieces[j]] = [pieces[j]!, pieces[i]!];
    }
    let t = sorted[0]!.startMs;
    const cues = pieces.map((p) => {
      const cue = { startMs: t, endMs: t + p.length };
      t += p.length + p.gap;
      return cue;
    });
    best = Math.max(best, alignCues(speech, cues, { ...options, noChance: true } as AlignOptions).confidence);
  }
  return best;
}

/** Cohen's kappa of cue-on (mapped cues) against speech (p > 0.5) over the audio's 10 ms steps. */
function agreement(signal: Float64Array, mapped: readonly CueSpan[]): { kappa: number; speechFraction: number } {
  const n = signal.length;
  const delta = new Int32Array(n + 1);
  for (const c of mapped) {
    const s = Math.max(0, Math.min(n, Math.round(c.startMs / SYNC_STEP_MS)));
    const e = Math.max(0, Math.min(n, Math.round(c.endMs / SYNC_STEP_MS)));
    if (e > s) {
      delta[s]!++;
      delta[e]!--;
    }
  }
  let on = 0;
  let both = 0;
  let cueOn = 0;
  let speechOn = 0;
  let neither = 0;
  for (let i = 0; i < n; i++) {
    on += delta[i]!;
    const cue = on > 0;
    const sp = signal[i]! > 0;
    if (cue) cueOn++;
    if (sp) speechOn++;
    if (cue && sp) both++;
    else if (!cue && !sp) neither++;
  }
  const po = (both + neither) / n;
  const pc = cueOn / n;
  const ps = speechOn / n;
  const pe = pc * ps + (1 - pc) * (1 - ps);
  return { kappa: pe >= 1 ? 0 : (po - pe) / (1 - pe), speechFraction: ps };
}

/**
 * Why a result is not `matched`, as a phrase for one-line messages: `confidence 0.14 (needs 0.2)` or
 * `confidence 0.27, no better than the 0.22 shuffled cues reach (needs 0.12 more)`.
 */
export function describeMismatch(result: Pick<SyncResult, 'confidence' | 'chance'>, options: Pick<AlignOptions, 'minConfidence'> = {}): string {
  const min = options.minConfidence ?? SYNC_DEFAULTS.minConfidence;
  if (result.confidence < min) return `confidence ${result.confidence.toFixed(2)} (needs ${min})`;
  return `confidence ${result.confidence.toFixed(2)}, no better than the ${result.chance.toFixed(2)} shuffled cues reach (needs ${SYNC_DEFAULTS.overChance} more)`;
}

/**
 * Corrected time of input time `ms` under `result`: the part is the last one whose `atMs` ≤ ms.
 * Rounded to whole ms, never negative.
 */
export function mapTime(result: Pick<SyncResult, 'offsetMs' | 'ratio' | 'splits'>, ms: number): number {
  let offset = result.offsetMs;
  for (const split of result.splits) if (ms >= split.atMs) offset = split.offsetMs;
  return Math.max(0, Math.round(result.ratio * ms + offset));
}
