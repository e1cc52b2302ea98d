/**
 * The import graph keeps the shape DESIGN.md gives it ("Packages and modules"): the folders of
 * `packages/core/src` are the flow, and each imports only from folders before it in {@link CORE_LAYERS};
 * no file of any package takes part in an import cycle; no package imports another package's `dist/` (or
 * its sources by a relative path): what two packages share goes through the other's package entry points.
 *
 * Imports are read with TypeScript's own pre-processor (`ts.preProcessFile`: static imports, re-exports,
 * `import type` and dynamic `import()` alike), so the check sees what the compiler sees.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const packagesDir = join(repoRoot, 'packages');

/**
 * The folders of `packages/core/src` in flow order: a file may import from its own folder and from the
 * folders of a lower layer. `schema.ts`, `util/` and `types/` (declarations) are the bottom and import
 * nothing else of ours; `index.ts` is the top.
 */
const CORE_LAYERS: readonly (readonly string[])[] = [
  ['schema.ts', 'util', 'types'],
  ['subtitles'],
  ['sync'],
  ['chunking'],
  ['expressions'],
  ['timing'],
  ['providers'],
  ['scheduler'],
  ['plugins'],
  ['pipeline'],
  ['formats'],
  ['config'],
  ['index.ts'],
];

/** Every `.ts`/`.mts`/`.mjs` file under `dir`, skipping `node_modules` and `dist`. */
function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** True when `path` is a folder. */
function existsDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The module specifiers a file imports (static, type-only, re-exports and dynamic `import()`). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

/** The file a relative specifier names (`./x.js` is `./x.ts` in the sources), or null when it names none. */
function resolveRelative(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  return null;
}

/** Package folders (`packages/<name>`) with their package.json. */
const packages = readdirSync(packagesDir)
  .map((name) => join(packagesDir, name))
  .filter((dir) => {
    try {
      return statSync(join(dir, 'package.json')).isFile();
    } catch {
      return false;
    }
  })
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, unknown> } }));

/** The import graph of a set of files: file → files it imports (relative specifiers only). */
function graphOf(files: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    graph.set(
      file,
      importsOf(file)
        .filter((s) => s.startsWith('.'))
        .map((s) => resolveRelative(file, s))
        .filter((f): f is string => f !== null),
    );
  }
  return graph;
}

/** The strongly connected components with more than one file (or a file importing itself): Tarjan's algorithm. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

const coreSrc = join(packagesDir, 'core', 'src');
const rel = (file: string) => relative(repoRoot, file).split(sep).join('/');

/** The layer of a core source file: the index in {@link CORE_LAYERS} of its top folder (or root file name), and that name. */
function layerOf(file: string): { layer: number; unit: string } {
  const top = relative(coreSrc, file).split(sep)[0]!;
  return { layer: CORE_LAYERS.findIndex((names) => names.includes(top)), unit: top };
}

describe('the import graph', () => {
  it('has no cycle in any package', () => {
    for (const { dir } of packages) {
      const found = cycles(graphOf(sourceFiles(join(dir, 'src'))));
      expect(found.map((c) => c.map(rel).join(' ↔ ')), `import cycles in ${rel(dir)}`).toEqual([]);
    }
  });

  it('of the core follows the flow: each folder imports only from itself and the folders before it', () => {
    const problems: string[] = [];
    for (const file of sourceFiles(coreSrc)) {
      const from = layerOf(file);
      if (from.layer < 0) {
        problems.push(`${rel(file)}: ${from.unit} is not a folder of the flow (add it to CORE_LAYERS and DESIGN.md, or move the file into one)`);
        continue;
      }
      for (const specifier of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = resolveRelative(file, specifier);
        if (!target) {
          problems.push(`${rel(file)}: "${specifier}" names no file`);
          continue;
        }
        const to = layerOf(target);
        if (to.unit === from.unit) continue;
        if (from.layer === 0 || to.layer < 0 || to.layer >= from.layer) problems.push(`${rel(file)} (${from.unit}) imports upward or sideways: ${rel(target)} (${to.unit})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has no loose files at the root of packages/core/src besides schema.ts and index.ts', () => {
    const loose = readdirSync(coreSrc).filter((name) => statSync(join(coreSrc, name)).isFile() && !['schema.ts', 'index.ts'].includes(name));
    expect(loose).toEqual([]);
  });

  it('crosses packages only through package entry points, never into dist/ or another package’s sources', () => {
    const names = new Map(packages.map((p) => [p.manifest.name, p]));
    const problems: string[] = [];
    for (const { dir } of packages) {
      const files = ['src', 'test', 'scripts'].flatMap((sub) => (existsDir(join(dir, sub)) ? sourceFiles(join(dir, sub)) : []));
      for (const file of files) {
        for (const specifier of importsOf(file)) {
          if (specifier.startsWith('.')) {
            const target = resolve(dirname(file), specifier);
            if (!target.startsWith(dir + sep)) problems.push(`${rel(file)}: "${specifier}" reaches outside its package`);
            continue;
          }
          const [scope, name, ...rest] = specifier.split('/');
          const pkg = scope?.startsWith('@') ? `${scope}/${name}` : scope!;
          const subpath = scope?.startsWith('@') ? rest : [name, ...rest].filter((s) => s !== undefined);
          const target = names.get(pkg);
          if (!target) continue;
          const entry = subpath.length ? `./${subpath.join('/')}` : '.';
          const exported = target.manifest.exports ? Object.hasOwn(target.manifest.exports, entry) : entry === '.';
          if (!exported || subpath.includes('dist')) problems.push(`${rel(file)}: "${specifier}" is not an entry point of ${pkg} (package.json "exports")`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('is the tree the README and docs/architecture.md draw: every folder of packages/core/src, in the flow’s order', () => {
    const tree = readdirSync(coreSrc).map((name) => (statSync(join(coreSrc, name)).isDirectory() ? `${name}/` : name));
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const picture = /```\npackages\/core\/src\/\n([\s\S]*?)\n(?!  )/.exec(readme)?.[1] ?? '';
    const drawn = picture.split('\n').map((line) => /^  (\S+)/.exec(line)?.[1]).filter((name): name is string => !!name);
    expect([...drawn].sort()).toEqual([...tree].sort());
    const order = CORE_LAYERS.flat().map((name) => (name.endsWith('.ts') ? name : `${name}/`));
    const inFlow = drawn.filter((name) => order.includes(name));
    expect(inFlow).toEqual([...inFlow].sort((a, b) => layerOf(join(coreSrc, a)).layer - layerOf(join(coreSrc, b)).layer));
    const doc = readFileSync(join(repoRoot, 'docs/architecture.md'), 'utf8');
    for (const name of tree) expect(doc, `docs/architecture.md names ${name}`).toContain(`\`${name.replace(/\/$/, '')}`);
  });

  it('finds what it looks for (a cycle, an upward import)', () => {
    // The checks themselves, on a made-up graph: a ↔ b is a cycle, c → d is not.
    expect(cycles(new Map([['a', ['b']], ['b', ['a']], ['c', ['d']], ['d', []]]))).toEqual([['a', 'b']]);
    expect(layerOf(join(coreSrc, 'expressions', 'x.ts')).layer).toBeLessThan(layerOf(join(coreSrc, 'providers', 'spec.ts')).layer);
    expect(layerOf(join(coreSrc, 'analyze.ts')).layer).toBe(-1);
  });
});
