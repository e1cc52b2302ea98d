/**
 * The LangFlix protocol on top of LSP: every command, custom request and notification the server and its
 * clients exchange, declared once here and imported by both sides (the VS Code extension imports
 * `@langflix/language-server/protocol`). Plain data and method names only: no runtime dependency, so any
 * client (Neovim, Helix, a test) can read it as documentation.
 */

/** `workspace/executeCommand` commands the server handles; each takes the document URI as its first argument. */
export const Commands = {
  /**
   * `[uri]` (or none: the document last opened or edited): analyse the document's current text (not the file on disk) with server-created, cancellable
   * work-done progress; results appear chunk by chunk. Resolves with an {@link AnalyzeResult} once the run
   * ends (finished or cancelled). A second analyse of the same document cancels the first.
   */
  analyze: 'langflix.analyze',
  /** `[uri]`: stop the document's running analysis; resolves with `true` when one was running. */
  cancel: 'langflix.cancel',
  /** `[uri, format?]`: the last report of the document as text in one of the server's export formats (default `json`); resolves with an {@link ExportResult}. */
  export: 'langflix.export',
  /**
   * `[uri, mediaPath]`: sync the document's timings to the speech of a video or audio file (as `langflix sync`:
   * offset, frame-rate ratio, splits), with server-created work-done progress. The corrected times are applied
   * to the document by a `workspace/applyEdit` (undoable, not saved); resolves with a {@link SyncMediaResult}.
   * Fails with a one-line message when the media has no audio or cannot be read, or when the subtitles do not
   * match its speech (nothing changed then).
   */
  syncWithMedia: 'langflix.syncWithMedia',
} as const;

/** The command ids of {@link Commands}. */
export type CommandId = (typeof Commands)[keyof typeof Commands];

/** What `langflix.analyze` resolves with. */
export interface AnalyzeResult {
  /** Distinct expressions annotated in the document once the run ended. */
  readonly expressions: number;
  /** Annotations (places an expression is spoken) in the document once the run ended. */
  readonly annotations: number;
  readonly chunks: { readonly total: number; readonly succeeded: number; readonly failed: number };
  /** True when the run was cancelled (`langflix.cancel`, the progress's cancel button, or a newer run). */
  readonly cancelled: boolean;
  /** Model requests actually sent (cache hits excluded). */
  readonly requests: number;
  /** Chunks answered from the response cache. */
  readonly cacheHits: number;
  readonly durationMs: number;
  /** The provider and model that answered. */
  readonly provider: string;
  readonly model: string;
}

/**
 * The default export format: the report as JSON (`langflix analyze --format json`). The server also
 * writes the other file formats of `@langflix/core/formats` (jsonl, csv, anki, srt, vtt, markdown); it
 * lists them in {@link LangflixServerCapabilities.exportFormats}, default first.
 */
export const DEFAULT_EXPORT_FORMAT = 'json';

/** What the server adds to its capabilities, under `capabilities.experimental.langflix`. */
export interface LangflixServerCapabilities {
  /** The formats `langflix.export` can write, default first. */
  readonly exportFormats: readonly string[];
}

/** What `langflix.export` resolves with. */
export interface ExportResult {
  readonly format: string;
  /** File name extension for the format, with its dot (`.json`). */
  readonly extension: string;
  readonly content: string;
}

/** What `langflix.syncWithMedia` resolves with: the correction applied (as `langflix sync --json`). */
export interface SyncMediaResult {
  /** Offset of the first part, ms. */
  readonly offsetMs: number;
  /** Media time per subtitle time (1 when the frame rates agree). */
  readonly ratio: number;
  /** Later parts: from input time `atMs` on, their offset in ms. */
  readonly splits: readonly { readonly atMs: number; readonly offsetMs: number }[];
  /** Agreement of cue-on with detected speech after correction, 0–1. */
  readonly confidence: number;
  /** Whether the client applied the edit. */
  readonly applied: boolean;
}

/**
 * Request `langflix.setApiKey` (client → server): the model API key for this session, kept in memory only.
 * `null` forgets it. The key is never read from a settings file.
 */
export const SetApiKeyRequest = 'langflix.setApiKey';
/** Params of {@link SetApiKeyRequest}. */
export interface SetApiKeyParams {
  readonly apiKey: string | null;
}

/** Request `langflix/annotations` (client → server): the document's annotations, in time order. Never calls a model. */
export const AnnotationsRequest = 'langflix/annotations';
/** Params of {@link AnnotationsRequest}. */
export interface AnnotationsParams {
  readonly uri: string;
}

/** A zero-based LSP position, repeated here so the protocol carries no dependency. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

/** A zero-based LSP range. */
export interface Range {
  readonly start: Position;
  readonly end: Position;
}

/** One place an expression is spoken, as the editor shows it. */
export interface Annotation {
  /** Stable id of the occurrence (`Occurrence.id` in `@langflix/core`). */
  readonly id: string;
  /** Canonical form, e.g. `call it a day`. */
  readonly expression: string;
  /** The words as spoken. */
  readonly matchedText: string;
  /** `idiom`, `phrasal_verb`, … */
  readonly type: string;
  readonly meaning: string;
  readonly translation?: string;
  readonly level?: string;
  readonly similarExpressions: readonly string[];
  /** 0-based cue index where the words start, and the cue's identifier as written (SubRip counter). */
  readonly cueIndex: number;
  readonly cueId: string | null;
  /** Start and end of the words, in milliseconds. */
  readonly startMs: number;
  readonly endMs: number;
  /** The start time as the file writes times (`00:12:03,120` in SubRip, `00:12:03.120` in WebVTT). */
  readonly startTime: string;
  readonly endTime: string;
  /**
   * Set when a cue of the words has its end before its start in the file (a cue the parser marked
   * `valid: false`): the words are then timed as zero-length at that cue's start, and this says so.
   */
  readonly timingNote?: string;
  /** Where the words are in the document. */
  readonly range: Range;
}

/** Result of {@link AnnotationsRequest}. */
export interface AnnotationsResult {
  readonly uri: string;
  /** The document version the ranges refer to. */
  readonly version: number;
  /** True while an analysis of the document runs. */
  readonly analyzing: boolean;
  readonly annotations: readonly Annotation[];
}

/**
 * Notification `langflix/annotationsChanged` (server → client): the document's annotations changed (a chunk
 * finished, a run ended, or an edit invalidated some); fetch them again with {@link AnnotationsRequest}.
 */
export const AnnotationsChangedNotification = 'langflix/annotationsChanged';
/** Params of {@link AnnotationsChangedNotification}. */
export interface AnnotationsChangedParams {
  readonly uri: string;
  readonly version: number;
  /** Annotations (places an expression is spoken). */
  readonly count: number;
  /** Distinct expressions among them. */
  readonly expressions: number;
  readonly analyzing: boolean;
}

/** The provider names a user may set; `auto` is `gemini` when an API key is known, else the offline `lexicon`. */
export const PROVIDER_SETTINGS = ['auto', 'lexicon', 'gemini', 'openai-compatible'] as const;

/** Scheduler modes a user may set; `auto` is core's default (adaptive for a remote provider, else sequential). */
export const SCHEDULER_MODE_SETTINGS = ['auto', 'sequential', 'parallel', 'adaptive'] as const;

/**
 * The settings under `langflix.*` (read with `workspace/configuration`, section `langflix`). The API key is
 * deliberately not among them.
 */
export interface LangflixSettings {
  /** Model provider. @default 'auto' */
  provider: (typeof PROVIDER_SETTINGS)[number];
  /** Model id; null for the provider's default (Gemini: `gemini-2.5-flash`). @default null */
  model: string | null;
  /** A compatible endpoint's base URL; null for the provider's own. @default null */
  baseUrl: string | null;
  /** Learner level: beginner, intermediate, advanced, mixed, or a CEFR level A1–C2. @default 'intermediate' */
  level: string;
  /** The learner's language (BCP-47 code), for translations. @default 'ko' */
  targetLanguage: string;
  /** Scheduler mode. @default 'auto' */
  schedulerMode: (typeof SCHEDULER_MODE_SETTINGS)[number];
  /** Most model requests in flight at once; null for min(cores, 5). @default null */
  maxWorkers: number | null;
  /** Characters of cue text per model call (one chunk). @default 5000 */
  maxInputChars: number;
  /** Most expressions annotated; 0 for all. @default 0 */
  maxExpressions: number;
  /** Reuse cached model answers. @default true */
  cache: boolean;
  /** The response cache folder; null for `~/.cache/langflix` (`$XDG_CACHE_HOME/langflix`). @default null */
  cacheDir: string | null;
  /** Show an Information diagnostic over each expression. @default true */
  expressionDiagnostics: boolean;
}

/** `initializationOptions` the server understands. */
export interface InitializationOptions {
  /** The model API key (the VS Code extension passes the one in its SecretStorage). */
  apiKey?: string;
  /** Settings for clients without `workspace/configuration`; overridden by what that returns. */
  settings?: Partial<LangflixSettings>;
}
