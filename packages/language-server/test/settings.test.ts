import { describe, expect, it } from 'vitest';
import { resolveSettings, SETTINGS_DEFAULTS } from '../src/settings.js';
import { providerConfigFor, AnalysisSetupError } from '../src/analysis.js';

describe('resolveSettings', () => {
  it('fills defaults, lets later layers win, and ignores bad values with a note', () => {
    const { settings, notes } = resolveSettings({ level: 'B2', maxWorkers: 3 }, { level: 'advanced', maxWorkers: 0, provider: 'nope', model: '' });
    expect(settings).toEqual({ ...SETTINGS_DEFAULTS, level: 'advanced', maxWorkers: 3, model: null });
    expect(notes).toEqual(['langflix.provider: ignored the value "nope"', 'langflix.maxWorkers: ignored the value 0']);
  });

  it('never reads an API key from settings', () => {
    expect(resolveSettings({ apiKey: 'secret' }).settings).not.toHaveProperty('apiKey');
  });
});

describe('providerConfigFor', () => {
  it('chooses gemini for auto only when a key is known, and says how to set one when it is not', () => {
    expect(providerConfigFor(SETTINGS_DEFAULTS, null, {}).name).toBe('lexicon');
    expect(providerConfigFor(SETTINGS_DEFAULTS, 'k', {})).toMatchObject({ name: 'gemini', apiKey: 'k' });
    expect(providerConfigFor(SETTINGS_DEFAULTS, null, { GEMINI_API_KEY: 'k' }).name).toBe('gemini');
    expect(() => providerConfigFor({ ...SETTINGS_DEFAULTS, provider: 'gemini' }, null, {})).toThrow(AnalysisSetupError);
    expect(providerConfigFor({ ...SETTINGS_DEFAULTS, cache: false }, null, {}).cacheDir).toBeNull();
    expect(providerConfigFor(SETTINGS_DEFAULTS, null, { XDG_CACHE_HOME: '/c' }).cacheDir).toBe('/c/langflix');
  });
});
