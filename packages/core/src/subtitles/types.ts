import type { Cue, Warning } from '../schema.js';

/** A subtitle format LangFlix reads: SubRip (`.srt`) or WebVTT (`.vtt`). */
export type SubtitleFormat = 'srt' | 'vtt';

/** Options of {@link parseSubtitles}. */
export interface ParseOptions {
  /**
   * Throw a {@link SubtitleParseError} at the first problem instead of skipping the broken cue with a warning.
   * @default false
   */
  strict?: boolean;
  /** Force a format instead of detecting it from the content. */
  format?: SubtitleFormat;
  /** File name used in error messages. */
  fileName?: string;
}

/** What {@link parseSubtitles} returns: the cues in file order and what was skipped or repaired. */
export interface ParsedSubtitles {
  format: SubtitleFormat;
  cues: Cue[];
  warnings: Warning[];
}
