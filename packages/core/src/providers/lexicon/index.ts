/**
 * The offline `lexicon` provider: finds the entries of LangFlix's curated English lexicon in a chunk's
 * cues and answers in the model contract's shape, so the rest of the pipeline cannot tell it from a
 * remote model. The default when no model API key is configured. It has meanings in English only: a
 * `targetLanguage` other than English gets no `translation` and one warning per chunk.
 */
import { compilePhrase, PhraseIndex, matchAt, type Phrase } from '../../expressions/phrase.js';
import { tokenizeCues } from '../../expressions/tokens.js';
import { targetLevels } from '../../expressions/level.js';
import type { ModelExpressionItem } from '../../expressions/schema.js';
import type { AnalyzeChunkRequest, AnalyzeChunkResult, CallOptions, Provider } from '../spec.js';
import type { LexiconEntry } from './entry.js';
import { LEXICON_ENTRIES } from './entries.js';

export type { LexiconEntry } from './entry.js';

interface CompiledEntry {
  readonly entry: LexiconEntry;
  readonly phrase: Phrase;
}

/** Options of {@link createLexiconProvider}. */
export interface LexiconProviderOptions {
  /** The entries to match. @default the curated lexicon shipped with LangFlix */
  entries?: readonly LexiconEntry[];
}

/** True when match `a` should be taken over `b` at the same start: unbroken first, then longer. */
function better(a: { last: number; separated: boolean }, b: { last: number; separated: boolean }): boolean {
  if (a.separated !== b.separated) return !a.separated;
  return a.last > b.last;
}

/** Cues on each side of an expression's cue given as its context window. */
const CONTEXT_CUES = 1;

/**
 * Creates the offline lexicon provider. Matching is deterministic: the same chunk always gives the same
 * items in the same order (cue order, then position in the cue).
 */
export function createLexiconProvider(options: LexiconProviderOptions = {}): Provider {
  const entries = options.entries ?? LEXICON_ENTRIES;
  const index = new PhraseIndex<CompiledEntry>(
    entries.map((entry) => ({ entry, phrase: compilePhrase(entry.expression, { separable: entry.separable ?? false }) })),
  );

  return {
    specificationVersion: 'v1',
    provider: 'lexicon',
    modelId: `langflix-lexicon-${entries.length}`,
    remote: false,
    async analyzeChunk(request: AnalyzeChunkRequest, callOptions: CallOptions = {}): Promise<AnalyzeChunkResult> {
      callOptions.signal?.throwIfAborted();
      const { chunk } = request;
      const levels = new Set(targetLevels(request.level));
      // Context cues (overlap) belong to the previous chunk: only the chunk's own cues are searched.
      const own = chunk.cues.filter((cue) => cue.index >= chunk.firstCue);
      const tokens = tokenizeCues(own);
      const items: ModelExpressionItem[] = [];
      let coveredUntil = -1;
      for (let t = 0; t < tokens.length; t++) {
        if (t <= coveredUntil) continue;
        // Where several entries start at the same word, an unbroken match beats one with a separated
        // object ("taking place in" is "take place", not "take … in"), then the longer wins ("give up on").
        let best: { entry: LexiconEntry; last: number; separated: boolean } | null = null;
        for (const candidate of index.candidates(tokens[t]!)) {
          if (!levels.has(candidate.entry.level)) continue;
          const match = matchAt(candidate.phrase, tokens, t);
          if (match && (best === null || better(match, best))) best = { entry: candidate.entry, last: match.last, separated: match.separated };
        }
        if (!best) continue;
        coveredUntil = best.last;
        const cueIndex = tokens[t]!.cue;
        const cue = own.find((c) => c.index === cueIndex)!;
        items.push({
          expression: best.entry.expression,
          cue_index: cueIndex,
          cue_text: cue.plain,
          context_start_index: Math.max(chunk.firstCue, cueIndex - CONTEXT_CUES),
          context_end_index: Math.min(chunk.lastCue, tokens[best.last]!.cue + CONTEXT_CUES),
          meaning: best.entry.meaning,
          type: best.entry.type,
          level: best.entry.level,
          similar_expressions: [...(best.entry.similar ?? [])],
        });
      }
      const english = /^en(-|$)/i.test(request.targetLanguage);
      return {
        items,
        rawText: JSON.stringify({ expressions: items }),
        usage: { inputTokens: 0, outputTokens: 0 },
        warnings: english
          ? []
          : [{ code: 'no-translation', message: `the lexicon provider has English meanings only: no translation into "${request.targetLanguage}"`, chunkId: chunk.id }],
      };
    },
  };
}
