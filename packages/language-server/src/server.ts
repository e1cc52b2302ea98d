/**
 * The language server: wires the document states, the analyses and the features to an LSP connection.
 * The server knows subtitles and the analysis; it knows nothing of any editor beyond LSP.
 */
import { createRequire } from 'node:module';
import {
  CancellationToken,
  CodeLensRefreshRequest,
  ErrorCodes,
  LSPErrorCodes,
  ProposedFeatures,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  createConnection,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { describeMismatch, MediaError, retimeSubtitles, syncToMedia, type AnalysisReport, type Cue } from '@langflix/core';
import { FORMATTERS, type OutputFormatter } from '@langflix/core/formats';
import { analyzeDocument, AnalysisSetupError } from './analysis.js';
import { codeLenses, diagnostics, distinctExpressions, documentSymbols, hover, inlayHints } from './features.js';
import {
  AnnotationsChangedNotification,
  AnnotationsRequest,
  Commands,
  DEFAULT_EXPORT_FORMAT,
  SetApiKeyRequest,
  type AnalyzeResult,
  type AnnotationsChangedParams,
  type AnnotationsParams,
  type AnnotationsResult,
  type ExportResult,
  type InitializationOptions,
  type LangflixServerCapabilities,
  type LangflixSettings,
  type SetApiKeyParams,
  type SyncMediaResult,
} from './protocol.js';
import { resolveSettings } from './settings.js';
import { DocumentState } from './state.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

/**
 * The formats `langflix.export` writes, `json` first: every report format of `@langflix/core/formats` but
 * `table`, which is for terminals.
 */
const { table: _terminalOnly, json, ...others } = FORMATTERS;
const EXPORTERS: Readonly<Record<string, OutputFormatter>> = { [DEFAULT_EXPORT_FORMAT]: json, ...others };

/** Options of {@link attachServer}. */
export interface ServerOptions {
  /** The environment the server reads keys and the cache folder from. @default process.env */
  env?: Record<string, string | undefined>;
  /** Milliseconds to gather result changes before telling the client (inlay-hint refresh and the rest). @default 30 */
  refreshDelayMs?: number;
}

/** Progress for a client that refused to create a token: reports nothing, is never cancelled. */
const NO_PROGRESS: WorkDoneProgressServerReporter = {
  token: CancellationToken.None,
  begin: () => undefined,
  report: () => undefined,
  done: () => undefined,
};

/** A running analysis of one document. */
interface Run {
  readonly controller: AbortController;
  readonly done: Promise<unknown>;
}

/** What the client said it can do, read once at `initialize`. */
interface ClientSupport {
  configuration: boolean;
  inlayHintRefresh: boolean;
  codeLensRefresh: boolean;
}

function clientSupport(capabilities: ClientCapabilities): ClientSupport {
  return {
    configuration: capabilities.workspace?.configuration === true,
    inlayHintRefresh: capabilities.workspace?.inlayHint?.refreshSupport === true,
    codeLensRefresh: capabilities.workspace?.codeLens?.refreshSupport === true,
  };
}

/**
 * The document a command is about: its first argument, a document URI, or when it has none (an editor such
 * as Helix runs workspace commands without arguments) the document last opened or edited.
 */
function uriArgument(args: readonly unknown[] | undefined, command: string, lastActive: string | null): string {
  const uri = args?.[0] ?? lastActive;
  if (typeof uri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${command}: expected the document URI as first argument (no document is open)`);
  return uri;
}

/**
 * Serves LangFlix on a connection: registers every handler, then starts listening.
 * @returns the connection
 */
export function attachServer(connection: Connection, options: ServerOptions = {}): Connection {
  const env = options.env ?? process.env;
  const refreshDelayMs = options.refreshDelayMs ?? 30;
  const documents = new TextDocuments(TextDocument);
  const states = new Map<string, DocumentState>();
  const runs = new Map<string, Run>();
  const reports = new Map<string, { report: AnalysisReport; cues: readonly Cue[] }>();
  const settingsCache = new Map<string, Promise<LangflixSettings>>();
  const pendingRefresh = new Map<string, NodeJS.Timeout>();
  let support: ClientSupport = { configuration: false, inlayHintRefresh: false, codeLensRefresh: false };
  let initSettings: unknown = undefined;
  let apiKey: string | null = null;
  let lastActive: string | null = null;

  /** The document's settings: initialization options, then `workspace/configuration` (cached until a change). */
  function settingsFor(uri: string): Promise<LangflixSettings> {
    let cached = settingsCache.get(uri);
    if (!cached) {
      cached = (async () => {
        const configured = support.configuration ? await connection.workspace.getConfiguration({ scopeUri: uri, section: 'langflix' }).catch(() => undefined) : undefined;
        const { settings, notes } = resolveSettings(initSettings, configured);
        for (const note of notes) connection.console.warn(note);
        return settings;
      })();
      settingsCache.set(uri, cached);
    }
    return cached;
  }

  async function publishDiagnostics(state: DocumentState): Promise<void> {
    const settings = await settingsFor(state.uri);
    if (states.get(state.uri) !== state) return; // closed meanwhile
    await connection.sendDiagnostics({ uri: state.uri, version: state.version, diagnostics: diagnostics(state, { expressions: settings.expressionDiagnostics }) });
  }

  /** Tells the client the document's results changed: diagnostics, inlay hints, code lenses, annotations. */
  function refreshNow(uri: string): void {
    const timer = pendingRefresh.get(uri);
    if (timer) clearTimeout(timer);
    pendingRefresh.delete(uri);
    const state = states.get(uri);
    if (!state) return;
    void publishDiagnostics(state).catch((error: unknown) => connection.console.error(`diagnostics: ${String(error)}`));
    if (support.inlayHintRefresh) void connection.languages.inlayHint.refresh().catch(() => undefined);
    if (support.codeLensRefresh) void connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined);
    const annotations = state.annotations();
    const params: AnnotationsChangedParams = { uri, version: state.version, count: annotations.length, expressions: distinctExpressions(annotations), analyzing: runs.has(uri) };
    void connection.sendNotification(AnnotationsChangedNotification, params).catch(() => undefined);
  }

  /** {@link refreshNow}, gathering the changes of the next `refreshDelayMs` into one. */
  function refreshSoon(uri: string): void {
    if (pendingRefresh.has(uri)) return;
    pendingRefresh.set(uri, setTimeout(() => refreshNow(uri), refreshDelayMs));
  }

  function stateOf(uri: string, command: string): DocumentState {
    const state = states.get(uri);
    if (!state) throw new ResponseError(ErrorCodes.InvalidParams, `${command}: ${uri} is not open in the editor`);
    return state;
  }

  async function analyze(uri: string): Promise<AnalyzeResult> {
    const state = stateOf(uri, Commands.analyze);
    runs.get(uri)?.controller.abort(new Error('a newer analysis of the document started'));
    const controller = new AbortController();
    let finish!: () => void;
    const run: Run = { controller, done: new Promise<void>((resolve) => (finish = resolve)) };
    runs.set(uri, run);
    const progress = await connection.window.createWorkDoneProgress().catch(() => NO_PROGRESS);
    progress.token.onCancellationRequested(() => controller.abort(new Error('cancelled from the progress')));
    progress.begin('LangFlix', 0, 'Analysing expressions…', true);
    refreshNow(uri);
    try {
      const settings = await settingsFor(uri);
      const cues = state.parsed.cues;
      const { result, report } = await analyzeDocument(state, {
        settings,
        apiKey,
        signal: controller.signal,
        env,
        onProgress: (done, total, note) => progress.report(total === 0 ? 100 : Math.round((done / total) * 100), `${done}/${total} chunks${note ? ` · ${note}` : ''}`),
        onResults: () => refreshSoon(uri),
      });
      reports.set(uri, { report, cues });
      return result;
    } catch (error) {
      if (error instanceof AnalysisSetupError) {
        void connection.window.showErrorMessage(`LangFlix: ${error.message}`);
        throw new ResponseError(ErrorCodes.InvalidRequest, error.message);
      }
      throw error;
    } finally {
      if (runs.get(uri) === run) runs.delete(uri);
      finish();
      progress.done();
      refreshNow(uri);
    }
  }

  function exportDocument(uri: string, format: unknown): ExportResult {
    const chosen = format ?? DEFAULT_EXPORT_FORMAT;
    const exporter = typeof chosen === 'string' && Object.hasOwn(EXPORTERS, chosen) ? EXPORTERS[chosen] : undefined;
    if (!exporter) throw new ResponseError(ErrorCodes.InvalidParams, `${Commands.export}: unknown format ${JSON.stringify(format)} (available: ${Object.keys(EXPORTERS).join(', ')})`);
    const last = reports.get(uri);
    if (!last) throw new ResponseError(ErrorCodes.InvalidRequest, `${Commands.export}: analyse the document first`);
    return { format: chosen as string, extension: exporter.extension, content: exporter.render(last.report, { cues: last.cues }) };
  }

  async function syncWithMedia(uri: string, media: unknown): Promise<SyncMediaResult> {
    if (typeof media !== 'string' || media.length === 0) throw new ResponseError(ErrorCodes.InvalidParams, `${Commands.syncWithMedia}: give the media file's path as the second argument`);
    const state = stateOf(uri, Commands.syncWithMedia);
    const { text, version, parsed } = state;
    if (parsed.cues.length === 0) throw new ResponseError(ErrorCodes.InvalidRequest, `${Commands.syncWithMedia}: the document has no cues`);
    const progress = await connection.window.createWorkDoneProgress().catch(() => NO_PROGRESS);
    const controller = new AbortController();
    progress.token.onCancellationRequested(() => controller.abort(new Error('cancelled')));
    progress.begin('LangFlix', 0, 'Syncing with the media: decoding and detecting speech…', true);
    try {
      const { result } = await syncToMedia(media, parsed.cues, {
        signal: controller.signal,
        onProgress: ({ seconds, durationSeconds }) =>
          progress.report(durationSeconds ? Math.min(99, Math.round((100 * seconds) / durationSeconds)) : 0, `${Math.round(seconds)} s of audio`),
      });
      if (!result.matched) {
        throw new ResponseError(ErrorCodes.InvalidRequest, `the subtitles do not match the speech of ${media} (${describeMismatch(result)}): another film or cut? nothing changed`);
      }
      if (state.version !== version) throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed while syncing: run it again');
      const synced = retimeSubtitles(text, parsed.format, parsed.cues, result);
      const document = documents.get(uri);
      const end = document ? document.positionAt(text.length) : { line: text.split(/\r\n|\n|\r/).length, character: 0 };
      const applied = await connection.workspace
        .applyEdit({ label: 'LangFlix: sync with media', edit: { changes: { [uri]: [{ range: { start: { line: 0, character: 0 }, end }, newText: synced }] } } })
        .then((r) => r.applied)
        .catch(() => false);
      const { offsetMs, ratio, splits, confidence } = result;
      return { offsetMs, ratio, splits, confidence, applied };
    } catch (error) {
      if (error instanceof MediaError) throw new ResponseError(ErrorCodes.InvalidParams, error.message);
      throw error;
    } finally {
      progress.done();
    }
  }

  connection.onInitialize((params): InitializeResult => {
    support = clientSupport(params.capabilities);
    const init = (params.initializationOptions ?? {}) as InitializationOptions;
    if (typeof init.apiKey === 'string' && init.apiKey.length > 0) apiKey = init.apiKey;
    initSettings = init.settings;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        inlayHintProvider: { resolveProvider: false },
        documentSymbolProvider: { label: 'LangFlix expressions' },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: Object.values(Commands) },
        experimental: { langflix: { exportFormats: Object.keys(EXPORTERS) } satisfies LangflixServerCapabilities },
      },
      serverInfo: { name: 'langflix', version },
    };
  });

  connection.onDidChangeConfiguration(() => {
    settingsCache.clear();
    for (const state of states.values()) void publishDiagnostics(state).catch(() => undefined);
  });

  documents.onDidChangeContent(({ document }) => {
    let state = states.get(document.uri);
    if (!state) states.set(document.uri, (state = new DocumentState(document.uri)));
    lastActive = document.uri;
    const dropped = state.update(document.getText(), document.version);
    if (dropped > 0) refreshNow(document.uri);
    else void publishDiagnostics(state).catch(() => undefined);
  });

  documents.onDidClose(({ document }) => {
    runs.get(document.uri)?.controller.abort(new Error('the document was closed'));
    states.delete(document.uri);
    if (lastActive === document.uri) lastActive = null;
    reports.delete(document.uri);
    settingsCache.delete(document.uri);
    void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    switch (command) {
      case Commands.analyze:
        return analyze(uriArgument(args, command, lastActive));
      case Commands.cancel: {
        const run = runs.get(uriArgument(args, command, lastActive));
        if (!run) return false;
        run.controller.abort(new Error('cancelled'));
        await run.done;
        return true;
      }
      case Commands.export:
        return exportDocument(uriArgument(args, command, lastActive), args?.[1]);
      case Commands.syncWithMedia:
        return syncWithMedia(uriArgument(args, command, lastActive), args?.[1]);
      default:
        throw new ResponseError(ErrorCodes.MethodNotFound, `unknown command ${command}`);
    }
  });

  connection.onRequest(SetApiKeyRequest, (params: SetApiKeyParams) => {
    apiKey = typeof params?.apiKey === 'string' && params.apiKey.length > 0 ? params.apiKey : null;
    return { ok: true };
  });

  connection.onRequest(AnnotationsRequest, (params: AnnotationsParams): AnnotationsResult => {
    const state = stateOf(params.uri, AnnotationsRequest);
    return { uri: state.uri, version: state.version, analyzing: runs.has(state.uri), annotations: state.annotations() };
  });

  connection.languages.inlayHint.on(({ textDocument, range }) => {
    const state = states.get(textDocument.uri);
    return state ? inlayHints(state, range) : [];
  });
  connection.onHover(({ textDocument, position }) => {
    const state = states.get(textDocument.uri);
    return state ? hover(state, position) : null;
  });
  connection.onDocumentSymbol(({ textDocument }) => {
    const state = states.get(textDocument.uri);
    return state ? documentSymbols(state) : [];
  });
  connection.onCodeLens(({ textDocument }) => {
    const state = states.get(textDocument.uri);
    return state ? codeLenses(state, runs.has(textDocument.uri)) : [];
  });

  connection.onShutdown(() => {
    for (const run of runs.values()) run.controller.abort(new Error('the server is shutting down'));
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/**
 * Starts the server on this process's transport: `--stdio`, `--node-ipc`, `--socket=<port>` or
 * `--pipe=<name>` from the command line (stdio when none is given). On stdio, console output goes to the
 * client's log, never to stdout.
 * @returns the connection
 */
export function startServer(options: ServerOptions = {}, argv: readonly string[] = process.argv): Connection {
  const transportGiven = argv.slice(2).some((a) => /^--(stdio|node-ipc|socket|pipe)(=|$)/.test(a));
  const connection = transportGiven ? createConnection(ProposedFeatures.all) : createConnection(ProposedFeatures.all, process.stdin, process.stdout);
  if (!transportGiven) {
    console.log = console.info = (...data: unknown[]) => connection.console.log(data.map(String).join(' '));
    console.warn = (...data: unknown[]) => connection.console.warn(data.map(String).join(' '));
    console.error = (...data: unknown[]) => connection.console.error(data.map(String).join(' '));
  }
  return attachServer(connection, options);
}
