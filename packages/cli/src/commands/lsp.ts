/**
 * `langflix lsp --stdio`: the LangFlix language server, so any LSP editor (Neovim, Helix, VS Code) gets
 * inline expression annotations. All behaviour is in `@langflix/language-server` (its exports are the
 * report formats of `@langflix/core/formats`).
 */
import { defineCommand } from 'citty';

export default defineCommand({
  meta: { name: 'lsp', description: 'Run the LangFlix language server (LSP) for editors; stdio unless another transport is named.' },
  args: {
    stdio: { type: 'boolean', description: 'Talk LSP over stdin/stdout (the default)' },
    'node-ipc': { type: 'boolean', description: 'Talk LSP over the Node IPC channel (for a parent Node process)' },
    socket: { type: 'string', description: 'Talk LSP over a TCP socket on this port' },
    pipe: { type: 'string', description: 'Talk LSP over this named pipe' },
  },
  async run() {
    const { startServer } = await import('@langflix/language-server');
    // The server reads the transport from the command line itself; it runs until the client exits.
    startServer();
    await new Promise<never>(() => {});
  },
});
