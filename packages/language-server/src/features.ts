/**
 * The editor features as pure functions of a document's state: inlay hints, hovers, diagnostics, document
 * symbols and code lenses. None of them calls a model: they only read what analyses left.
 */
import {
  DiagnosticSeverity,
  MarkupKind,
  SymbolKind,
  type CodeLens,
  type Diagnostic,
  type DocumentSymbol,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { Commands, type Annotation } from './protocol.js';
import type { DocumentState } from './state.js';

/** The name diagnostics carry as their source. */
export const DIAGNOSTIC_SOURCE = 'langflix';

/** An expression type as read aloud: `phrasal_verb` → `phrasal verb`. */
export const typeLabel = (type: string): string => type.replace(/_/g, ' ');

/** How many distinct expressions the annotations are places of. */
export const distinctExpressions = (annotations: readonly Annotation[]): number => new Set(annotations.map((a) => a.expression)).size;

/** The inlay hint's text: `⟵ call it a day · idiom · 00:12:03,120`. */
export function hintLabel(a: Annotation): string {
  return `⟵ ${a.expression} · ${typeLabel(a.type)} · ${a.startTime}`;
}

const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
const contains = (range: Range, p: Position) => !before(p, range.start) && !before(range.end, p);

/**
 * One hint per place an expression is spoken, at the end of the line where its words start; only those
 * whose line is in `range`.
 */
export function inlayHints(state: DocumentState, range: Range): InlayHint[] {
  return state
    .annotations()
    .filter((a) => a.range.start.line >= range.start.line && a.range.start.line <= range.end.line)
    .map((a) => ({
      position: { line: a.range.start.line, character: (state.lines[a.range.start.line] ?? '').length },
      label: hintLabel(a),
      paddingLeft: true,
      tooltip: a.timingNote ? `${a.meaning}\n\n⚠ ${a.timingNote}` : a.meaning,
    }));
}

/** The hover's Markdown for one annotation: expression, meaning, translation, level, similar expressions, cue and times. */
export function hoverMarkdown(a: Annotation): string {
  const parts = [`**${a.expression}** · ${typeLabel(a.type)}${a.level ? ` · ${a.level}` : ''}`, '', a.meaning];
  if (a.translation) parts.push('', `*Translation:* ${a.translation}`);
  if (a.similarExpressions.length > 0) parts.push('', `*Similar:* ${a.similarExpressions.join(', ')}`);
  const cue = a.cueId ?? String(a.cueIndex + 1);
  parts.push('', `Cue ${cue} · ${a.startTime} → ${a.endTime}${a.matchedText !== a.expression ? ` · spoken as “${a.matchedText}”` : ''}`);
  if (a.timingNote) parts.push('', `⚠ ${a.timingNote}`);
  return parts.join('\n');
}

/** The hover over an expression's words, or null elsewhere. */
export function hover(state: DocumentState, position: Position): Hover | null {
  const hits = state.annotations().filter((a) => contains(a.range, position));
  const first = hits[0];
  if (!first) return null;
  return { contents: { kind: MarkupKind.Markdown, value: hits.map(hoverMarkdown).join('\n\n---\n\n') }, range: first.range };
}

/**
 * The document's diagnostics: a Warning for each broken cue the parser skipped (on its line), a Warning on
 * the first cue of each chunk that failed, and, unless turned off, an Information over each expression.
 */
export function diagnostics(state: DocumentState, options: { expressions: boolean }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lineRange = (line: number): Range => ({ start: { line, character: 0 }, end: { line, character: (state.lines[line] ?? '').length } });
  for (const w of state.parsed.warnings) {
    out.push({ severity: DiagnosticSeverity.Warning, range: lineRange(Math.max(0, (w.line ?? 1) - 1)), message: w.message, code: w.code, source: DIAGNOSTIC_SOURCE });
  }
  if (state.parsed.cues.length === 0 && state.text.trim().length > 0) {
    out.push({ severity: DiagnosticSeverity.Warning, range: lineRange(0), message: 'no subtitle cues found: not a SubRip or WebVTT document', code: 'no-cues', source: DIAGNOSTIC_SOURCE });
  }
  for (const f of state.failures) {
    const cue = state.parsed.cues[f.cueRange[0]];
    if (cue) out.push({ severity: DiagnosticSeverity.Warning, range: lineRange(cue.line - 1), message: f.message, code: 'chunk-failed', source: DIAGNOSTIC_SOURCE });
  }
  if (options.expressions) {
    for (const a of state.annotations()) {
      out.push({
        severity: DiagnosticSeverity.Information,
        range: a.range,
        message: `${a.expression} (${typeLabel(a.type)}, ${a.startTime}): ${a.meaning}`,
        code: 'expression',
        source: DIAGNOSTIC_SOURCE,
      });
    }
  }
  return out;
}

/** The expressions as document symbols, in time order: name the expression, detail its type and start time. */
export function documentSymbols(state: DocumentState): DocumentSymbol[] {
  return state.annotations().map((a) => ({
    name: a.expression,
    detail: `${typeLabel(a.type)} · ${a.startTime}`,
    kind: SymbolKind.Event,
    range: a.range,
    selectionRange: a.range,
  }));
}

/**
 * Lenses on the first line: the count of expressions (or "analysing…"), then "Re-analyze" and "Export"
 * once there are results, or "Analyze expressions" before.
 */
export function codeLenses(state: DocumentState, analyzing: boolean): CodeLens[] {
  const range: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const args = [state.uri];
  const annotations = state.annotations();
  const count = distinctExpressions(annotations);
  const lenses: CodeLens[] = [];
  if (analyzing) lenses.push({ range, command: { title: `LangFlix: analysing… ${count} expressions so far`, command: Commands.cancel, arguments: args } });
  else if (annotations.length === 0) lenses.push({ range, command: { title: 'LangFlix: Analyze expressions', command: Commands.analyze, arguments: args } });
  else {
    lenses.push({ range, command: { title: `LangFlix: ${count} expression${count === 1 ? '' : 's'}`, command: '' } });
    lenses.push({ range, command: { title: 'Re-analyze', command: Commands.analyze, arguments: args } });
    lenses.push({ range, command: { title: 'Export', command: Commands.export, arguments: args } });
  }
  return lenses;
}
