import { describe, expect, it } from 'vitest';
import { chunkCues } from '../../src/chunking/chunk.js';
import { parseAnswer } from '../../src/providers/answer.js';
import { buildPrompt, PROMPT_VERSION } from '../../src/expressions/prompt.js';
import { answerGeminiSchema, answerJsonSchema } from '../../src/expressions/response-schema.js';
import { ModelExpressionItem } from '../../src/expressions/schema.js';
import { TransientError } from '../../src/providers/errors.js';
import { cuesOf } from '../support.js';

const cues = cuesOf('Is the kettle on?', 'Give it a minute.', "Let's call it a day.");

describe('buildPrompt', () => {
  const { chunks } = chunkCues(cues, { maxInputChars: 40, overlapCues: 1 });
  const prompt = buildPrompt({ chunk: chunks[1]!, level: 'B1', targetLanguage: 'pt-BR', minExpressions: 1, maxExpressions: 3 });

  it('carries the version, the learner, the language, the counts and the cue lines', () => {
    expect(prompt.user).toContain(`Prompt version: ${PROMPT_VERSION}`);
    expect(prompt.user).toContain('Learner: a learner at CEFR B1 (teach A2–B2).');
    expect(prompt.user).toContain('Target language: pt-BR');
    expect(prompt.user).toContain('Pick between 1 and 3 expressions');
    expect(prompt.user.endsWith(chunks[1]!.text)).toBe(true);
    expect(prompt.user).toMatch(/^\[\d+\] /m);
  });

  it('says which cues are context only when the chunk starts with overlap cues', () => {
    expect(prompt.user).toContain(`Cues before [${chunks[1]!.firstCue}] are context only`);
  });
});

describe('the response schema', () => {
  it('is derived from the zod item schema: same fields, all required for the model', () => {
    const item = (answerJsonSchema().properties as { expressions: { items: { required: string[]; properties: object } } }).expressions.items;
    expect(item.required.sort()).toEqual(Object.keys(ModelExpressionItem.shape).sort());
  });

  it('in Gemini’s form keeps only the keywords Gemini accepts', () => {
    const text = JSON.stringify(answerGeminiSchema());
    expect(text).not.toMatch(/additionalProperties|minLength|maximum|\$schema|default/);
    expect(text).toContain('"format":"enum"');
  });
});

describe('parseAnswer', () => {
  it('keeps good items and drops a malformed one with a warning naming the chunk and field', () => {
    const good = { expression: 'call it a day', cue_index: 2, cue_text: "Let's call it a day.", context_start_index: 1, context_end_index: 2, meaning: 'stop', type: 'idiom', level: 'B1', similar_expressions: [] };
    const { items, warnings } = parseAnswer(JSON.stringify({ expressions: [good, { ...good, type: 'verb' }] }), 4);
    expect(items).toHaveLength(1);
    expect(warnings).toEqual([expect.objectContaining({ code: 'item-invalid', chunkId: 4 })]);
    expect(warnings[0]!.message).toMatch(/chunk 4: dropped item 1: type/);
  });

  it('accepts an answer wrapped in a ```json fence', () => {
    expect(parseAnswer('```json\n{"expressions": []}\n```', 0).items).toEqual([]);
  });

  it('treats a malformed answer as a failed attempt, never an empty success', () => {
    expect(() => parseAnswer('{"expressions": [', 3)).toThrow(TransientError);
    expect(() => parseAnswer('{"items": []}', 3)).toThrow(/no "expressions" array/);
  });
});
