#!/usr/bin/env node
// Runs the pinned pnpm (package.json "packageManager") with the given arguments: the pnpm on PATH when
// it is that version, otherwise `npx -y pnpm@<version>`, so a fresh machine needs only Node and npm.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pinned = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager;
const version = pinned.replace(/^pnpm@/, '');
const args = process.argv.slice(2);
const shell = process.platform === 'win32';

const onPath = spawnSync('pnpm', ['--version'], { encoding: 'utf8', shell });
const [command, prefix] =
  onPath.status === 0 && onPath.stdout.trim() === version ? ['pnpm', []] : ['npx', ['-y', `pnpm@${version}`]];

const run = spawnSync(command, [...prefix, ...args], { stdio: 'inherit', shell });
if (run.error) {
  console.error(`scripts/pnpm.mjs: cannot start ${command}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
