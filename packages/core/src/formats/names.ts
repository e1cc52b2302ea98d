/**
 * The names of the report formats (`--format`, `format` in config), apart from the code that writes them,
 * so the config schema can list them without loading any formatter.
 */

/** The output formats of `langflix analyze --format`. */
export const OUTPUT_FORMATS = ['table', 'json', 'jsonl', 'csv', 'anki', 'srt', 'vtt', 'markdown'] as const;
/** One of {@link OUTPUT_FORMATS}. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];
