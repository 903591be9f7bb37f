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

  it('rejects every call of a failed run, and the next run starts clean', async () => {
    let fail = true;
    const calls = new GatheredCalls<number, number>(async (requests) => {
      if (fail) throw new Error('banco fora');
      return requests.map((n) => n * 2);
    });
    const failed = await Promise.allSettled([calls.call(1), calls.call(2)]);
    expect(failed.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await calls.call(3)).toBe(6);
  });
});
