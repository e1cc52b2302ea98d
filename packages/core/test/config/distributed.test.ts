// The settings of plugins and of the bullmq scheduler: plugins, redis, queue, requestsPerMinute.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig, pluginPath } from '../../src/config/load.js';
import { describeConfig, parseConfigText, resolveConfig } from '../../src/config/resolve.js';
import { CONFIG_DEFAULTS, configJsonSchema } from '../../src/config/schema.js';

describe('plugin and bullmq settings', () => {
  it('reads plugins as a comma-separated list from a flag or variable, paths against the working folder', () => {
    expect(parseConfigText('plugins', ' @langflix/scheduler-bullmq , ./mine.mjs,, ', '--plugins')).toEqual(['@langflix/scheduler-bullmq', './mine.mjs']);
    const { config, sources } = resolveConfig({ env: { LANGFLIX_PLUGINS: 'langflix-plugin-x,./p.mjs' }, cwd: '/work/here' });
    expect(config.plugins).toEqual(['langflix-plugin-x', '/work/here/p.mjs']);
    expect(sources.plugins).toEqual({ kind: 'env', name: 'LANGFLIX_PLUGINS' });
    expect(resolveConfig({ env: {} }).config.plugins).toEqual([]);
  });

  it('resolves plugin paths in a config file against its folder, and keeps package names', () => {
    const config = checkConfig({ plugins: ['./plugins/a.mjs', '../b.js', 'langflix-plugin-c', '@scope/d'] }, 'x/.langflixrc.json', '/proj/x');
    expect(config.plugins).toEqual(['/proj/x/plugins/a.mjs', '/proj/b.js', 'langflix-plugin-c', '@scope/d']);
    expect(pluginPath('~/p.mjs', '/proj')).toBe(join(process.env.HOME ?? '~', 'p.mjs'));
    expect(() => checkConfig({ plugins: 'langflix-plugin-c' }, '.langflixrc.json')).toThrow('.langflixrc.json: plugins: expected a list of module names or paths');
  });

  it('checks the Redis URL, the queue name and the per-minute limit', () => {
    expect(parseConfigText('redis', 'redis://127.0.0.1:6379', '--redis')).toBe('redis://127.0.0.1:6379');
    expect(parseConfigText('redis', 'rediss://u:p@host:6380/2', '--redis')).toBe('rediss://u:p@host:6380/2');
    expect(() => parseConfigText('redis', 'http://127.0.0.1:6379', '--redis')).toThrow('--redis: expected a redis:// or rediss:// URL');
    expect(() => parseConfigText('queue', 'a queue', 'LANGFLIX_QUEUE')).toThrow('LANGFLIX_QUEUE: expected a queue name');
    expect(parseConfigText('requestsPerMinute', '60', '--requests-per-minute')).toBe(60);
    expect(parseConfigText('requestsPerMinute', 'null', '--requests-per-minute')).toBeNull();
    expect(() => parseConfigText('requestsPerMinute', '0', '--requests-per-minute')).toThrow('expected a whole number ≥ 1');
    expect(CONFIG_DEFAULTS).toMatchObject({ plugins: [], redis: null, queue: 'langflix', requestsPerMinute: null });
    expect((configJsonSchema().properties as Record<string, { default?: unknown }>).queue!.default).toBe('langflix');
  });

  it('never shows the Redis password in `langflix config`', () => {
    const resolution = resolveConfig({ env: {}, flags: { redis: 'redis://admin:s3cret@cache.example:6379/0', plugins: 'a,b' } });
    const rows = describeConfig(resolution, {});
    const row = (key: string) => rows.find((r) => r.key === key)!;
    expect(row('redis').value).toBe('redis://***@cache.example:6379/0');
    expect(JSON.stringify(rows)).not.toContain('s3cret');
    expect(row('plugins').value).toBe('a, b');
    expect(row('requestsPerMinute').value).toBe("(the queue's)");
  });
});
