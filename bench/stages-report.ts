import type { StageResult } from './negativacoes.js';
import { table } from './markdown-table.js';
import type { CpuShare } from './processes.js';
import { round } from './stats.js';

export interface StagesSummary {
  count: number;
  /** The median round of each stage, in stage order, with every round's CPU beside it. */
  stages: Array<StageResult & { cpuMsRounds: number[] }>;
}

export type StagesResults = {
  sqlite?: StagesSummary | { error: string };
  postgres?: StagesSummary | { error: string };
};

/** Percent of one core: credgate, this process (load generator and sandbox), PostgreSQL. */
export function cpuShare(cpu: CpuShare | undefined): string {
  return cpu ? `${cpu.serverPercent} / ${cpu.loadGeneratorPercent} / ${cpu.postgresPercent}` : '';
}

export function stagesMarkdown(results: StagesResults): string {
  const rows = Object.entries(results).flatMap(([dialect, outcome]) => {
    if ('error' in outcome) return [[dialect, `error: ${outcome.error}`, '', '', '', '']];
    return outcome.stages.map((stage, i) => {
      const previous = outcome.stages[i - 1]?.gatewayCpuMsPerNegativacao ?? 0;
      return [
        dialect,
        stage.stage,
        `${stage.gatewayCpuMsPerNegativacao} (${stage.cpuMsRounds.join(', ')})`,
        round(stage.gatewayCpuMsPerNegativacao - previous, 3),
        stage.wallSeconds,
        cpuShare(stage.cpu),
      ];
    });
  });
  return [
    "### Where a negativacao's gateway CPU goes (no goal)",
    '',
    'Each negativacao taken only as far as the stage: `created` (POST answered; the gateway runs no workers), `transmitted` (sent to the sandbox, which delivers no webhook), `confirmed` (`inserida` by webhook). Median round, rounds in brackets.',
    '',
    table(
      [
        'db',
        'taken to',
        'gateway CPU ms each (rounds)',
        'added by the stage, ms',
        'wall s',
        'CPU % credgate / client+sandbox / PostgreSQL',
      ],
      rows,
    ),
  ].join('\n');
}
