/**
 * The runtime matrix: the core, the CLI and the language server, unchanged, under Node, Bun and Deno (the
 * last two from the tests' devDependencies; their versions are printed first). Each runtime runs as a
 * child process; the Gemini-compatible test server runs here. Whatever a runtime does, its result must be
 * the one Node gives, apart from the run's own duration.
 *
 * - the core: a user's script (`scripts/analyze.mjs`) in a temporary project, where the package is
 *   installed as npm would, imports `@langflix/core` by name through the package's exports and analyses
 *   the example offline, then through the test server with the `parallel` and `adaptive` schedulers, most
 *   requests sent from the pool's worker threads (tinypool, `chunk-worker.js`); a TypeScript script checks
 *   against the package's types (tsc, `deno check`, also as `npm:@langflix/core`) and runs under Bun and Deno;
 * - the CLI: `analyze` offline and through the test server with `--mode parallel`, `config` with a
 *   TypeScript (jiti) and a YAML config file, and Ctrl-C (exit 130 with the partial report);
 * - the language server: stdio LSP (initialize, analyse an open document, its annotations, shutdown,
 *   exit) through `langflix lsp --stdio` and the server's own executable; `--socket` and `--node-ipc`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type InitializeResult,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisReport } from '@langflix/core';
import { repoRoot } from '../support/fixtures.js';
import { startGeminiTestServer, type GeminiTestServer } from '../support/gemini-server.js';
import { childEnv, findRuntimes, lastJsonLine, makeUserProject, runProcess, runUnder, startUnder, type ProcessRun, type Runtime, type RuntimeName } from './support.js';

const KEY = 'AIzaSy-runtimes-test-key-8c7b6a5f4e3d';
const example = join(repoRoot, 'examples/sprite-fright.en.srt');
const cliBin = join(repoRoot, 'packages/cli/dist/bin.js');
const serverBin = join(repoRoot, 'packages/language-server/dist/bin.js');
/** Requests in flight in the scheduler runs. */
const MAX_WORKERS = 3;
/**
 * The first MAX_WORKERS requests of a scheduler run answer this late: until the pool's threads are up, the
 * scheduler sends from the main thread, so these give the threads time to load (under half a second on an
 * idle machine, more while the rest of the suite runs); every later request then goes out from a worker
 * thread (checked).
 */
const WARMUP_LATENCY_MS = 3000;
/**
 * Deno's permissions for a script that analyses offline: files, the environment, and the home folder's
 * path (cosmiconfig's env-paths asks for it when the core loads). The README gives the same.
 */
const DENO_OFFLINE = ['--allow-read', '--allow-env', '--allow-sys=homedir'];

let runtimes: Runtime[];
let project: string;
let work: string;
let server: GeminiTestServer;

/** What `scripts/analyze.mjs` prints. */
interface ScriptOutput {
  runtime: { name: RuntimeName; version: string };
  resolved: { import: string; require: string };
  mainThreadRequests: number;
  report: AnalysisReport;
}

/** A report without what belongs to the run itself (its duration). */
function withoutTimings(report: AnalysisReport): unknown {
  const { durationMs: _duration, ...stats } = report.stats;
  return { ...report, stats };
}

/** Checks that every runtime's value equals Node's, naming the runtime that differs. */
function expectSameAsNode<T>(values: ReadonlyMap<RuntimeName, T>): void {
  const node = values.get('node');
  expect(node).toBeDefined();
  for (const [name, value] of values) if (name !== 'node') expect(value, `${name} differs from node`).toEqual(node);
}

const failure = (what: string, run: ProcessRun): string => `${what}: exit ${run.status}${run.signal ? ` (${run.signal})` : ''}\n--- stdout:\n${run.stdout.slice(-1500)}\n--- stderr:\n${run.stderr.slice(-3000)}`;

beforeAll(async () => {
  runtimes = await findRuntimes();
  console.log(`runtime matrix:\n${runtimes.map((r) => `  ${r.name.padEnd(4)}  ${r.version}  (${r.bin})`).join('\n')}`);
  project = makeUserProject();
  work = mkdtempSync(join(tmpdir(), 'langflix-runtimes-work-'));
  server = await startGeminiTestServer({ seed: 8 });
}, 60_000);

afterAll(async () => {
  await server?.close();
  for (const dir of [project, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the core, imported by a script as @langflix/core', { timeout: 120_000 }, () => {
  it('analyses the example offline with one report under Node, Bun and Deno', async () => {
    const reports = new Map<RuntimeName, unknown>();
    for (const runtime of runtimes) {
      const run = await runUnder(runtime, 'analyze.mjs', [example, JSON.stringify({ name: 'sprite-fright.en.srt' })], { cwd: project, permissions: DENO_OFFLINE });
      expect(run.status, failure(runtime.name, run)).toBe(0);
      const out = lastJsonLine<ScriptOutput>(run);
      expect(out.runtime.name).toBe(runtime.name);
      // The package's exports led both `import` and `require` to the installed entry.
      const entry = realpathSync(join(project, 'node_modules/@langflix/core/dist/index.js'));
      expect(realpathSync(fileURLToPath(out.resolved.import))).toBe(entry);
      expect(realpathSync(out.resolved.require)).toBe(entry);
      const report = AnalysisReport.parse(out.report);
      expect(report.config.provider).toBe('lexicon');
      expect(report.expressions.length).toBeGreaterThan(20);
      console.log(`${runtime.name} ${out.runtime.version}: offline, ${report.expressions.length} expressions in ${report.stats.durationMs} ms (process ${run.ms} ms)`);
      reports.set(runtime.name, withoutTimings(report));
    }
    expectSameAsNode(reports);
  });

  it('types: a TypeScript script checks against the exports with tsc (NodeNext) and deno check (also as npm:@langflix/core), and runs under Bun and Deno', async () => {
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: ['node'] }, files: ['typed.ts'] }),
    );
    writeFileSync(join(project, 'typed-npm.ts'), readFileSync(join(project, 'typed.ts'), 'utf8').replace("from '@langflix/core'", "from 'npm:@langflix/core'"));
    const tsc = await runProcess(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', project], { cwd: project });
    expect(tsc.status, failure('tsc', tsc)).toBe(0);
    const deno = runtimes.find((r) => r.name === 'deno')!;
    for (const file of ['typed.ts', 'typed-npm.ts']) {
      const check = await runProcess(deno.bin, ['check', file], { cwd: project });
      expect(check.status, failure(`deno check ${file}`, check)).toBe(0);
    }
    const outputs = new Map<RuntimeName, unknown>();
    for (const [runtime, file] of [['bun', 'typed.ts'], ['deno', 'typed.ts'], ['deno', 'typed-npm.ts']] as const) {
      const run = await runUnder(runtimes.find((r) => r.name === runtime)!, file, [], { cwd: project, permissions: DENO_OFFLINE });
      expect(run.status, failure(`${runtime} ${file}`, run)).toBe(0);
      const out = lastJsonLine<{ expressions: string[] }>(run);
      expect(out.expressions).toContain('give up');
      if (outputs.has(runtime)) expect(out).toEqual(outputs.get(runtime));
      outputs.set(runtime, out);
    }
    expect(outputs.get('deno')).toEqual(outputs.get('bun'));
    console.log(`types: tsc ${tsc.ms} ms; deno check, bun and deno ran typed.ts (deno also through npm:@langflix/core)`);
  });

  for (const mode of ['parallel', 'adaptive'] as const) {
    it(`analyses through the Gemini-compatible test server with the ${mode} scheduler on worker threads, one report everywhere`, async () => {
      const reports = new Map<RuntimeName, unknown>();
      const port = new URL(server.url).port;
      for (const runtime of runtimes) {
        const base = server.requests.length;
        server.configure({ resetQuotas: true, script: [], latencyMs: (n) => (n - base < MAX_WORKERS ? WARMUP_LATENCY_MS : 20) });
        const options = {
          name: 'sprite-fright.en.srt',
          provider: { name: 'gemini', baseUrl: server.url },
          mode,
          maxWorkers: MAX_WORKERS,
          maxInputChars: 300,
          level: 'mixed',
          maxExpressions: 0,
          retry: { baseDelayMs: 20, maxDelayMs: 200 },
        };
        const run = await runUnder(runtime, 'analyze.mjs', [example, JSON.stringify(options)], {
          cwd: project,
          env: childEnv({ GEMINI_API_KEY: KEY }),
          permissions: [...DENO_OFFLINE, `--allow-net=127.0.0.1:${port}`],
        });
        expect(run.status, failure(`${runtime.name} ${mode}`, run)).toBe(0);
        const out = lastJsonLine<ScriptOutput>(run);
        const report = AnalysisReport.parse(out.report);
        const requests = server.requests.slice(base);
        expect(report.config).toMatchObject({ provider: 'gemini', scheduler: mode, maxWorkers: MAX_WORKERS });
        expect(report.chunks.failed).toEqual([]);
        expect(report.chunks.total).toBeGreaterThanOrEqual(10);
        expect(requests.map((r) => r.outcome)).toEqual(requests.map(() => 'ok'));
        expect(requests.length).toBe(report.chunks.total);
        // Requests not sent from the main thread came from the pool's worker threads.
        const fromWorkers = requests.length - out.mainThreadRequests;
        console.log(`${runtime.name}: ${mode}, ${report.chunks.total} chunks, ${requests.length} requests, ${fromWorkers} from worker threads, ${report.expressions.length} expressions (process ${run.ms} ms)`);
        expect(fromWorkers, `${runtime.name}: no request came from a worker thread`).toBeGreaterThan(0);
        reports.set(runtime.name, withoutTimings(report));
      }
      expectSameAsNode(reports);
    });
  }
});

describe('the CLI', { timeout: 120_000 }, () => {
  it('runs under `deno run -A` from the clone as it is, with no --node-modules-dir flag (the README’s alias)', async () => {
    const deno = runtimes.find((r) => r.name === 'deno')!;
    const node = await runUnder(runtimes.find((r) => r.name === 'node')!, cliBin, ['analyze', example, '--json', '--no-cache'], { cwd: repoRoot });
    const run = await runProcess(deno.bin, ['run', '-A', cliBin, 'analyze', example, '--json', '--no-cache'], { cwd: repoRoot, env: childEnv() });
    expect(run.status, failure('deno run -A langflix analyze', run)).toBe(0);
    expect(withoutTimings(AnalysisReport.parse(JSON.parse(run.stdout)))).toEqual(withoutTimings(AnalysisReport.parse(JSON.parse(node.stdout))));
  });

  it('analyze: offline, and through the test server with --mode parallel, the same JSON under Node, Bun and Deno', async () => {
    const offline = new Map<RuntimeName, unknown>();
    const remote = new Map<RuntimeName, unknown>();
    for (const runtime of runtimes) {
      const local = await runUnder(runtime, cliBin, ['analyze', example, '--json', '--no-cache'], { cwd: project });
      expect(local.status, failure(`${runtime.name} langflix analyze`, local)).toBe(0);
      const report = AnalysisReport.parse(JSON.parse(local.stdout));
      expect(report.config.provider).toBe('lexicon');
      offline.set(runtime.name, withoutTimings(report));

      const base = server.requests.length;
      server.configure({ resetQuotas: true, script: [], latencyMs: 20 });
      const args = ['analyze', example, '--json', '--no-cache', '--base-url', server.url, '--mode', 'parallel', '--max-workers', String(MAX_WORKERS), '--max-input-chars', '300'];
      const run = await runUnder(runtime, cliBin, args, { cwd: project, env: childEnv({ GEMINI_API_KEY: KEY }) });
      expect(run.status, failure(`${runtime.name} langflix analyze --mode parallel`, run)).toBe(0);
      const viaServer = AnalysisReport.parse(JSON.parse(run.stdout));
      expect(viaServer.config).toMatchObject({ provider: 'gemini', scheduler: 'parallel' });
      expect(viaServer.chunks.failed).toEqual([]);
      expect(server.requests.length - base).toBe(viaServer.chunks.total);
      console.log(`${runtime.name}: langflix analyze offline ${local.ms} ms, parallel via the test server ${run.ms} ms (${viaServer.chunks.total} chunks)`);
      remote.set(runtime.name, withoutTimings(viaServer));
    }
    expectSameAsNode(offline);
    expectSameAsNode(remote);
  });

  it('config: reads a TypeScript config file (jiti) and a YAML one', async () => {
    const tsDir = join(work, 'config-ts');
    const yamlDir = join(work, 'config-yaml');
    for (const dir of [tsDir, yamlDir]) {
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'package.json'), '{ "private": true }\n');
    }
    writeFileSync(join(tsDir, 'langflix.config.ts'), "const level: string = 'B2';\nexport default { level, maxWorkers: 3 };\n");
    writeFileSync(join(yamlDir, '.langflixrc.yaml'), 'level: C1\nmaxWorkers: 2\n');
    const seen = new Map<RuntimeName, unknown>();
    for (const runtime of runtimes) {
      const values: Record<string, unknown> = {};
      for (const dir of [tsDir, yamlDir]) {
        const run = await runUnder(runtime, cliBin, ['config', '--json'], { cwd: dir });
        expect(run.status, failure(`${runtime.name} langflix config`, run)).toBe(0);
        const { file, settings } = JSON.parse(run.stdout) as { file: string; settings: { key: string; value: unknown; source: string }[] };
        expect(realpathSync(file)).toBe(realpathSync(join(dir, dir === tsDir ? 'langflix.config.ts' : '.langflixrc.yaml')));
        values[dir === tsDir ? 'ts' : 'yaml'] = settings.filter((s) => s.key === 'level' || s.key === 'maxWorkers').map((s) => [s.key, String(s.value)]);
      }
      seen.set(runtime.name, values);
    }
    expect(seen.get('node')).toEqual({ ts: [['level', 'B2'], ['maxWorkers', '3']], yaml: [['level', 'C1'], ['maxWorkers', '2']] });
    expectSameAsNode(seen);
  });

  it('Ctrl-C: the requests in flight (on worker threads once they are up) are aborted, the partial report is written, exit 130', async () => {
    for (const runtime of runtimes) {
      const out = join(work, `interrupted-${runtime.name}.json`);
      const base = server.requests.length;
      // Two answers from the main thread while the threads load, then requests that never answer.
      server.configure({ resetQuotas: true, latencyMs: (n) => (n - base < 2 ? 1500 : 0), script: ['ok', 'ok', ...Array<'hang'>(40).fill('hang')] });
      const args = ['analyze', example, '--out', out, '--format', 'json', '--quiet', '--no-cache', '--base-url', server.url, '--mode', 'parallel', '--max-workers', '2', '--max-input-chars', '300'];
      const cli = startUnder(runtime, cliBin, args, { cwd: project, env: childEnv({ GEMINI_API_KEY: KEY }) });
      const deadline = Date.now() + 20_000;
      const hanging = () => server.requests.slice(base).filter((r) => r.outcome === 'hang').length;
      while (hanging() < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(hanging(), `${runtime.name}: no request hung`).toBe(2);
      const pressed = Date.now();
      cli.child.kill('SIGINT');
      const run = await cli.result;
      server.configure({ script: [] });
      expect(run.status, failure(`${runtime.name} Ctrl-C`, run)).toBe(130);
      const report = AnalysisReport.parse(JSON.parse(readFileSync(out, 'utf8')));
      expect(report.chunks.succeeded).toBe(2);
      expect(report.chunks.failed.length).toBe(report.chunks.total - 2);
      expect(report.chunks.failed.every((f) => f.error === 'InterruptedError')).toBe(true);
      // Both hung requests were aborted, and nothing was sent after Ctrl-C.
      await expect.poll(() => server.requests.slice(base).filter((r) => r.outcome === 'hang' && r.aborted).length).toBe(2);
      expect(server.requests.length - base).toBe(4);
      console.log(`${runtime.name}: Ctrl-C → exit 130 after ${Date.now() - pressed} ms, partial report written`);
    }
  });
});

describe('the language server', { timeout: 120_000 }, () => {
  const entries = [
    { name: 'langflix lsp --stdio', file: cliBin, args: ['lsp', '--stdio'] },
    { name: 'langflix-language-server --stdio', file: serverBin, args: ['--stdio'] },
  ];
  for (const entry of entries) {
    it(`stdio, ${entry.name}: initialize, analyse the open example, annotations, shutdown, exit`, async (context) => {
      if (!existsSync(entry.file)) {
        console.log(`skipped: ${entry.file} is not built`);
        context.skip();
      }
      const results = new Map<RuntimeName, unknown>();
      const text = readFileSync(example, 'utf8');
      const uri = pathToFileURL(join(work, 'not-on-disk', 'sprite-fright.en.srt')).href;
      for (const runtime of runtimes) {
        const started = Date.now();
        const child = startUnder(runtime, entry.file, entry.args, { cwd: project, env: childEnv({ XDG_CACHE_HOME: join(work, `cache-${runtime.name}`) }) });
        const connection = createProtocolConnection(new StreamMessageReader(child.child.stdout), new StreamMessageWriter(child.child.stdin));
        connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) =>
          params.items.map((i) => (i.section === 'langflix' ? { provider: 'lexicon', cache: false } : null)),
        );
        for (const method of ['window/workDoneProgress/create', 'workspace/inlayHint/refresh', 'workspace/codeLens/refresh', 'client/registerCapability']) connection.onRequest(method, () => null);
        connection.listen();
        try {
          const init = await connection.sendRequest<InitializeResult>('initialize', {
            processId: process.pid,
            rootUri: null,
            capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } },
          });
          expect(init.serverInfo?.name).toBe('langflix');
          await connection.sendNotification('initialized', {});
          await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'subrip', version: 1, text } });
          const analyzed = await connection.sendRequest<{ durationMs: number } & Record<string, unknown>>('workspace/executeCommand', { command: 'langflix.analyze', arguments: [uri] });
          const annotations = await connection.sendRequest<{ annotations: unknown[] }>('langflix/annotations', { uri });
          expect(annotations.annotations.length).toBeGreaterThan(20);
          await connection.sendRequest('shutdown');
          await connection.sendNotification('exit');
          const run = await child.result;
          expect(run.status, failure(`${runtime.name} ${entry.name}`, run)).toBe(0);
          const { durationMs: _duration, ...result } = analyzed;
          console.log(`${runtime.name}: ${entry.name}: ${String(result.expressions)} expressions, ${annotations.annotations.length} annotations, exit 0 after ${Date.now() - started} ms`);
          results.set(runtime.name, { capabilities: init.capabilities, result, annotations });
        } finally {
          connection.dispose();
          child.child.kill();
        }
      }
      expectSameAsNode(results);
    });
  }

  it('other transports: --socket and --node-ipc under Node, Bun and Deno', async (context) => {
    if (!existsSync(serverBin)) {
      console.log(`skipped: ${serverBin} is not built`);
      context.skip();
    }
    /** initialize and shutdown over a connection, then wait for exit 0. */
    const handshake = async (what: string, connection: ProtocolConnection, child: ChildProcess) => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      connection.listen();
      try {
        const init = await connection.sendRequest<InitializeResult>('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
        expect(init.serverInfo?.name, what).toBe('langflix');
        await connection.sendRequest('shutdown');
        await connection.sendNotification('exit');
        expect(await exited, `${what}: exit code`).toBe(0);
      } finally {
        connection.dispose();
        child.kill();
      }
    };
    for (const runtime of runtimes) {
      const listener = createServer();
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      const socket = new Promise<Socket>((resolve) => listener.once('connection', resolve));
      const viaSocket = spawn(runtime.bin, [...runtime.args(), serverBin, `--socket=${(listener.address() as AddressInfo).port}`], { cwd: project, env: childEnv(), stdio: 'ignore' });
      const exitedEarly = new Promise<never>((_, reject) => viaSocket.once('exit', (code) => reject(new Error(`${runtime.name} --socket: the server exited (${code}) before connecting`))));
      const connected = await Promise.race([socket, exitedEarly]);
      exitedEarly.catch(() => undefined);
      listener.close();
      await handshake(`${runtime.name} --socket`, createProtocolConnection(new SocketMessageReader(connected), new SocketMessageWriter(connected)), viaSocket);
      const viaIpc = spawn(runtime.bin, [...runtime.args(), serverBin, '--node-ipc'], { cwd: project, env: childEnv(), stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
      await handshake(`${runtime.name} --node-ipc`, createProtocolConnection(new IPCMessageReader(viaIpc), new IPCMessageWriter(viaIpc)), viaIpc);
      console.log(`${runtime.name}: --socket and --node-ipc answer`);
    }
  });
});
