/**
 * `langflix` settings as a user meets them: a config file found from the working folder, overridden by
 * LANGFLIX_* variables, overridden by flags; bad values named with their file and key; `langflix config`
 * showing each value's source without secrets; and the README's own walk-through, run as written.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { AnalysisReport, configJsonSchema } from '@langflix/core';
import { runCli } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';

const example = join(repoRoot, 'examples/sprite-fright.en.srt');

/** A fresh folder (with a package.json, so the config search stops there) holding the given files. */
function folder(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'langflix-cli-config-'));
  writeFileSync(join(dir, 'package.json'), '{ "name": "user-project", "private": true }');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The environment of a user with no key and no LANGFLIX_* variable. */
const clean = { GEMINI_API_KEY: '', GOOGLE_API_KEY: '', LANGFLIX_MAX_EXPRESSIONS: '', LANGFLIX_LEVEL: '', LANGFLIX_CONFIG: '' };

describe('config precedence: flags > environment > config file > defaults', () => {
  it('takes each setting from the highest place that sets it', () => {
    const cwd = folder({ '.langflixrc.yaml': 'level: B2\nmaxExpressions: 3\ntargetLanguage: ja\nmaxInputChars: 1200\n' });
    const report = (args: string[], env: Record<string, string> = {}) => {
      const run = runCli(['analyze', example, '--json', ...args], { cwd, env: { ...clean, ...env } });
      expect(run.status, run.stderr).toBe(0);
      return AnalysisReport.parse(JSON.parse(run.stdout));
    };
    expect(report([]).config).toMatchObject({ level: 'B2', maxExpressions: 3, targetLanguage: 'ja', maxInputChars: 1200, timeoutPerChunk: 300_000 });
    expect(report([], { LANGFLIX_MAX_EXPRESSIONS: '4', LANGFLIX_LEVEL: 'C1' }).config).toMatchObject({ level: 'C1', maxExpressions: 4, targetLanguage: 'ja' });
    const top = report(['--max-expressions', '5'], { LANGFLIX_MAX_EXPRESSIONS: '4' });
    expect(top.config).toMatchObject({ level: 'B2', maxExpressions: 5 });
    expect(top.expressions).toHaveLength(5);
  });

  it('`langflix config` shows each value with its source', () => {
    const cwd = folder({ '.langflixrc.json': '{ "level": "B2", "maxExpressions": 3 }' });
    const run = runCli(['config', '--json', '--max-expressions', '7'], { cwd, env: { ...clean, LANGFLIX_LEVEL: 'A2' } });
    expect(run.status).toBe(0);
    const { file, settings } = JSON.parse(run.stdout) as { file: string; settings: Array<{ key: string; value: string; source: string }> };
    expect(file).toBe(join(cwd, '.langflixrc.json'));
    const row = (key: string) => settings.find((s) => s.key === key);
    expect(row('maxExpressions')).toEqual({ key: 'maxExpressions', value: '7', source: '--max-expressions' });
    expect(row('level')).toEqual({ key: 'level', value: 'A2', source: 'env LANGFLIX_LEVEL' });
    expect(row('targetLanguage')).toEqual({ key: 'targetLanguage', value: 'ko', source: 'default' });
    const text = runCli(['config'], { cwd, env: clean }).stdout;
    expect(text).toContain(`config file: ${join(cwd, '.langflixrc.json')}`);
    expect(text).toMatch(/^level\s+B2\s+\/.*\.langflixrc\.json$/m);
  });

  it('reads the "langflix" key of package.json, a TypeScript config, and --config', () => {
    const pkg = folder();
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'p', langflix: { level: 'A2' } }));
    expect(runCli(['config'], { cwd: pkg, env: clean }).stdout).toMatch(/^level\s+A2\s/m);
    const ts = folder({ 'langflix.config.ts': 'const level: string = "C2";\nexport default { level };\n' });
    expect(runCli(['config'], { cwd: ts, env: clean }).stdout).toMatch(/^level\s+C2\s/m);
    const named = folder({ 'my.yaml': 'level: beginner\n' });
    expect(runCli(['config', '--config', 'my.yaml'], { cwd: named, env: clean }).stdout).toMatch(/^level\s+beginner\s/m);
  });

  it('never shows an API key, only where it is read from', () => {
    const key = 'AIzaSy-config-test-key-1234567890';
    const run = runCli(['config'], { cwd: folder(), env: { ...clean, GEMINI_API_KEY: key } });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^apiKey\s+\(set, redacted\)\s+env GEMINI_API_KEY$/m);
    expect(run.stdout).toMatch(/^provider\s+gemini\s+default \(GEMINI_API_KEY is set\)$/m);
    expect(run.stdout + run.stderr).not.toContain(key);
  });

  it('prints the JSON Schema of the config file, the same as the shipped file', () => {
    const run = runCli(['config', '--schema']);
    expect(JSON.parse(run.stdout)).toEqual(configJsonSchema());
    expect(JSON.parse(readFileSync(join(repoRoot, 'packages/cli/langflix.schema.json'), 'utf8'))).toEqual(configJsonSchema());
  });
});

describe('a bad config value: one line naming the file and the key, exit code 2', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['a value out of range', { '.langflixrc.json': '{ "maxWorkers": 0 }' }, 'langflix: .langflixrc.json: maxWorkers: expected a whole number ≥ 1, or null (auto), got 0'],
    ['a value of the wrong kind', { '.langflixrc.yaml': 'level: B2\nmaxExpressions: lots\n' }, 'langflix: .langflixrc.yaml: maxExpressions: expected a whole number ≥ 0, got "lots"'],
    ['an unknown level', { '.langflixrc': 'level: expert\n' }, 'langflix: .langflixrc: level: expected one of beginner, intermediate, advanced, mixed, A1, A2, B1, B2, C1, C2, got "expert"'],
    ['a misspelt key', { '.langflixrc.yaml': 'targetLangauge: ja\n' }, 'langflix: .langflixrc.yaml: unknown key "targetLangauge" (did you mean targetLanguage?)'],
    ['a YAML syntax error', { '.langflixrc.yaml': 'level: [B2\n' }, 'langflix: .langflixrc.yaml: cannot read the config file: '],
  ];
  for (const [name, files, message] of cases) {
    it(name, () => {
      const run = runCli(['analyze', example], { cwd: folder(files), env: clean });
      expect(run.status).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr.startsWith(message)).toBe(true);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('an API key written in a config file is refused without being echoed', () => {
    const run = runCli(['config'], { cwd: folder({ '.langflixrc.json': '{ "apiKey": "AIzaSy-in-a-file-000000" }' }), env: clean });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^langflix: \.langflixrc\.json: apiKey: an API key does not belong in a config file/);
    expect(run.stderr).not.toContain('AIzaSy-in-a-file');
  });

  it('a bad environment value names the variable; an unknown mode lists the modes', () => {
    const env = runCli(['analyze', example], { cwd: folder(), env: { ...clean, LANGFLIX_MAX_INPUT_CHARS: '0' } });
    expect(env.status).toBe(2);
    expect(env.stderr).toBe('langflix: LANGFLIX_MAX_INPUT_CHARS: expected a whole number ≥ 1, got "0"\n');
    const mode = runCli(['analyze', example, '--mode', 'turbo'], { cwd: folder(), env: clean });
    expect(mode.status).toBe(2);
    expect(mode.stderr).toMatch(/^langflix: --mode: unknown scheduler mode "turbo" \(available: sequential, /);
    const file = runCli(['analyze', example], { cwd: folder({ '.langflixrc.yaml': 'mode: turbo\n' }), env: clean });
    expect(file.stderr).toMatch(/^langflix: \.langflixrc\.yaml: mode: unknown scheduler mode "turbo"/);
    const unknown = runCli(['analyze', example, '--max-worker', '2'], { cwd: folder(), env: clean });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('langflix: --max-worker: unknown option (see langflix --help)\n');
  });
});

describe('the README walk-through', () => {
  it('a new user runs a folder of two files with a config file and gets both reports', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    // The config file the README tells the user to write, and the command it tells them to run.
    const yaml = /cat > \.langflixrc\.yaml <<'EOF'\n([\s\S]*?)\nEOF\n/.exec(readme)?.[1];
    expect(yaml, 'README: the .langflixrc.yaml example').toBeDefined();
    expect(readme).toContain('langflix analyze subtitles/');

    const cwd = mkdtempSync(join(tmpdir(), 'langflix-readme-'));
    mkdirSync(join(cwd, 'subtitles'));
    copyFileSync(example, join(cwd, 'subtitles/episode-1.srt'));
    copyFileSync(example, join(cwd, 'subtitles/episode-2.srt'));
    writeFileSync(join(cwd, '.langflixrc.yaml'), `${yaml!}\n`);
    const run = runCli(['analyze', 'subtitles/'], { cwd, env: clean });
    expect(run.status, run.stderr).toBe(0);
    for (const name of ['episode-1', 'episode-2']) {
      const report = join(cwd, 'subtitles', `${name}.langflix.csv`);
      expect(existsSync(report), report).toBe(true);
      const rows = parse(readFileSync(report, 'utf8'), { columns: true, bom: true }) as Array<Record<string, string>>;
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.length).toBeLessThanOrEqual(20);
      expect(rows[0]!.source).toBe(join('subtitles/', `${name}.srt`));
    }
    expect(run.stderr).toMatch(/episode-1\.srt: \d+ expressions .* → subtitles\/episode-1\.langflix\.csv/);
  });
});
