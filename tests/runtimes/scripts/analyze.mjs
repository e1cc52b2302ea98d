// A user's script, as the README shows it: imports @langflix/core by its package name and analyses one
// subtitle file. tests/runtimes/runtimes.test.ts copies it into a temporary project whose
// node_modules/@langflix/core links to packages/core, and runs it under Node, Bun and Deno.
//
//   <runtime> analyze.mjs <subtitle file> '<AnalyzeOptions as JSON>'
//
// Prints one JSON line: the runtime, where `@langflix/core` resolved (import and require), how many model
// requests this thread sent (the rest came from worker threads), and the report.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { analyzeSubtitles } from '@langflix/core';

const [file, options = '{}'] = process.argv.slice(2);
if (!file) throw new Error('usage: analyze.mjs <subtitle file> [options as JSON]');

// Worker threads have their own globals, so this counts the requests sent from this thread only.
let mainThreadRequests = 0;
const realFetch = globalThis.fetch;
globalThis.fetch = (...args) => {
  mainThreadRequests++;
  return realFetch(...args);
};

/* global Bun, Deno */
const runtime =
  typeof Bun !== 'undefined'
    ? { name: 'bun', version: Bun.version }
    : typeof Deno !== 'undefined'
      ? { name: 'deno', version: Deno.version.deno }
      : { name: 'node', version: process.versions.node };

const report = await analyzeSubtitles(await readFile(file), JSON.parse(options));
console.log(
  JSON.stringify({
    runtime,
    resolved: { import: import.meta.resolve('@langflix/core'), require: createRequire(import.meta.url).resolve('@langflix/core') },
    mainThreadRequests,
    report,
  }),
);
