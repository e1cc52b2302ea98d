#!/usr/bin/env node
// Redraws the benchmark charts (docs/performance/*.svg) and the README "Performance" section from the results
// the benchmarks last wrote (tests/performance/results/*.json), without measuring again. `npm run bench` does the
// same after measuring. The work is in tests/performance/report/report.mjs, where the charting library
// (Vega-Lite, a devDependency of the tests package) resolves.
import { renderReport } from '../tests/performance/report/report.mjs';

await renderReport();
