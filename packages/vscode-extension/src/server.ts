/**
 * The language server as the extension runs it (bundled into dist/server.js): `@langflix/language-server`
 * with the CLI's file formats for "LangFlix: Export Expressions", as `langflix lsp` has them.
 */
import { startServer } from '@langflix/language-server';
import { FORMATTERS } from '@langflix/cli/dist/formats/index.js';

// `table` is for terminals; every other format writes a file.
const { table: _terminalOnly, ...exporters } = FORMATTERS;
startServer({ exporters });
