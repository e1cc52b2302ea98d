/**
 * The data model of LangFlix as zod schemas, with the TypeScript types inferred from them: one source of
 * truth for types and for validating what crosses a boundary (files, workers, model answers).
 * Field names follow `DESIGN.md` ("Core vocabulary"). Times are integer milliseconds everywhere.
 */
import { z } from 'zod';

/** Non-negative integer milliseconds. */
const Ms = z.number().int().nonnegative();

/** CEFR levels (Common European Framework of Reference for Languages, Council of Europe 2001). */
export const CefrLevel = z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']);
export type CefrLevel = z.infer<typeof CefrLevel>;

/** The kinds of expression a learner studies. */
export const ExpressionType = z.enum(['idiom', 'phrasal_verb', 'collocation', 'slang', 'proverb', 'other']);
export type ExpressionType = z.infer<typeof ExpressionType>;

/** The learner's level: a band in words, or one CEFR level. */
export type LearnerLevel = 'beginner' | 'intermediate' | 'advanced' | 'mixed' | 'A1' | 'A2' | 'B1' | 'B2' | 'C1' | 'C2';

/** What a provider is asked for one chunk. */
export interface AnalyzeChunkRequest {
  readonly chunk: Chunk;
  readonly level: LearnerLevel;
  /** BCP-47 code of the learner's language, for `translation` (e.g. `ko`, `pt-BR`). */
  readonly targetLanguage: string;
  /** Fewest and most expressions the model is asked for in this chunk. */
  readonly minExpressions: number;
  readonly maxExpressions: number;
}

/**
 * One subtitle cue.
 * - `index`: 0-based position in the file (after skipped broken blocks, so always dense);
 * - `id`: the identifier as written in the file (SubRip counter or WebVTT cue id), or null;
 * - `startMs`/`endMs`: integer milliseconds; `text`: raw text with tags, lines joined by `\n`;
 * - `plain`: `text` without `<i>`/`<b>`/`<font>`-style tags and `{\...}` override blocks;
 * - `line`: 1-based line number of the cue's timing line in the decoded text;
 * - `valid`: absent on a well-formed cue; `false` when its times cannot be a span — the end is before the start
 *   (both kept as written in the file, never swapped or clamped). `reason` then says why, with both times.
 *   Whatever needs a duration treats such a cue as zero-length at its start (`cueEndMs`), never negative.
 */
export const Cue = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().nullable(),
  startMs: Ms,
  endMs: Ms,
  text: z.string(),
  plain: z.string(),
  line: z.number().int().positive(),
  valid: z.literal(false).optional(),
  reason: z.string().optional(),
});
export type Cue = z.infer<typeof Cue>;

/** A consecutive run of cues sent to the model together; `id` is the chunk's 0-based position. */
export const Chunk = z.object({
  id: z.number().int().nonnegative(),
  /** Index of the first cue the model is asked about (context cues from `overlapCues` come before it). */
  firstCue: z.number().int().nonnegative(),
  /** Index of the last cue, inclusive. */
  lastCue: z.number().int().nonnegative(),
  /** The cues carried in the prompt, context cues first. */
  cues: z.array(Cue),
  /** The cues as the prompt carries them: one `[<cue index>] <plain text>` line each. */
  text: z.string(),
});
export type Chunk = z.infer<typeof Chunk>;

/**
 * How an expression was found in the text (and so how far its time can be trusted):
 * - `exact`: every word of the canonical form, as written once both sides are normalised (case,
 *   apostrophes, contractions expanded, tags and SDH labels skipped), in one unbroken stretch;
 * - `fuzzy`: the words were found through inflection (`gave up`), an object inside a separable phrasal
 *   verb (`pick it up`), another possessive (`make up his mind` for `make up your mind`), or with a few
 *   words missing or added (`take a closer look`); `timingScore` says how close;
 * - `cue`: the expression's content words (three or more) are all in the cited cue but not as one stretch
 *   (`his mind is made up` for `make up one's mind`): the time is the cue's, never a guess inside it.
 * An expression whose words are not in the text is dropped, never timed.
 */
export const TimingKind = z.enum(['exact', 'fuzzy', 'cue']);
export type TimingKind = z.infer<typeof TimingKind>;

/** Integer cue index. */
const CueIndex = z.number().int().nonnegative();

/**
 * One place in the subtitles where an expression is spoken. Times are integer milliseconds; the
 * invariant `cues[cueRange[0]].startMs = cueStartMs ≤ startMs < endMs ≤ cueEndMs = cues[cueRange[1]].endMs`
 * holds (`startMs = endMs` only for a cue of zero duration).
 */
export const Occurrence = z.object({
  /** Stable id of this occurrence: 16 hex characters of SHA-256 over the canonical form and `cueIndex`. */
  id: z.string(),
  /** Index of the cue where the words start (`cueRange[0]`). */
  cueIndex: CueIndex,
  /** First and last cue index the words cover (inclusive); more than one cue when a phrase runs on. */
  cueRange: z.tuple([CueIndex, CueIndex]),
  /**
   * Start and end of the words themselves, in milliseconds. When `estimated`, placed inside the cues in
   * proportion to the syllables spoken before, in and after the words (see `timing/estimate.ts`);
   * otherwise the cue bounds.
   */
  startMs: Ms,
  endMs: Ms,
  /** Start of the first cue and end of the last cue of `cueRange`, in milliseconds: the subtitle's own bounds. */
  cueStartMs: Ms,
  cueEndMs: Ms,
  /** True when `startMs`/`endMs` are a within-cue estimate; false when they are the cue bounds. */
  estimated: z.boolean(),
  /** The words as spoken, from the cues' plain text (pieces of several cues joined by a space). */
  matchedText: z.string(),
  timing: TimingKind,
  /**
   * How closely the spoken words match the canonical form, from 0 to 1 (two decimals): 1 for `exact`,
   * below 1 for `fuzzy` (0.9 per inflected word averaged, less for separated, substituted, missing or
   * extra words), 0.5 for `cue`. See `timing/score.ts`.
   */
  timingScore: z.number().min(0).max(1),
  /** The chunk whose answer found this occurrence (the first such chunk, in chunk order). */
  chunkId: z.number().int().nonnegative(),
  /**
   * Study-clip bounds from the audio (`analyze --media`), kept apart from the cue times: the detected speech
   * inside `[cueStartMs, cueEndMs]` (from the first word spoken to the end of the last), so
   * `cueStartMs ≤ clipStartMs < clipEndMs ≤ cueEndMs`. Absent without media, or when no speech was detected
   * in the cues (a warning `clip-no-speech` says so). Milliseconds of media time.
   */
  clipStartMs: Ms.optional(),
  clipEndMs: Ms.optional(),
  /** Where the clip bounds come from: `audio` (speech detected in the media file). */
  clipSource: z.literal('audio').optional(),
});
export type Occurrence = z.infer<typeof Occurrence>;

/**
 * One expression found in the subtitles, pinned to its time. In a report there is one entry per
 * canonical expression: its top-level timing fields (`id` … `timingScore`) are those of its first
 * occurrence, and `occurrences` lists every place it is spoken, in time order.
 */
export const Expression = z.object({
  // The first occurrence's fields (id, cue range, times, matched text, timing, chunk): one definition.
  ...Occurrence.shape,
  /** Canonical (dictionary) form, e.g. `give up`. */
  expression: z.string().min(1),
  type: ExpressionType,
  meaning: z.string(),
  /** The meaning in the target language, when the provider gives one. */
  translation: z.string().optional(),
  level: CefrLevel.optional(),
  similarExpressions: z.array(z.string()),
  /** Every occurrence of the expression in the report, in time order (cue index, then start); at least one. */
  occurrences: z.array(Occurrence).min(1),
  /**
   * Ranking score, 0–1 (four decimals), set when the report is ranked: the weighted sum of level fit,
   * type, commonness and occurrences documented in `expressions/rank.ts`. Higher comes first.
   */
  score: z.number().min(0).max(1).optional(),
  /**
   * The surrounding lines a learner needs to understand it (cue indices inclusive, times in ms). In a
   * report the contexts of two entries are either disjoint or, when their words share a cue, identical.
   */
  context: z.object({
    startCue: CueIndex,
    endCue: CueIndex,
    startMs: Ms,
    endMs: Ms,
  }),
  provider: z.string(),
  model: z.string(),
});
export type Expression = z.infer<typeof Expression>;

/** A chunk that produced no result, with the reason; never turned into an empty success. */
export const ChunkFailure = z.object({
  chunkId: z.number().int().nonnegative(),
  firstCue: z.number().int().nonnegative(),
  lastCue: z.number().int().nonnegative(),
  /** Error class name, e.g. `RateLimitError`, `TransientError`, `FatalError`. */
  error: z.string(),
  message: z.string(),
  attempts: z.number().int().positive(),
  /**
   * True when this failure stopped the whole run (a per-day quota, a key or model every request would be
   * refused with) or was caused by such a stop (`RunStoppedError`): the provider refused, not the chunk.
   */
  stoppedRun: z.boolean(),
});
export type ChunkFailure = z.infer<typeof ChunkFailure>;

/** A problem that cost something (a cue, an item) but not the run; `line` or `chunkId` says where. */
export const Warning = z.object({
  /** Short machine-readable kind, e.g. `timing-line`, `negative-time`, `item-dropped`. */
  code: z.string(),
  message: z.string(),
  line: z.number().int().positive().optional(),
  chunkId: z.number().int().nonnegative().optional(),
});
export type Warning = z.infer<typeof Warning>;

/** The result of one analysis run. */
export const AnalysisReport = z.object({
  source: z.object({
    /** File path or a caller-given name; null for anonymous input. */
    name: z.string().nullable(),
    format: z.enum(['srt', 'vtt']),
    encoding: z.string(),
    cues: z.number().int().nonnegative(),
  }),
  expressions: z.array(Expression),
  chunks: z.object({
    total: z.number().int().nonnegative(),
    succeeded: z.number().int().nonnegative(),
    failed: z.array(ChunkFailure),
  }),
  warnings: z.array(Warning),
  stats: z.object({
    requests: z.number().int().nonnegative(),
    retries: z.number().int().nonnegative(),
    rateLimited: z.number().int().nonnegative(),
    /** Chunks answered from the response cache, with no request sent. */
    cacheHits: z.number().int().nonnegative(),
    durationMs: Ms,
    tokens: z.object({ input: z.number().int().nonnegative(), output: z.number().int().nonnegative() }),
  }),
  /** The resolved options of the run, with secrets redacted. */
  config: z.record(z.string(), z.unknown()),
  /**
   * With `analyze --media`: the media file the cues were synced to before the analysis (all times in the
   * report are then media times) and the correction applied — `corrected = ratio × t + offsetMs` of the part
   * (see `langflix sync`); `confidence` is the kappa of cue-on against speech, 0–1.
   */
  sync: z
    .object({
      media: z.string(),
      offsetMs: z.number().int(),
      ratio: z.number().positive(),
      splits: z.array(z.object({ atMs: z.number().int(), offsetMs: z.number().int() })),
      confidence: z.number().min(0).max(1),
    })
    .optional(),
});
export type AnalysisReport = z.infer<typeof AnalysisReport>;
