import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { testBackend } from '../support/test-database.js';

const HEADER =
  'credor;devedor_documento;devedor_nome;devedor_data_nascimento;cep;logradouro;numero;' +
  'complemento;bairro;cidade;uf;contrato;valor;vencimento;natureza;faturas';
const LINHAS = 10_000;
/**
 * The requirement itself. Measured 0.5 to 0.9 s on this 2-core machine (see the README),
 * so the bound holds while other test files share the cores.
 */
const LIMITE_MS = 5_000;

/** 10,000 rows as an ERP would export them: every 50th one invalid. */
function arquivo(): string {
  const linhas = [HEADER];
  for (let i = 1; i <= LINHAS; i++) {
    const documento = i % 50 === 0 ? '123.456.789-00' : '000.012.095-23';
    linhas.push(
      `62.173.620/0001-80;${documento};CLIENTE TESTE ABCB;10/05/1980;01001-000;RUA EXEMPLO;${i};` +
        `AP 1;CENTRO;SAO PAULO;SP;CT-${i};1.234,56;10/12/2025;TI;FAT-${i}|FAT-${i}-B`,
    );
  }
  return linhas.join('\r\n');
}

describe('a 10,000-row CSV is validated and stored as a preview in under 5 s', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers the preview within the bound, every row stored', async () => {
    const corpo = arquivo();
    const inicio = performance.now();
    const response = await h.app.api(`/v1/negativacoes/lotes?integracao_id=${h.integracaoId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: corpo,
    });
    const ms = performance.now() - inicio;
    const body = (await response.json()) as { id: string; validas: number; invalidas: number };
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ validas: 9_800, invalidas: 200 });
    console.info(
      `previa de ${LINHAS} linhas (${(corpo.length / 1e6).toFixed(1)} MB) em ${Math.round(ms)} ms (${testBackend()})`,
    );
    expect(ms).toBeLessThan(LIMITE_MS);

    const linhas = await h.app.ctx.database.db
      .selectFrom('lote_linhas')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('lote_id', '=', body.id)
      .executeTakeFirstOrThrow();
    expect(Number(linhas.total)).toBe(LINHAS);
  });
});
