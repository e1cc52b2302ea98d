import { describe, expect, it } from 'vitest';
import { CONFIG_DEFAULTS, CONFIG_FIELDS, CONFIG_KEYS, configEnvVar, configFlag, configJsonSchema, LangflixConfig } from '../../src/config/schema.js';

describe('the config schema', () => {
  it('names each setting the same way everywhere: key, flag, environment variable', () => {
    expect(configFlag('maxWorkers')).toBe('--max-workers');
    expect(configFlag('targetLanguage')).toBe('--target-language');
    expect(configFlag('cache')).toBe('--cache');
    expect(configEnvVar('maxWorkers')).toBe('LANGFLIX_MAX_WORKERS');
    expect(configEnvVar('baseUrl')).toBe('LANGFLIX_BASE_URL');
    expect(configEnvVar('timeoutPerChunk')).toBe('LANGFLIX_TIMEOUT_PER_CHUNK');
  });

  it('accepts every default and rejects unknown keys', () => {
    const defaults = Object.fromEntries(Object.entries(CONFIG_DEFAULTS).filter(([, v]) => v !== null));
    expect(LangflixConfig.parse(defaults)).toEqual(defaults);
    expect(LangflixConfig.safeParse({ maxWorker: 2 }).success).toBe(false);
    expect(LangflixConfig.parse({ $schema: './langflix.schema.json', level: 'B2' })).toEqual({ $schema: './langflix.schema.json', level: 'B2' });
  });

  it('checks each value against its field', () => {
    expect(LangflixConfig.safeParse({ maxWorkers: 0 }).success).toBe(false);
    expect(LangflixConfig.safeParse({ maxWorkers: null }).success).toBe(true);
    expect(LangflixConfig.safeParse({ level: 'expert' }).success).toBe(false);
    expect(LangflixConfig.safeParse({ targetLanguage: 'pt-BR' }).success).toBe(true);
    expect(LangflixConfig.safeParse({ targetLanguage: 'Portuguese!' }).success).toBe(false);
    expect(LangflixConfig.safeParse({ baseUrl: 'localhost:8080' }).success).toBe(false);
    expect(LangflixConfig.safeParse({ format: 'anki' }).success).toBe(true);
    expect(LangflixConfig.safeParse({ timeoutPerChunk: 0 }).success).toBe(false);
  });

  it('gives a draft-07 JSON Schema with every key, its description and fixed default, and no other key', () => {
    const schema = configJsonSchema();
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    const properties = schema.properties as Record<string, { description?: string; default?: unknown }>;
    expect(Object.keys(properties).sort()).toEqual(['$schema', ...CONFIG_KEYS].sort());
    for (const key of CONFIG_KEYS) expect(properties[key]!.description).toBe(CONFIG_FIELDS[key].description);
    expect(properties.maxWorkers!.default).toBeNull();
    expect(properties.level!.default).toBe('intermediate');
    expect((properties.level as { enum?: string[] }).enum).toContain('B2');
  });
});
