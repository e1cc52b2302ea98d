/**
 * The `langflix.*` settings: defaults in one constant, resolved once into a fully filled object at the
 * boundary. A value of the wrong kind is ignored with a note (an editor's settings file is not a place
 * where one typo should stop the analysis).
 */
import { LEARNER_LEVELS } from '@langflix/core';
import { PROVIDER_SETTINGS, SCHEDULER_MODE_SETTINGS, type LangflixSettings } from './protocol.js';

/** Defaults of {@link LangflixSettings}. */
export const SETTINGS_DEFAULTS: Readonly<LangflixSettings> = {
  provider: 'auto',
  model: null,
  baseUrl: null,
  level: 'intermediate',
  targetLanguage: 'ko',
  schedulerMode: 'auto',
  maxWorkers: null,
  maxInputChars: 5000,
  maxExpressions: 0,
  cache: true,
  cacheDir: null,
  expressionDiagnostics: true,
};

/** What {@link resolveSettings} returns: the settings and a note for each value it ignored. */
export interface ResolvedSettings {
  readonly settings: LangflixSettings;
  readonly notes: readonly string[];
}

const isPositiveInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
const isNonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/** Checks of each setting: true when the value is acceptable (null is handled by the caller). */
const CHECKS: { [K in keyof LangflixSettings]: (value: unknown) => boolean } = {
  provider: (v) => (PROVIDER_SETTINGS as readonly unknown[]).includes(v),
  model: isNonEmpty,
  baseUrl: isNonEmpty,
  level: (v) => (LEARNER_LEVELS as readonly unknown[]).includes(v),
  targetLanguage: (v) => typeof v === 'string' && /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(v),
  schedulerMode: (v) => (SCHEDULER_MODE_SETTINGS as readonly unknown[]).includes(v),
  maxWorkers: isPositiveInt,
  maxInputChars: (v) => isPositiveInt(v) && v >= 100,
  maxExpressions: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0,
  cache: (v) => typeof v === 'boolean',
  cacheDir: isNonEmpty,
  expressionDiagnostics: (v) => typeof v === 'boolean',
};

/** Settings whose value may be null (meaning "the default of the provider or of core"). */
const NULLABLE = new Set<keyof LangflixSettings>(['model', 'baseUrl', 'maxWorkers', 'cacheDir']);

/**
 * Fills the settings from layers, later layers winning: the defaults, then each given layer (the
 * initialization options' `settings`, then what `workspace/configuration` returned). Unknown keys are
 * skipped silently (an `apiKey` among them is never read); a known key with a bad value is skipped with a note.
 */
export function resolveSettings(...layers: readonly unknown[]): ResolvedSettings {
  const settings: Record<string, unknown> = { ...SETTINGS_DEFAULTS };
  const notes: string[] = [];
  for (const layer of layers) {
    if (typeof layer !== 'object' || layer === null) continue;
    for (const key of Object.keys(CHECKS) as (keyof LangflixSettings)[]) {
      const value = (layer as Record<string, unknown>)[key];
      if (value === undefined) continue;
      if (value === null || value === '') {
        if (NULLABLE.has(key)) settings[key] = null;
        continue;
      }
      if (CHECKS[key](value)) settings[key] = value;
      else notes.push(`langflix.${key}: ignored the value ${JSON.stringify(value)}`);
    }
  }
  return { settings: settings as unknown as LangflixSettings, notes };
}
