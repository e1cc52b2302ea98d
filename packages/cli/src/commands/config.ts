/**
 * `langflix config`: the settings a run would use, each with where it came from (a flag, an environment
 * variable, the config file, or the default), secrets redacted; `--schema` prints the config file's JSON
 * Schema instead.
 */
import { defineCommand, type ArgsDef } from 'citty';
import { configJsonSchema, describeConfig } from '@langflix/core';
import { CONFIG_FILE_ARG, configArgs, flagValues, rejectUnknownFlags } from '../_args.js';
import { resolveSettings } from '../_config.js';

const args = {
  ...configArgs(),
  ...CONFIG_FILE_ARG,
  json: { type: 'boolean', description: 'Print { file, settings: [{ key, value, source }] } as JSON' },
  schema: { type: 'boolean', description: 'Print the JSON Schema of the config file (for editors) and exit' },
} as const satisfies ArgsDef;

export default defineCommand({
  meta: {
    name: 'config',
    description: 'Show the settings a run would use and where each comes from (flag, environment, config file, default); never a key.',
  },
  args,
  async run({ args: parsed, rawArgs }) {
    rejectUnknownFlags(rawArgs, args);
    if (parsed.schema) {
      process.stdout.write(`${JSON.stringify(configJsonSchema(), null, 2)}\n`);
      return;
    }
    const resolution = await resolveSettings(flagValues(parsed), parsed.config, !!process.stdout.isTTY);
    const rows = describeConfig(resolution);
    if (parsed.json) {
      process.stdout.write(`${JSON.stringify({ file: resolution.file, settings: rows }, null, 2)}\n`);
      return;
    }
    const keyWidth = Math.max(...rows.map((r) => r.key.length));
    const valueWidth = Math.min(40, Math.max(...rows.map((r) => r.value.length)));
    process.stdout.write(`config file: ${resolution.file ?? '(none found)'}\n`);
    for (const row of rows) process.stdout.write(`${row.key.padEnd(keyWidth)}  ${row.value.padEnd(valueWidth)}  ${row.source}\n`);
  },
});
