/**
 * The `langflix` command: sub-commands are imported lazily, so `langflix cues` never loads the analysis.
 */
import { createRequire } from 'node:module';
import { defineCommand } from 'citty';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

export const main = defineCommand({
  meta: {
    name: 'langflix',
    version,
    description:
      'Find the expressions worth learning in film and TV subtitles, explained and timed.\n\n' +
      'Exit codes: 0 done · 1 some chunks failed (listed in the report) or an internal error · 2 bad input or usage',
  },
  subCommands: {
    analyze: () => import('./commands/analyze.js').then((m) => m.default),
    cues: () => import('./commands/cues.js').then((m) => m.default),
  },
});
