/**
 * Where the shared fixtures are: `../shared/fixtures` beside the repository. Tests that need them skip,
 * saying so, when the folder is absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** `../shared/fixtures` next to the repository. */
export const fixturesDir = resolve(repoRoot, '../shared/fixtures');

/** The path of a real subtitle file in the shared fixtures. */
export const realSubtitle = (name: string): string => join(fixturesDir, 'subtitles/real', name);

/** True when the shared fixtures are present; logs once why dependent tests skip when they are not. */
export function haveFixtures(): boolean {
  const present = existsSync(join(fixturesDir, 'subtitles/real'));
  if (!present) console.warn(`shared fixtures not found at ${fixturesDir}: tests that need them are skipped`);
  return present;
}
