/**
 * `langflix worker --redis redis://… [--concurrency N]`: analyses chunks for `langflix analyze --mode
 * bullmq` runs on any machine — takes chunk jobs from the BullMQ queue in Redis and runs the same chunk
 * task as the local schedulers, with this machine's API key (jobs never carry one) and response cache.
 * Runs until stopped: SIGTERM or Ctrl-C finishes the chunks in hand and exits 0; a second one exits at
 * once (130 for Ctrl-C, 143 for SIGTERM) and leaves those chunks to other workers once their lock expires.
 */
import { defineCommand, type ArgsDef } from 'citty';
import { redactUrl, resolveMaxWorkers } from '@langflix/core';
import { CONFIG_FILE_ARG, configArgs, flagValues, rejectUnknownFlags } from '../_args.js';
import { resolveSettings, settingLabel } from '../_config.js';
import { CliError, EXIT } from '../_errors.js';

/** The config flags that matter to a worker: where the queue is, the key's variable, the cache. */
const WORKER_SETTINGS = ['redis', 'queue', 'apiKeyEnv', 'cache', 'cacheDir', 'saveLlmOutput', 'plugins'] as const;

const configFlags = configArgs();
const args = {
  ...Object.fromEntries(Object.entries(configFlags).filter(([flag]) => WORKER_SETTINGS.some((key) => flag === key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)))),
  ...CONFIG_FILE_ARG,
  concurrency: { type: 'string', valueHint: 'n', description: 'Chunks analysed at once by this worker (requests in flight). Default: maxWorkers (LANGFLIX_MAX_WORKERS, config), else min(CPU cores, 5)' },
  'lock-duration': {
    type: 'string',
    valueHint: 'seconds',
    description: 'Seconds a chunk stays with a worker that stopped answering before another worker takes it (BullMQ lock duration). Default: 30',
  },
  quiet: { type: 'boolean', description: 'Only start, stop and errors: no line per chunk' },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: {
    name: 'worker',
    description: 'Analyse chunks of `langflix analyze --mode bullmq` runs from the Redis queue, on this machine with its own API key, until stopped (SIGTERM, Ctrl-C).',
  },
  args,
  async run({ args: parsed, rawArgs }) {
    rejectUnknownFlags(rawArgs, args);
    const resolution = await resolveSettings(flagValues(parsed), parsed.config as string | undefined, false);
    const { config } = resolution;
    if (!config.redis) throw new CliError('langflix worker needs the Redis server of the queue: --redis redis://host:6379 (or LANGFLIX_REDIS, or redis in the config file)');
    const concurrency = wholeNumber(parsed.concurrency as string | undefined, '--concurrency', 1) ?? resolveMaxWorkers(config.maxWorkers);
    const lockSeconds = wholeNumber(parsed['lock-duration'] as string | undefined, '--lock-duration', 1) ?? 30;
    if (config.apiKeyEnv && !process.env[config.apiKeyEnv]) {
      throw new CliError(`${settingLabel(resolution, 'apiKeyEnv')}: the variable ${config.apiKeyEnv} is not set (it should hold the API key)`);
    }
    const apiKey = config.apiKeyEnv ? process.env[config.apiKeyEnv] : undefined;
    const log = (line: string) => void process.stderr.write(`langflix worker: ${line}\n`);

    const { startChunkWorker } = await import('@langflix/scheduler-bullmq');
    let worker: Awaited<ReturnType<typeof startChunkWorker>>;
    try {
      worker = await startChunkWorker({
        redis: config.redis,
        queue: config.queue,
        concurrency,
        lockDurationMs: lockSeconds * 1000,
        ...(apiKey ? { apiKey } : {}),
        cacheDir: config.cache ? config.cacheDir : null,
        saveLlmOutput: config.saveLlmOutput,
        ...(parsed.quiet ? {} : { onLog: log }),
      });
    } catch (error) {
      // A bad number or URL, or no Redis there (a FatalError): one line, exit 2.
      if (error instanceof RangeError || (error instanceof Error && error.name === 'FatalError')) throw new CliError(error.message);
      throw error;
    }
    log(`${worker.name} takes chunks from queue "${config.queue}" at ${redactUrl(config.redis)}, ${concurrency} at a time; SIGTERM or Ctrl-C stops it after the chunks in hand`);

    await new Promise<void>((resolve) => {
      let stopping = false;
      const onSignal = (signal: NodeJS.Signals) => {
        if (stopping) {
          log(`${signal} again: stopping now; the chunks in hand go back to the queue when their lock expires`);
          void worker.close(true).finally(() => process.exit(signal === 'SIGINT' ? EXIT.interrupted : 143));
          return;
        }
        stopping = true;
        const inHand = worker.running();
        log(`${signal}: taking no more chunks; ${inHand === 0 ? 'none in hand' : `finishing the ${inHand} in hand (${signal} again to stop at once)`}`);
        void worker.close().then(() => {
          process.off('SIGTERM', onSignal);
          process.off('SIGINT', onSignal);
          log('stopped');
          resolve();
        });
      };
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    });
  },
});

/** A flag's whole number ≥ `min`, or undefined when not given. @throws {CliError} (exit 2) for anything else */
function wholeNumber(text: string | undefined, flag: string, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!Number.isInteger(value) || value < min) throw new CliError(`${flag}: expected a whole number ≥ ${min}, got ${JSON.stringify(text)}`);
  return value;
}
