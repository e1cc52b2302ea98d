// The public API of @langflix/core, and nothing else.
export * from './schema.js';
export * from './subtitles/index.js';
export { chunkCues, cueLine, CHUNK_DEFAULTS, type ChunkOptions } from './chunking.js';
export { ModelExpressionItem, ModelAnswer } from './expressions/schema.js';
export { LEARNER_LEVELS, targetLevels, describeLevel } from './expressions/level.js';
export { resolveItem, expressionId } from './expressions/validate.js';
export { dedupeExpressions } from './expressions/dedupe.js';
export { alignExpression, type Alignment, type AlignHint } from './timing/align.js';
export type { Provider, AnalyzeChunkRequest, AnalyzeChunkResult, CallOptions, LearnerLevel } from './providers/spec.js';
export { RateLimitError, TransientError, FatalError, type ProviderError } from './providers/errors.js';
export { createLexiconProvider, type LexiconProviderOptions, type LexiconEntry } from './providers/lexicon/index.js';
export type { Scheduler, Task, TaskOutcome, SchedulerEvent, RunOptions } from './scheduler/spec.js';
export { createSequentialScheduler, RunStoppedError, type SequentialOptions } from './scheduler/sequential.js';
export { RETRY_DEFAULTS, type RetryOptions } from './scheduler/retry.js';
export { analyzeSubtitles, analyzeParsedSubtitles, ANALYZE_DEFAULTS, type AnalyzeOptions, type AnalyzeSettings } from './analyze.js';
