/**
 * A real Redis for tests: the one `.ci/run` started (`LANGFLIX_TEST_REDIS_URL`), else Debian's
 * `redis-server` started here on a free loopback port with nothing saved to disk, stopped by `stop()`.
 * Without either, `startTestRedis` says why, and the tests that need Redis skip with that reason.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './net.js';

/** A Redis server for a test file. */
export interface TestRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Where it came from, for the log: `LANGFLIX_TEST_REDIS_URL` or `redis-server <version> on port <port>`. */
  readonly origin: string;
  /** Stops the server if this process started it. */
  stop(): Promise<void>;
}

/** Why there is no Redis for the tests, or null when there is one to start. */
export function redisUnavailable(): string | null {
  if (process.env.LANGFLIX_TEST_REDIS_URL) return null;
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return 'redis-server is not installed (Debian: apt-get install redis-server; .ci/run installs it), and LANGFLIX_TEST_REDIS_URL is not set';
  return null;
}


/**
 * The Redis of this test run: `LANGFLIX_TEST_REDIS_URL` when set, else a `redis-server` child on a free
 * port (`--save '' --appendonly no`: nothing on disk), ready to take commands.
 * @throws {Error} when redis-server does not come up within 10 s
 */
export async function startTestRedis(): Promise<TestRedis> {
  const given = process.env.LANGFLIX_TEST_REDIS_URL;
  if (given) return { url: given, origin: 'LANGFLIX_TEST_REDIS_URL', stop: async () => {} };
  const version = /v=(\S+)/.exec(spawnSync('redis-server', ['--version'], { encoding: 'utf8' }).stdout)?.[1] ?? '?';
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d));
    const ready = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 10_000);
      const check = () => {
        if (/Ready to accept connections/i.test(output)) {
          clearTimeout(timer);
          resolve(true);
        }
      };
      child.stdout!.on('data', check);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve(false);
      });
    });
    if (ready) return { url: `redis://127.0.0.1:${port}`, origin: `redis-server ${version} on port ${port}`, stop: () => stopChild(child) };
    await stopChild(child);
    // Another process may have taken the port between the probe and the start: try another.
    if (tries >= 2) throw new Error(`redis-server did not start: ${output.trim().split('\n').slice(-3).join(' | ')}`);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
