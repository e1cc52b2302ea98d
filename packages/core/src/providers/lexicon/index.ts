/**
 * The offline `lexicon` provider: finds the entries of LangFlix's curated English lexicon in a chunk's
 * cues and answers in the model contract's shape, so the rest of the pipeline cannot tell it from a
 * remote model. The default when no model API key is configured. It has meanings in English only: a
 * `targetLanguage` other than English gets no `translation` and one warning per chunk.
 */
import { compilePhrase, PhraseIndex, matchAt, type Phrase } from '../../expressions/phrase.js';
import { tokenizeCues, type Token } from '../../expressions/tokens.js';
import { targetLevels } from '../../expressions/level.js';
import type { ModelExpressionItem } from '../../expressions/schema.js';
import type { AnalyzeChunkRequest, AnalyzeChunkResult, CallOptions, Provider } from '../spec.js';
import type { Warning } from '../../schema.js';
import type { LexiconEntry } from './entry.js';
import { LEXICON_ENTRIES } from './entries.js';
import { literalReason, loadWordNet } from './guard.js';
import { loadTagger, tagTokens, type PosTag } from './tagger.js';

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

interface Found {
  readonly entry: LexiconEntry;
  readonly first: number;
  readonly last: number;
  readonly separated: boolean;
  /** True when every word matched as written ("got it" said as "got it", not "get it"). */
  readonly exact: boolean;
}

/**
 * All entry matches in `tokens` that the guards of `guard.ts` let stand, then the non-overlapping ones
 * chosen greedily: an unbroken match before one with a separated object ("taking place in" is "take
 * place", not "take … in"), then the longer ("give up on" over "give up"; "out of place" over "move out"
 * in "move out of place"), then the earlier, then the one matched as written ("got it" over "get it"). Returned in text order. Literal matches are left out before
 * choosing, so a literal longer one does not hide a real shorter one.
 * @param tagsOf the tokens' part-of-speech tags, computed on first call (only chunks with a match pay)
 */
function chooseMatches(index: PhraseIndex<CompiledEntry>, tokens: readonly Token[], levels: ReadonlySet<string>, tagsOf: () => readonly PosTag[]): Found[] {
  const all: Found[] = [];
  for (let t = 0; t < tokens.length; t++) {
    for (const { entry, phrase } of index.candidates(tokens[t]!)) {
      if (!levels.has(entry.level)) continue;
      const match = matchAt(phrase, tokens, t);
      if (!match) continue;
      const found = { entry, first: match.first, last: match.last, separated: match.separated, exact: match.exact };
      if (literalReason(found, tokens, tagsOf()) === null) all.push(found);
    }
  }
  all.sort((a, b) => Number(a.separated) - Number(b.separated) || b.last - b.first - (a.last - a.first) || a.first - b.first || Number(b.exact) - Number(a.exact) || a.entry.expression.localeCompare(b.entry.expression));
  const taken = new Uint8Array(tokens.length);
  const chosen: Found[] = [];
  const seen = new Set<string>();
  for (const found of all) {
    let free = true;
    for (let t = found.first; t <= found.last && free; t++) free = taken[t] === 0;
    // One entry matched through two of its forms at one place counts once.
    const key = `${found.entry.expression}\u0000${found.first}`;
    if (!free || seen.has(key)) continue;
    seen.add(key);
    taken.fill(1, found.first, found.last + 1);
    chosen.push(found);
  }
  return chosen.sort((a, b) => a.first - b.first);
}

/**
 * Very common English words: in English dialogue about a third of the words are among them (the first
 * entries of any spoken-English frequency list, e.g. the BNC spoken subcorpus), in other languages almost
 * none are.
 */
const COMMON_ENGLISH = new Set(['the', 'you', 'i', 'to', 'a', 'it', 'is', 'and', 'that', 'what', 'of', 'in', 'me', 'we', 'he', 'this', 'not', 'be', 'do', 'have', 'for', 'my', 'on', 'your', 'are', 'was', 'no', 'know', 'with', 'just', 'get', 'can', 'all', 'there', 'so', 'go', 'here', 'right', 'like', 'she', 'they', 'will', 'but', 'him', 'her', 'at', 'yes', 'now', 'come', 'one']);

/** Below this share of common English words in a chunk of 30 words or more, the text is taken as not English. */
const ENGLISH_SHARE = 0.08;

/** Whether a chunk's words look English (too few words to tell count as English). */
function looksEnglish(tokens: readonly Token[]): boolean {
  if (tokens.length < 30) return true;
  let common = 0;
  for (const token of tokens) if (COMMON_ENGLISH.has(token.word)) common++;
  return common / tokens.length >= ENGLISH_SHARE;
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
    entries.flatMap((entry) =>
      [entry.expression, ...(entry.forms ?? [])].map((form) => ({ entry, phrase: compilePhrase(form, { separable: entry.separable ?? false }) })),
    ),
  );

  return {
    specificationVersion: 'v1',
    provider: 'lexicon',
    modelId: `langflix-lexicon-${entries.length}`,
    remote: false,
    async analyzeChunk(request: AnalyzeChunkRequest, callOptions: CallOptions = {}): Promise<AnalyzeChunkResult> {
      callOptions.signal?.throwIfAborted();
      await Promise.all([loadTagger(), loadWordNet()]);
      callOptions.signal?.throwIfAborted();
      const { chunk } = request;
      const levels = new Set(targetLevels(request.level));
      // Context cues (overlap) belong to the previous chunk: only the chunk's own cues are searched.
      const own = chunk.cues.filter((cue) => cue.index >= chunk.firstCue);
      const tokens = tokenizeCues(own);
      let tags: readonly PosTag[] | undefined;
      const tagsOf = () => (tags ??= tagTokens(tokens, (i) => own[i - chunk.firstCue]));
      const items = chooseMatches(index, tokens, levels, tagsOf).map(({ entry, first, last }): ModelExpressionItem => {
        const cueIndex = tokens[first]!.cue;
        return {
          expression: entry.expression,
          cue_index: cueIndex,
          cue_text: own.find((c) => c.index === cueIndex)!.plain,
          context_start_index: Math.max(chunk.firstCue, cueIndex - CONTEXT_CUES),
          context_end_index: Math.min(chunk.lastCue, tokens[last]!.cue + CONTEXT_CUES),
          meaning: entry.meaning,
          type: entry.type,
          level: entry.level,
          similar_expressions: [...(entry.similar ?? [])],
        };
      });
      const warnings: Warning[] = [];
      if (!/^en(-|$)/i.test(request.targetLanguage)) {
        warnings.push({ code: 'no-translation', message: `the lexicon provider has English meanings only: no translation into "${request.targetLanguage}"`, chunkId: chunk.id });
      }
      if (!looksEnglish(tokens)) {
        warnings.push({ code: 'not-english', message: 'the subtitles do not look English: the offline lexicon knows English expressions only (use a model provider for other languages)', chunkId: chunk.id });
      }
      return { items, rawText: JSON.stringify({ expressions: items }), usage: { inputTokens: 0, outputTokens: 0 }, warnings };
    },
  };
}
