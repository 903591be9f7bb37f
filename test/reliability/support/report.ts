import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where each scenario leaves its row; the global teardown merges them (not committed). */
export const REPORT_DIR = join(process.cwd(), 'test-results', 'reliability');
export const REPORT_FILE = join(process.cwd(), 'test-results', 'reliability.json');

/** One scenario's row of the summary table. Counts are measured, never assumed. */
export interface ScenarioSummary {
  cenario: string;
  banco: 'postgres' | 'sqlite';
  processos: number;
  duracao_s: number;
  negativacoes: number;
  callbacks_bmp: number;
  /** Inbound provider requests credgate stored (webhooks and callbacks, retries included). */
  eventos_entrada: number;
  /** Host-facing events stored, and the messages the host's endpoint received for them. */
  eventos_saida: number;
  entregas_recebidas: number;
  kills: number;
  restarts: number;
  reinicios_postgres: number;
  perdidos: number;
  duplicados: number;
  /** Anything else worth reading: retries, stuck keys, faults injected, rates measured. */
  detalhes: Record<string, unknown>;
}

/** Written before the scenario's assertions, so a failing run still reports what it measured. */
export function recordSummary(summary: ScenarioSummary): void {
  mkdirSync(REPORT_DIR, { recursive: true });
  writeFileSync(join(REPORT_DIR, `${summary.cenario}.json`), JSON.stringify(summary, null, 2));
}

export function clearSummaries(): void {
  rmSync(REPORT_DIR, { recursive: true, force: true });
}

/** Merges the scenarios' rows into one JSON file and renders them as a table. */
export function mergeSummaries(): { summaries: ScenarioSummary[]; table: string } {
  let files: string[] = [];
  try {
    files = readdirSync(REPORT_DIR).filter((f) => f.endsWith('.json'));
  } catch {
    // no scenario ran
  }
  const summaries = files
    .sort()
    .map((f) => JSON.parse(readFileSync(join(REPORT_DIR, f), 'utf8')) as ScenarioSummary);
  const total = (key: keyof ScenarioSummary) =>
    summaries.reduce((sum, s) => sum + Number(s[key]), 0);
  writeFileSync(
    REPORT_FILE,
    JSON.stringify(
      {
        gerado_em: new Date().toISOString(),
        escala: Number(process.env.RELIABILITY_SCALE ?? 1),
        perdidos: total('perdidos'),
        duplicados: total('duplicados'),
        cenarios: summaries,
        // Run by `npm test`, not here: the rest of issue 8's reliability list.
        tambem_na_suite_normal: [
          'test/integration/hostile-input.test.ts (200+ hostile requests on every route)',
          'test/unit/*properties*.test.ts, test/unit/documents.test.ts (fast-check: CPF/CNPJ, money, dates)',
          'test/unit/b49c-properties.test.ts (fast-check: the fixed-width codec)',
        ],
      },
      null,
      2,
    ),
  );
  return { summaries, table: renderTable(summaries) };
}

const COLUMNS: Array<[string, (s: ScenarioSummary) => string | number]> = [
  ['scenario', (s) => s.cenario],
  ['db', (s) => s.banco],
  ['procs', (s) => s.processos],
  ['s', (s) => s.duracao_s],
  ['negativacoes', (s) => s.negativacoes],
  ['BMP callbacks', (s) => s.callbacks_bmp],
  ['inbound', (s) => s.eventos_entrada],
  ['events', (s) => s.eventos_saida],
  ['delivered', (s) => s.entregas_recebidas],
  ['kills', (s) => s.kills],
  ['restarts', (s) => s.restarts],
  ['pg restarts', (s) => s.reinicios_postgres],
  ['lost', (s) => s.perdidos],
  ['duplicated', (s) => s.duplicados],
];

/** A Markdown table, pasted as is into the README. */
export function renderTable(summaries: ScenarioSummary[]): string {
  const rows = summaries.map((s) => COLUMNS.map(([, value]) => String(value(s))));
  const header = COLUMNS.map(([name]) => name);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}
