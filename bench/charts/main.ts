// `npm run bench:charts [-- <results.json>]`: re-renders docs/bench/*.svg from a results file
// (bench/results/latest.json by default) without running any benchmark.
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchDocument } from '../bench-document.js';
import { renderCharts } from './render-charts.js';

const repoRoot = dirname(dirname(dirname(fileURLToPath(import.meta.url))));
const file = resolve(process.argv[2] ?? join(repoRoot, 'bench/results/latest.json'));
const document = JSON.parse(readFileSync(file, 'utf8')) as BenchDocument;
const written = renderCharts(document, join(repoRoot, 'docs/bench'));
const parts = document.run.parts.join(', ');
process.stdout.write(
  written.length
    ? `${written.map((path) => relative(repoRoot, path)).join('\n')}\n`
    : `no chart: ${relative(repoRoot, file)} has no results to chart (parts: ${parts})\n`,
);
