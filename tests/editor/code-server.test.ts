/**
 * The packaged .vsix in a real VS Code: the one inside the `code-server` npm package, opened in headless
 * Chromium as a user would open it. Opens an .srt, runs "LangFlix: Analyze Expressions" from the command
 * palette, and reads the annotations back from the page (the inlay hints as drawn, a hover) and from the
 * file the extension writes for tests; saves a screenshot as evidence ($LANGFLIX_SCREENSHOT, else a
 * temporary file; the README's picture is one of these).
 *
 * Needs code-server (tests/editor/install-code-server.sh, run by `.ci/run`) and Debian's chromium; where
 * either is missing the layer is skipped and says why.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { AnnotationsResult } from '@langflix/language-server/protocol';
import { repoRoot } from '../support/fixtures.js';
import { chromiumPath, codeServerInstall, freePort, packageExtension, until } from './tools.js';

const install = codeServerInstall();
const chromium = chromiumPath();
const missing = !install.installed
  ? `code-server ${install.dir} is not installed (run tests/editor/install-code-server.sh; .ci/run does)`
  : !chromium
    ? 'Chromium is not installed (apt-get install chromium)'
    : null;
if (missing) console.warn(`code-server layer skipped: ${missing}`);

const FILE = 'sprite-fright.en.srt';

describe.skipIf(missing !== null)('the .vsix in code-server, driven by headless Chromium', () => {
  const work = mkdtempSync(join(tmpdir(), 'langflix-code-server-'));
  const folder = join(work, 'episode');
  const annotationsFile = join(work, 'annotations.json');
  const screenshot = resolve(repoRoot, process.env.LANGFLIX_SCREENSHOT || join(work, 'vscode-annotations.png'));
  let server: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let log = '';

  beforeAll(async () => {
    const vsix = await packageExtension();
    mkdirSync(folder, { recursive: true });
    copyFileSync(join(repoRoot, 'examples', FILE), join(folder, FILE));
    const userData = join(work, 'user-data');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(
      join(userData, 'User/settings.json'),
      JSON.stringify({
        'workbench.startupEditor': 'none',
        'workbench.colorTheme': 'Default Dark Modern',
        'workbench.tips.enabled': false,
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.ignoreRecommendations': true,
        'editor.minimap.enabled': false,
        'editor.unicodeHighlight.ambiguousCharacters': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.layoutControl.enabled': false,
        'chat.disableAIFeatures': true,
        'langflix.provider': 'lexicon',
        'langflix.cache': false,
        'langflix.highlightExpressions': true,
        'langflix.expressionDiagnostics': false,
      }),
    );
    const common = ['--user-data-dir', userData, '--extensions-dir', join(work, 'extensions')];
    const env = { ...process.env, GEMINI_API_KEY: '', GOOGLE_API_KEY: '', XDG_CONFIG_HOME: join(work, 'config'), LANGFLIX_E2E_OUT: annotationsFile };
    const installed = spawnSync(install.node, [install.entry, ...common, '--install-extension', vsix], { encoding: 'utf8', env, timeout: 120_000 });
    expect(installed.stdout + installed.stderr).toMatch(/successfully installed/);

    const port = await freePort();
    server = spawn(
      install.node,
      [install.entry, ...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override', folder],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    server.stdout!.setEncoding('utf8').on('data', (d: string) => (log += d));
    server.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
    const base = `http://127.0.0.1:${port}`;
    await until('code-server to answer /healthz', () => fetch(`${base}/healthz`).then((r) => r.ok).catch(() => false), 60_000);

    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({
      executablePath: chromium!,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
    await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  }, 240_000);

  /** Waits until the editor's lines show `text` (the editor draws spaces as no-break spaces). */
  const showsText = (text: string, timeout: number) =>
    page.waitForFunction((wanted) => document.querySelector('.monaco-editor .view-lines')?.textContent?.replace(/\u00a0/g, ' ').includes(wanted), text, { timeout });

  afterAll(async () => {
    await browser?.close();
    if (server?.pid) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
  });

  it('opens the .srt, runs "LangFlix: Analyze Expressions", and shows each expression at its line with its time', async () => {
    try {
      // Open the file with Quick Open, as a user would.
      await until('the explorer to list the file', () => page.getByText(FILE, { exact: true }).first().isVisible().catch(() => false), 60_000);
      await page.keyboard.press('Control+P');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type(FILE);
      await until('Quick Open to find the file', () => page.locator('.quick-input-list .monaco-list-row').first().textContent().then((t) => t?.includes(FILE)).catch(() => false), 20_000);
      await page.keyboard.press('Enter');
      await showsText('Hello, Mr.Snail!', 60_000);

      // Run the command from the palette.
      await page.keyboard.press('F1');
      await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
      await page.keyboard.type('LangFlix: Analyze Expressions');
      await until('the palette to offer the command', () => page.locator('.quick-input-list .monaco-list-row').first().textContent().then((t) => t?.includes('Analyze Expressions')).catch(() => false), 30_000);
      await page.keyboard.press('Enter');

      // What the extension saw (the server's annotations) …
      const result = await until(
        'the extension to write its annotations',
        () => {
          if (!existsSync(annotationsFile)) return undefined;
          const data = JSON.parse(readFileSync(annotationsFile, 'utf8')) as AnnotationsResult;
          return !data.analyzing && data.annotations.length > 0 ? data : undefined;
        },
        60_000,
      );
      expect(result.annotations.length).toBeGreaterThan(20);
      const bonus = result.annotations.find((a) => a.expression === 'bonus points');
      expect(bonus?.range.start.line).toBe(10);

      // … and what VS Code draws: the inlay hint at the end of the line, in full (the length limit is lifted).
      const hint = `⟵ bonus points · idiom · ${bonus!.startTime}`;
      await showsText(hint, 30_000);
      const long = result.annotations.find((a) => a.range.start.line < 30 && `⟵ ${a.expression} · ${a.type.replace(/_/g, ' ')} · ${a.startTime}`.length > 43);
      if (long) {
        const label = `⟵ ${long.expression} · ${long.type.replace(/_/g, ' ')} · ${long.startTime}`;
        await showsText(label, 10_000);
      }

      // Hover over the words: the meaning, the cue and its times.
      // The timing line above has no hint, so its width gives the width of a character.
      const timing = page.locator('.monaco-editor .view-line', { hasText: '00:00:22,333 --> 00:00:25,125' }).first().locator('span').first();
      const timingBox = (await timing.boundingBox())!;
      const charWidth = timingBox.width / '00:00:22,333 --> 00:00:25,125'.length;
      const box = (await page.locator('.monaco-editor .view-line', { hasText: 'Latin name bonus-points!' }).first().boundingBox())!;
      // Put the cursor in "bonus" and show the hover (Ctrl+K Ctrl+I), as a keyboard user does.
      await page.mouse.click(box.x + charWidth * 14.5, box.y + box.height / 2);
      await page.keyboard.press('Control+K');
      await page.keyboard.press('Control+I');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'bonus points' }).first();
      await hover.waitFor({ state: 'visible', timeout: 20_000 });
      await page.waitForTimeout(600); // let the hover finish fading in before the screenshot
      const text = await hover.innerText();
      expect(text).toMatch(/bonus points · idiom/);
      expect(text).toMatch(/Cue 3 · 00:00:2\d,\d{3} → 00:00:2\d,\d{3}/);
    } finally {
      mkdirSync(dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot }).catch(() => undefined);
      console.log(`code-server screenshot: ${screenshot}`);
      if (log.includes('Error')) console.log(`code-server log:\n${log.slice(-4000)}`);
    }
  }, 180_000);
});
