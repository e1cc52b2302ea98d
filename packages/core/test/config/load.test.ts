import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkConfig, ConfigError, loadConfigFile } from '../../src/config/load.js';

/** A fresh folder with a package.json (so the search stops there) and the given files. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'langflix-config-'));
  writeFileSync(join(dir, 'package.json'), files['package.json'] ?? '{"name":"p","type":"module"}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('loadConfigFile', () => {
  const cases: Array<[string, string]> = [
    ['.langflixrc', '{ "level": "B2" }'],
    ['.langflixrc', 'level: B2\n'],
    ['.langflixrc.json', '{ "level": "B2" }'],
    ['.langflixrc.yaml', 'level: B2\n'],
    ['.langflixrc.yml', 'level: B2\n'],
    ['langflix.config.js', 'export default { level: "B2" };\n'],
    ['langflix.config.mjs', 'export default { level: "B2" };\n'],
    ['langflix.config.cjs', 'module.exports = { level: "B2" };\n'],
    ['langflix.config.ts', 'const level: string = "B2";\nexport default { level } satisfies Record<string, unknown>;\n'],
    ['.config/langflixrc.yaml', 'level: B2\n'],
  ];
  for (const [name, text] of cases) {
    it(`reads ${name}${name === '.langflixrc' ? (text.startsWith('{') ? ' (JSON)' : ' (YAML)') : ''}`, async () => {
      const dir = project({ [name]: text });
      const loaded = await loadConfigFile({ cwd: dir });
      expect(loaded?.path).toBe(join(dir, name));
      expect(loaded?.config).toEqual({ level: 'B2' });
    });
  }

  it('reads the "langflix" key of package.json', async () => {
    const dir = project({ 'package.json': '{ "name": "p", "langflix": { "maxWorkers": 3 } }' });
    expect((await loadConfigFile({ cwd: dir }))?.config).toEqual({ maxWorkers: 3 });
  });

  it('searches up from a subfolder to the project root, and finds nothing past it', async () => {
    const dir = project({ '.langflixrc.json': '{ "level": "C1" }' });
    mkdirSync(join(dir, 'season1/episodes'), { recursive: true });
    expect((await loadConfigFile({ cwd: join(dir, 'season1/episodes') }))?.config).toEqual({ level: 'C1' });
    expect(await loadConfigFile({ cwd: project({}) })).toBeNull();
  });

  it('resolves folder paths against the config file’s folder', async () => {
    const dir = project({ '.langflixrc.yaml': 'outDir: reports\ncacheDir: /var/cache/lf\n' });
    expect((await loadConfigFile({ cwd: dir }))?.config).toEqual({ outDir: join(dir, 'reports'), cacheDir: '/var/cache/lf' });
  });

  it('reads a named file, and says so when it is missing', async () => {
    const dir = project({ 'other.yaml': 'level: A2\n' });
    expect((await loadConfigFile({ cwd: dir, path: 'other.yaml' }))?.config).toEqual({ level: 'A2' });
    await expect(loadConfigFile({ cwd: dir, path: 'missing.yaml' })).rejects.toThrow('missing.yaml: no such config file');
  });

  it('names the file and the key of a bad value', async () => {
    const dir = project({ '.langflixrc.yaml': 'level: B2\nmaxWorkers: 0\n' });
    const error = await loadConfigFile({ cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe('.langflixrc.yaml: maxWorkers: expected a whole number ≥ 1, or null (auto), got 0');
    expect((error as ConfigError).key).toBe('maxWorkers');
  });

  it('names the file of a syntax error', async () => {
    const dir = project({ '.langflixrc.json': '{ "level": "B2", }' });
    await expect(loadConfigFile({ cwd: dir })).rejects.toThrow(/^\.langflixrc\.json: cannot read the config file: /);
  });
});

describe('checkConfig', () => {
  it('suggests the closest key for a typo', () => {
    expect(() => checkConfig({ targetLangauge: 'ko' }, 'f.yaml')).toThrow('f.yaml: unknown key "targetLangauge" (did you mean targetLanguage?)');
    expect(() => checkConfig({ frobnicate: 1 }, 'f.yaml')).toThrow(/^f\.yaml: unknown key "frobnicate"$/);
  });

  it('refuses an API key in a config file, pointing at apiKeyEnv', () => {
    expect(() => checkConfig({ apiKey: 'AIza-secret' }, 'f.json')).toThrow(/f\.json: apiKey: an API key does not belong in a config file.*apiKeyEnv/);
    expect(() => checkConfig({ apiKey: 'AIza-secret' }, 'f.json')).not.toThrow(/AIza-secret/);
  });

  it('wants an object', () => {
    expect(() => checkConfig(['level'], 'f.json')).toThrow('f.json: expected an object of settings (such as { "level": "B2" }), got ["level"]');
  });

  it('keeps paths as written without a base folder', () => {
    expect(checkConfig({ outDir: 'out' }, 'script', null)).toEqual({ outDir: 'out' });
  });
});
