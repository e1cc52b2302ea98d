/**
 * The response schema a model is asked to follow, derived from the zod schema that validates the
 * answer (`expressions/schema.ts`): one source of truth, so prompt, schema and validation cannot disagree.
 */
import { z } from 'zod';
import { ModelExpressionItem } from './schema.js';

type JsonSchema = { [key: string]: unknown };

/**
 * The answer as JSON Schema (draft 2020-12, from `z.toJSONSchema`), with every item field required so
 * that the model always fills them; validation still accepts an item without the optional ones.
 */
export function answerJsonSchema(): JsonSchema {
  const item = z.toJSONSchema(ModelExpressionItem, { io: 'input' }) as JsonSchema;
  delete item.$schema;
  item.required = Object.keys(item.properties as object);
  item.additionalProperties = false;
  return { type: 'object', properties: { expressions: { type: 'array', items: item } }, required: ['expressions'], additionalProperties: false };
}

/**
 * The answer schema in the OpenAPI 3.0 subset that Gemini's `responseSchema` accepts (type, description,
 * enum, properties, required, items, nullable; see https://ai.google.dev/api/caching#Schema); other
 * keywords (minimum, minLength, default, additionalProperties) are dropped.
 */
export function answerGeminiSchema(): JsonSchema {
  return toGemini(answerJsonSchema());
}

function toGemini(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  if (typeof schema.type === 'string') out.type = schema.type;
  if (typeof schema.description === 'string') out.description = schema.description;
  if (Array.isArray(schema.enum)) {
    out.enum = schema.enum;
    out.format = 'enum';
  }
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties as Record<string, JsonSchema>).map(([k, v]) => [k, toGemini(v)]));
  }
  if (Array.isArray(schema.required)) out.required = schema.required;
  if (schema.items) out.items = toGemini(schema.items as JsonSchema);
  return out;
}
