// `npm run bench` defaults, shared by the option parser (run-all.ts) and the charts, which name
// any setting a run changed so a chart from a short run says so.

export const BENCH_DEFAULTS = {
  durationS: 10,
  count: 10_000,
  roundCount: 3,
  protocolos: 5000,
  pollRate: 200,
  jobs: 10_000,
  workerCounts: [1, 2, 4],
};

export type BenchSettings = typeof BENCH_DEFAULTS;

/** The command-line flag of each setting. */
export const FLAGS: Record<keyof BenchSettings, string> = {
  durationS: '--duration',
  count: '--count',
  roundCount: '--rounds',
  protocolos: '--protocolos',
  pollRate: '--poll-rate',
  jobs: '--jobs',
  workerCounts: '--workers',
};

/** The settings each part reads. */
export const PART_SETTINGS: Record<string, Array<keyof BenchSettings>> = {
  ingest: ['durationS'],
  negativacoes: ['count', 'roundCount'],
  polling: ['protocolos', 'pollRate'],
  workers: ['jobs', 'roundCount', 'workerCounts'],
};
