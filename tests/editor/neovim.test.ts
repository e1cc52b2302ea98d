/**
 * Headless Neovim (Debian's `neovim`) with the config of `editors/nvim`: attaches `langflix lsp --stdio` to
 * an .srt, runs the analysis and reads back an inlay hint as Neovim shows it. Skipped, saying why, where
 * `nvim` is not installed (`.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliBin } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';

const nvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const haveNvim = nvim.status === 0;
if (!haveNvim) console.warn('neovim test skipped: `nvim` is not on PATH (apt-get install neovim)');

describe.skipIf(!haveNvim)('Neovim with editors/nvim', () => {
  it('attaches the server to an .srt and shows an inlay hint at the end of the expression’s line', () => {
    const work = mkdtempSync(join(tmpdir(), 'langflix-nvim-'));
    const file = join(work, 'sprite-fright.en.srt');
    copyFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'), file);
    const out = join(work, 'seen.json');
    const run = spawnSync('nvim', ['--headless', '--clean', '-u', join(repoRoot, 'tests/editor/nvim-attach.lua')], {
      cwd: work,
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...process.env,
        GEMINI_API_KEY: '',
        LANGFLIX_REPO: repoRoot,
        LANGFLIX_FILE: file,
        LANGFLIX_OUT: out,
        LANGFLIX_CMD: JSON.stringify([process.execPath, cliBin, 'lsp', '--stdio']),
      },
    });
    const seen = JSON.parse(readFileSync(out, 'utf8')) as {
      ok: boolean;
      why?: string;
      commands: boolean;
      result: { expressions: number; annotations: number; cancelled: boolean; provider: string };
      hints: { line: number; label: string }[];
      lines: string[];
    };
    expect(seen.why ?? '', run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(seen.commands).toBe(true);
    expect(seen.result).toMatchObject({ cancelled: false, provider: 'lexicon' });
    expect(seen.hints).toHaveLength(seen.result.annotations);
    const bonus = seen.hints.find((h) => h.label.startsWith('⟵ bonus points · idiom · '));
    expect(bonus?.label).toMatch(/^⟵ bonus points · idiom · 00:00:2\d,\d{3}$/);
    expect(seen.lines[bonus!.line]).toBe('Latin name bonus-points!');
  });
});
