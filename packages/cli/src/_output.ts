/**
 * Where `langflix analyze` writes and in which format: stdout, `--out FILE`, or one file per input (next
 * to it or under `--out-dir`), and the JSON report beside any of them with `--report FILE`.
 */
import { extname } from 'node:path';
import type { ConfigResolution } from '@langflix/core';
import { FORMAT_OF_EXTENSION, fileFormat, formatOfPath, type OutputFormat } from '@langflix/core/formats';
import { settingLabel } from './_config.js';
import { CliError } from './_errors.js';

/** Where a run's output goes. */
export type OutputTarget =
  /** One report on stdout. */
  | { readonly kind: 'stdout'; readonly format: OutputFormat }
  /** One report in the file `--out` names. */
  | { readonly kind: 'file'; readonly format: OutputFormat; readonly path: string }
  /** One report per input, `<name>.langflix<ext>` next to it or under `--out-dir`. */
  | { readonly kind: 'per-input'; readonly format: OutputFormat };

/** What decides the output, besides the settings. */
export interface OutputRequest {
  /** `--out FILE`. */
  readonly out?: string | undefined;
  /** `--report FILE`. */
  readonly report?: string | undefined;
  /** True when the inputs are several, a folder or a glob. */
  readonly manyInputs: boolean;
}

/**
 * The output of a run. `--out FILE` writes the format asked for: `--format` (from any source but the
 * default) decides; without it, the file's extension (`.json`, `.jsonl`, `.csv`, `.tsv`/`.txt` for anki,
 * `.srt`, `.vtt`, `.md`). A `--format` that the extension contradicts is an error naming both, never a
 * silent choice. With several inputs or `--out-dir`, each report is a file named by its format's
 * extension (`table` is for terminals, so such files are `json`).
 * @throws {CliError} (exit 2) for `--out` or `--report` with several inputs, `--out` with `--out-dir` on
 *   the command line, a format and an extension that disagree, or an extension that names no format
 */
export function resolveOutput(request: OutputRequest, resolution: ConfigResolution): OutputTarget {
  const { config, sources } = resolution;
  if (request.report !== undefined && request.manyInputs) throw new CliError('--report writes one JSON report: with several inputs, use --out-dir --format json');
  if (request.out === undefined) {
    return request.manyInputs || config.outDir !== null ? { kind: 'per-input', format: fileFormat(config.format) } : { kind: 'stdout', format: config.format };
  }
  if (request.manyInputs) throw new CliError('--out writes one report: with several inputs, use --out-dir (or let each report go next to its input)');
  if (sources.outDir.kind === 'flag') throw new CliError('--out and --out-dir both say where the report goes: give one');
  const byExtension = formatOfPath(request.out);
  const asked = sources.format.kind === 'default' ? null : config.format;
  if (asked !== null) {
    if (byExtension !== null && byExtension !== asked) {
      throw new CliError(`${settingLabel(resolution, 'format')} ${asked} and --out ${request.out} (a ${extname(request.out)} file is ${byExtension}) disagree: drop one, or change the extension`);
    }
    return { kind: 'file', format: asked, path: request.out };
  }
  if (byExtension === null) {
    throw new CliError(`--out ${request.out}: the extension names no format (${Object.keys(FORMAT_OF_EXTENSION).join(', ')}): add --format`);
  }
  return { kind: 'file', format: byExtension, path: request.out };
}
