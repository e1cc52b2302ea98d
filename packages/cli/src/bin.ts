#!/usr/bin/env node
/**
 * The `langflix` executable. Errors the user can fix print one line and exit 2; no stack traces unless
 * LANGFLIX_DEBUG is set.
 */
import { stripVTControlCharacters } from 'node:util';
import { runCommand, runMain } from 'citty';
import { CliError, EXIT } from './_errors.js';
import { main } from './main.js';

const rawArgs = process.argv.slice(2);
const wantsUsage = rawArgs.length === 0 || rawArgs.some((a) => a === '--help' || a === '-h') || (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v'));

if (wantsUsage) {
  await runMain(main, { rawArgs });
} else {
  try {
    await runCommand(main, { rawArgs });
  } catch (error) {
    if (process.env.LANGFLIX_DEBUG) console.error(error);
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof CliError) {
      process.stderr.write(`langflix: ${message}\n`);
      process.exitCode = error.exitCode;
    } else if (error instanceof Error && error.name === 'CLIError') {
      // citty's own usage errors (unknown command, missing argument), without its colours.
      process.stderr.write(`langflix: ${stripVTControlCharacters(message)} (see langflix --help)\n`);
      process.exitCode = EXIT.badInput;
    } else {
      process.stderr.write(`langflix: internal error: ${message}\n`);
      process.exitCode = EXIT.failed;
    }
  }
}
