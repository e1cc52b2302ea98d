/**
 * The `markdown` output: a study sheet — a heading, a summary, then one section per expression with its
 * time, type and level, meaning, translation, the line it is spoken in (words in bold) and similar
 * expressions; failed chunks, if any, listed at the end so a gap is never silent.
 */
import type { AnalysisReport, Expression } from '../schema.js';
import { formatSrtTime } from '../subtitles/time.js';
import { markExpression, wrapMarks } from './_marks.js';
import { inOrder } from './_order.js';
import type { FormatContext, OutputFormatter } from './_types.js';
import { summaryLine } from './table.js';

/** Text with Markdown's inline syntax characters escaped, and line breaks and tabs as single spaces. */
export function mdEscape(text: string): string {
  return text.replace(/([\\`*_[\]<>|#~])/g, '\\$1').replace(/\s+/g, ' ');
}

/** The report as a Markdown document, its expressions in `context.sort` order (time by default). */
export function renderMarkdown(report: AnalysisReport, context: FormatContext): string {
  const title = report.source.name ? `LangFlix: ${mdEscape(report.source.name)}` : 'LangFlix';
  const lines = [`# ${title}`, '', summaryLine(report).replace(/^(\d+ expressions)/, '**$1**'), ''];
  inOrder(report.expressions, context.sort).forEach((e, i) => {
    lines.push(`## ${i + 1}. ${mdEscape(e.expression)}`, '', `\`${formatSrtTime(e.startMs)} – ${formatSrtTime(e.endMs)}\` · ${facts(e)}`, '');
    lines.push(mdEscape(e.meaning), '');
    if (e.translation) lines.push(`*${mdEscape(e.translation)}*`, '');
    const cue = context.cues[e.cueIndex];
    const marks = (markExpression(e, context.cues).get(e.cueIndex) ?? []).sort((a, b) => a.start - b.start);
    if (cue) lines.push(`> ${wrapMarks(cue.plain, marks, '**', '**', mdEscape)}`, '');
    if (e.similarExpressions.length) lines.push(`Similar: ${e.similarExpressions.map(mdEscape).join(', ')}`, '');
  });
  if (report.chunks.failed.length > 0) {
    lines.push('## Not analysed', '', 'These chunks failed, so expressions in their cues are missing:', '');
    for (const f of report.chunks.failed) lines.push(`- cues ${f.firstCue}–${f.lastCue} (chunk ${f.chunkId}): ${mdEscape(f.error)}: ${mdEscape(f.message)}`);
    lines.push('');
  }
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function facts(e: Expression): string {
  const spoken = e.matchedText.toLowerCase() === e.expression.toLowerCase() ? '' : ` · spoken as “${mdEscape(e.matchedText)}”`;
  return `${e.type.replace('_', ' ')}${e.level ? ` · ${e.level}` : ''}${spoken}`;
}

/** The `markdown` format. */
export const markdown: OutputFormatter = { extension: '.md', render: renderMarkdown };
