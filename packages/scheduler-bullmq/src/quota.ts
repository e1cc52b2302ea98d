/**
 * The adaptive policy's quota, shared by every worker of a queue (issue 16): N workers on one key must
 * behave like one well-paced client, not N that each learn alone. Every worker records, in Redis, the start
 * time of each request the server accepted (one sorted set per queue) and each 429 with its delay (a short
 * list); on a per-minute 429, or on an answer whose `x-ratelimit-*` headers state the budget, the worker
 * that got it learns the quota from that shared history with the core's `QuotaPacer` — the same estimator
 * the local adaptive scheduler uses — and sets it as the queue's global rate limit (limit per window plus
 * the pacer's margin), which BullMQ enforces for all workers together. The estimate is kept in Redis beside it
 * for the producer's progress line and for workers that join later.
 *
 * Times are each worker's clock (`Date.now()`): machines that share a queue are expected to keep their
 * clocks in step (NTP), as BullMQ's own delays already assume.
 */
import type { Queue } from 'bullmq';
import { QuotaPacer, RateLimitError, reviveError, serializeError, type QuotaEstimate, type RateLimitHeaders, type SerializedError } from '@langflix/core';

/** Accepted sends remembered per queue. */
const SENDS_KEPT = 2000;
/** 429s remembered per queue. */
const REFUSALS_KEPT = 32;

/** The part of an ioredis client these helpers use. */
interface Client {
  zadd(key: string, score: number, member: string): Promise<unknown>;
  zremrangebyrank(key: string, start: number, stop: number): Promise<unknown>;
  zrange(key: string, start: number, stop: number, withScores: 'WITHSCORES'): Promise<string[]>;
  set(key: string, value: string): Promise<unknown>;
  lpush(key: string, value: string): Promise<unknown>;
  ltrim(key: string, start: number, stop: number): Promise<unknown>;
  lrange(key: string, start: number, stop: number): Promise<string[]>;
  get(key: string): Promise<string | null>;
}

const sendsKey = (queue: Queue) => `${queue.qualifiedName}:langflix:sends`;
const quotaKey = (queue: Queue) => `${queue.qualifiedName}:langflix:quota`;
const refusalsKey = (queue: Queue) => `${queue.qualifiedName}:langflix:refusals`;

/** Records a request the server accepted, sent at `at` (ms), under a member name unique to the attempt. */
export async function recordSend(queue: Queue, member: string, at: number): Promise<void> {
  const client = (await queue.client) as unknown as Client;
  await client.zadd(sendsKey(queue), at, member);
  await client.zremrangebyrank(sendsKey(queue), 0, -(SENDS_KEPT + 1));
}

/** The quota the queue's workers pace to, as last learned by any of them; null before any was. */
export async function sharedQuota(queue: Queue): Promise<QuotaEstimate | null> {
  const client = (await queue.client) as unknown as Client;
  const text = await client.get(quotaKey(queue));
  if (!text) return null;
  try {
    return JSON.parse(text) as QuotaEstimate;
  } catch {
    return null;
  }
}

/**
 * Learns the request quota from the queue's shared history and what the server just said — a 429 to the
 * request `refused` (its member and start time), or an answer's `x-ratelimit-*` headers — and, when it
 * differs from the one in force, sets it as the queue's global rate limit.
 * @returns the estimate now in force, or null when nothing could be learned
 */
export async function learnSharedQuota(
  queue: Queue,
  said: { readonly refused: { readonly at: number; readonly error: RateLimitError } } | { readonly headers: RateLimitHeaders; readonly at: number },
  random: () => number = Math.random,
): Promise<QuotaEstimate | null> {
  const client = (await queue.client) as unknown as Client;
  if ('refused' in said) {
    await client.lpush(refusalsKey(queue), JSON.stringify({ at: said.refused.at, error: serializeError(said.refused.error) }));
    await client.ltrim(refusalsKey(queue), 0, REFUSALS_KEPT - 1);
  }
  const flat = await client.zrange(sendsKey(queue), 0, -1, 'WITHSCORES');
  // Every worker's accepted sends and 429s, in time order, as the local pacer would have seen them.
  const events: { at: number; refusal?: RateLimitError; headers?: RateLimitHeaders }[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) events.push({ at: Number(flat[i + 1]) });
  for (const text of await client.lrange(refusalsKey(queue), 0, -1)) {
    try {
      const { at, error } = JSON.parse(text) as { at: number; error: SerializedError };
      const revived = reviveError(error);
      if (revived instanceof RateLimitError) events.push({ at, refusal: revived });
    } catch {
      // an unreadable entry teaches nothing
    }
  }
  if (!('refused' in said)) events.push({ at: said.at, headers: said.headers });
  events.sort((a, b) => a.at - b.at);
  const pacer = new QuotaPacer({ random });
  for (const event of events) {
    const handle = pacer.sent(event.at);
    if (event.refusal) pacer.refused(handle, event.refusal);
    else pacer.answered(handle, event.headers ? { inputTokens: 0, rateLimit: event.headers } : undefined);
  }
  const estimate = pacer.quotas().find((q) => q.unit === 'requests');
  if (!estimate) return null;
  const rounded: QuotaEstimate = { ...estimate, windowMs: Math.round(estimate.windowMs) };
  const current = await sharedQuota(queue);
  const same = current && current.limit === rounded.limit && Math.abs(current.windowMs - rounded.windowMs) < 0.02 * rounded.windowMs && current.source === rounded.source;
  if (!same) {
    // A margin after the window's edge, where a sliding-window server still refuses: wider than the core
    // pacer's (tens of ms), because BullMQ's limiter counts a job when a worker takes it from Redis, and each
    // worker's delay from there to the server (its network, its thread) is not known here.
    const margin = Math.max(200, 0.003 * rounded.windowMs + 120);
    await queue.setGlobalRateLimit(rounded.limit, Math.round(rounded.windowMs + margin));
    await client.set(quotaKey(queue), JSON.stringify(rounded));
  }
  return rounded;
}
