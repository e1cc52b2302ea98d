#!/usr/bin/env node
/**
 * The `langflix` executable. Errors the user can fix print one line and exit with their code (2 for usage
 * and input, see `EXIT`); no stack traces unless LANGFLIX_DEBUG is set. `--help` adds the exit codes and
 * other sections to citty's usage.
 */
import { stripVTControlCharacters } from 'node:util';
import { renderUsage, runCommand, runMain, type ArgsDef, type CommandDef } from 'citty';
import { CliError, EXIT } from './_errors.js';
import { helpEpilogue } from './_help.js';
import { main } from './main.js';

const rawArgs = process.argv.slice(2);
const wantsUsage = rawArgs.some((a) => a === '--help' || a === '-h') || (rawArgs.length === 1 && (rawArgs[0] === '--version' || rawArgs[0] === '-v'));

if (rawArgs.length === 0) {
  // No command is a usage error: the usage, then exit 2 as documented.
  console.error(`${await renderUsage(main)}\n${helpEpilogue('langflix')}`);
  process.exitCode = EXIT.badInput;
} else if (wantsUsage) {
  // citty's usage, then the sections a one-line description cannot hold (exit codes, formats, settings).
  const showUsage = async <T extends ArgsDef>(command: CommandDef<T>, parent?: CommandDef<T>) => {
    const meta = await (typeof command.meta === 'function' ? command.meta() : command.meta);
    console.log(`${await renderUsage(command, parent)}\n${helpEpilogue(meta?.name)}`);
  };
  await runMain(main, { rawArgs, showUsage });
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
