/**
 * An example LangFlix plugin (see the README beside it): the provider `glossary` finds the expressions of
 * a glossary you give it — a teacher's word list, a course's vocabulary — in each chunk of a subtitle
 * file, offline, and answers them in the model contract, so LangFlix checks, times, ranks and writes them
 * like a model's answers.
 *
 * A plugin is a module exporting `{ name, providers?, schedulers? }`. Each provider is a definition of
 * LangFlix's provider specification: `specificationVersion`, `name`, an `options` schema (zod), and
 * `create(options, context)` returning a provider `{ specificationVersion, provider, modelId, remote,
 * analyzeChunk(request, { signal }) }`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** One glossary entry: what to look for, and what to teach. */
const Entry = z.object({
  expression: z.string().trim().min(1),
  meaning: z.string().trim().min(1),
  translation: z.string().optional(),
  type: z.enum(['idiom', 'phrasal_verb', 'collocation', 'slang', 'proverb', 'other']).default('other'),
  level: z.enum(['A1', 'A2', 'B1', 'B2', 'C1', 'C2']).optional(),
});

/**
 * The provider's options (`providerOptions` in config, `--provider-options '{…}'` on the command line):
 * `glossary`, a JSON file holding an array of entries, or `entries` inline. Other keys (the common
 * `model`, `temperature`, …) are ignored.
 */
const Options = z
  .object({
    glossary: z.string().min(1).optional(),
    entries: z.array(Entry).min(1).optional(),
  })
  .refine((o) => o.glossary !== undefined || o.entries !== undefined, { message: 'give "glossary" (a JSON file of entries) or "entries"' });

/**
 * The entries of a glossary file. A relative `glossary` path is read from `context.baseDir`: the config
 * file's folder when `providerOptions` came from one, else the working folder.
 * @throws {Error} one line naming the file: missing, not JSON, or not an array of entries
 */
function readGlossary(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`glossary ${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`glossary ${path}: not JSON (${error.message})`);
  }
  const entries = z.array(Entry).min(1).safeParse(json);
  if (!entries.success) {
    const issue = entries.error.issues[0];
    throw new Error(`glossary ${path}: ${issue.path.length ? `entry ${issue.path.join('.')}: ` : ''}${issue.message}`);
  }
  return entries.data;
}

/** Lower case, straight apostrophes, hyphens as spaces, single spaces: how texts are compared. */
const normal = (text) => text.toLowerCase().replace(/[\u2018\u2019`]/g, "'").replace(/[\s-]+/g, ' ').trim();
const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('@langflix/core').ProviderDefinition<z.infer<typeof Options>>} */
const glossary = {
  specificationVersion: 'v1',
  name: 'glossary',
  description: 'the expressions of your own glossary (providerOptions.glossary: a JSON file), offline',
  remote: false,
  options: Options,
  create(options, context) {
    const entries = options.entries ?? readGlossary(resolve(context?.baseDir ?? process.cwd(), options.glossary));
    const patterns = entries.map((entry) => ({ entry, pattern: new RegExp(`(^|[^\\p{L}'])${escape(normal(entry.expression))}($|[^\\p{L}'])`, 'u') }));
    return {
      specificationVersion: 'v1',
      provider: 'glossary',
      modelId: `glossary-${entries.length}`,
      remote: false,
      async analyzeChunk(request, callOptions = {}) {
        callOptions.signal?.throwIfAborted();
        const items = [];
        for (const cue of request.chunk.cues) {
          if (cue.index < request.chunk.firstCue) continue; // context cues: another chunk asks about them
          for (const { entry, pattern } of patterns) {
            if (!pattern.test(normal(cue.plain))) continue;
            items.push({
              expression: entry.expression,
              cue_index: cue.index,
              cue_text: cue.plain,
              context_start_index: cue.index,
              context_end_index: cue.index,
              meaning: entry.meaning,
              ...(entry.translation ? { translation: entry.translation } : {}),
              type: entry.type,
              ...(entry.level ? { level: entry.level } : {}),
              similar_expressions: [],
            });
          }
        }
        return { items, rawText: JSON.stringify({ expressions: items }), usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] };
      },
    };
  },
};

export default { name: 'glossary', providers: { glossary } };
