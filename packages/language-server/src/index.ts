// The public API of @langflix/language-server, and nothing else.
export { attachServer, startServer, type ServerOptions } from './server.js';
export { analyzeDocument, providerConfigFor, AnalysisSetupError, type AnalysisOptions } from './analysis.js';
export { DocumentState, matchCues, foundFrom, type Found, type Failure, type CueAnchor } from './state.js';
export { locateSpan, cueTextLines, words } from './spans.js';
export { inlayHints, hover, hoverMarkdown, hintLabel, typeLabel, diagnostics, documentSymbols, codeLenses, distinctExpressions, DIAGNOSTIC_SOURCE } from './features.js';
export { resolveSettings, SETTINGS_DEFAULTS, type ResolvedSettings } from './settings.js';
export * from './protocol.js';
