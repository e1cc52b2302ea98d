/**
 * Synthetic "films" with known truth for the sync tests and benchmark (issue 18): English sentences spoken
 * by eSpeak NG (the npm `@echogarden/espeak-ng-emscripten`, so nothing but npm is needed) placed at known
 * times over a real-ish background — pink-ish noise all along and music-like chords (some stretches loud,
 * with no speech) — written as a 22.05 kHz 16-bit WAV, streamed a second at a time (an hour is ~160 MB on
 * disk, never in memory). The cues are the exact spans of the spoken samples; `damage` makes the subtitle
 * file a user would download: shifted, stretched, split, or from another film.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { mulberry32 } from './random.js';

/** eSpeak NG's output rate, Hz. */
export const SYNTH_RATE = 22_050;

/** A cue with its true time in the audio (ms). */
export interface TrueCue {
  startMs: number;
  endMs: number;
  text: string;
}

const SENTENCES = [
  'I never thought we would make it back here alive.',
  'Hold on, where do you think you are going at this hour?',
  'She told me the whole story last night.',
  'We need to get out of here before they come back.',
  'That is the worst idea I have ever heard.',
  'Give me a minute, I am trying to figure this out.',
  'You should have seen the look on his face.',
  'Nobody leaves this room until we know what happened.',
  'It is not about the money, it never was.',
  'Come on, we are running out of time.',
  'I will take care of it, do not worry.',
  'Why did you not tell me about this before?',
  'The train leaves at seven, so we have to hurry.',
  'Let us go over the plan one more time.',
  'He is been acting strange ever since he got back.',
  'Well, that went better than expected.',
  'Can you keep a secret?',
  'Turn off the lights and stay quiet.',
  'I am sorry, I did not mean to scare you.',
  'What on earth is going on out there?',
  'We will figure it out together, I promise.',
  'Put that down before somebody gets hurt.',
  'This is the last time I am asking you nicely.',
  'Do you remember the first time we met?',
  'Look, I know this is hard for you.',
  'Stop right there and put your hands up.',
  'Okay.',
  'Really?',
  'Thank you so much for everything you have done.',
  'If we do not leave now, we never will.',
];

type EspeakWorker = { set_voice(v: string): void; set_rate(r: number): void; set_pitch(p: number): void; synthesize(text: string, cb: (audio: Int16Array) => number): void };
let worker: Promise<EspeakWorker> | null = null;
const clips = new Map<string, Int16Array>();

/** Why the synthesiser cannot run here, or null when it can (tests skip with this reason). */
export async function synthesiserMissing(): Promise<string | null> {
  try {
    await espeak();
    return null;
  } catch (error) {
    return `eSpeak NG (@echogarden/espeak-ng-emscripten) could not load: ${(error as Error).message}`;
  }
}

async function espeak(): Promise<EspeakWorker> {
  worker ??= (async () => {
    const { default: Module } = (await import('@echogarden/espeak-ng-emscripten')) as unknown as { default: () => Promise<{ eSpeakNGWorker: new () => EspeakWorker }> };
    const m = await Module();
    const w = new m.eSpeakNGWorker();
    w.set_voice('en-us');
    return w;
  })();
  return worker;
}

/** One utterance spoken by eSpeak (voice variant by `pitch`/`rate`), trimmed to its first and last audible sample. */
async function speak(text: string, pitch: number, rate: number): Promise<Int16Array> {
  const key = `${pitch}/${rate}/${text}`;
  const cached = clips.get(key);
  if (cached) return cached;
  const w = await espeak();
  w.set_pitch(pitch);
  w.set_rate(rate);
  const parts: Int16Array[] = [];
  w.synthesize(text, (audio) => {
    parts.push(audio);
    return 0;
  });
  const all = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  let first = 0;
  let last = all.length - 1;
  while (first < all.length && Math.abs(all[first]!) < 300) first++;
  while (last > first && Math.abs(all[last]!) < 300) last--;
  const clip = all.slice(first, last + 1);
  clips.set(key, clip);
  return clip;
}

/** Options of {@link writeSpeechFilm}. */
export interface SpeechFilmOptions {
  /** Length of the film in seconds. */
  seconds: number;
  seed: number;
  /** Background noise level relative to full scale (default 0.02). */
  noise?: number;
}

/**
 * Write a synthetic film to `wavPath` and return its cues with their true times. Layout: utterances with
 * gaps of 0.3–4 s, and now and then 8–20 s of loud music with no speech. With `wavPath` null only the cues
 * are made (another film's subtitles).
 */
export async function writeSpeechFilm(wavPath: string | null, options: SpeechFilmOptions): Promise<TrueCue[]> {
  const random = mulberry32(options.seed);
  const total = Math.round(options.seconds * SYNTH_RATE);
  const noise = options.noise ?? 0.02;
  const voices = [
    [50, 175],
    [30, 160],
    [70, 190],
  ] as const;
  // Plan the utterances first (clips are synthesised once and reused).
  const plan: { at: number; clip: Int16Array; text: string }[] = [];
  const music: [number, number][] = [];
  let t = Math.round((1 + random() * 3) * SYNTH_RATE);
  while (t < total) {
    if (random() < 0.06) {
      const len = Math.round((8 + random() * 12) * SYNTH_RATE);
      music.push([t, t + len]);
      t += len + Math.round(0.5 * SYNTH_RATE);
      continue;
    }
    const text = SENTENCES[Math.floor(random() * SENTENCES.length)]!;
    const [pitch, rate] = voices[Math.floor(random() * voices.length)]!;
    const clip = await speak(text, pitch, rate);
    if (t + clip.length >= total) break;
    plan.push({ at: t, clip, text });
    t += clip.length + Math.round((0.3 + random() * 3.7) * SYNTH_RATE);
  }

  const cues = plan.map((u) => ({ startMs: Math.round((u.at / SYNTH_RATE) * 1000), endMs: Math.round(((u.at + u.clip.length) / SYNTH_RATE) * 1000), text: u.text }));
  if (wavPath === null) return cues;
  const out = createWriteStream(wavPath);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + total * 2, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(SYNTH_RATE, 24);
  header.writeUInt32LE(SYNTH_RATE * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(total * 2, 40);
  out.write(header);

  // Background state: pink-ish noise (one-pole low-passed white noise plus white), chords of three tones
  // changing every 2 s, quiet under the dialogue and loud in the music stretches.
  let lp = 0;
  let chord = [220, 277, 330];
  let next = 0;
  let musicIdx = 0;
  const block = SYNTH_RATE;
  for (let start = 0; start < total; start += block) {
    const n = Math.min(block, total - start);
    const buf = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const s = start + i;
      if (s >= next) {
        const root = 110 * 2 ** (Math.floor(random() * 12) / 12);
        chord = [root * 2, root * 2 * 2 ** (4 / 12), root * 2 * 2 ** (7 / 12)];
        next = s + 2 * SYNTH_RATE;
      }
      while (musicIdx < music.length && s >= music[musicIdx]![1]) musicIdx++;
      const loud = musicIdx < music.length && s >= music[musicIdx]![0];
      const w = random() * 2 - 1;
      lp = 0.97 * lp + 0.03 * w;
      let v = noise * (0.5 * w + 3 * lp);
      const level = loud ? 0.15 : 0.015;
      for (const f of chord) v += (level / 3) * Math.sin((2 * Math.PI * f * s) / SYNTH_RATE);
      buf[i] = v;
    }
    // Speech on top.
    for (const u of plan) {
      const from = Math.max(start, u.at);
      const to = Math.min(start + n, u.at + u.clip.length);
      for (let s = from; s < to; s++) buf[s - start]! += u.clip[s - u.at]! / 32768 * 0.7;
    }
    const pcm = new Int16Array(n);
    for (let i = 0; i < n; i++) pcm[i] = Math.max(-32768, Math.min(32767, Math.round(buf[i]! * 32767)));
    if (!out.write(new Uint8Array(pcm.buffer))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return cues;
}

/** A damage done to a film's subtitles, as users meet it. */
export type Damage =
  | { kind: 'offset'; ms: number }
  /** Subtitles timed for a film at `from` fps played at `to` fps: subtitle time = true time × to / from. */
  | { kind: 'stretch'; from: number; to: number; offsetMs?: number }
  /** From `atFraction` of the cues on, the subtitles are `jumpMs` later (a scene cut from the video). */
  | { kind: 'split'; atFraction: number; jumpMs: number };

/** The cues of the subtitle file with `damage` done. */
export function damage(cues: readonly TrueCue[], d: Damage): TrueCue[] {
  const splitAt = d.kind === 'split' ? Math.floor(cues.length * d.atFraction) : 0;
  return cues.map((c, i) => {
    const f = (ms: number): number => {
      if (d.kind === 'offset') return ms + d.ms;
      if (d.kind === 'stretch') return Math.round((ms * d.to) / d.from) + (d.offsetMs ?? 0);
      return i >= splitAt ? ms + d.jumpMs : ms;
    };
    return { ...c, startMs: f(c.startMs), endMs: f(c.endMs) };
  });
}

/** SubRip text of `cues` (times must be ≥ 0). */
export function toSrt(cues: readonly TrueCue[]): string {
  const t = (ms: number): string => {
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor(ms / 60_000) % 60;
    const s = Math.floor(ms / 1000) % 60;
    return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')},${String(ms % 1000).padStart(3, '0')}`;
  };
  return cues.map((c, i) => `${i + 1}\n${t(c.startMs)} --> ${t(c.endMs)}\n${c.text}\n`).join('\n');
}

/** Median and 95th percentile of |corrected start − true start| in ms. */
export function startErrors(truth: readonly TrueCue[], corrected: readonly { startMs: number }[]): { median: number; p95: number; max: number } {
  const errors = truth.map((c, i) => Math.abs(corrected[i]!.startMs - c.startMs)).sort((a, b) => a - b);
  const q = (p: number): number => errors[Math.min(errors.length - 1, Math.floor(p * errors.length))]!;
  return { median: q(0.5), p95: q(0.95), max: errors[errors.length - 1]! };
}
