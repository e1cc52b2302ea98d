/**
 * The runtimes of the matrix test: Node (the one running vitest), and Bun and Deno from the tests'
 * devDependencies (`bun`, `deno` on npm; their postinstall puts the platform binary in the package). Each
 * runs as a child process, started without blocking this process, so the Gemini-compatible test server
 * in this process can answer it.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '../support/fixtures.js';

export type RuntimeName = 'node' | 'bun' | 'deno';

/** A runtime and how to run a file under it. */
export interface Runtime {
  readonly name: RuntimeName;
  /** The executable. */
  readonly bin: string;
  /** Its version line(s), from `--version` (Node: `process.version`). */
  readonly version: string;
  /**
   * The arguments before a script's path: for Deno `run` and its permission flags (`permissions`, default
   * `--allow-all`), nothing else — the CLI and the language server of this repository run under `deno run
   * -A` as they are, with no `--node-modules-dir` flag.
   */
  args(options?: { permissions?: readonly string[] }): string[];
}

const fromTests = createRequire(join(repoRoot, 'tests/package.json'));

/** The folder of an installed package of the tests workspace. */
const packageDir = (name: string): string => dirname(fromTests.resolve(`${name}/package.json`));

/**
 * Environment for every child: this one without API keys and LangFlix settings from the caller's shell,
 * no colours, no Deno update check or prompt; then `extra`.
 */
export const childEnv = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(LANGFLIX_|GEMINI_API_KEY$|GOOGLE_API_KEY$|OPENAI_API_KEY$)/.test(key))),
  NO_COLOR: '1',
  DENO_NO_UPDATE_CHECK: '1',
  DENO_NO_PROMPT: '1',
  ...extra,
});

/** The three runtimes, each checked to start; throws with the reason when Bun or Deno cannot run. */
export async function findRuntimes(): Promise<Runtime[]> {
  // Bun's postinstall replaces the placeholder bin/bun.exe with the binary (named so on every platform).
  const bunBin = join(packageDir('bun'), 'bin', 'bun.exe');
  // Deno's postinstall puts its binary beside bin.cjs. Not `.bin/deno`: under pnpm that is bin.cjs, a Node
  // wrapper that runs Deno as its child and passes on neither signals sent to it nor an IPC channel.
  const denoBin = join(packageDir('deno'), process.platform === 'win32' ? 'deno.exe' : 'deno');
  const version = async (name: string, bin: string): Promise<string> => {
    if (!existsSync(bin)) throw new Error(`${name}: ${bin} is missing (was the package's postinstall allowed? see allowBuilds in pnpm-workspace.yaml)`);
    const run = await runProcess(bin, ['--version'], { timeoutMs: 30_000 });
    if (run.status !== 0) {
      throw new Error(`${name}: \`${bin} --version\` failed (${run.status}): ${run.stderr.trim() || run.stdout.trim()} (its postinstall must replace the placeholder with the platform binary: allowBuilds in pnpm-workspace.yaml)`);
    }
    return run.stdout.trim().split('\n').join(', ');
  };
  return [
    { name: 'node', bin: process.execPath, version: `node ${process.version}`, args: () => [] },
    { name: 'bun', bin: bunBin, version: `bun ${await version('bun', bunBin)}`, args: () => [] },
    {
      name: 'deno',
      bin: denoBin,
      version: await version('deno', denoBin),
      args: ({ permissions = ['--allow-all'] } = {}) => ['run', ...permissions],
    },
  ];
}

/** How a child process ended and what it printed. */
export interface ProcessRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** A started child process. */
export interface StartedProcess {
  readonly child: ChildProcessWithoutNullStreams;
  output(): { readonly stdout: string; readonly stderr: string };
  readonly result: Promise<ProcessRun>;
}

/** Starts a process and returns at once; it is killed after `timeoutMs`. */
export function startProcess(bin: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): StartedProcess {
  const started = Date.now();
  const child = spawn(bin, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? childEnv() });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const result = new Promise<ProcessRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return { child, output: () => ({ stdout, stderr }), result };
}

/** Runs a process to its end, stdin closed. */
export function runProcess(bin: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<ProcessRun> {
  const started = startProcess(bin, args, options);
  started.child.stdin.end();
  return started.result;
}

/** Runs a file under a runtime. */
export function runUnder(runtime: Runtime, file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; permissions?: readonly string[] } = {}): Promise<ProcessRun> {
  const { permissions, ...rest } = options;
  return runProcess(runtime.bin, [...runtime.args(permissions ? { permissions } : {}), file, ...args], rest);
}

/** Starts a file under a runtime and returns at once. */
export function startUnder(runtime: Runtime, file: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): StartedProcess {
  return startProcess(runtime.bin, [...runtime.args(), file, ...args], options);
}

/** The last line of a run's stdout, parsed; throws with what the run printed when it is not JSON. */
export function lastJsonLine<T>(run: ProcessRun): T {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`no JSON on stdout (exit ${run.status}${run.signal ? `, ${run.signal}` : ''}):\n${run.stdout.slice(-2000)}\n--- stderr:\n${run.stderr.slice(-4000)}`);
  }
}

/**
 * A user's project in a temporary folder, laid out as `npm install @langflix/core` leaves it: the package's
 * published files (`package.json` and `dist/`, its `files`) copied to `node_modules/@langflix/core`, each of
 * its dependencies beside it (linked to the installed copy), `@types/node` for type checking, a
 * `package.json` of its own, and the scripts of `tests/runtimes/scripts/`.
 */
export function makeUserProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'langflix-runtimes-'));
  const core = join(repoRoot, 'packages/core');
  const manifest = JSON.parse(readFileSync(join(core, 'package.json'), 'utf8')) as { files: string[]; dependencies: Record<string, string> };
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'langflix-user-script', private: true, type: 'module', dependencies: { '@langflix/core': '*' } }, null, 2));
  const installed = join(dir, 'node_modules/@langflix/core');
  mkdirSync(installed, { recursive: true });
  cpSync(join(core, 'package.json'), join(installed, 'package.json'));
  for (const entry of manifest.files) cpSync(join(core, entry), join(installed, entry), { recursive: true, filter: (from) => !from.endsWith('.tsbuildinfo') });
  const link = (name: string, target: string) => {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(realpathSync(target), join(dir, 'node_modules', name), 'dir');
  };
  for (const name of Object.keys(manifest.dependencies)) link(name, join(core, 'node_modules', name));
  link('@types/node', join(repoRoot, 'node_modules/@types/node'));
  const scripts = fileURLToPath(new URL('./scripts/', import.meta.url));
  for (const name of readdirSync(scripts)) cpSync(join(scripts, name), join(dir, name));
  return dir;
}
