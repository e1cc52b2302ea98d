/**
 * The extension's suite inside a real VS Code (run by `@vscode/test-electron`, see
 * tests/editor/vscode-desktop.test.ts): opens an .srt, runs "LangFlix: Analyze Expressions" as the palette
 * does, and checks what VS Code shows: inlay hints, hover, symbols, the lifted hint length, Copy Timestamp.
 * No test framework: `run` throws on the first failed check, which fails the run.
 */
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const label = (hint: vscode.InlayHint) => (typeof hint.label === 'string' ? hint.label : hint.label.map((p) => p.value).join(''));

/** Entry point called by VS Code's test runner. */
export async function run(): Promise<void> {
  const file = process.env.LANGFLIX_TEST_FILE;
  assert.ok(file, 'LANGFLIX_TEST_FILE is not set');
  const document = await vscode.workspace.openTextDocument(file);
  const editor = await vscode.window.showTextDocument(document);
  const extension = vscode.extensions.getExtension('langflix.langflix-vscode');
  assert.ok(extension, 'the LangFlix extension is not installed');
  await extension.activate();

  const result = (await vscode.commands.executeCommand('langflix.analyze')) as { expressions: number; annotations: number; cancelled: boolean };
  assert.ok(result && result.expressions > 20 && !result.cancelled, `analyze returned ${JSON.stringify(result)}`);

  const hints = await vscode.commands.executeCommand<vscode.InlayHint[]>('vscode.executeInlayHintProvider', document.uri, new vscode.Range(0, 0, document.lineCount, 0));
  assert.equal(hints.length, result.annotations);
  const bonus = hints.find((h) => label(h).startsWith('⟵ bonus points · idiom · '));
  assert.ok(bonus, `no hint for "bonus points" among ${hints.map(label).join(' | ')}`);
  assert.equal(bonus.position.line, 10);

  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, new vscode.Position(10, 14));
  const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
  assert.match(text, /\*\*bonus points\*\* · idiom/);
  assert.match(text, /Cue 3 · 00:00:2\d,\d{3} → /);

  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', document.uri);
  assert.equal(symbols.length, result.annotations);

  const maximumLength = vscode.workspace.getConfiguration('editor', document).get<number>('inlayHints.maximumLength');
  assert.equal(maximumLength, 0, 'the inlay-hint length limit is not lifted for subtitle files');

  editor.selection = new vscode.Selection(10, 14, 10, 14);
  await vscode.commands.executeCommand('langflix.copyTimestamp');
  assert.match(await vscode.env.clipboard.readText(), /^00:00:2\d,\d{3}$/);
}
