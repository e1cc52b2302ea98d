/**
 * What `--help` prints after citty's usage: the sections a one-line command description cannot hold —
 * exit codes, output formats, where settings come from.
 */
import { OUTPUT_FORMATS, PROVIDER_NAMES, SCHEDULER_MODES } from '@langflix/core';
import { BULLMQ_MODE } from './_config.js';
import { EXIT_CODES } from './_errors.js';

const section = (title: string, lines: readonly string[]) => `\n${title}\n\n${lines.map((l) => `  ${l}`).join('\n')}\n`;

const SETTINGS = section('SETTINGS', [
  'Each setting comes from a flag, else a LANGFLIX_* environment variable, else the config file, else its default.',
  'Config file (searched from here up to the nearest package.json): the "langflix" key of package.json, .langflixrc (JSON or YAML),',
  '.langflixrc.json|yaml|yml, langflix.config.{js,mjs,cjs,ts}; or --config FILE. `langflix config` shows every value and its source.',
]);

const EXITS = section('EXIT CODES', EXIT_CODES.map(([code, meaning]) => `${String(code).padEnd(4)} ${meaning}`));

/** The extra help of a command, by its name (`langflix` for the root); empty for commands without any. */
export function helpEpilogue(command: string | undefined): string {
  switch (command) {
    case 'langflix':
      return SETTINGS + EXITS;
    case 'analyze':
      return (
        section('INPUTS AND OUTPUTS', [
          'One input prints its report on stdout: a table on a terminal, else JSON.',
          'A folder (every .srt and .vtt inside, recursively), a glob or several inputs write one report per file:',
          '<name>.langflix.<ext> next to it, or under --out-dir.',
          `Formats: ${OUTPUT_FORMATS.join(', ')}.`,
          '--out FILE writes the output to FILE in --format, else in the format its extension names (.json, .jsonl, .csv,',
          '.tsv or .txt for anki, .srt, .vtt, .md); a --format the extension contradicts is an error. --report FILE also',
          'writes the JSON report, next to any output.',
          '--sort time (the default: in the order they are spoken, to study along with the film) or rank (most worth',
          'learning first) orders table, csv, markdown and anki; srt and vtt are always in time order.',
          'CSV is RFC 4180 with a UTF-8 byte-order mark, so Excel and LibreOffice read accents and Korean right (--no-bom).',
          `Providers: ${PROVIDER_NAMES.join(', ')}, and those of plugins (--plugins, --provider-options '{…}'). Scheduler modes: ${[...SCHEDULER_MODES, BULLMQ_MODE].join(', ')}, and those of plugins.`,
          'With --mode bullmq --redis redis://…, chunks go to a Redis queue for `langflix worker` processes on any machines.',
          'Progress goes to stderr: a live bar on a terminal, plain lines elsewhere (--quiet: results and problems only).',
          'Ctrl-C aborts the requests in flight and writes the partial report (exit 130); a second Ctrl-C quits at once.',
        ]) +
        SETTINGS +
        EXITS
      );
    case 'config':
      return SETTINGS;
    case 'worker':
      return (
        section('WORKERS', [
          'Start any number of workers, on any machines, with the same --redis and --queue as `langflix analyze --mode bullmq`.',
          "Each sends the requests of the chunks it takes with its own machine's API key (GEMINI_API_KEY, or --api-key-env):",
          'keys never go into Redis. All workers of a queue share its rate limit (--requests-per-minute on analyze), and a 429',
          'pauses every one of them. A worker that dies leaves its chunks to the others after --lock-duration seconds.',
          'SIGTERM or Ctrl-C: no more chunks are taken, those in hand are finished, exit 0; a second one exits at once.',
        ]) + SETTINGS
      );
    default:
      return '';
  }
}
