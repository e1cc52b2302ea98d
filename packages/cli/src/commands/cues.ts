/**
 * `langflix cues <file>`: the cues as LangFlix reads them, to check a file before analysing it.
 */
import { defineCommand, type ArgsDef } from 'citty';
import { formatSrtTime } from '@langflix/core';
import { rejectUnknownFlags } from '../_args.js';
import { readSubtitleFile } from '../_input.js';

const cuesArgs = {
  file: { type: 'positional', description: 'The subtitle file', required: true },
  json: { type: 'boolean', description: 'Print { format, encoding, cues, warnings } as JSON', default: false },
  strict: { type: 'boolean', description: 'Stop at the first problem in the file', default: false },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: { name: 'cues', description: 'Print the cues of a subtitle file as LangFlix parses them.' },
  args: cuesArgs,
  async run({ args, rawArgs }) {
    rejectUnknownFlags(rawArgs, cuesArgs);
    const { parsed } = await readSubtitleFile(args.file, { strict: args.strict });
    if (args.json) {
      const { format, encoding, cues, warnings } = parsed;
      const out = { format, encoding, cues: cues.map(({ index, id, startMs, endMs, text, plain, valid, reason }) => ({ index, id, startMs, endMs, text, plain, ...(valid === false ? { valid, reason } : {}) })), warnings };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
      return;
    }
    for (const cue of parsed.cues) {
      process.stdout.write(`[${cue.index}] ${formatSrtTime(cue.startMs)} --> ${formatSrtTime(cue.endMs)}  ${cue.plain.replace(/\n/g, ' / ')}${cue.valid === false ? `  [invalid: ${cue.reason ?? 'times'}]` : ''}\n`);
    }
    for (const warning of parsed.warnings) process.stderr.write(`${args.file}:${warning.line ?? '?'}: warning: ${warning.message}\n`);
    process.stderr.write(`${parsed.cues.length} cues (${parsed.format}, ${parsed.encoding}), ${parsed.warnings.length} warnings\n`);
  },
});
