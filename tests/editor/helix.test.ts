/**
 * editors/helix: the languages.toml is valid TOML that starts `langflix lsp --stdio` for .srt and .vtt, and
 * the server works the way Helix talks to it: its `config` table as initialization options and as the
 * answer to `workspace/configuration`, and `:lsp-workspace-command langflix.analyze`, which sends no
 * arguments. (Helix itself is not packaged in Debian 12, so no Helix process runs here.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { cliBin } from '../support/cli.js';
import { repoRoot } from '../support/fixtures.js';
import { startClient, WHOLE } from '../lsp/support.js';

interface HelixLanguages {
  'language-server': Record<string, { command: string; args: string[]; config?: { langflix?: Record<string, unknown> } }>;
  language: { name: string; 'file-types': string[]; 'language-servers': string[] }[];
}

describe('editors/helix', () => {
  const languages = parse(readFileSync(join(repoRoot, 'editors/helix/languages.toml'), 'utf8')) as unknown as HelixLanguages;
  const server = languages['language-server'].langflix!;

  it('declares the langflix server and gives it to srt and vtt files', () => {
    expect([server.command, ...server.args]).toEqual(['langflix', 'lsp', '--stdio']);
    expect(languages.language.map((l) => [l['file-types'], l['language-servers']])).toEqual([
      [['srt'], ['langflix']],
      [['vtt'], ['langflix']],
    ]);
    const config = parse(readFileSync(join(repoRoot, 'editors/helix/config.toml'), 'utf8')) as { editor: { lsp: Record<string, unknown> } };
    expect(config.editor.lsp['display-inlay-hints']).toBe(true);
  });

  it('serves Helix: config as settings, a workspace command without arguments, inlay hints', async () => {
    const client = await startClient({
      args: [cliBin, ...server.args],
      initializationOptions: server.config as never,
      settings: { ...server.config!.langflix, cache: false },
    });
    const uri = client.open(join(repoRoot, 'not-on-disk/episode.srt'), readFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'), 'utf8'), 'srt');
    const result = await client.connection.sendRequest<{ provider: string; annotations: number }>('workspace/executeCommand', { command: 'langflix.analyze' });
    expect(result.provider).toBe('lexicon');
    const hints = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
    expect(hints).toHaveLength(result.annotations);
    expect(hints.map((h) => h.label)).toContainEqual(expect.stringMatching(/^⟵ bonus points · idiom · 00:00:2\d,\d{3}$/));
    expect(await client.close()).toBe(0);
  });
});
