/**
 * `langflix analyze <file>`: find the expressions of a subtitle file and print or save the report.
 */
import { writeFile } from 'node:fs/promises';
import { defineCommand } from 'citty';
import { analyzeParsedSubtitles, createLexiconProvider, LEARNER_LEVELS, type LearnerLevel } from '@langflix/core';
import { CliError, EXIT } from '../_errors.js';
import { readSubtitleFile } from '../_input.js';
import { renderTable } from '../_table.js';
import { positiveInt } from '../_args.js';

export default defineCommand({
  meta: { name: 'analyze', description: 'Find the expressions worth learning in a SubRip (.srt) or WebVTT (.vtt) file.' },
  args: {
    file: { type: 'positional', description: 'The subtitle file', required: true },
    provider: { type: 'string', description: 'Model provider: lexicon (offline)', default: 'lexicon' },
    format: { type: 'string', description: 'Output on stdout: table or json', default: 'table' },
    out: { type: 'string', description: 'Also write the JSON report to this file' },
    'max-expressions': { type: 'string', description: 'Most expressions in the report, 0 for all', default: '100' },
    'max-input-chars': { type: 'string', description: 'Characters of cue text per model call', default: '5000' },
    level: { type: 'string', description: `Learner level: ${LEARNER_LEVELS.join(', ')}`, default: 'intermediate' },
    'target-language': { type: 'string', description: "Learner's language (BCP-47 code)", default: 'ko' },
    strict: { type: 'boolean', description: 'Stop at the first problem in the file instead of skipping the cue', default: false },
  },
  async run({ args }) {
    if (args.provider !== 'lexicon') throw new CliError(`--provider: unknown provider "${args.provider}" (available: lexicon)`);
    if (args.format !== 'table' && args.format !== 'json') throw new CliError(`--format: expected table or json, got "${args.format}"`);
    if (!(LEARNER_LEVELS as readonly string[]).includes(args.level)) throw new CliError(`--level: expected one of ${LEARNER_LEVELS.join(', ')}, got "${args.level}"`);
    if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(args['target-language'])) throw new CliError(`--target-language: expected a BCP-47 code such as ko or pt-BR, got "${args['target-language']}"`);
    const maxExpressions = positiveInt(args['max-expressions'], '--max-expressions', { allowZero: true });
    const maxInputChars = positiveInt(args['max-input-chars'], '--max-input-chars');

    const file = await readSubtitleFile(args.file, { strict: args.strict });
    process.stderr.write('No model API key configured: using the offline lexicon provider (English meanings, no translations).\n');
    const report = await analyzeParsedSubtitles(file.parsed, {
      name: args.file,
      provider: createLexiconProvider(),
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
