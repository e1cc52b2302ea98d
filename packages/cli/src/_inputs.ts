/**
 * The inputs of `langflix analyze`: files, folders (every `.srt` and `.vtt` inside, recursively) and
 * glob patterns (for shells that pass them unexpanded, or quoted), and where each one's report goes.
 */
import { realpathSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { CliError } from './_errors.js';

/** One subtitle file to analyse. */
export interface InputFile {
  /** The path as given or found (relative to the working folder when the argument was). */
  readonly path: string;
  /**
   * Where its report goes under `--out-dir`, relative to it: the path below the folder argument, or below a
   * glob's base folder (`g/s1/a.vtt` for `'g/s*' + '/*.vtt'` is `s1/a.vtt`), or the file name.
   */
  readonly outName: string;
}

/** The expanded inputs. */
export interface Inputs {
  readonly files: readonly InputFile[];
  /** True when reports are written to files (a folder, a glob, or several arguments), not to stdout. */
  readonly many: boolean;
}

/** Subtitle files are found by extension; LangFlix's own outputs (`*.langflix.srt`) are skipped. */
const SUBTITLE_GLOB = '**/*.{srt,vtt}';
const IGNORE = ['**/node_modules/**', '**/.git/**', '**/*.langflix.*'];

/**
 * Expands the arguments into subtitle files, in argument order, each folder's and pattern's files sorted,
 * without duplicates. A plain path that does not exist is kept, for the reader to report it.
 * @throws {CliError} (exit 2) for a folder with no subtitle file or a pattern that matches none
 */
export async function expandInputs(args: readonly string[], cwd = process.cwd()): Promise<Inputs> {
  const files: InputFile[] = [];
  const seen = new Set<string>();
  let many = args.length > 1;
  const add = (path: string, outName: string) => {
    const key = resolve(cwd, path);
    if (seen.has(key)) return;
    seen.add(key);
    files.push({ path, outName });
  };
  for (const arg of args) {
    const info = await stat(resolve(cwd, arg)).catch(() => null);
    if (info?.isDirectory()) {
      many = true;
      const found = (await glob(SUBTITLE_GLOB, { cwd: resolve(cwd, arg), ignore: IGNORE, dot: false, caseSensitiveMatch: false })).sort();
      if (found.length === 0) throw new CliError(`${arg}: is a directory with no .srt or .vtt file in it`);
      for (const rel of found) add(join(arg, rel), rel);
    } else if (!info && isDynamicPattern(arg)) {
      many = true;
      const found = (await glob(arg, { cwd, ignore: IGNORE, onlyFiles: true, expandDirectories: false })).sort();
      if (found.length === 0) throw new CliError(`${arg}: no file matches this pattern`);
      const base = resolve(cwd, globBase(arg));
      for (const path of found) add(path, relative(base, resolve(cwd, path)));
    } else {
      add(arg, basename(arg));
    }
  }
  return { files, many };
}

/**
 * The folder a glob pattern searches from: its leading segments without a glob character (`g/s*` + `/*.vtt`
 * → `g`; `*.vtt` → `''`, the working folder). Reports under `--out-dir` keep the folders below it, as for a
 * folder argument, so two folders' files of one name do not collide.
 */
export function globBase(pattern: string): string {
  const segments = pattern.split('/');
  const fixed: string[] = [];
  for (const segment of segments.slice(0, -1)) {
    if (isDynamicPattern(segment)) break;
    fixed.push(segment);
  }
  return fixed.length === 1 && fixed[0] === '' ? '/' : fixed.join('/');
}

/**
 * Where an input's report goes: `<name>.langflix<extension>` next to the input, or under `outDir` (keeping
 * the path below a folder argument).
 */
export function reportPath(input: InputFile, extension: string, outDir: string | null): string {
  const name = `${basename(input.outName, extname(input.outName))}.langflix${extension}`;
  return outDir ? join(outDir, dirname(input.outName), name) : join(dirname(input.path), name);
}

/**
 * Checks that no two inputs would write the same report (two `e01.srt` from different folders into one
 * `--out-dir`).
 * @throws {CliError} (exit 2) naming both inputs
 */
export function checkDistinctOutputs(inputs: readonly InputFile[], paths: readonly string[], cwd = process.cwd()): void {
  const owner = new Map<string, string>();
  inputs.forEach((input, i) => {
    const key = resolve(cwd, paths[i]!);
    const other = owner.get(key);
    if (other !== undefined) throw new CliError(`${other} and ${input.path} would both write ${relative(cwd, key) || key}: use separate runs or no --out-dir`);
    owner.set(key, input.path);
  });
}

/** A file the run would write, and the flag that asked for it. */
export interface PlannedWrite {
  /** `--out`, `--report`, or what set the folder of per-input reports (`--out-dir`, a config file's `outDir`). */
  readonly flag: string;
  readonly path: string;
}

/** The file a path names: absolute, through symbolic links when it exists. */
function canonical(path: string, cwd: string): string {
  const absolute = resolve(cwd, path);
  try {
    return realpathSync.native(absolute);
  } catch {
    return absolute;
  }
}

/**
 * Checks, before anything is read or sent, that no output would replace an input subtitle file
 * (`analyze ed.vtt --out ed.vtt`) and that no two outputs name the same file (`--out x.md --report x.md`,
 * which would lose one of them). Paths are compared resolved against `cwd`, through symbolic links.
 * @throws {CliError} (exit 2) one line naming the file and the flag(s)
 */
export function checkWritesSpareInputs(inputs: readonly InputFile[], writes: readonly PlannedWrite[], cwd = process.cwd()): void {
  const inputOf = new Map(inputs.map((input) => [canonical(input.path, cwd), input.path]));
  const writer = new Map<string, PlannedWrite>();
  for (const write of writes) {
    const key = canonical(write.path, cwd);
    const input = inputOf.get(key);
    if (input !== undefined) {
      const target = write.flag === '--out' || write.flag === '--report' ? `${write.flag} ${write.path}` : `${write.flag} would write ${write.path}, which`;
      throw new CliError(`${target} is the input file ${input}: write the output elsewhere (nothing was written)`);
    }
    const other = writer.get(key);
    if (other !== undefined && other.flag !== write.flag) {
      throw new CliError(`${other.flag} ${other.path} and ${write.flag} ${write.path} name the same file: give each its own (nothing was written)`);
    }
    writer.set(key, write);
  }
}
