/**
 * A real LSP client for the language server tests: spawns the server as a separate process and talks
 * JSON-RPC over its stdin/stdout with `vscode-languageserver-protocol`, answering what the server asks
 * (progress tokens, configuration, refreshes) and recording every notification.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type InitializeResult,
  type ProtocolConnection,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver-protocol/node';
import type { InitializationOptions, LangflixSettings } from '@langflix/language-server/protocol';
import { repoRoot } from '../support/fixtures.js';

/** The language server's own executable, as built by `npm test`. */
export const serverBin = join(repoRoot, 'packages/language-server/dist/bin.js');

/** One `$/progress` value with its token. */
export type ProgressValue = (WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) & { token: string | number };

/** Options of {@link startClient}. */
export interface ClientOptions {
  /** The command line after `node`. @default [serverBin, '--stdio'] */
  args?: readonly string[];
  env?: NodeJS.ProcessEnv;
  /** What `workspace/configuration` answers for section `langflix`. */
  settings?: Partial<LangflixSettings>;
  initializationOptions?: InitializationOptions;
}

/** A connected client and what it has seen. */
export interface TestClient {
  readonly connection: ProtocolConnection;
  readonly process: ChildProcessWithoutNullStreams;
  readonly initializeResult: InitializeResult;
  /** Tokens the server created with `window/workDoneProgress/create`. */
  readonly progressTokens: (string | number)[];
  readonly progress: ProgressValue[];
  /** Latest diagnostics per URI. */
  readonly diagnostics: Map<string, Diagnostic[]>;
  /** Counts of server → client requests and notifications by method. */
  readonly counts: Map<string, number>;
  /** What the server wrote to stderr. */
  stderr: string;
  /** Changes what `workspace/configuration` answers from now on. */
  setSettings(settings: Partial<LangflixSettings>): void;
  /** Opens a document with `textDocument/didOpen`; returns its URI. */
  open(path: string, text: string, languageId?: string): string;
  /** Resolves at the next notification of `method` whose params satisfy `test`. */
  waitFor<T>(method: string, test?: (params: T) => boolean, timeoutMs?: number): Promise<T>;
  /** `shutdown`, `exit`, and waits for the process to end; returns its exit code. */
  close(): Promise<number | null>;
}

/** Starts the server and initialises it as an editor with progress, configuration and refresh support would. */
export async function startClient(options: ClientOptions = {}): Promise<TestClient> {
  const child = spawn(process.execPath, [...(options.args ?? [serverBin, '--stdio'])], {
    cwd: repoRoot,
    env: { ...process.env, GEMINI_API_KEY: '', GOOGLE_API_KEY: '', ...options.env },
  });
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  let settings: Partial<LangflixSettings> = options.settings ?? {};
  const counts = new Map<string, number>();
  const count = (method: string) => counts.set(method, (counts.get(method) ?? 0) + 1);
  const waiters = new Set<{ method: string; test: (p: unknown) => boolean; resolve: (p: unknown) => void }>();
  const client: TestClient = {
    connection,
    process: child,
    initializeResult: undefined as unknown as InitializeResult,
    progressTokens: [],
    progress: [],
    diagnostics: new Map(),
    counts,
    stderr: '',
    setSettings: (next) => void (settings = next),
    open(path, text, languageId = 'subrip') {
      const uri = pathToFileURL(path).href;
      void connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
      return uri;
    },
    waitFor<T>(method: string, test: (params: T) => boolean = () => true, timeoutMs = 20_000) {
      return new Promise<T>((resolve, reject) => {
        const waiter = { method, test: test as (p: unknown) => boolean, resolve: resolve as (p: unknown) => void };
        waiters.add(waiter);
        setTimeout(() => {
          if (waiters.delete(waiter)) reject(new Error(`no ${method} within ${timeoutMs} ms`));
        }, timeoutMs).unref();
      });
    },
    async close() {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      if (child.exitCode === null) {
        await connection.sendRequest('shutdown').catch(() => undefined);
        await connection.sendNotification('exit').catch(() => undefined);
      }
      const code = await exited;
      connection.dispose();
      return code;
    },
  };
  child.stderr.setEncoding('utf8').on('data', (d: string) => (client.stderr += d));
  const notify = (method: string, params: unknown) => {
    count(method);
    for (const w of waiters) {
      if (w.method === method && w.test(params)) {
        waiters.delete(w);
        w.resolve(params);
      }
    }
  };

  connection.onRequest('window/workDoneProgress/create', (params: { token: string | number }) => {
    count('window/workDoneProgress/create');
    client.progressTokens.push(params.token);
    return null;
  });
  connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
    count('workspace/configuration');
    return params.items.map((item) => (item.section === 'langflix' ? settings : null));
  });
  for (const method of ['workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'client/registerCapability', 'window/showMessageRequest']) {
    connection.onRequest(method, () => {
      notify(method, undefined);
      return null;
    });
  }
  connection.onNotification('$/progress', (params: { token: string | number; value: ProgressValue }) => {
    const value = { ...params.value, token: params.token };
    client.progress.push(value);
    notify('$/progress', value);
  });
  connection.onNotification('textDocument/publishDiagnostics', (params: { uri: string; diagnostics: Diagnostic[] }) => {
    client.diagnostics.set(params.uri, params.diagnostics);
    notify('textDocument/publishDiagnostics', params);
  });
  connection.onNotification((method: string, params: unknown) => notify(method, params));
  connection.listen();

  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`the server exited with code ${code} before answering initialize: ${client.stderr}`))),
  );
  exited.catch(() => undefined);
  const initialize = connection.sendRequest<InitializeResult>('initialize', {
    processId: process.pid,
    rootUri: null,
    capabilities: {
      window: { workDoneProgress: true },
      workspace: { configuration: true, inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } },
      textDocument: { inlayHint: {}, hover: { contentFormat: ['markdown'] }, documentSymbol: { hierarchicalDocumentSymbolSupport: true } },
    },
    initializationOptions: options.initializationOptions ?? {},
  });
  (client as { initializeResult: InitializeResult }).initializeResult = await Promise.race([initialize, exited]);
  await connection.sendNotification('initialized', {});
  return client;
}

/** The whole document as one range, for inlay-hint requests. */
export const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100_000, character: 0 } };
