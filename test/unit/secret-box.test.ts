import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMasterKey, SecretBox } from '../../src/infra/crypto/secret-box.js';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal('senha-super-secreta');
    const b = box.seal('senha-super-secreta');
    expect(a).not.toBe(b);
    expect(a).not.toContain('senha');
    expect(box.open(a)).toBe('senha-super-secreta');
    expect(box.openJson(box.sealJson({ x: [1, 'dois'] }))).toEqual({ x: [1, 'dois'] });
  });

  it('refuses a tampered envelope and a different key', () => {
    const sealed = box.seal('valor');
    const [v, iv, tag, data] = sealed.split('.');
    const flipped = Buffer.from(data, 'base64url');
    flipped[0] = flipped[0] ^ 1;
    expect(() => box.open([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    expect(() => box.open('v0.a.b.c')).toThrow(/unrecognised/);
  });
});

describe('loadMasterKey', () => {
  it('creates a 0600 key file once and reuses it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'credgate-key-'));
    const first = loadMasterKey({ dataDir });
    const second = loadMasterKey({ dataDir });
    expect(first.equals(second)).toBe(true);
    expect(first).toHaveLength(32);
    expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dataDir, 'master.key'), 'utf8').trim()).toBe(first.toString('base64'));
  });

  it('prefers CREDGATE_MASTER_KEY and validates its length', () => {
    const key = randomBytes(32);
    expect(
      loadMasterKey({ dataDir: '/nao-usado', masterKey: key.toString('base64') }).equals(key),
    ).toBe(true);
    expect(() =>
      loadMasterKey({ dataDir: '/x', masterKey: randomBytes(16).toString('base64') }),
    ).toThrow(/32 bytes/);
  });
});
