import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/lotes/tres-validas-duas-invalidas.csv', import.meta.url),
);

const HEADER =
  'credor;devedor_documento;devedor_nome;devedor_data_nascimento;cep;logradouro;numero;' +
  'complemento;bairro;cidade;uf;contrato;valor;vencimento;natureza;faturas';

interface Lote {
  id: string;
  total: number;
  validas: number;
  invalidas: number;
  invalidas_amostra: Array<{ linha: number; erros: Array<{ campo: string; codigo: string }> }>;
}

describe('lotes: what the preview refuses and flags', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  const enviarCsv = (csv: Buffer | string, integracao = h.integracaoId) =>
    h.app.api(`/v1/negativacoes/lotes?integracao_id=${integracao}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });

  it('takes JSON rows named and checked exactly as POST /v1/negativacoes names them', async () => {
    const ruim = novaNegativacao(h.integracaoId, {
      devedor: { ...novaNegativacao(h.integracaoId).devedor, documento: '111.111.111-11' },
    });
    const flutuante = novaNegativacao(h.integracaoId, { valor_centavos: 150.5 });
    const { integracao_id: _, ...boa } = novaNegativacao(h.integracaoId);
    const response = await h.app.api('/v1/negativacoes/lotes', {
      method: 'POST',
      json: { integracao_id: h.integracaoId, linhas: [boa, ruim, flutuante] },
    });
    const body = (await response.json()) as Lote;
    expect(response.status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ formato: 'json', total: 3, validas: 1, invalidas: 2 });
    for (const [indice, pedido] of [ruim, flutuante].entries()) {
      const sozinha = await h.app.api('/v1/negativacoes', { method: 'POST', json: pedido });
      expect(sozinha.status).toBeGreaterThanOrEqual(400);
      const { erro } = (await sozinha.json()) as { erro: { campo: string } };
      expect(body.invalidas_amostra[indice].erros.map((e) => e.campo)).toEqual([erro.campo]);
    }
    expect(body.invalidas_amostra.map((i) => i.erros[0].campo)).toEqual([
      'devedor.documento',
      'valor_centavos',
    ]);
  });

  it('refuses a file without a required column, an unknown column, or no integration (400 naming it)', async () => {
    const semValor = HEADER.replace(';valor;', ';');
    const casos: Array<[string | Buffer, string, string]> = [
      [`${semValor}\n`, 'coluna_ausente', 'valor'],
      [`${HEADER};observacao\n`, 'coluna_desconhecida', 'observacao'],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), 'csv_invalido', ''],
      [`${HEADER}\n`, 'lote_vazio', 'linhas'],
    ];
    for (const [csv, codigo, campo] of casos) {
      const response = await enviarCsv(csv);
      expect(response.status).toBe(400);
      const { erro } = (await response.json()) as { erro: { codigo: string; campo?: string } };
      expect(erro.codigo).toBe(codigo);
      expect(erro.campo ?? '').toBe(campo);
    }
    const semIntegracao = await h.app.api('/v1/negativacoes/lotes', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: FIXTURE,
    });
    expect(semIntegracao.status).toBe(400);
    expect(((await semIntegracao.json()) as any).erro.campo).toBe('integracao_id');
    const desconhecida = await enviarCsv(FIXTURE, 'int_inexistente');
    expect(desconhecida.status).toBe(404);
  });

  it('refuses more than 50,000 rows with 413', async () => {
    const response = await h.app.api('/v1/negativacoes/lotes', {
      method: 'POST',
      json: { integracao_id: h.integracaoId, linhas: Array.from({ length: 50_001 }, () => ({})) },
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).erro.codigo).toBe('lote_grande');
  });

  it('flags rows repeating an active negativacao or an earlier row of the file', async () => {
    const linha = (contrato: string) =>
      `62173620000180;00001209523;CLIENTE TESTE ABCB;;01001-000;RUA EXEMPLO;1;;CENTRO;SAO PAULO;SP;${contrato};100,00;10/12/2025;TI;`;
    await h.negativar({ credor: '62173620000180', contrato: 'LOTE-1' });
    const response = await enviarCsv(
      [HEADER, linha('LOTE-1'), linha('NOVO-1'), linha('NOVO-1')].join('\n'),
    );
    const body = (await response.json()) as Lote;
    expect(body).toMatchObject({ validas: 1, invalidas: 2 });
    expect(body.invalidas_amostra).toEqual([
      {
        linha: 1,
        erros: [
          {
            campo: 'contrato',
            codigo: 'negativacao_duplicada',
            mensagem: expect.stringMatching(/^ja existe negativacao ativa neg_/),
          },
        ],
      },
      {
        linha: 3,
        erros: [
          {
            campo: 'contrato',
            codigo: 'negativacao_duplicada',
            mensagem: 'repete credor, devedor e contrato da linha 2',
          },
        ],
      },
    ]);
  });

  it('serves a template that is itself a valid one-row lote', async () => {
    const response = await h.app.api('/v1/negativacoes/lotes/modelo.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const modelo = Buffer.from(await response.arrayBuffer());
    expect(
      modelo
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0],
    ).toBe(HEADER);
    const previaModelo = (await (await enviarCsv(modelo)).json()) as Lote;
    expect(previaModelo).toMatchObject({ total: 1, validas: 1, invalidas: 0 });
  });

  it('answers a confirmation with nothing valid with 409, and an unknown lote with 404', async () => {
    const invalida = await enviarCsv(`${HEADER}\n;;;;;;;;;;;x;;;;\n`);
    const { id } = (await invalida.json()) as Lote;
    const confirmar = await h.app.api(`/v1/negativacoes/lotes/${id}/confirmar`, { method: 'POST' });
    expect(confirmar.status).toBe(409);
    expect(((await confirmar.json()) as any).erro.codigo).toBe('lote_sem_linhas_validas');
    const inexistente = await h.app.api('/v1/negativacoes/lotes/lot_inexistente');
    expect(inexistente.status).toBe(404);
    expect(((await inexistente.json()) as any).erro.mensagem).toContain('lote');
  });
});
