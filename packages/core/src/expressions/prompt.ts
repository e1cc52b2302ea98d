/**
 * The prompt template. Versioned: `PROMPT_VERSION` goes into every report and every cache key, so a
 * changed prompt never serves answers cached for the old one.
 */
import { describeLevel } from './level.js';
import { ExpressionType, type AnalyzeChunkRequest } from '../schema.js';

/** Bump on any change to the wording or the answer shape. */
export const PROMPT_VERSION = 'langflix-prompt-2026-11-29.1';

/** A prompt in two parts, as chat models take it. */
export interface Prompt {
  readonly system: string;
  readonly user: string;
}

const SYSTEM = [
  'You are LangFlix, an experienced English teacher who picks, from film and TV subtitles, the expressions a',
  'language learner should study: idioms, phrasal verbs, collocations, slang and proverbs. You explain each one',
  'briefly for the learner\'s level and translate its meaning into the learner\'s language. You answer with JSON only.',
].join(' ');

/**
 * Builds the prompt for one chunk: the task, the learner (level in words, language by BCP-47 code), the
 * answer shape of the model contract (DESIGN.md), and the cues as `[<cue index>] <plain text>` lines.
 */
export function buildPrompt(request: AnalyzeChunkRequest): Prompt {
  const { chunk, minExpressions, maxExpressions, targetLanguage } = request;
  const contextOnly = chunk.cues.length > 0 && chunk.cues[0]!.index < chunk.firstCue;
  const lines = [
    `Prompt version: ${PROMPT_VERSION}`,
    `Learner: ${describeLevel(request.level)}.`,
    `Target language: ${targetLanguage}`,
    '',
    `Pick between ${minExpressions} and ${maxExpressions} expressions worth learning from the cues below.`,
    'Rules:',
    '- Only expressions whose words are actually spoken in the cues; skip names, single everyday words and song lyrics.',
    '- "expression": the canonical dictionary form ("give up", not "gave it up"; "make up one\'s mind").',
    '- "cue_index": the number in brackets of the cue where the expression is spoken; "cue_text": that cue\'s text, copied exactly.',
    '- "context_start_index" and "context_end_index": the cues a learner needs to understand it, at most 2 on each side; the contexts of different expressions must not overlap.',
    `- "meaning": a short explanation in simple English for this learner; "translation": the meaning in the language "${targetLanguage}" (BCP-47).`,
    `- "type": one of ${ExpressionType.options.join(', ')}; "level": its CEFR level, A1 to C2; "similar_expressions": up to 3 expressions with a similar meaning.`,
    ...(contextOnly ? [`- Cues before [${chunk.firstCue}] are context only: pick expressions from cue ${chunk.firstCue} on.`] : []),
    'Answer with JSON only: {"expressions": [ ... ]}.',
    '',
    'Cues:',
    chunk.text,
  ];
  return { system: SYSTEM, user: lines.join('\n') };
}
