import type { Step } from './memory-summary.js';
import type { Goals, Results } from './report.js';

/** What `npm run bench` writes to bench/results/latest.json (and the charts read). */
export interface BenchDocument {
  machine: { cpus: number; cpuModel: string; memGB: number; node: string; platform: string };
  run: {
    startedAt: string;
    totalSeconds: number;
    durationS: number;
    warmupS: number;
    parts: string[];
    /** Absent in files written before charts existed. */
    argv?: string[];
    options?: Record<string, unknown>;
    steps?: Step[];
  };
  results: Results;
  goals: Goals;
}
