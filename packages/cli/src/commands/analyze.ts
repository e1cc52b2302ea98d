/**
 * `langflix analyze <inputs…>`: find the expressions of subtitle files (files, folders, glob patterns)
 * and print or write one report per input, in any output format. The command parses, calls the core,
 * and prints; formats, progress and inputs live in their own modules.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative } from 'node:path';
import { defineCommand, type ArgsDef } from 'citty';
import {
  addSpeechClips,
  analyzeParsedSubtitles,
  chunkCues,
  createScheduler,
  SCHEDULER_MODES,
  toAnalyzeOptions,
  type AnalysisReport,
  type ConfigResolution,
  type Scheduler,
} from '@langflix/core';
import { CONFIG_FILE_ARG, configArgs, flagValues, rejectUnknownFlags } from '../_args.js';
import { checkProviderReady, providerOptionsDir, resolveSettings, settingLabel } from '../_config.js';
import { CliError, EXIT, InterruptedError } from '../_errors.js';
import { readSubtitleFile, type SubtitleFile } from '../_input.js';
import { syncForAnalysis } from '../_media.js';
import { checkDistinctOutputs, checkWritesSpareInputs, expandInputs, reportPath, type InputFile, type PlannedWrite } from '../_inputs.js';
import { combineExitCodes, runOutcome } from '../_outcome.js';
import { describePlan, planFile, type FilePlan } from '../_plan.js';
import { createProgress, type ProgressMode } from '../_progress.js';
import { FORMATTERS, plural, renderJson, summaryLine } from '@langflix/core/formats';
import { resolveOutput } from '../_output.js';

const args = {
  inputs: { type: 'positional', description: 'Subtitle files (.srt, .vtt), folders (searched recursively) or glob patterns', required: true },
  ...configArgs(),
  ...CONFIG_FILE_ARG,
  out: {
    type: 'string',
    valueHint: 'file',
    description: 'Write the output to this file instead of stdout, in --format, else the format its extension names (.json .jsonl .csv .tsv/.txt=anki .srt .vtt .md); one input only',
  },
  report: { type: 'string', valueHint: 'file', description: 'Also write the JSON report to this file, whatever the output (one input only)' },
  json: { type: 'boolean', description: 'Print only the JSON report on stdout: no progress, no notes (same as --format json --quiet, but silent)' },
  quiet: { type: 'boolean', description: 'No progress bar: plain log lines for each file’s end, pauses, retries and failures' },
  'dry-run': { type: 'boolean', description: 'Show the cues, chunks and requests a run would send, with an estimate of input tokens; send nothing' },
  media: { type: 'string', valueHint: 'file', description: 'Sync the subtitles to this video or audio file first (as `langflix sync`; one input), and give each expression clip bounds on the detected speech' },
  ffmpeg: { type: 'string', valueHint: 'path', description: 'With --media: the ffmpeg to use (default: ffmpeg on PATH, else the one installed from npm)' },
} as const satisfies ArgsDef;

/** Warnings printed per file on stderr; the rest are counted (all are in the report). */
const MAX_WARNING_LINES = 10;

export default defineCommand({
  meta: {
    name: 'analyze',
    description: 'Find the expressions worth learning in subtitle files (.srt, .vtt), folders or globs, and print or write a report per file.',
  },
  args,
  async run({ args: parsed, rawArgs }) {
    rejectUnknownFlags(rawArgs, args);
    const flags = flagValues(parsed);
    if (parsed.json) {
      if (flags.format !== undefined && flags.format !== 'json') throw new CliError(`--json prints the JSON report: it cannot be combined with --format ${String(flags.format)}`);
      flags.format = 'json';
    }
    const resolution = await resolveSettings(flags, parsed.config, !!process.stdout.isTTY);
    const { config } = resolution;
    const inputs = await expandInputs(parsed._.map(String));
    const target = resolveOutput({ out: parsed.out, report: parsed.report, manyInputs: inputs.many }, resolution);
    const { format } = target;
    const toFiles = target.kind === 'per-input';
    const outputs = inputs.files.map((file) => reportPath(file, FORMATTERS[format].extension, config.outDir));
    if (toFiles) checkDistinctOutputs(inputs.files, outputs);
    const writes: PlannedWrite[] = [];
    if (toFiles) outputs.forEach((path, i) => writes.push({ flag: config.outDir ? settingLabel(resolution, 'outDir') : `the report of ${inputs.files[i]!.path}`, path }));
    if (target.kind === 'file') writes.push({ flag: '--out', path: target.path });
    if (parsed.report) writes.push({ flag: '--report', path: parsed.report });
    checkWritesSpareInputs(inputs.files, writes);

    const files = await readAll(inputs.files, config.strict);
    if (parsed['dry-run']) return dryRun(files, resolution, parsed.json === true || (config.format === 'json' && resolution.sources.format.kind !== 'default'));
    checkProviderReady(resolution);
    const media = parsed.media ? await syncForAnalysis(files, parsed.media, { ffmpeg: parsed.ffmpeg, progress: !parsed.json }) : null;

    const progressMode: ProgressMode = parsed.json ? 'silent' : parsed.quiet ? 'quiet' : process.stderr.isTTY ? 'bar' : 'lines';
    const progress = createProgress(progressMode);
    const scheduler = pluginScheduler(resolution, (note) => progress.log(note));
    if (config.provider === 'lexicon' && !parsed.json) {
      const source = resolution.sources.provider;
      const why = source.kind === 'default' ? 'No model API key configured (GEMINI_API_KEY)' : `${settingLabel(resolution, 'provider')} lexicon`;
      progress.log(`${why}: using the offline lexicon provider (English meanings, no translations).`);
    }

    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) {
        progress.stop();
        process.exit(EXIT.interrupted);
      }
      progress.log('Interrupted: aborting the requests in flight and writing the partial report (Ctrl-C again to quit at once)');
      controller.abort(new InterruptedError());
    };
    process.on('SIGINT', onSigint);

    const codes: number[] = [];
    const reports: AnalysisReport[] = [];
    try {
      for (const [i, file] of files.entries()) {
        if (controller.signal.aborted) break;
        const options = toAnalyzeOptions(config, process.env, providerOptionsDir(resolution));
        const { chunks } = chunkCues(file.parsed.cues, { maxInputChars: config.maxInputChars, overlapCues: config.overlapCues });
        progress.startFile(files.length > 1 ? `[${i + 1}/${files.length}] ${file.path}` : file.path, chunks.length);
        let report: AnalysisReport;
        try {
          report = await analyzeParsedSubtitles(file.parsed, { ...options, ...(scheduler ? { scheduler } : {}), name: file.path, signal: controller.signal, onEvent: (e) => progress.event(e) });
        } catch (error) {
          progress.endFile('not analysed');
          // Settings only the provider or scheduler can check (a bad model for openai-compatible, maxWorkers).
          if (error instanceof RangeError || (error instanceof Error && error.name === 'FatalError')) throw new CliError(error.message);
          throw error;
        }
        if (media) addSpeechClips(report, media.spans, media.sync);
        const outcome = runOutcome(report, controller.signal.aborted);
        codes.push(outcome.exitCode);
        reports.push(report);

        const written = target.kind === 'per-input' ? outputs[i]! : target.kind === 'file' ? target.path : null;
        const width = written === null ? process.stdout.columns || 120 : 120;
        const text = FORMATTERS[format].render(report, { cues: file.parsed.cues, width, sort: config.sort, bom: config.bom });
        if (written) await writeOutput(written, text);
        else {
          // The bar shares the terminal with stdout: erased first, so the table starts on a clean line.
          progress.clear();
          process.stdout.write(text);
        }
        if (parsed.report) await writeOutput(parsed.report, renderJson(report));
        const where = [written, parsed.report].filter((p): p is string => !!p).map(shown).join(' and ');
        const partial = outcome.exitCode === EXIT.interrupted ? 'interrupted: partial report · ' : '';
        progress.endFile(`${partial}${summaryLine(report)}${where ? ` → ${where}` : ''}`);
        // Warnings name their line (a skipped cue) or chunk (a dropped item); the report has them all. The loss
        // summary (how many timing lines were not read, and where) comes first, so the cut never hides it.
        const worth = report.warnings.filter((w) => w.code !== 'no-translation');
        worth.sort((a, b) => Number(b.code === 'timing-lines-lost') - Number(a.code === 'timing-lines-lost'));
        for (const warning of worth.slice(0, MAX_WARNING_LINES)) {
          progress.log(`${file.path}${warning.line ? `:${warning.line}` : ''}: warning: ${warning.message}`);
        }
        if (worth.length > MAX_WARNING_LINES) progress.log(`${file.path}: ${worth.length - MAX_WARNING_LINES} more warnings in the report`);
        // One line per failed chunk; chunks never sent because the run stopped, or cut off by Ctrl-C, in one line.
        let unsent = 0;
        for (const failure of report.chunks.failed) {
          if (failure.error === 'InterruptedError' || failure.error === 'RunStoppedError') unsent++;
          else progress.log(`${file.path}: chunk ${failure.chunkId} (cues ${failure.firstCue}–${failure.lastCue}) failed after ${failure.attempts} attempts: ${failure.error}: ${failure.message}`);
        }
        if (unsent > 0) progress.log(`${file.path}: ${plural(unsent, 'chunk')} not analysed: the run ${outcome.exitCode === EXIT.interrupted ? 'was interrupted' : 'stopped'}`);
        if (outcome.exitCode === EXIT.refused) {
          const rest = files.length - i - 1;
          progress.log(`The provider refused: ${outcome.reason ?? 'the run was stopped'}${rest > 0 ? `; ${rest} more file${rest === 1 ? '' : 's'} not analysed` : ''}`);
          break;
        }
      }
      if (controller.signal.aborted) {
        const rest = files.length - reports.length;
        if (rest > 0) progress.log(`Interrupted: ${rest} file${rest === 1 ? '' : 's'} not analysed`);
      }
    } finally {
      process.off('SIGINT', onSigint);
      progress.stop();
    }
    if (toFiles && parsed.json) process.stdout.write(`${JSON.stringify(reports, null, 2)}\n`);
    process.exitCode = combineExitCodes(codes);
  },
});

/**
 * The scheduler of a plugin mode (such as bullmq), built with the settings only plugins read (`redis`,
 * `queue`, `requestsPerMinute`, and `onNote` for what the user should know, such as no worker running);
 * undefined for a built-in mode, which the core builds itself.
 * @throws {CliError} (exit 2) for a setting the plugin refuses (no Redis URL for bullmq)
 */
function pluginScheduler(resolution: ConfigResolution, onNote: (message: string) => void): Scheduler | undefined {
  const { config } = resolution;
  if ((SCHEDULER_MODES as readonly string[]).includes(config.mode)) return undefined;
  try {
    return createScheduler(config.mode, {
      maxWorkers: config.maxWorkers,
      plugin: { redis: config.redis, queue: config.queue, requestsPerMinute: config.requestsPerMinute, onNote },
    });
  } catch (error) {
    if (error instanceof RangeError) throw new CliError(`${settingLabel(resolution, 'mode')}: ${error.message}`);
    throw error;
  }
}

/** Writes a report file, making its folder first. */
async function writeOutput(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** A path as messages show it: relative to the working folder when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/**
 * Reads and parses every input before anything is sent, so a bad file costs no request.
 * @throws {CliError} (exit 2) listing every bad file, one line each
 */
async function readAll(inputs: readonly InputFile[], strict: boolean): Promise<SubtitleFile[]> {
  const files: SubtitleFile[] = [];
  const problems: string[] = [];
  for (const input of inputs) {
    try {
      files.push(await readSubtitleFile(input.path, { strict }));
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      problems.push(error.message);
    }
  }
  if (problems.length > 0) throw new CliError(problems.join('\nlangflix: '));
  return files;
}

/** `--dry-run`: prints each file's plan (JSON with `--json` or `--format json`) and sends nothing. */
async function dryRun(files: readonly SubtitleFile[], resolution: ConfigResolution, asJson: boolean): Promise<void> {
  const plans: FilePlan[] = [];
  for (const file of files) plans.push(await planFile(file.path, file.parsed, resolution.config, providerOptionsDir(resolution)));
  const requests = plans.reduce((sum, p) => sum + p.requests, 0);
  const tokens = plans.reduce((sum, p) => sum + p.inputTokens, 0);
  const cacheHits = plans.reduce((sum, p) => sum + p.cacheHits, 0);
  if (asJson) {
    process.stdout.write(`${JSON.stringify({ dryRun: true, requests, inputTokens: tokens, cacheHits, files: plans }, null, 2)}\n`);
    return;
  }
  for (const plan of plans) process.stdout.write(`${describePlan(plan)}\n`);
  const hits = cacheHits > 0 ? `${plural(cacheHits, 'chunk')} answered from the cache, ` : '';
  process.stdout.write(
    `Dry run: ${hits}${plural(requests, 'request')} to send, about ${tokens.toLocaleString('en-US')} input tokens (estimated at 4 characters a token, before retries); nothing was sent.\n`,
  );
}

