#!/usr/bin/env node
/**
 * `langflix-language-server [--stdio | --node-ipc | --socket=<port> | --pipe=<name>]`: the LangFlix
 * language server on its own (the same as `langflix lsp`). Stdio when no transport is named.
 */
import { startServer } from './server.js';

startServer();
