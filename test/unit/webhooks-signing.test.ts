import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateSecret, secretKey, signWebhook } from '../../src/infra/webhooks/sign-webhook.js';
import {
  MAX_TENTATIVAS,
  RETRY_SCHEDULE_MS,
  retryDelayMs,
} from '../../src/use-cases/webhooks/retry-schedule.js';
import { testBackend } from '../support/test-database.js';

describe.runIf(testBackend() === 'sqlite')('Standard Webhooks signing and retry schedule', () => {
  it('signs exactly as the reference library, one v1 signature per secret', () => {
    const [a, b] = [generateSecret(), generateSecret()];
    const body = JSON.stringify({
      type: 't',
      timestamp: '2026-01-05T12:00:00.000Z',
      data: { x: 'é' },
    });
    const at = new Date('2026-01-05T12:00:07.900Z');
    const headers = signWebhook('msg_1', Math.floor(at.getTime() / 1000), body, [a, b]);
    expect(headers['webhook-timestamp']).toBe('1767614407');
    expect(headers['webhook-signature']).toBe(
      `${new Webhook(a).sign('msg_1', at, body)} ${new Webhook(b).sign('msg_1', at, body)}`,
    );
  });

  it('generates 32-byte secrets and accepts only whsec_ + padded base64 of 24 to 64 bytes', () => {
    expect(secretKey(generateSecret())).toHaveLength(32);
    const of = (bytes: number) => `whsec_${Buffer.alloc(bytes, 1).toString('base64')}`;
    expect(secretKey(of(24))).toHaveLength(24);
    expect(secretKey(of(64))).toHaveLength(64);
    expect(secretKey(of(23))).toBeNull();
    expect(secretKey(of(65))).toBeNull();
    expect(secretKey(of(32).replace(/=+$/, ''))).toBeNull();
    expect(secretKey(of(32).slice(6))).toBeNull();
    expect(secretKey('whsec_não-base64-aqui-de-jeito-nenhum')).toBeNull();
  });

  it('waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (±10%), then gives up', () => {
    expect(MAX_TENTATIVAS).toBe(8);
    expect(RETRY_SCHEDULE_MS.map((_, i) => retryDelayMs(i + 1, undefined, () => 0.5))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(retryDelayMs(1, undefined, () => 0)).toBe(4_500);
    expect(retryDelayMs(1, undefined, () => 0.999999)).toBe(5_500);
    expect(retryDelayMs(8, undefined)).toBeNull();
  });

  it('takes Retry-After as a floor, capped at a day', () => {
    expect(retryDelayMs(1, 120_000, () => 0.5)).toBe(120_000);
    expect(retryDelayMs(3, 1_000, () => 0.5)).toBe(1_800_000);
    expect(retryDelayMs(1, 10 * 24 * 3_600_000, () => 0.5)).toBe(24 * 3_600_000);
  });
});
