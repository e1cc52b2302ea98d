/**
 * The language server over real stdio JSON-RPC, driven by a real protocol client: analysis with progress,
 * inlay hints, hovers, symbols, code lenses and diagnostics, results chunk by chunk, edits, the response
 * cache, cancellation, broken files, the API key, and `langflix lsp --stdio`.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CodeLens, DocumentSymbol, Hover, InlayHint } from 'vscode-languageserver-protocol';
import { AnnotationsRequest, Commands, SetApiKeyRequest, type AnalyzeResult, type AnnotationsResult, type ExportResult } from '@langflix/language-server/protocol';
import { cliBin } from '../support/cli.js';
import { fixturesDir, repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { startClient, WHOLE, type ProgressValue, type TestClient } from './support.js';

const KEY = 'AIzaSy-lsp-test-key-7e6d5c4b3a29';
const SPRITE = readFileSync(join(repoRoot, 'examples/sprite-fright.en.srt'), 'utf8');
const work = mkdtempSync(join(tmpdir(), 'langflix-lsp-'));
/** A path that does not exist: the server must analyse the editor's text, never the disk. */
const docPath = (name: string) => join(work, 'not-on-disk', name);

const analyze = (client: TestClient, uri: string) => client.connection.sendRequest<AnalyzeResult>('workspace/executeCommand', { command: Commands.analyze, arguments: [uri] });
const hints = (client: TestClient, uri: string) => client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: WHOLE });
const annotations = (client: TestClient, uri: string) => client.connection.sendRequest<AnnotationsResult>(AnnotationsRequest, { uri });
const progressOf = (client: TestClient, token: string | number | undefined) => client.progress.filter((p) => p.token === token);
const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

describe('language server, offline lexicon', () => {
  let client: TestClient;
  let uri: string;
  let result: AnalyzeResult;
  beforeAll(async () => {
    client = await startClient({ settings: { provider: 'lexicon', cacheDir: join(work, 'cache-lexicon') } });
    uri = client.open(docPath('sprite-fright.en.srt'), SPRITE);
    result = await analyze(client, uri);
  }, 30_000);
  afterAll(async () => expect(await client.close()).toBe(0));

  it('initializes with the LangFlix capabilities', () => {
    const { capabilities, serverInfo } = client.initializeResult;
    expect(serverInfo?.name).toBe('langflix');
    expect(capabilities.inlayHintProvider).toBeTruthy();
    expect(capabilities.hoverProvider).toBe(true);
    expect(capabilities.documentSymbolProvider).toBeTruthy();
    expect(capabilities.codeLensProvider).toBeTruthy();
    expect(capabilities.executeCommandProvider?.commands).toEqual(['langflix.analyze', 'langflix.cancel', 'langflix.export', 'langflix.syncWithMedia']);
  });

  it('analyses the open text with work-done progress begin, report with chunks done/total, end', () => {
    expect(result).toMatchObject({ cancelled: false, provider: 'lexicon', chunks: { total: 1, succeeded: 1, failed: 0 } });
    expect(result.expressions).toBeGreaterThan(20);
    expect(client.progressTokens).toHaveLength(1);
    const values = progressOf(client, client.progressTokens[0]);
    expect(values[0]).toMatchObject({ kind: 'begin', title: 'LangFlix', cancellable: true });
    expect(values.filter((v) => v.kind === 'report').map((v) => (v as ProgressValue & { message?: string }).message)).toContain('1/1 chunks');
    expect(values.at(-1)?.kind).toBe('end');
  });

  it('puts an inlay hint at the end of the line where each expression is spoken', async () => {
    const all = await hints(client, uri);
    expect(all).toHaveLength(result.annotations);
    for (const h of all) expect(label(h)).toMatch(/^⟵ .+ · [a-z ]+ · \d\d:\d\d:\d\d,\d{3}$/);
    const lines = SPRITE.split('\n');
    const bonus = all.find((h) => label(h).startsWith('⟵ bonus points · idiom · 00:00:2'));
    expect(bonus?.position).toEqual({ line: 10, character: lines[10]!.length });
    expect(lines[10]).toBe('Latin name bonus-points!');
    const partial = await client.connection.sendRequest<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 12, character: 0 } } });
    expect(partial.map(label)).toEqual([label(bonus!)]);
  });

  it('hovers over the words: expression, meaning, level, similar expressions, cue and times', async () => {
    const hover = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 14 } });
    const value = (hover?.contents as { value: string }).value;
    expect(value).toMatch(/^\*\*bonus points\*\* · idiom/);
    expect(value).toMatch(/Cue 3 · 00:00:2\d,\d{3} → 00:00:2\d,\d{3}/);
    expect(hover?.range).toEqual({ start: { line: 10, character: 11 }, end: { line: 10, character: 23 } });
    const nothing = await client.connection.sendRequest<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: 10, character: 2 } });
    expect(nothing).toBeNull();
  });

  it('lists the expressions as document symbols in time order', async () => {
    const symbols = await client.connection.sendRequest<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols).toHaveLength(result.annotations);
    const times = symbols.map((s) => s.detail!.split(' · ').at(-1)!);
    expect([...times].sort()).toEqual(times);
    expect(symbols.find((s) => s.name === 'bonus points')?.detail).toMatch(/^idiom · 00:00:2/);
  });

  it('shows the count, Re-analyze and Export as code lenses on the first line', async () => {
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    expect(lenses.map((l) => l.command?.title)).toEqual([`LangFlix: ${result.expressions} expressions`, 'Re-analyze', 'Export']);
    expect(lenses.every((l) => l.range.start.line === 0)).toBe(true);
    expect(lenses[1]?.command).toMatchObject({ command: 'langflix.analyze', arguments: [uri] });
  });

  it('exports the report as JSON by default, and lists the other file formats of @langflix/core/formats', async () => {
    const formats = (client.initializeResult.capabilities.experimental as { langflix: { exportFormats: string[] } }).langflix.exportFormats;
    expect(formats).toEqual(['json', 'jsonl', 'csv', 'anki', 'srt', 'vtt', 'markdown']);
    const exported = await client.connection.sendRequest<ExportResult>('workspace/executeCommand', { command: Commands.export, arguments: [uri] });
    const report = JSON.parse(exported.content) as { expressions: unknown[]; config: { provider: string } };
    expect(report.config.provider).toBe('lexicon');
    expect(report.expressions).toHaveLength(result.expressions);
  });

  it('publishes an Information diagnostic over each expression, and none once turned off', async () => {
    const info = (client.diagnostics.get(uri) ?? []).filter((d) => d.severity === 3);
    expect(info).toHaveLength(result.annotations);
    expect(info.find((d) => d.range.start.line === 10)?.message).toMatch(/^bonus points \(idiom, 00:00:2\d,\d{3}\): /);
    client.setSettings({ provider: 'lexicon', expressionDiagnostics: false });
    const published = client.waitFor<{ uri: string; diagnostics: unknown[] }>('textDocument/publishDiagnostics', (p) => p.uri === uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    expect((await published).diagnostics).toEqual([]);
  });
});

describe('language server, Gemini-compatible test server', () => {
  let server: GeminiTestServer;
  let client: TestClient;
  let uri: string;
  beforeAll(async () => {
    server = await startGeminiTestServer({ latencyMs: 150 });
    client = await startClient({
      settings: { provider: 'gemini', baseUrl: server.url, maxInputChars: 1200, schedulerMode: 'sequential', level: 'mixed', cacheDir: join(work, 'cache-gemini') },
      initializationOptions: { apiKey: KEY },
    });
    uri = client.open(docPath('sprite-fright.en.srt'), SPRITE);
  }, 30_000);
  afterAll(async () => {
    expect(await client.close()).toBe(0);
    await server.close();
  });

  it('shows results chunk by chunk as they finish, then the whole report', async () => {
    const firstChunk = client.waitFor<ProgressValue & { message?: string }>('$/progress', (p) => p.kind === 'report' && p.message === '1/3 chunks');
    const running = analyze(client, uri);
    await firstChunk;
    const partial = await annotations(client, uri);
    expect(partial.analyzing).toBe(true);
    expect(partial.annotations.length).toBeGreaterThan(0);
    const result = await running;
    expect(result).toMatchObject({ cancelled: false, provider: 'gemini', requests: 3, cacheHits: 0, chunks: { total: 3, succeeded: 3, failed: 0 } });
    const final = await annotations(client, uri);
    expect(final.analyzing).toBe(false);
    expect(final.annotations.length).toBeGreaterThan(partial.annotations.length);
    expect(final.annotations.every((a) => a.translation?.startsWith('[ko] '))).toBe(true);
    expect(client.counts.get('workspace/inlayHint/refresh')).toBeGreaterThanOrEqual(3);
    const reports = progressOf(client, client.progressTokens.at(-1)).filter((p) => p.kind === 'report').map((p) => (p as { message?: string }).message);
    expect(reports).toEqual(['0/3 chunks', '1/3 chunks', '2/3 chunks', '3/3 chunks']);
  });

  it('never calls the model from a hover, an inlay hint, a symbol or a code lens request', async () => {
    const before = server.requests.length;
    const { annotations: all } = await annotations(client, uri);
    for (const a of all.slice(0, 10)) {
      await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: a.range.start });
      await hints(client, uri);
    }
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    await client.connection.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    expect(server.requests.length).toBe(before);
  });

  it('an edit drops the results of the cue it touched; analysing again sends only the touched chunk', async () => {
    const before = (await annotations(client, uri)).annotations;
    const target = before.find((a) => a.cueIndex > 40)!;
    const onCue = before.filter((a) => a.cueIndex === target.cueIndex).length;
    const changed = client.waitFor('langflix/annotationsChanged', (p: { count: number }) => p.count === before.length - onCue);
    // Same length, so the chunks keep their bounds (they are cut by a character budget).
    const length = target.range.end.character - target.range.start.character;
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: target.range, text: 'z'.repeat(length) }],
    });
    await changed;
    const after = (await annotations(client, uri)).annotations;
    expect(after.map((a) => a.id)).toEqual(before.filter((a) => a.cueIndex !== target.cueIndex).map((a) => a.id));

    // An edit outside every cue's text (the counter line of cue 1) moves nothing.
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, text: '1' }] });
    expect((await annotations(client, uri)).annotations).toHaveLength(after.length);

    const requests = server.requests.length;
    const again = await analyze(client, uri);
    expect(again).toMatchObject({ requests: 1, cacheHits: 2, cancelled: false });
    expect(server.requests.length).toBe(requests + 1);
    expect(client.stderr).not.toContain(KEY);
  });
});

describe('language server, cancellation', () => {
  let server: GeminiTestServer;
  let client: TestClient;
  beforeAll(async () => {
    server = await startGeminiTestServer({ latencyMs: 400 });
    client = await startClient({
      settings: { provider: 'gemini', baseUrl: server.url, maxInputChars: 300, schedulerMode: 'sequential', cache: false },
      initializationOptions: { apiKey: KEY },
    });
  }, 30_000);
  afterAll(async () => {
    expect(await client.close()).toBe(0);
    await server.close();
  });

  it('langflix.cancel stops a run mid-way: the progress ends and no more requests are sent', async () => {
    const uri = client.open(docPath('cancel.srt'), SPRITE);
    const second = client.waitFor<ProgressValue & { message?: string }>('$/progress', (p) => p.kind === 'report' && p.message === '2/12 chunks');
    const running = analyze(client, uri);
    await second;
    const cancelled = await client.connection.sendRequest<boolean>('workspace/executeCommand', { command: Commands.cancel, arguments: [uri] });
    expect(cancelled).toBe(true);
    const result = await running;
    expect(result.cancelled).toBe(true);
    expect(result.chunks.total).toBe(12);
    expect(result.chunks.succeeded).toBeGreaterThanOrEqual(2);
    expect(result.chunks.succeeded).toBeLessThan(12);
    expect(progressOf(client, client.progressTokens.at(-1)).at(-1)?.kind).toBe('end');
    const sent = server.requests.length;
    await new Promise((r) => setTimeout(r, 1000));
    expect(server.requests.length).toBe(sent);
    expect(sent).toBeLessThan(12);
    // What finished before the cancel stays; nothing is reported as a failed chunk.
    expect((client.diagnostics.get(uri) ?? []).filter((d) => d.code === 'chunk-failed')).toEqual([]);
    expect(await client.connection.sendRequest('workspace/executeCommand', { command: Commands.cancel, arguments: [uri] })).toBe(false);
  });

  it('cancelling the progress (window/workDoneProgress/cancel) stops the run too', async () => {
    const uri = client.open(docPath('cancel-progress.srt'), SPRITE);
    const first = client.waitFor<ProgressValue & { message?: string }>('$/progress', (p) => p.kind === 'report' && p.message === '1/12 chunks');
    const running = analyze(client, uri);
    const { token } = await first;
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token });
    expect((await running).cancelled).toBe(true);
  });
});

describe('language server, broken files and keys', () => {
  let client: TestClient;
  beforeAll(async () => void (client = await startClient({ settings: { provider: 'auto', cache: false } })), 30_000);
  afterAll(async () => expect(await client.close()).toBe(0));

  it('reports a broken cue as a Warning on its line and analyses the rest', async () => {
    const text = '1\n00:00:01,000 --> 00:00:02,000\nHello there.\n\n2\n00:00:03,000 --> 00:0x:04,000\nBroken timing.\n\n3\n00:00:05,000 --> 00:00:06,000\nDon’t give up now.\n';
    const published = client.waitFor<{ uri: string }>('textDocument/publishDiagnostics', (p) => p.uri.endsWith('broken.srt'));
    const uri = client.open(docPath('broken.srt'), text);
    await published;
    const warnings = (client.diagnostics.get(uri) ?? []).filter((d) => d.severity === 2);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ range: { start: { line: 5 } }, code: 'timing-line', source: 'langflix' });
    expect(warnings[0]!.message).toMatch(/invalid timing line/);
    const result = await analyze(client, uri);
    expect(result.provider).toBe('lexicon');
    const [hint, ...others] = await hints(client, uri);
    expect(others).toEqual([]);
    expect(label(hint!)).toMatch(/^⟵ give up · phrasal verb · 00:00:05,\d{3}$/);
    expect(hint!.position).toEqual({ line: 10, character: 'Don’t give up now.'.length });
  });

  it('refuses a document with no cue, saying why', async () => {
    const uri = client.open(docPath('notes.srt'), 'just some notes\nnothing timed here\n');
    await expect(analyze(client, uri)).rejects.toThrow(/no subtitle cues/);
  });

  it('takes the API key from langflix.setApiKey, never from settings', async () => {
    const server = await startGeminiTestServer();
    try {
      client.setSettings({ provider: 'gemini', baseUrl: server.url, cache: false, apiKey: KEY } as never);
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const uri = client.open(docPath('key.srt'), SPRITE);
      await expect(analyze(client, uri)).rejects.toThrow(/no API key/);
      expect(server.requests).toHaveLength(0);
      await client.connection.sendRequest(SetApiKeyRequest, { apiKey: KEY });
      expect(await analyze(client, uri)).toMatchObject({ provider: 'gemini', cancelled: false, requests: 1 });
      expect(server.requests.every((r) => r.apiKeyGiven)).toBe(true);
    } finally {
      await server.close();
    }
  });

  it('shows a chunk that failed as a Warning on its first cue', async () => {
    const server = await startGeminiTestServer();
    try {
      client.setSettings({ provider: 'gemini', baseUrl: server.url, cache: false, maxInputChars: 1200, schedulerMode: 'sequential' });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.connection.sendRequest(SetApiKeyRequest, { apiKey: 'invalid' });
      const published = client.waitFor<{ uri: string; diagnostics: { code?: string; message: string; range: { start: { line: number } } }[] }>(
        'textDocument/publishDiagnostics',
        (p) => p.uri.endsWith('bad-key.srt') && p.diagnostics.some((d) => d.code === 'chunk-failed'),
      );
      const uri = client.open(docPath('bad-key.srt'), SPRITE);
      const result = await analyze(client, uri);
      expect(result.chunks.failed).toBe(3);
      const failed = (await published).diagnostics.filter((d) => d.code === 'chunk-failed');
      expect(failed.map((d) => d.range.start.line)[0]).toBe(1);
      expect(failed[0]!.message).toMatch(/^chunk 0 failed after \d+ attempts: .*API key not valid/);
    } finally {
      await client.connection.sendRequest(SetApiKeyRequest, { apiKey: null });
      await server.close();
    }
  });

  it('analyses WebVTT and writes times the WebVTT way', async (ctx) => {
    const vtt = join(fixturesDir, 'subtitles/real/elephants-dream.en.vtt');
    if (!existsSync(vtt)) return ctx.skip(`shared fixture ${vtt} is absent`);
    client.setSettings({ provider: 'lexicon', cache: false });
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const uri = client.open(docPath('elephants-dream.en.vtt'), readFileSync(vtt, 'utf8'), 'vtt');
    const result = await analyze(client, uri);
    expect(result.annotations).toBeGreaterThan(0);
    for (const h of await hints(client, uri)) expect(label(h)).toMatch(/ · \d\d:\d\d:\d\d\.\d{3}$/);
  });
});

describe('langflix lsp --stdio', () => {
  it('starts the same server from the CLI', async () => {
    const client = await startClient({ args: [cliBin, 'lsp', '--stdio'] });
    expect(client.initializeResult.serverInfo?.name).toBe('langflix');
    const uri = client.open(docPath('cli.srt'), SPRITE);
    expect((await analyze(client, uri)).expressions).toBeGreaterThan(20);
    expect(await client.close()).toBe(0);
  });

  it('exports in the CLI’s file formats', async () => {
    const client = await startClient({ args: [cliBin, 'lsp', '--stdio'], settings: { provider: 'lexicon', cache: false } });
    const formats = (client.initializeResult.capabilities.experimental as { langflix: { exportFormats: string[] } }).langflix.exportFormats;
    expect(formats[0]).toBe('json');
    expect(formats).toEqual(expect.arrayContaining(['csv', 'srt', 'vtt', 'anki', 'markdown', 'jsonl']));
    expect(formats).not.toContain('table');
    const uri = client.open(docPath('export.srt'), SPRITE);
    await analyze(client, uri);
    const srt = await client.connection.sendRequest<ExportResult>('workspace/executeCommand', { command: Commands.export, arguments: [uri, 'srt'] });
    expect(srt.extension).toBe('.srt');
    expect(srt.content).toMatch(/^1\r?\n00:00:17,375 --> 00:00:19,458/);
    await expect(client.connection.sendRequest('workspace/executeCommand', { command: Commands.export, arguments: [uri, 'table'] })).rejects.toThrow(/unknown format "table"/);
    expect(await client.close()).toBe(0);
  });
});
