/**
 * Runs the built `langflix` executable as a user would: a separate Node process, real files, real
 * exit codes.
 */
import { spawn, spawnSync } from 'node:child_process';
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
  if (!existsSync(cliBin)) throw new Error(`${cliBin} is missing: build first (npm test does)`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], { cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
