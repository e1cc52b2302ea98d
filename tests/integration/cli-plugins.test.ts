/**
 * Provider plugins from the command line: the example plugin of `examples/langflix-plugin-glossary`
 * answers a whole `langflix analyze` run, loaded from a path and by package name (from a project's own
 * node_modules, named in its config file), on the main thread and on worker threads; a bad plugin — one
 * that throws on load, implements another specification version, or is given bad options — is one line on
 * stderr and exit 2, before anything runs.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AnalysisReport } from '@langflix/core';
import { runCliAsync } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';

const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const pluginDir = join(repoRoot, 'examples/langflix-plugin-glossary');
const glossaryFile = join(pluginDir, 'sprite-fright.glossary.json');
const glossary = JSON.parse(readFileSync(glossaryFile, 'utf8')) as Array<{ expression: string; translation: string }>;
const work = mkdtempSync(join(tmpdir(), 'langflix-cli-plugins-'));

/** Checks a run's report: every glossary entry found, timed, with its translation, from the glossary provider. */
function expectGlossaryReport(report: AnalysisReport): void {
  expect(report.config).toMatchObject({ provider: 'glossary' });
  expect(report.chunks.failed).toEqual([]);
  expect(report.expressions.map((e) => e.expression).sort()).toEqual(glossary.map((g) => g.expression).sort());
  for (const e of report.expressions) {
    expect(e.provider).toBe('glossary');
    expect(e.translation).toBe(glossary.find((g) => g.expression === e.expression)!.translation);
    expect(e.endMs).toBeGreaterThan(e.startMs);
  }
}

describe('a provider plugin (examples/langflix-plugin-glossary)', () => {
  it('answers a whole run loaded from a path, sequentially and on worker threads', async () => {
    for (const mode of ['sequential', 'parallel']) {
      const run = await runCliAsync(['analyze', example, '--plugins', pluginDir, '--provider', 'glossary', '--provider-options', JSON.stringify({ glossary: glossaryFile }), '--mode', mode, '--max-input-chars', '400', '--json']);
      expect(run.status, run.stderr).toBe(0);
      const report = AnalysisReport.parse(JSON.parse(run.stdout));
      expect(report.chunks.total).toBeGreaterThan(3);
      expectGlossaryReport(report);
    }
  });

  it('answers a whole run loaded by package name from the project’s node_modules, named in its config file', async () => {
    const project = join(work, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(pluginDir, join(project, 'node_modules/langflix-plugin-glossary'), 'dir');
    writeFileSync(join(project, '.langflixrc.json'), JSON.stringify({ plugins: ['langflix-plugin-glossary'], provider: 'glossary', providerOptions: { glossary: glossaryFile } }));
    const out = join(project, 'words.json');
    const run = await runCliAsync(['analyze', example, '--out', out, '--quiet'], { cwd: project });
    expect(run.status, run.stderr).toBe(0);
    expectGlossaryReport(AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8'))));
  });

  it('reads a config file’s plugin path and providerOptions file relative to the config file’s folder, run from a sub-folder', async () => {
    const project = join(work, 'relative');
    mkdirSync(join(project, 'sub'), { recursive: true });
    writeFileSync(join(project, 'package.json'), '{"private": true}\n');
    symlinkSync(pluginDir, join(project, 'glossary-plugin'), 'dir');
    writeFileSync(join(project, 'words.json'), readFileSync(glossaryFile));
    const config = (glossary: string) => JSON.stringify({ plugins: ['./glossary-plugin'], provider: 'glossary', providerOptions: { glossary } });
    writeFileSync(join(project, '.langflixrc.json'), config('words.json'));
    for (const mode of ['sequential', 'parallel']) {
      const run = await runCliAsync(['analyze', example, '--mode', mode, '--max-input-chars', '400', '--json'], { cwd: join(project, 'sub') });
      expect(run.status, run.stderr).toBe(0);
      expectGlossaryReport(AnalysisReport.parse(JSON.parse(run.stdout)));
    }
    // A missing glossary: one line naming the file where it was looked for.
    writeFileSync(join(project, '.langflixrc.json'), config('nope.json'));
    const missing = await runCliAsync(['analyze', example], { cwd: join(project, 'sub') });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`langflix: ${join(project, '.langflixrc.json')}: providerOptions: provider glossary: glossary ${join(project, 'nope.json')}: no such file\n`);
  });
});

describe('a bad plugin: one line, exit 2', () => {
  const bad = (name: string, source: string) => {
    const path = join(work, name);
    writeFileSync(path, source);
    return path;
  };
  const definition = (version: string) =>
    `export default { name: 'bad', providers: { bad: { specificationVersion: '${version}', name: 'bad', options: { safeParse: (v) => ({ success: true, data: v }) }, create: () => { throw new Error('unused'); } } } };\n`;

  it('throws on load', async () => {
    const path = bad('throws.mjs', "throw new Error('cannot start: no licence');\n");
    const run = await runCliAsync(['analyze', example, '--plugins', path, '--provider', 'lexicon']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`langflix: --plugins: plugin "${path}": cannot load it: cannot start: no licence\n`);
  });

  it('implements another specification version', async () => {
    const path = bad('v2.mjs', definition('v2'));
    const run = await runCliAsync(['analyze', example, '--plugins', path, '--provider', 'bad']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`langflix: --plugins: plugin "${path}": plugin bad: provider "bad": specification version "v2" is not supported (this LangFlix implements "v1")\n`);
  });

  it('is given options its schema refuses, or a file it cannot read', async () => {
    const wrong = await runCliAsync(['analyze', example, '--plugins', pluginDir, '--provider', 'glossary', '--provider-options', '{"glossary": 5}']);
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toBe('langflix: --provider-options: provider glossary: glossary: Invalid input: expected string, received number\n');
    const none = await runCliAsync(['analyze', example, '--plugins', pluginDir, '--provider', 'glossary']);
    expect(none.status).toBe(2);
    expect(none.stderr).toBe('langflix: --provider: provider glossary: options: give "glossary" (a JSON file of entries) or "entries"\n');
    const missing = await runCliAsync(['analyze', example, '--plugins', pluginDir, '--provider', 'glossary', '--provider-options', `{"glossary": "${join(work, 'absent.json')}"}`]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`langflix: --provider-options: provider glossary: glossary ${join(work, 'absent.json')}: no such file\n`);
  });

  it('names a provider no plugin gives', async () => {
    const run = await runCliAsync(['analyze', example, '--provider', 'glossary']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('langflix: --provider: unknown provider "glossary" (available: lexicon, gemini, openai-compatible; a plugin in plugins can add more)\n');
  });
});
