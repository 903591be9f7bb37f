// Memory of the benchmark's child processes: every child spawned through processes.ts is sampled
// from /proc while it runs, and a scope (one benchmark step) collects the children it started.
import { readFileSync } from 'node:fs';

/** Resident set size of a process, from /proc/<pid>/status, in MB (1 MB = 1024 kB). */
export function readRssMB(pid: number): { rssMB: number; peakRssMB: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/${pid}/status`);
    return Math.round((Number(match[1]) / 1024) * 10) / 10;
  };
  return { rssMB: field('VmRSS'), peakRssMB: field('VmHWM') };
}

export interface ProcessMemory {
  name: string;
  pid: number;
  /** RSS when the process first printed what the benchmark waited for (ready, before load). */
  readyMB: number | null;
  /** VmHWM: the highest RSS the kernel saw over the process's life, start-up included. */
  peakMB: number;
  /** The highest of the periodic VmRSS samples (a spike between samples is only in peakMB). */
  maxSampledMB: number;
  /** RSS just before the benchmark stopped the process, i.e. at the end of its load. */
  endMB: number;
  samples: number;
}

/** Sampling period of every child, ms: a read of /proc costs microseconds. */
const SAMPLE_MS = 250;

export interface MemoryTracker {
  /** Records the ready figure (first call only). */
  ready(): void;
  /** Takes the final reading and stops sampling; later calls return the same record. */
  finish(): ProcessMemory;
  /** The figures so far, without stopping. */
  snapshot(): ProcessMemory;
}

const openScopes = new Set<MemoryTracker[]>();

/** Samples `pid` every SAMPLE_MS until `finish` (or until the process is gone). */
export function trackMemory(name: string, pid: number): MemoryTracker {
  const record: ProcessMemory = {
    name,
    pid,
    readyMB: null,
    peakMB: 0,
    maxSampledMB: 0,
    endMB: 0,
    samples: 0,
  };
  let finished = false;
  const sample = (): boolean => {
    try {
      const { rssMB, peakRssMB } = readRssMB(pid);
      record.samples++;
      record.endMB = rssMB;
      record.peakMB = Math.max(record.peakMB, peakRssMB);
      record.maxSampledMB = Math.max(record.maxSampledMB, rssMB);
      return true;
    } catch {
      // The process has exited: its last sample stands.
      return false;
    }
  };
  const timer = setInterval(() => {
    if (!sample()) clearInterval(timer);
  }, SAMPLE_MS).unref();
  sample();
  const tracker: MemoryTracker = {
    ready() {
      if (record.readyMB !== null || finished) return;
      if (sample()) record.readyMB = record.endMB;
    },
    finish() {
      if (!finished) {
        finished = true;
        clearInterval(timer);
        sample();
      }
      return { ...record };
    },
    snapshot: () => ({ ...record }),
  };
  for (const scope of openScopes) scope.push(tracker);
  return tracker;
}

/**
 * Starts collecting the children spawned from now on; the returned function ends the scope and
 * gives their figures (final for the children stopped, current for those still running).
 */
export function collectMemory(): () => ProcessMemory[] {
  const trackers: MemoryTracker[] = [];
  openScopes.add(trackers);
  return () => {
    openScopes.delete(trackers);
    return trackers.map((tracker) => tracker.snapshot());
  };
}
