/**
 * `langflix analyze <file>`: find the expressions of a subtitle file and print or save the report.
 */
import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import {
  analyzeParsedSubtitles,
  createProvider,
  defaultCacheDir,
  defaultProviderName,
  LEARNER_LEVELS,
  PROVIDER_NAMES,
  type LearnerLevel,
  type ProviderName,
} from '@langflix/core';
import { CliError, EXIT } from '../_errors.js';
import { readSubtitleFile } from '../_input.js';
import { renderTable } from '../_table.js';
import { positiveInt } from '../_args.js';

export default defineCommand({
  meta: { name: 'analyze', description: 'Find the expressions worth learning in a SubRip (.srt) or WebVTT (.vtt) file.' },
  args: {
    file: { type: 'positional', description: 'The subtitle file', required: true },
    provider: { type: 'string', description: `Model provider: ${PROVIDER_NAMES.join(', ')} (default: gemini when GEMINI_API_KEY or GOOGLE_API_KEY is set, else lexicon)` },
    model: { type: 'string', description: 'Model id (gemini: gemini-2.5-flash)' },
    'base-url': { type: 'string', description: 'A compatible endpoint (else GEMINI_BASE_URL / OPENAI_BASE_URL)' },
    cache: { type: 'boolean', description: 'Reuse cached model answers (--no-cache to turn off)', default: true },
    'cache-dir': { type: 'string', description: 'Response cache folder (default ~/.cache/langflix)' },
    'save-llm-output': { type: 'string', description: "Save each chunk's request and raw answer in this folder" },
    'timeout-per-chunk': { type: 'string', description: 'Seconds one model call may take', default: '300' },
    format: { type: 'string', description: 'Output on stdout: table or json', default: 'table' },
    out: { type: 'string', description: 'Also write the JSON report to this file' },
    'max-expressions': { type: 'string', description: 'Most expressions in the report, 0 for all', default: '100' },
    'max-input-chars': { type: 'string', description: 'Characters of cue text per model call', default: '5000' },
    level: { type: 'string', description: `Learner level: ${LEARNER_LEVELS.join(', ')}`, default: 'intermediate' },
    'target-language': { type: 'string', description: "Learner's language (BCP-47 code)", default: 'ko' },
    strict: { type: 'boolean', description: 'Stop at the first problem in the file instead of skipping the cue', default: false },
  },
  async run({ args }) {
    const providerName = (args.provider ?? defaultProviderName()) as ProviderName;
    if (!PROVIDER_NAMES.includes(providerName)) throw new CliError(`--provider: unknown provider "${args.provider}" (available: ${PROVIDER_NAMES.join(', ')})`);
    if (providerName === 'gemini' && !process.env.GEMINI_API_KEY && !process.env.GOOGLE_API_KEY) {
      throw new CliError('--provider gemini: no API key: set GEMINI_API_KEY (or GOOGLE_API_KEY)');
    }
    if (providerName === 'openai-compatible' && !args.model) throw new CliError('--provider openai-compatible: --model is required');
    if (args.format !== 'table' && args.format !== 'json') throw new CliError(`--format: expected table or json, got "${args.format}"`);
    if (!(LEARNER_LEVELS as readonly string[]).includes(args.level)) throw new CliError(`--level: expected one of ${LEARNER_LEVELS.join(', ')}, got "${args.level}"`);
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(args['target-language'])) throw new CliError(`--target-language: expected a BCP-47 code such as ko or pt-BR, got "${args['target-language']}"`);
    const maxExpressions = positiveInt(args['max-expressions'], '--max-expressions', { allowZero: true });
    const maxInputChars = positiveInt(args['max-input-chars'], '--max-input-chars');
    const timeoutPerChunk = positiveInt(args['timeout-per-chunk'], '--timeout-per-chunk') * 1000;

    const file = await readSubtitleFile(args.file, { strict: args.strict });
    if (providerName === 'lexicon') {
      const why = args.provider ? '--provider lexicon' : 'No model API key configured (GEMINI_API_KEY)';
      process.stderr.write(`${why}: using the offline lexicon provider (English meanings, no translations).\n`);
    }
    const provider = createProvider({
      name: providerName,
      ...(args.model ? { model: args.model } : {}),
      ...(args['base-url'] ? { baseUrl: args['base-url'] } : {}),
      cacheDir: args.cache ? (args['cache-dir'] ?? defaultCacheDir()) : null,
      saveLlmOutput: args['save-llm-output'] ?? null,
    });
    const report = await analyzeParsedSubtitles(file.parsed, {
      name: args.file,
      provider,
      timeoutPerChunk,
      level: args.level as LearnerLevel,
      targetLanguage: args['target-language'],
      maxExpressions,
      maxInputChars,
    });

    const json = JSON.stringify(report, null, 2) + '\n';
    if (args.out) await writeFile(args.out, json);
    if (args.format === 'json') process.stdout.write(json);
    else {
      process.stdout.write(renderTable(report, process.stdout.columns || 120) + '\n');
      const { total, failed } = report.chunks;
      process.stdout.write(
        `${report.expressions.length} expressions in ${report.source.cues} cues (${total} chunks${failed.length ? `, ${failed.length} failed` : ''}, ${report.warnings.length} warnings) · ${report.config.provider}${args.out ? ` · report: ${args.out}` : ''}\n`,
      );
    }
    for (const failure of report.chunks.failed) {
      process.stderr.write(`chunk ${failure.chunkId} (cues ${failure.firstCue}–${failure.lastCue}) failed after ${failure.attempts} attempts: ${failure.message}\n`);
    }
    if (report.chunks.failed.length > 0) process.exitCode = EXIT.failed;
  },
});
