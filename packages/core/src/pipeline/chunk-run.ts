/**
 * One chunk's task from plain data, for code that runs chunks outside the built-in schedulers — a
 * plugin scheduler's workers in other processes or on other machines (`@langflix/scheduler-bullmq`). It is
 * the same `analyzeChunk` the local schedulers run, on a provider built from plain settings.
 */
import { analyzeChunk, type ChunkAnswer, type ChunkTaskSettings } from './chunk-task.js';
import { createProvider, type ProviderConfig } from '../providers/registry.js';
import { loadPlugins } from '../plugins/index.js';
import type { Provider } from '../providers/spec.js';
import type { Chunk, Cue } from '../schema.js';

/** Everything one chunk's task needs, as plain (JSON-serialisable) data. */
export interface ChunkTaskData {
  readonly chunk: Chunk;
  /** All cues of the file (`cues[i].index === i`): alignment looks at the cues around the chunk too. */
  readonly cues: readonly Cue[];
  /** The provider's settings; a remote one reads its key from `env` unless `apiKey` is given. */
  readonly provider: ProviderConfig;
  readonly settings: ChunkTaskSettings;
}

/** Providers built so far in this process, by their settings, so calls share one client and cache. */
const providers = new Map<string, Provider>();
/** Most providers kept; the oldest is dropped past it (a worker serving many runs with different settings). */
const MAX_PROVIDERS = 16;

/**
 * Runs one chunk's task: builds (once per distinct settings) the provider, then prompt → provider →
 * validate → align.
 * @param signal aborts the model call
 * @param env where a remote provider reads its key and base URL variables. @default process.env
 * @returns the chunk's checked expressions (plain data)
 * @throws the provider's typed errors (`RateLimitError`, `TransientError`, `FatalError`, see
 *   `providers/errors.ts`); `TransientError` when `settings.timeoutPerChunk` milliseconds pass
 */
export async function runChunkTask(data: ChunkTaskData, signal: AbortSignal, env: Record<string, string | undefined> = process.env): Promise<ChunkAnswer> {
  const key = JSON.stringify([data.provider, env === process.env ? null : env]);
  let provider = providers.get(key);
  if (!provider) {
    // A plugin provider's module, named in its settings (a `langflix worker` loads it itself).
    if (data.provider.plugins?.length) await loadPlugins(data.provider.plugins);
    provider = createProvider(data.provider, env);
    providers.set(key, provider);
    if (providers.size > MAX_PROVIDERS) providers.delete(providers.keys().next().value!);
  }
  return analyzeChunk(data.chunk, data.cues, provider, data.settings, signal);
}
