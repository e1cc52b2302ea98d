/**
 * The worker-thread entry of the `parallel` and `adaptive` schedulers: each worker builds the provider
 * from plain settings once, and runs chunk tasks by chunk id on the file's cues it received at start.
 */
import { analyzeChunk, type ChunkTaskSettings } from './chunk-task.js';
import { createProvider, type ProviderConfig } from '../providers/registry.js';
import { loadPlugins } from '../plugins/index.js';
import type { Provider } from '../providers/spec.js';
import { defineWorkerTask } from '../scheduler/worker-protocol.js';
import type { Chunk, Cue } from '../schema.js';

/** What every worker receives once (`workerData`). */
export interface ChunkWorkerData {
  readonly cues: readonly Cue[];
  readonly chunks: readonly Chunk[];
  readonly provider: ProviderConfig;
  readonly settings: ChunkTaskSettings;
}

let provider: Provider | null = null;

async function providerFor(data: ChunkWorkerData): Promise<Provider> {
  if (!provider && data.provider.plugins?.length) await loadPlugins(data.provider.plugins);
  provider ??= createProvider(data.provider);
  return provider;
}

export default defineWorkerTask(
  async (input: { chunkId: number }, signal, data: ChunkWorkerData) => {
    const chunk = data.chunks[input.chunkId];
    if (!chunk) throw new Error(`chunk ${input.chunkId} is not in this run`);
    return analyzeChunk(chunk, data.cues, await providerFor(data), data.settings, signal);
  },
  async (data) => {
    await providerFor(data);
    // Node loads its HTTP client (undici) on the first fetch: a data: URL loads it without a request.
    await (await fetch('data:,')).arrayBuffer();
  },
);
