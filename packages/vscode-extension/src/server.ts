/**
 * The language server as the extension runs it (bundled into dist/server.js): `@langflix/language-server`,
 * whose exports are the report formats of `@langflix/core/formats`, as `langflix lsp` has them.
 */
import { startServer } from '@langflix/language-server';

startServer();
