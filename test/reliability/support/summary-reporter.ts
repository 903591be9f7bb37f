import type { Reporter } from 'vitest/reporters';
import { clearSummaries, mergeSummaries, REPORT_FILE } from './report.js';

/**
 * Prints the reliability summary table once the run ends and writes it to
 * test-results/reliability.json; each run starts with no scenario rows, so the table only shows
 * what this run measured.
 */
export default class SummaryReporter implements Reporter {
  onInit(): void {
    clearSummaries();
  }

  onTestRunEnd(): void {
    const { summaries, table } = mergeSummaries();
    if (summaries.length === 0) return;
    const lost = summaries.reduce((sum, s) => sum + s.perdidos, 0);
    const duplicated = summaries.reduce((sum, s) => sum + s.duplicados, 0);
    process.stdout.write(
      `\nReliability summary (lost ${lost}, duplicated ${duplicated}), written to ${REPORT_FILE}:\n\n${table}\n\n`,
    );
  }
}
