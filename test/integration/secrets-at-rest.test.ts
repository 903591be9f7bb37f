import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { testBackend } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

const SECRETS = {
  senha_consulta: 'Sx9-consulta-secret-7781',
  senha_pefin: 'Sx9-pefin-secret-9912',
  token_sh: 'Sx9-tokensh-secret-4410',
  senha_tecnospeed: 'Sx9-scc-password-1212',
  callback_token: 'Sx9-bmp-callback-bearer-5531',
};
const CPF = '52998224725';
const CPF_FORMATTED = '529.982.247-25';

/** Every byte the database holds, as text: the raw SQLite files, or every row on PostgreSQL. */
async function databaseContents(t: TestApp): Promise<string> {
  if (testBackend() === 'sqlite') {
    await sql`pragma wal_checkpoint(FULL)`.execute(t.ctx.database.db);
    const dir = dirname(t.testDb.location.sqliteFile!);
    return readdirSync(dir)
      .map((file) => readFileSync(`${dir}/${file}`).toString('latin1'))
      .join('\n');
  }
  const tables = ['api_keys', 'idempotency_keys', 'integracoes', 'eventos_entrada', 'jobs'];
  const dumps = await Promise.all(
    tables.map(async (table) => {
      const rows = await sql<{
        row: string;
      }>`select t::text as row from ${sql.table(table)} t`.execute(t.ctx.database.db);
      return rows.rows.map((r) => r.row).join('\n');
    }),
  );
  return dumps.join('\n');
}

describe('secrets at rest and in logs', () => {
  let t: TestApp;
  let callbackUrl: string;
  beforeAll(async () => {
    t = await startTestApp();
    const created = await Promise.all([
      t.api('/v1/integracoes', {
        method: 'POST',
        json: {
          provedor: 'serasa_experian',
          ambiente: 'producao',
          descricao: `credor ${CPF_FORMATTED}`,
          credenciais: {
            login_consulta: 'c1',
            senha_consulta: SECRETS.senha_consulta,
            login_pefin: 'p1',
            senha_pefin: SECRETS.senha_pefin,
          },
        },
      }),
      t.api('/v1/integracoes', {
        method: 'POST',
        json: {
          provedor: 'tecnospeed',
          ambiente: 'homologacao',
          descricao: 'tecnospeed',
          credenciais: {
            cnpj_sh: '11222333000181',
            token_sh: SECRETS.token_sh,
            cnpj_usuario: '11222333000181',
            login: 'u',
            senha: SECRETS.senha_tecnospeed,
          },
        },
      }),
      t.api('/v1/integracoes', {
        method: 'POST',
        json: {
          provedor: 'bmp',
          ambiente: 'producao',
          descricao: 'bmp',
          credenciais: { recebimento: { token: SECRETS.callback_token } },
          configuracoes: { recebimento: { autenticacao: 'bearer' } },
        },
      }),
    ]);
    for (const response of created) expect(response.status).toBe(201);
    callbackUrl = ((await created[2].json()) as { url_recebimento: string }).url_recebimento;
    // Traffic that carries secrets and documents: callbacks (good and bad auth) and a failing request.
    const good = await fetch(`${callbackUrl}?proposta=${CPF}&situacao=2`, {
      headers: { authorization: `Bearer ${SECRETS.callback_token}` },
    });
    expect(good.status).toBe(200);
    const bad = await fetch(`${callbackUrl}?proposta=${CPF_FORMATTED}&situacao=x`, {
      headers: { authorization: `Bearer ${SECRETS.callback_token}-wrong` },
    });
    expect(bad.status).toBe(401);
    await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'tecnospeed',
        ambiente: 'producao',
        descricao: CPF,
        credenciais: { token_sh: SECRETS.token_sh },
      },
    });
    await waitFor(
      async () => (await t.ctx.jobs.countByState()).completed >= 1,
      'callback processed',
    );
  });
  afterAll(async () => t.close());

  it('stores no credential in clear anywhere in the database', async () => {
    const contents = await databaseContents(t);
    expect(contents.length).toBeGreaterThan(1000);
    // Sanity: the scan sees stored data (the description is not a secret).
    expect(contents).toContain('tecnospeed');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(contents.includes(secret), `${name} found in the database`).toBe(false);
    }
    expect(contents).not.toContain(t.apiKey);
    const token = new URL(callbackUrl).pathname.split('/')[3];
    expect(contents).not.toContain(token);
  });

  it('logs no secret, no API key, no URL token and no unmasked CPF', () => {
    const logs = t.logLines.join('');
    expect(t.logLines.length).toBeGreaterThan(5);
    // Sanity: requests were logged, including the callback's path (masked).
    expect(logs).toContain('/callbacks/bmp/');
    for (const [name, secret] of Object.entries(SECRETS)) {
      expect(logs.includes(secret), `${name} found in logs`).toBe(false);
    }
    expect(logs).not.toContain(t.apiKey);
    const token = new URL(callbackUrl).pathname.split('/')[3];
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(CPF);
    expect(logs).not.toContain(CPF_FORMATTED);
    // The CPF did reach the logger (in a callback URL) and came out masked.
    expect(logs).toContain('529.***.***-25');
  });
});
