import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/load.js';
import { apiKeyVariable, configFromEnv, describeConfig, parseConfigText, redactUrl, resolveConfig, toAnalyzeOptions } from '../../src/config/resolve.js';

const file = (config: Record<string, unknown>) => ({ path: '/p/.langflixrc.yaml', config });

describe('scheduler settings in a config file', () => {
  it('reach the run: overlap, batch size, attempts and the final retry pass', () => {
    const { config } = resolveConfig({ env: {}, file: file({ overlapCues: 2, batchSize: 5, maxAttempts: 2, finalRetry: false }) });
    expect(toAnalyzeOptions(config, {})).toMatchObject({ overlapCues: 2, batchSize: 5, retry: { maxAttempts: 2 }, finalRetry: false });
  });
});

describe('resolveConfig', () => {
  it('takes flags over the environment over the config file over the defaults, and says where each came from', () => {
    const { config, sources } = resolveConfig({
      flags: { level: 'C1' },
      env: { LANGFLIX_LEVEL: 'B1', LANGFLIX_MAX_WORKERS: '4' },
      file: file({ level: 'A2', maxWorkers: 2, targetLanguage: 'ja' }),
    });
    expect(config).toMatchObject({ level: 'C1', maxWorkers: 4, targetLanguage: 'ja', maxExpressions: 100 });
    expect(sources.level).toEqual({ kind: 'flag', name: '--level' });
    expect(sources.maxWorkers).toEqual({ kind: 'env', name: 'LANGFLIX_MAX_WORKERS' });
    expect(sources.targetLanguage).toEqual({ kind: 'file', path: '/p/.langflixrc.yaml' });
    expect(sources.maxExpressions).toEqual({ kind: 'default' });
  });

  it('picks the provider by the keys in the environment, and the mode by the provider', () => {
    expect(resolveConfig({ env: {} }).config).toMatchObject({ provider: 'lexicon', mode: 'sequential' });
    const gemini = resolveConfig({ env: { GEMINI_API_KEY: 'k' } });
    expect(gemini.config).toMatchObject({ provider: 'gemini', mode: 'adaptive' });
    expect(gemini.sources.provider).toEqual({ kind: 'default', note: 'GEMINI_API_KEY is set' });
    expect(resolveConfig({ env: { MY_KEY: 'k' }, file: file({ apiKeyEnv: 'MY_KEY' }) }).config.provider).toBe('gemini');
    expect(resolveConfig({ env: { GEMINI_API_KEY: 'k' }, file: file({ provider: 'lexicon' }) }).config.provider).toBe('lexicon');
  });

  it('defaults the format to table on a terminal, json elsewhere', () => {
    expect(resolveConfig({ env: {}, interactive: true }).config.format).toBe('table');
    expect(resolveConfig({ env: {}, interactive: false }).config.format).toBe('json');
  });

  it('gives GEMINI_BASE_URL the environment’s rank over the config file, and a flag rank over both', () => {
    const env = { GEMINI_API_KEY: 'k', GEMINI_BASE_URL: 'http://env.example' };
    expect(resolveConfig({ env, file: file({ baseUrl: 'http://file.example' }) }).config.baseUrl).toBe('http://env.example');
    expect(resolveConfig({ env, flags: { baseUrl: 'http://flag.example' } }).config.baseUrl).toBe('http://flag.example');
    expect(resolveConfig({ env: {}, file: file({ baseUrl: 'http://file.example' }) }).config.baseUrl).toBe('http://file.example');
  });

  it('resolves relative folders from flags and the environment against the working folder', () => {
    const { config } = resolveConfig({ env: { LANGFLIX_CACHE_DIR: 'c' }, flags: { outDir: 'out' }, cwd: '/work' });
    expect(config.cacheDir).toBe(join('/work', 'c'));
    expect(config.outDir).toBe(join('/work', 'out'));
  });

  it('names the flag or variable of a bad value', () => {
    expect(() => resolveConfig({ env: {}, flags: { maxExpressions: 'lots' } })).toThrow('--max-expressions: expected a whole number ≥ 0, got "lots"');
    expect(() => resolveConfig({ env: { LANGFLIX_LEVEL: 'expert' } })).toThrow(/^LANGFLIX_LEVEL: expected one of beginner, intermediate/);
    expect(() => resolveConfig({ env: { LANGFLIX_CACHE: 'maybe' } })).toThrow(ConfigError);
  });
});

describe('parseConfigText', () => {
  it('reads numbers, switches, auto and none', () => {
    expect(parseConfigText('maxWorkers', '3', '--max-workers')).toBe(3);
    expect(parseConfigText('maxWorkers', 'auto', '--max-workers')).toBeNull();
    expect(parseConfigText('timeoutPerChunk', '0.5', '--timeout-per-chunk')).toBe(0.5);
    expect(parseConfigText('cache', 'off', 'LANGFLIX_CACHE')).toBe(false);
    expect(parseConfigText('cache', true, '--cache')).toBe(true);
    expect(parseConfigText('saveLlmOutput', 'none', '--save-llm-output')).toBeNull();
    expect(() => parseConfigText('maxWorkers', '2.5', '--max-workers')).toThrow('--max-workers: expected a whole number ≥ 1, or null (auto), got "2.5"');
    expect(() => parseConfigText('maxInputChars', '1e3', '--max-input-chars')).toThrow(ConfigError);
  });
});

describe('configFromEnv', () => {
  it('reads only LANGFLIX_* variables that are set and not blank', () => {
    expect(configFromEnv({ LANGFLIX_MODEL: 'm', LANGFLIX_LEVEL: ' ', OTHER: 'x' }).values).toEqual({ model: 'm' });
  });
});

describe('toAnalyzeOptions', () => {
  it('gives the provider as plain settings, the timeout in milliseconds, and the key from apiKeyEnv', () => {
    const { config } = resolveConfig({ env: { MY_KEY: 'secret-key' }, file: file({ apiKeyEnv: 'MY_KEY', timeoutPerChunk: 1.5, cache: false, model: 'gemini-2.0-flash' }) });
    const options = toAnalyzeOptions(config, { MY_KEY: 'secret-key' });
    expect(options.provider).toMatchObject({ name: 'gemini', model: 'gemini-2.0-flash', apiKey: 'secret-key', cacheDir: null, saveLlmOutput: null });
    expect(options.timeoutPerChunk).toBe(1500);
    expect(options.mode).toBe('adaptive');
  });
});

describe('describeConfig', () => {
  it('shows where the key is, never the key, and redacts secrets in a base URL', () => {
    const env = { GEMINI_API_KEY: 'AIza-very-secret', LANGFLIX_BASE_URL: 'https://user:pw@example.com/v1?key=AIza-very-secret' };
    const rows = describeConfig(resolveConfig({ env }), env);
    const text = JSON.stringify(rows);
    expect(text).not.toContain('AIza-very-secret');
    expect(text).not.toContain('pw@');
    expect(rows.find((r) => r.key === 'apiKey')).toEqual({ key: 'apiKey', value: '(set, redacted)', source: 'env GEMINI_API_KEY' });
    expect(rows.find((r) => r.key === 'provider')?.source).toBe('default (GEMINI_API_KEY is set)');
    expect(apiKeyVariable(resolveConfig({ env }).config, env)).toBe('GEMINI_API_KEY');
  });

  it('redacts user info and key-like query values of URLs', () => {
    expect(redactUrl('https://a:b@h.example/p?key=s&x=1&access_token=t')).toBe('https://***@h.example/p?key=***&x=1&access_token=***');
  });
});
