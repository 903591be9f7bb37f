import { describe, expect, it } from 'vitest';
import { GatheredCalls } from '../../src/infra/gather-calls.js';

describe('GatheredCalls', () => {
  it('answers the calls of one turn with one run, and those made meanwhile with the next', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const firstRunHeld = new Promise<void>((resolve) => (release = resolve));
    const calls = new GatheredCalls<number, string>(async (requests) => {
      runs.push(requests);
      if (runs.length === 1) await firstRunHeld;
      return requests.map((n) => `r${n}`);
    });
    const first = [calls.call(1), calls.call(2), calls.call(3)];
    await new Promise((resolve) => setImmediate(resolve));
    // The first run is on its way: these wait for it, then go together.
    const later = [calls.call(4), calls.call(5)];
    release();
    expect(await Promise.all([...first, ...later])).toEqual(['r1', 'r2', 'r3', 'r4', 'r5']);
    expect(runs).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });

  it('rejects every call of a failed run; a call made meanwhile goes to the next run', async () => {
    const runs: number[][] = [];
    let release!: () => void;
    const failingRunHeld = new Promise<void>((resolve) => (release = resolve));
    const calls = new GatheredCalls<number, number>(async (requests) => {
      runs.push(requests);
      if (runs.length === 1) {
        await failingRunHeld;
        throw new Error('banco fora');
      }
      return requests.map((n) => n * 2);
    });
    const failing = Promise.allSettled([calls.call(1), calls.call(2)]);
    await new Promise((resolve) => setImmediate(resolve));
    const meanwhile = calls.call(3);
    release();
    expect((await failing).map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await meanwhile).toBe(6);
    expect(runs).toEqual([[1, 2], [3]]);
  });
});
