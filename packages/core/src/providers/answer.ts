/**
 * Reads a model's raw answer text into items, one by one: a malformed answer is a failed attempt (the
 * scheduler retries it), never an empty success; one malformed item is dropped with a warning.
 */
import { TransientError } from './errors.js';
import type { Warning } from '../schema.js';
import { ModelAnswer, ModelExpressionItem } from '../expressions/schema.js';

/**
 * Parses `rawText` (JSON, optionally inside a ```json fence) into the model contract's items.
 * @throws {TransientError} when the text is not JSON or has no `expressions` array
 */
export function parseAnswer(rawText: string, chunkId: number): { items: ModelExpressionItem[]; warnings: Warning[] } {
  const text = rawText.trim().replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/, '$1');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new TransientError(`chunk ${chunkId}: the model's answer is not valid JSON (${(error as Error).message}); ${text.length} characters`);
  }
  const answer = ModelAnswer.safeParse(json);
  if (!answer.success) throw new TransientError(`chunk ${chunkId}: the model's answer has no "expressions" array`);
  const items: ModelExpressionItem[] = [];
  const warnings: Warning[] = [];
  answer.data.expressions.forEach((raw, i) => {
    const item = ModelExpressionItem.safeParse(raw);
    if (item.success) items.push(item.data);
    else {
      const issue = item.error.issues[0];
      const where = issue?.path.length ? issue.path.join('.') : 'item';
      warnings.push({ code: 'item-invalid', message: `chunk ${chunkId}: dropped item ${i}: ${where}: ${issue?.message ?? 'invalid'}`, chunkId });
    }
  });
  return { items, warnings };
}
