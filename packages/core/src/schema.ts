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

/**
 * One subtitle cue.
 * - `index`: 0-based position in the file (after skipped broken blocks, so always dense);
 * - `id`: the identifier as written in the file (SubRip counter or WebVTT cue id), or null;
 * - `startMs`/`endMs`: integer milliseconds; `text`: raw text with tags, lines joined by `\n`;
 * - `plain`: `text` without `<i>`/`<b>`/`<font>`-style tags and `{\...}` override blocks;
 * - `line`: 1-based line number of the cue's timing line in the decoded text.
 */
export const Cue = z.object({
  index: z.number().int().nonnegative(),
  id: z.string().nullable(),
  startMs: Ms,
  endMs: Ms,
  text: z.string(),
  plain: z.string(),
  line: z.number().int().positive(),
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

/** How an expression's time was located: by its exact words, a fuzzy/inflected match, the cue, or an estimate. */
export const TimingKind = z.enum(['exact', 'fuzzy', 'cue', 'estimated']);
export type TimingKind = z.infer<typeof TimingKind>;

/** One expression found in the subtitles, pinned to its time. */
export const Expression = z.object({
  /** Stable hash of the canonical form and the cue index (16 hex characters). */
  id: z.string(),
  /** Canonical (dictionary) form, e.g. `give up`. */
  expression: z.string().min(1),
  /** The words as spoken in the cue, e.g. `gave it up`. */
  matchedText: z.string(),
  type: ExpressionType,
  meaning: z.string(),
  /** The meaning in the target language, when the provider gives one. */
  translation: z.string().optional(),
  level: CefrLevel.optional(),
  similarExpressions: z.array(z.string()),
  /** Index of the cue where the expression starts. */
  cueIndex: z.number().int().nonnegative(),
  /** First and last cue index the expression covers (inclusive). */
  cueRange: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
  startMs: Ms,
  endMs: Ms,
  timing: TimingKind,
  /** The surrounding lines a learner needs to understand it. */
  context: z.object({
    startCue: z.number().int().nonnegative(),
    endCue: z.number().int().nonnegative(),
    startMs: Ms,
    endMs: Ms,
  }),
  chunkId: z.number().int().nonnegative(),
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
});
export type AnalysisReport = z.infer<typeof AnalysisReport>;
