/**
 * The `langflix` command: sub-commands are imported lazily, so `langflix cues` never loads the analysis.
 */
import { createRequire } from 'node:module';
import { defineCommand } from 'citty';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/** The root command. */
export const main = defineCommand({
  meta: {
    name: 'langflix',
    version,
    description: 'Find the expressions worth learning in film and TV subtitles, explained and timed.',
  },
  subCommands: {
    analyze: () => import('./commands/analyze.js').then((m) => m.default),
    cues: () => import('./commands/cues.js').then((m) => m.default),
    config: () => import('./commands/config.js').then((m) => m.default),
    lsp: () => import('./commands/lsp.js').then((m) => m.default),
    worker: () => import('./commands/worker.js').then((m) => m.default),
    sync: () => import('./commands/sync.js').then((m) => m.default),
  },
});
