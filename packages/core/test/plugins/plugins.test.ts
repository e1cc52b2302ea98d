import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createProvider, providerNames } from '../../src/providers/registry.js';
import type { ProviderDefinition } from '../../src/providers/spec.js';
import { analyzeSubtitles } from '../../src/pipeline/analyze.js';
import { runChunkTask } from '../../src/pipeline/chunk-run.js';
import { chunkCues } from '../../src/chunking/chunk.js';
import { loadPlugins, PluginError, registerPlugin, type LangflixPlugin } from '../../src/plugins/index.js';
import { createScheduler, pluginScheduler, schedulerModes } from '../../src/scheduler/registry.js';
import { createSequentialScheduler } from '../../src/scheduler/sequential.js';
import type { SchedulerOptions } from '../../src/scheduler/registry.js';
import { cuesOf } from '../support.js';

/** A scheduler mode that runs tasks sequentially and records the options it was created with. */
function recordingPlugin(name: string, mode: string, seen: SchedulerOptions[] = []): LangflixPlugin {
  return {
    name,
    schedulers: {
      [mode]: (options) => {
        seen.push(options);
        return { ...createSequentialScheduler(), name: mode };
      },
    },
  };
}

describe('plugins', () => {
  it('registers a plugin scheduler: createScheduler falls back to it with every option, and lists it', async () => {
    const seen: SchedulerOptions[] = [];
    registerPlugin(recordingPlugin('test-a', 'test-mode-a', seen));
    expect(schedulerModes()).toEqual(expect.arrayContaining(['sequential', 'parallel', 'adaptive', 'test-mode-a']));
    const scheduler = createScheduler('test-mode-a', { maxWorkers: 3, plugin: { redis: 'redis://x' } });
    expect(scheduler.name).toBe('test-mode-a');
    expect(seen).toEqual([{ maxWorkers: 3, plugin: { redis: 'redis://x' } }]);
    // analyze runs it like a built-in mode.
    const report = await analyzeSubtitles('1\n00:00:01,000 --> 00:00:02,000\nHe kicked the bucket.\n', { mode: 'test-mode-a' });
    expect(report.config.scheduler).toBe('test-mode-a');
    expect(() => createScheduler('no-such-mode')).toThrow(/unknown scheduler mode "no-such-mode" \(available: sequential, parallel, adaptive, .*test-mode-a/);
  });

  it('refuses a built-in mode name, one another plugin gave, and a bad name; registering again is a no-op', () => {
    registerPlugin(recordingPlugin('test-b', 'test-mode-b'));
    registerPlugin(recordingPlugin('test-b', 'test-mode-b'));
    expect(() => registerPlugin(recordingPlugin('test-c', 'test-mode-b'))).toThrow('scheduler "test-mode-b" is already given by plugin test-b');
    expect(() => registerPlugin(recordingPlugin('test-c', 'adaptive'))).toThrow('scheduler "adaptive" is a built-in mode');
    expect(() => registerPlugin(recordingPlugin('test-c', 'Bad Name'))).toThrow(PluginError);
    expect(() => registerPlugin({ name: '' } as LangflixPlugin)).toThrow('not a LangFlix plugin');
    expect(pluginScheduler('adaptive')).toBeUndefined();
  });

  it('loads plugins by path (relative to baseDir), file: URL and package name, as a default or named exports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langflix-plugins-'));
    const source = (mode: string) => `export const name = '${mode}-plugin';\nexport const schedulers = { '${mode}': () => ({ name: '${mode}', run: async function* () {} }) };\n`;
    writeFileSync(join(dir, 'named.mjs'), source('test-path'));
    writeFileSync(join(dir, 'by-url.mjs'), `export default { name: 'url', schedulers: { 'test-url': () => ({ name: 'test-url', run: async function* () {} }) } };\n`);
    mkdirSync(join(dir, 'node_modules/langflix-plugin-test'), { recursive: true });
    writeFileSync(join(dir, 'node_modules/langflix-plugin-test/package.json'), JSON.stringify({ name: 'langflix-plugin-test', type: 'module', exports: './index.js' }));
    writeFileSync(join(dir, 'node_modules/langflix-plugin-test/index.js'), source('test-package'));
    const plugins = await loadPlugins(['./named.mjs', pathToFileURL(join(dir, 'by-url.mjs')).href, 'langflix-plugin-test'], { baseDir: dir });
    expect(plugins.map((p) => p.name)).toEqual(['test-path-plugin', 'url', 'test-package-plugin']);
    for (const mode of ['test-path', 'test-url', 'test-package']) expect(createScheduler(mode).name).toBe(mode);
  });

  it('names the module and the reason when one cannot be loaded or is not a plugin; package names fall back to importModule', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'langflix-plugins-'));
    writeFileSync(join(dir, 'not-a-plugin.mjs'), 'export const answer = 42;\n');
    await expect(loadPlugins(['./missing.mjs'], { baseDir: dir })).rejects.toThrow(/^plugin "\.\/missing\.mjs": cannot load it: /);
    await expect(loadPlugins(['./not-a-plugin.mjs'], { baseDir: dir })).rejects.toThrow('plugin "./not-a-plugin.mjs": not a LangFlix plugin: the module exports no { name, providers or schedulers }');
    const asked: string[] = [];
    const plugins = await loadPlugins(['@example/langflix-plugin'], {
      baseDir: dir,
      importModule: async (specifier) => (asked.push(specifier), { default: recordingPlugin('imported', 'test-imported') }),
    });
    expect(asked).toEqual(['@example/langflix-plugin']);
    expect(plugins[0]!.name).toBe('imported');
  });
});

/** A provider plugin answering "call it a day" wherever a cue says it, with its options' `translation`. */
function providerPlugin(name: string, overrides: Partial<ProviderDefinition<{ translation: string }>> = {}): LangflixPlugin {
  const definition: ProviderDefinition<{ translation: string }> = {
    specificationVersion: 'v1',
    name,
    remote: false,
    options: z.object({ translation: z.string() }),
    create: (options) => ({
      specificationVersion: 'v1',
      provider: name,
      modelId: `${name}-1`,
      remote: false,
      analyzeChunk: async (request) => {
        const items = request.chunk.cues
          .filter((c) => /call it a day/i.test(c.plain))
          .map((c) => ({ expression: 'call it a day', cue_index: c.index, cue_text: c.plain, context_start_index: c.index, context_end_index: c.index, meaning: 'stop working', translation: options.translation, type: 'idiom', similar_expressions: [] }));
        return { items, rawText: '', usage: { inputTokens: 0, outputTokens: 0 }, warnings: [] };
      },
    }),
    ...overrides,
  };
  return { name: `${name}-plugin`, providers: { [name]: definition as unknown as ProviderDefinition<never> } };
}

describe('provider plugins', () => {
  it('registers a provider: createProvider checks its options with its schema, and analyze runs it like a built-in one', async () => {
    registerPlugin(providerPlugin('test-provider'));
    expect(providerNames()).toEqual(expect.arrayContaining(['lexicon', 'gemini', 'openai-compatible', 'test-provider']));
    expect(createProvider({ name: 'test-provider', options: { translation: '그만하자' } }).modelId).toBe('test-provider-1');
    expect(() => createProvider({ name: 'test-provider', options: { translation: 5 } })).toThrow(/^provider test-provider: translation: .*expected string/);
    expect(() => createProvider({ name: 'test-provider' })).toThrow(/^provider test-provider: translation: /);
    const report = await analyzeSubtitles('1\n00:00:01,000 --> 00:00:03,000\nLet us call it a day.\n', { provider: { name: 'test-provider', options: { translation: '그만하자' } } });
    expect(report.expressions.map((e) => [e.expression, e.translation, e.provider])).toEqual([['call it a day', '그만하자', 'test-provider']]);
    expect(() => createProvider({ name: 'no-such-provider' })).toThrow(/^unknown provider "no-such-provider" \(available: lexicon, gemini, openai-compatible, .*test-provider/);
  });

  it('refuses a provider of another specification version, without a schema or factory, or with a taken name, in one line', () => {
    const refused = (plugin: LangflixPlugin) => {
      try {
        registerPlugin(plugin);
      } catch (error) {
        expect(error).toBeInstanceOf(PluginError);
        return (error as Error).message;
      }
      throw new Error('registered');
    };
    expect(refused(providerPlugin('test-v2', { specificationVersion: 'v2' as 'v1' }))).toBe('plugin test-v2-plugin: provider "test-v2": specification version "v2" is not supported (this LangFlix implements "v1")');
    expect(refused(providerPlugin('test-no-schema', { options: undefined as never }))).toBe('plugin test-no-schema-plugin: provider "test-no-schema": no options schema (a zod schema)');
    expect(refused(providerPlugin('test-no-create', { create: 'x' as never }))).toBe('plugin test-no-create-plugin: provider "test-no-create": create is not a function');
    expect(refused(providerPlugin('gemini'))).toBe('plugin gemini-plugin: provider "gemini" is a built-in provider');
    registerPlugin(providerPlugin('test-taken'));
    expect(refused({ ...providerPlugin('test-taken'), name: 'other' })).toBe('plugin other: provider "test-taken" is already given by plugin test-taken-plugin');
    // Nothing of a refused plugin is registered.
    expect(providerNames()).not.toEqual(expect.arrayContaining(['test-v2']));
  });

  it('turns a factory that throws into one FatalError line', () => {
    registerPlugin(providerPlugin('test-throws', { create: () => { throw new Error('glossary.json: no such file\n  at …'); } }));
    expect(() => createProvider({ name: 'test-throws', options: { translation: 'x' } })).toThrow(/^provider test-throws: glossary\.json: no such file$/);
  });
});

describe('runChunkTask', () => {
  it('runs the chunk task from plain data, as the local schedulers do', async () => {
    const cues = cuesOf('We had to call it a day.', 'Then we gave up on it.');
    const { chunks } = chunkCues(cues, { maxInputChars: 5000 });
    const settings = { level: 'mixed', targetLanguage: 'ko', minExpressionsPerChunk: 1, maxExpressionsPerChunk: 3, timeoutPerChunk: 5000 } as const;
    const answer = await runChunkTask({ chunk: chunks[0]!, cues, provider: { name: 'lexicon' }, settings }, new AbortController().signal);
    expect(answer.expressions.map((e) => e.expression)).toEqual(expect.arrayContaining(['call it a day']));
    expect(answer.cached).toBe(false);
    await expect(runChunkTask({ chunk: chunks[0]!, cues, provider: { name: 'nope' as 'lexicon' }, settings }, new AbortController().signal)).rejects.toMatchObject({ name: 'FatalError' });
  });
});
