import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeSubtitles } from '../../src/pipeline/analyze.js';
import { runChunkTask } from '../../src/pipeline/chunk-run.js';
import { chunkCues } from '../../src/chunking/chunk.js';
import { loadPlugins, PluginError, pluginScheduler, registerPlugin, type LangflixPlugin } from '../../src/scheduler/plugins.js';
import { createScheduler, schedulerModes } from '../../src/scheduler/registry.js';
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
    await expect(loadPlugins(['./not-a-plugin.mjs'], { baseDir: dir })).rejects.toThrow('plugin "./not-a-plugin.mjs": not a LangFlix plugin: the module exports no { name, schedulers }');
    const asked: string[] = [];
    const plugins = await loadPlugins(['@example/langflix-plugin'], {
      baseDir: dir,
      importModule: async (specifier) => (asked.push(specifier), { default: recordingPlugin('imported', 'test-imported') }),
    });
    expect(asked).toEqual(['@example/langflix-plugin']);
    expect(plugins[0]!.name).toBe('imported');
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
