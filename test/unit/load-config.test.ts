import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, envNameFor, loadConfig } from '../../src/infra/config/load-config.js';

function tomlFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'credgate-config-')), 'credgate.toml');
  writeFileSync(file, text);
  return file;
}

describe('loadConfig', () => {
  it('uses documented defaults and demo mode when nothing is configured', () => {
    const config = loadConfig({ env: {} });
    expect(config.mode).toBe('demo');
    expect(config.http).toMatchObject({ host: '127.0.0.1', port: 3000, bodyLimitBytes: 1_048_576 });
    expect(config.queue).toMatchObject({ concurrency: 10, leaseMs: 60_000, maxAttempts: 20 });
    expect(config.databaseUrl).toBeUndefined();
  });

  it('layers file, then env, then overrides', () => {
    const file = tomlFile(
      'dataDir = "/srv/credgate"\n[http]\nport = 4000\nhost = "0.0.0.0"\n[queue]\nconcurrency = 4\n',
    );
    const config = loadConfig({
      env: { CREDGATE_HTTP_PORT: '5000', CREDGATE_QUEUE_LEASE_MS: '1500' },
      configFile: file,
      overrides: { queue: { concurrency: 8 } },
    });
    expect(config.dataDir).toBe('/srv/credgate');
    expect(config.http.host).toBe('0.0.0.0');
    expect(config.http.port).toBe(5000);
    expect(config.queue.leaseMs).toBe(1500);
    expect(config.queue.concurrency).toBe(8);
    // A config file means a deliberate deployment: production unless told otherwise.
    expect(config.mode).toBe('production');
  });

  it('reads DATABASE_URL and booleans written as text', () => {
    const config = loadConfig({
      env: {
        DATABASE_URL: 'postgres://u@db:5432/x',
        CREDGATE_ALLOW_PRIVATE_WEBHOOKS: 'true',
        CREDGATE_HTTP_TRUST_PROXY: 'false',
      },
    });
    expect(config.databaseUrl).toBe('postgres://u@db:5432/x');
    expect(config.mode).toBe('production');
    expect(config.allowPrivateWebhooks).toBe(true);
    expect(config.http.trustProxy).toBe(false);
  });

  it('names the setting and its variable in every error', () => {
    expect(() => loadConfig({ env: { CREDGATE_HTTP_PORT: 'abc' } })).toThrow(
      /http\.port \(CREDGATE_HTTP_PORT\)/,
    );
    expect(() => loadConfig({ env: { CREDGATE_QUEUE_CONCURRENCY: '0' } })).toThrow(
      /queue\.concurrency/,
    );
    expect(() => loadConfig({ env: { DATABASE_URL: 'mysql://x' } })).toThrow(
      /databaseUrl .*postgres:\/\//,
    );
    expect(() => loadConfig({ env: { CREDGATE_HTTP_PROT: '1' } })).toThrow(
      /Unknown setting CREDGATE_HTTP_PROT/,
    );
    expect(() => loadConfig({ env: {}, configFile: tomlFile('[http\nport=1') })).toThrow(
      ConfigError,
    );
    expect(() => loadConfig({ env: {}, configFile: '/nao/existe.toml' })).toThrow(
      /Cannot read config file/,
    );
  });

  it('derives variable names from setting paths', () => {
    expect(envNameFor(['http', 'inboundBodyLimitBytes'])).toBe(
      'CREDGATE_HTTP_INBOUND_BODY_LIMIT_BYTES',
    );
    expect(envNameFor(['masterKey'])).toBe('CREDGATE_MASTER_KEY');
  });
});
