/**
 * Redis for the producer and the workers: connection options from a URL, a start that fails fast when
 * the server cannot be reached (BullMQ itself would retry for ever), and the queue-wide 429 pause.
 */
import { FatalError, redactUrl } from '@langflix/core';
import type { ConnectionOptions, Queue } from 'bullmq';

/** The default queue name (config `queue`). */
export const DEFAULT_QUEUE = 'langflix';
/** BullMQ's key prefix; the default, so BullMQ dashboards find the queue. */
export const DEFAULT_PREFIX = 'bull';
/** How long a first connection may take before the run fails, in milliseconds. */
export const CONNECT_TIMEOUT_MS = 10_000;

/**
 * BullMQ connection options for a `redis://` or `rediss://` URL.
 * @throws {RangeError} for anything else
 */
export function connectionFor(url: string): ConnectionOptions {
  if (!/^rediss?:\/\/\S+$/.test(url)) throw new RangeError(`expected a redis:// or rediss:// URL, got ${JSON.stringify(redactUrl(url))}`);
  return { url };
}

/** Anything of BullMQ's with a connection: a Queue, a Worker, QueueEvents. */
interface Connectable {
  waitUntilReady(): Promise<unknown>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/**
 * Waits until every one of `parts` is connected.
 * @throws {FatalError} `cannot reach Redis at <url, password hidden>: <last error>` after `timeoutMs` (a
 *   `FatalError`, as a bad key is: nothing is sent, and trying again at once would not help)
 */
export async function connected(url: string, parts: readonly Connectable[], timeoutMs = CONNECT_TIMEOUT_MS): Promise<void> {
  let lastError: Error | null = null;
  for (const part of parts) part.on('error', (error) => void (lastError = error));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new FatalError(`cannot reach Redis at ${redactUrl(url)}: ${lastError?.message ?? `no answer in ${Math.round(timeoutMs / 1000)} s`}`)), timeoutMs);
  });
  try {
    await Promise.race([Promise.all(parts.map((p) => p.waitUntilReady())), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The value BullMQ's manual rate limit (`queue.rateLimit`) puts in the queue's limiter key. A limiter count
 * at or above {@link PAUSE_MARK} is such a pause, never a count of jobs.
 */
const PAUSE_VALUE = Number.MAX_SAFE_INTEGER;
const PAUSE_MARK = 2 ** 52;

/** Lengthens the pause in the limiter key to `ms` unless it is already longer; returns the pause left, in ms. */
const EXTEND_PAUSE = `
local ttl = redis.call('PTTL', KEYS[1])
local value = tonumber(redis.call('GET', KEYS[1]) or '0') or 0
if value >= tonumber(ARGV[1]) and ttl >= tonumber(ARGV[3]) then return ttl end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return tonumber(ARGV[3])`;

/** The client side of a queue, as far as the pause needs it. */
interface ScriptClient {
  defineCommand(name: string, definition: { numberOfKeys: number; lua: string }): void;
  runCommand(name: string, args: unknown[]): Promise<unknown>;
}

const defined = new WeakSet<object>();

/**
 * Pauses every worker of the queue for `ms` (BullMQ's manual rate limiting: no worker takes a job while
 * the queue's limiter key says so), or leaves a longer pause as it is.
 * @returns the pause now in force, in milliseconds
 */
export async function pauseQueue(queue: Queue, ms: number): Promise<number> {
  const client = (await queue.client) as unknown as ScriptClient;
  if (!defined.has(client)) {
    client.defineCommand('langflixExtendPause', { numberOfKeys: 1, lua: EXTEND_PAUSE });
    defined.add(client);
  }
  return Number(await client.runCommand('langflixExtendPause', [queue.keys.limiter, String(PAUSE_MARK), String(PAUSE_VALUE), String(Math.max(1, Math.round(ms)))]));
}

/** Milliseconds left of a queue-wide pause after a 429 (0 when none); a full per-minute limiter is not a pause. */
export async function pauseLeft(queue: Queue): Promise<number> {
  return Math.max(0, await queue.getRateLimitTtl(PAUSE_MARK));
}
