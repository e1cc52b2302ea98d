// A user's TypeScript script: type-checked against the package's exports by tsc (NodeNext) and by
// `deno check`, and run by Bun and Deno as it is (tests/runtimes/runtimes.test.ts).
import { analyzeSubtitles, type AnalysisReport, type AnalyzeOptions, type Expression } from '@langflix/core';

const options: AnalyzeOptions = { level: 'B2', mode: 'sequential', maxExpressions: 10 };
const report: AnalysisReport = await analyzeSubtitles('1\n00:00:01,000 --> 00:00:03,000\nI give up, let us call it a day.\n', options);
const first: Expression | undefined = report.expressions[0];
const span: [number, number] | null = first ? [first.startMs, first.endMs] : null;

/** Never called: it only has to fail type checking where the types are wrong or missing. */
export function wrongOnPurpose(): void {
  // @ts-expect-error: not a learner level
  void analyzeSubtitles('', { level: 'Z9' });
  // @ts-expect-error: startMs is a number
  const text: string = report.expressions[0]!.startMs;
  void text;
}

console.log(JSON.stringify({ expressions: report.expressions.map((e) => e.expression), span }));
