/**
 * The extension's own suite (packages/vscode-extension/test/suite) in VS Code desktop, through
 * `@vscode/test-electron`: the executable from $VSCODE_EXECUTABLE, else the one it downloads. Where none can
 * be had (no network to download from, no display for Electron) the layer is skipped and says exactly why;
 * the code-server layer (code-server.test.ts) drives a real VS Code in that case.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/fixtures.js';
import { extensionDir, packageExtension } from './tools.js';

/** The VS Code version to download when none is given: the oldest the extension supports. */
const VSCODE_VERSION = '1.91.0';
const testElectron = createRequire(join(extensionDir, 'package.json'))('@vscode/test-electron') as typeof import('@vscode/test-electron');

/** The desktop VS Code to run, or why there is none. */
async function findVsCode(): Promise<{ executable: string } | { reason: string }> {
  const given = process.env.VSCODE_EXECUTABLE;
  if (given) return existsSync(given) ? { executable: given } : { reason: `VSCODE_EXECUTABLE=${given} does not exist` };
  try {
    const executable = await testElectron.downloadAndUnzipVSCode({ version: VSCODE_VERSION, cachePath: join(tmpdir(), 'langflix-vscode-test'), timeout: 30_000 });
    return { executable };
  } catch (error) {
    return { reason: `no VS Code desktop: VSCODE_EXECUTABLE is not set and downloading VS Code ${VSCODE_VERSION} failed (${error instanceof Error ? error.message : String(error)})` };
  }
}

/** A display for Electron: $DISPLAY, else an Xvfb started here, else why there is none. */
function findDisplay(): { display: string; xvfb?: ChildProcess } | { reason: string } {
  if (process.env.DISPLAY) return { display: process.env.DISPLAY };
  if (spawnSync('Xvfb', ['-help'], { stdio: 'ignore' }).error) return { reason: 'no display for VS Code desktop: DISPLAY is not set and Xvfb is not installed (apt-get install xvfb)' };
  const display = ':97';
  const xvfb = spawn('Xvfb', [display, '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  return { display, xvfb };
}

const found = await findVsCode();
const screen = 'executable' in found ? findDisplay() : null;
const skipReason = 'reason' in found ? found.reason : screen && 'reason' in screen ? screen.reason : null;
if (skipReason) console.warn(`VS Code desktop suite skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('the extension in VS Code desktop (@vscode/test-electron)', () => {
  afterAll(() => {
    if (screen && 'xvfb' in screen) screen.xvfb?.kill();
  });

  it('runs the in-editor suite: analyse, inlay hints, hover, symbols, lifted hint length, copy timestamp', async () => {
    await packageExtension();
    const work = mkdtempSync(join(tmpdir(), 'langflix-vscode-desktop-'));
    const folder = join(work, 'episode');
    mkdirSync(folder);
    const file = join(folder, 'sprite-fright.en.srt');
    copyFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'), file);
    const code = await testElectron.runTests({
      vscodeExecutablePath: (found as { executable: string }).executable,
      extensionDevelopmentPath: extensionDir,
      extensionTestsPath: join(extensionDir, 'dist/test/suite.cjs'),
      launchArgs: [folder, '--disable-extensions', '--disable-gpu', '--disable-workspace-trust', '--user-data-dir', join(work, 'user-data')],
      extensionTestsEnv: { LANGFLIX_TEST_FILE: file, GEMINI_API_KEY: '', GOOGLE_API_KEY: '', DISPLAY: (screen as { display: string }).display },
    });
    expect(code).toBe(0);
  }, 300_000);
});
