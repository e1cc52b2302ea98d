import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '@langflix/core';
import { configArgs, flagValues, rejectUnknownFlags } from '../src/_args.js';

describe('the config flags', () => {
  it('has one flag per config key, switches for booleans, each naming its environment variable', () => {
    const args = configArgs();
    expect(Object.keys(args)).toHaveLength(CONFIG_KEYS.length);
    expect(args['max-workers']).toMatchObject({ type: 'string' });
    expect(args['no-cache']).toBeUndefined();
    expect(args.cache).toMatchObject({ type: 'boolean' });
    expect(args['target-language']!.description).toContain('[LANGFLIX_TARGET_LANGUAGE]');
    for (const def of Object.values(args)) expect(def).not.toHaveProperty('default');
  });

  it('reads given flags only, by config key', () => {
    expect(flagValues({ 'max-workers': '3', cache: false, level: undefined, _: [] })).toEqual({ maxWorkers: '3', cache: false });
  });

  it('rejects an unknown flag, and accepts known ones, their --no- forms and negative numbers', () => {
    const args = { ...configArgs(), json: { type: 'boolean' as const } };
    expect(() => rejectUnknownFlags(['a.srt', '--max-workers', '2', '--no-cache', '--json', '--temperature', '-1'], args)).not.toThrow();
    expect(() => rejectUnknownFlags(['a.srt', '--max-worker=2'], args)).toThrow('--max-worker: unknown option (see langflix --help)');
    expect(() => rejectUnknownFlags(['--', '--whatever'], args)).not.toThrow();
  });
});
