/**
 * The LangFlix VS Code extension: a thin client over `@langflix/language-server`. The server knows the
 * subtitles and the analysis; this file knows VS Code: commands, the API key in SecretStorage, the status
 * bar, highlight decorations, the export dialog.
 */
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  AnnotationsChangedNotification,
  AnnotationsRequest,
  Commands,
  DEFAULT_EXPORT_FORMAT,
  SetApiKeyRequest,
  type AnalyzeResult,
  type Annotation,
  type AnnotationsChangedParams,
  type AnnotationsResult,
  type ExportResult,
  type LangflixServerCapabilities,
  type SyncMediaResult,
} from '@langflix/language-server/protocol';

/** Subtitle files by name, whatever language id another extension gives them. */
export const SUBTITLE_SELECTOR = [{ pattern: '**/*.{srt,vtt}' }];
/** Where the API key is kept in VS Code's SecretStorage. */
export const SECRET_KEY = 'langflix.apiKey';

/** Commands only the extension has (the server's own commands are registered by the language client). */
export const ExtensionCommands = {
  setApiKey: 'langflix.setApiKey',
  copyTimestamp: 'langflix.copyTimestamp',
} as const;

let client: LanguageClient | undefined;

const isSubtitle = (document: vscode.TextDocument | undefined): document is vscode.TextDocument => !!document && /\.(srt|vtt)$/i.test(document.uri.path);

const toRange = (r: Annotation['range']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

/** Starts the language server and wires the extension's commands, status bar and decorations. */
export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
  };
  const apiKey = await context.secrets.get(SECRET_KEY);
  const clientOptions: LanguageClientOptions = {
    documentSelector: SUBTITLE_SELECTOR,
    initializationOptions: apiKey ? { apiKey } : {},
    middleware: {
      // Commands from the palette come without arguments: they are about the active subtitle editor.
      executeCommand: async (command, args, next) => {
        const uri = args[0] ?? activeSubtitle()?.document.uri.toString();
        if (!uri) {
          void vscode.window.showWarningMessage('LangFlix: open a .srt or .vtt file first.');
          return undefined;
        }
        if (command === Commands.export) return exportReport(uri, next);
        if (command === Commands.syncWithMedia) return syncWithMedia(uri, args[1], next);
        const result: unknown = await next(command, [uri, ...args.slice(1)]);
        if (command === Commands.analyze && result) showSummary(result as AnalyzeResult);
        return result;
      },
    },
  };
  client = new LanguageClient('langflix', 'LangFlix', serverOptions, clientOptions);

  const status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = Commands.analyze;
  const decoration = vscode.window.createTextEditorDecorationType({
    backgroundColor: new vscode.ThemeColor('editor.wordHighlightBackground'),
    borderRadius: '2px',
  });
  const counts = new Map<string, AnnotationsChangedParams>();

  const refreshStatus = () => {
    const editor = activeSubtitle();
    if (!editor) return status.hide();
    const info = counts.get(editor.document.uri.toString());
    status.text = info?.analyzing ? `$(sync~spin) LangFlix: ${info.expressions}…` : `$(book) LangFlix${info ? `: ${info.expressions} expressions` : ''}`;
    status.tooltip = info?.analyzing ? 'LangFlix: analysing…' : 'LangFlix: analyse the expressions of this file';
    status.show();
  };

  const refreshDecorations = async (uri: string) => {
    const editors = vscode.window.visibleTextEditors.filter((e) => e.document.uri.toString() === uri);
    const highlight = vscode.workspace.getConfiguration('langflix').get<boolean>('highlightExpressions', false);
    const e2eOut = process.env.LANGFLIX_E2E_OUT;
    if (editors.length === 0 && !e2eOut) return;
    const result = await client?.sendRequest<AnnotationsResult>(AnnotationsRequest, { uri }).catch(() => undefined);
    if (!result) return;
    for (const editor of editors) editor.setDecorations(decoration, highlight ? result.annotations.map((a) => toRange(a.range)) : []);
    // End-to-end tests read what the editor shows from this file (never set in normal use).
    if (e2eOut) await writeFile(e2eOut, JSON.stringify(result, null, 2));
  };

  context.subscriptions.push(
    status,
    decoration,
    vscode.commands.registerCommand(ExtensionCommands.setApiKey, async () => {
      const key = await vscode.window.showInputBox({ title: 'LangFlix: model API key', prompt: 'Stored in VS Code’s secret storage; leave empty to remove it.', password: true, ignoreFocusOut: true });
      if (key === undefined) return;
      if (key) await context.secrets.store(SECRET_KEY, key);
      else await context.secrets.delete(SECRET_KEY);
      await client?.sendRequest(SetApiKeyRequest, { apiKey: key || null });
      void vscode.window.showInformationMessage(key ? 'LangFlix: API key saved.' : 'LangFlix: API key removed.');
    }),
    vscode.commands.registerCommand(ExtensionCommands.copyTimestamp, async () => {
      const editor = activeSubtitle();
      if (!editor || !client) return;
      const { annotations } = await client.sendRequest<AnnotationsResult>(AnnotationsRequest, { uri: editor.document.uri.toString() });
      const cursor = editor.selection.active;
      const line = annotations.filter((a) => a.range.start.line <= cursor.line && cursor.line <= a.range.end.line);
      const hit = line.find((a) => toRange(a.range).contains(cursor)) ?? line[0];
      if (!hit) return void vscode.window.showWarningMessage('LangFlix: no expression on this line.');
      await vscode.env.clipboard.writeText(hit.startTime);
      vscode.window.setStatusBarMessage(`LangFlix: copied ${hit.startTime} (${hit.expression})`, 3000);
    }),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      refreshStatus();
      if (isSubtitle(editor?.document)) void refreshDecorations(editor.document.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('langflix')) return;
      void client?.sendNotification(DidChangeConfigurationNotification.type, { settings: null });
      for (const editor of vscode.window.visibleTextEditors) if (isSubtitle(editor.document)) void refreshDecorations(editor.document.uri.toString());
    }),
  );

  client.onNotification(AnnotationsChangedNotification, (params: AnnotationsChangedParams) => {
    counts.set(params.uri, params);
    refreshStatus();
    void refreshDecorations(params.uri);
  });
  await client.start();
  refreshStatus();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}

/** The active editor when it shows a subtitle file. */
function activeSubtitle(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return isSubtitle(editor?.document) ? editor : undefined;
}

function showSummary(result: AnalyzeResult): void {
  const failed = result.chunks.failed > 0 ? `, ${result.chunks.failed} of ${result.chunks.total} chunks failed` : '';
  const message = `LangFlix: ${result.expressions} expressions${result.cancelled ? ' (cancelled)' : ''}${failed} · ${result.provider}${result.cacheHits ? ` · ${result.cacheHits} chunks from cache` : ''}`;
  if (failed) void vscode.window.showWarningMessage(message);
  else vscode.window.setStatusBarMessage(message, 5000);
}

/** Asks for a format and a file, then writes the server's export there. */
async function exportReport(uri: string, next: (command: string, args: unknown[]) => unknown): Promise<ExportResult | undefined> {
  const served = (client?.initializeResult?.capabilities.experimental as { langflix?: LangflixServerCapabilities } | undefined)?.langflix?.exportFormats;
  const formats = served?.length ? served : [DEFAULT_EXPORT_FORMAT];
  const format = formats.length === 1 ? formats[0] : await vscode.window.showQuickPick([...formats], { title: 'LangFlix: export format' });
  if (!format) return undefined;
  const result = (await next(Commands.export, [uri, format])) as ExportResult | undefined;
  if (!result) return undefined;
  const source = vscode.Uri.parse(uri);
  const target = await vscode.window.showSaveDialog({
    defaultUri: source.with({ path: source.path.replace(/\.(srt|vtt)$/i, '') + `.langflix${result.extension}` }),
    filters: { [format.toUpperCase()]: [result.extension.slice(1)] },
  });
  if (!target) return result;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(result.content));
  void vscode.window.showInformationMessage(`LangFlix: exported to ${vscode.workspace.asRelativePath(target)}`);
  return result;
}

/** Video and audio file names the media picker offers (anything ffmpeg reads works; these are the usual ones). */
const MEDIA_EXTENSIONS = ['mkv', 'mp4', 'm4v', 'mov', 'avi', 'webm', 'ts', 'mpg', 'mp3', 'm4a', 'aac', 'wav', 'flac', 'ogg', 'opus'];

/**
 * "LangFlix: Sync with Media…": asks for the video or audio file (unless given), then lets the server sync
 * the document's timings to its speech; the server applies the corrected times as an undoable edit.
 */
async function syncWithMedia(uri: string, media: unknown, next: (command: string, args: unknown[]) => unknown): Promise<SyncMediaResult | undefined> {
  let path = typeof media === 'string' ? media : undefined;
  if (!path) {
    const source = vscode.Uri.parse(uri);
    const picked = await vscode.window.showOpenDialog({
      title: 'LangFlix: the video or audio these subtitles should follow',
      defaultUri: source.with({ path: source.path.replace(/\/[^/]*$/, '') }),
      canSelectMany: false,
      filters: { 'Video or audio': MEDIA_EXTENSIONS, 'All files': ['*'] },
    });
    path = picked?.[0]?.fsPath;
  }
  if (!path) return undefined;
  try {
    const result = (await next(Commands.syncWithMedia, [uri, path])) as SyncMediaResult | undefined;
    if (result) {
      const seconds = (ms: number) => `${ms < 0 ? '−' : '+'}${(Math.abs(ms) / 1000).toFixed(3)} s`;
      const ratio = Math.abs(result.ratio - 1) > 1e-5 ? `, speed ×${result.ratio.toFixed(6)}` : '';
      const splits = result.splits.map((s) => `, from ${(s.atMs / 1000).toFixed(1)} s ${seconds(s.offsetMs)}`).join('');
      void vscode.window.showInformationMessage(
        `LangFlix: synced with ${vscode.workspace.asRelativePath(path)}: ${seconds(result.offsetMs)}${ratio}${splits} (confidence ${result.confidence.toFixed(2)})${result.applied ? '. Save to keep it.' : '; the edit was not applied.'}`,
      );
    }
    return result;
  } catch (error) {
    void vscode.window.showErrorMessage(`LangFlix: ${(error as Error).message}`);
    return undefined;
  }
}
