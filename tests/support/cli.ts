/**
 * Runs the built `langflix` executable as a user would: a separate Node process, real files, real
 * exit codes.
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './fixtures.js';

/** The built CLI entry point (`npm test` builds it before the tests run). */
export const cliBin = join(repoRoot, 'packages/cli/dist/bin.js');

/** What a CLI run printed and how it ended. */
export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `langflix <args>` in `cwd` and waits for it. */
export function runCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build first (npm test does)`);
  const run = spawnSync(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env, NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Runs `langflix <args>` without blocking this process's event loop, so a server in this process (the
 * Gemini-compatible test server) can answer the CLI's requests.
 */
export function runCliAsync(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliRun> {
  return startCli(args, options).result;
}

/** A CLI process started by {@link startCli}. */
export interface StartedCli {
  /** The process, to send it signals (`child.kill('SIGINT')` is Ctrl-C). */
  readonly child: ChildProcessWithoutNullStreams;
  /** What it printed so far (grows while it runs). */
  output(): { readonly stdout: string; readonly stderr: string };
  /** Settles when it exits. */
  readonly result: Promise<CliRun>;
}

/**
 * Starts `langflix <args>` and returns at once, so a test can act while it runs (send SIGINT, watch the
 * test server's log). Killed after `timeoutMs` so a stuck run cannot hang the suite.
 */
export function startCli(args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): StartedCli {
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build first (npm test does)`);
  const child = spawn(process.execPath, [cliBin, ...args], { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const result = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
  return { child, output: () => ({ stdout, stderr }), result };
}
