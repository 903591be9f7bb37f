import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';

const FIXTURE = readFileSync(
  new URL('../fixtures/lotes/tres-validas-duas-invalidas.csv', import.meta.url),
);

interface Lote {
  id: string;
  situacao: string;
  total: number;
  validas: number;
  invalidas: number;
  invalidas_amostra: Array<{ linha: number; erros: unknown[] }>;
  progresso: Record<string, number>;
  concluido_em: string | null;
}

describe('bulk negativacao (lotes) through the HTTP API against the Serasa sandbox', () => {
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
  const lote = async (id: string) => {
    const response = await h.app.api(`/v1/negativacoes/lotes/${id}`);
    expect(response.status).toBe(200);
    return (await response.json()) as Lote;
  };
  const inclusoes = async () =>
    ((await h.control('GET', '/registros')) as { inclusoes: Array<{ contrato: string }> })
      .inclusoes;

  let previa: Lote;

  it('previews a CSV (BOM, CRLF, `;`, quotes, Brazilian money and dates): 3 valid, 2 invalid with their fields', async () => {
    const response = await enviarCsv(FIXTURE);
    previa = (await response.json()) as Lote;
    expect(response.status, JSON.stringify(previa)).toBe(201);
    expect(previa).toMatchObject({
      situacao: 'previa',
      integracao_id: h.integracaoId,
      total: 5,
      validas: 3,
      invalidas: 2,
      progresso: { criadas: 0, transmitidas: 0, falhas: 0, pendentes: 3 },
    });
    expect(previa.id).toMatch(/^lot_[0-9a-z]{26}$/);
    expect(previa.invalidas_amostra).toEqual([
      {
        linha: 2,
        erros: [
          {
            campo: 'devedor_documento',
            codigo: 'documento_invalido',
            mensagem: 'devedor.documento nao e um CPF ou CNPJ valido',
          },
        ],
      },
      {
        linha: 4,
        erros: [
          { campo: 'devedor_nome', codigo: 'campo_obrigatorio', mensagem: expect.any(String) },
          { campo: 'valor', codigo: 'valor_invalido', mensagem: expect.stringContaining('abc') },
          { campo: 'vencimento', codigo: 'data_invalida', mensagem: expect.any(String) },
        ],
      },
    ]);
    // Nothing reaches the provider before the confirmation.
    const negativacoes = await h.app.api('/v1/negativacoes');
    expect(((await negativacoes.json()) as { dados: unknown[] }).dados).toEqual([]);
  });

  it('lists the rows as read, filtered by situacao, with a cursor', async () => {
    const validas = await h.app.api(
      `/v1/negativacoes/lotes/${previa.id}/linhas?situacao=valida&limite=2`,
    );
    expect(validas.status).toBe(200);
    const pagina = (await validas.json()) as { dados: any[]; proximo: string | null };
    expect(pagina.dados.map((l) => l.linha)).toEqual([1, 3]);
    expect(pagina.proximo).toBe('3');
    expect(pagina.dados[1]).toMatchObject({
      situacao: 'valida',
      erros: [],
      negativacao_id: null,
      dados: {
        devedor_documento: '000.084.414-48',
        logradouro: 'RUA DAS FLORES; BLOCO 2',
        valor: '150.75',
      },
    });
    const resto = await h.app.api(
      `/v1/negativacoes/lotes/${previa.id}/linhas?situacao=valida&limite=2&apos=3`,
    );
    const fim = (await resto.json()) as { dados: any[]; proximo: string | null };
    expect(fim.dados.map((l) => l.linha)).toEqual([5]);
    expect(fim.proximo).toBeNull();
  });

  it('confirms: every valid row becomes a negativacao, is transmitted, and progress reaches the end', async () => {
    const response = await h.app.api(`/v1/negativacoes/lotes/${previa.id}/confirmar`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as Lote).situacao).toMatch(
      /^(confirmado|processando|concluido)$/,
    );

    const fim = await waitFor(
      async () => {
        const atual = await lote(previa.id);
        const p = atual.progresso;
        return p.inseridas + p.rejeitadas === 3 ? atual : null;
      },
      'every valid row inserida or rejeitada',
      20_000,
    );
    expect(fim.situacao).toBe('concluido');
    expect(fim.concluido_em).not.toBeNull();
    expect(fim.progresso).toEqual({
      criadas: 3,
      transmitidas: 3,
      inseridas: 2,
      rejeitadas: 1,
      falhas: 0,
      pendentes: 0,
    });
    expect((await inclusoes()).map((i) => i.contrato).sort()).toEqual([
      'LOTE-1',
      'LOTE-3',
      'REJ-LOTE-5',
    ]);

    const linhas = await h.app.api(`/v1/negativacoes/lotes/${previa.id}/linhas?situacao=criada`);
    const criadas = ((await linhas.json()) as { dados: any[] }).dados;
    expect(criadas.map((l) => [l.linha, l.negativacao_status])).toEqual([
      [1, 'inserida'],
      [3, 'inserida'],
      [5, 'rejeitada'],
    ]);
    const primeira = await h.get(criadas[0].negativacao_id);
    expect(primeira).toMatchObject({
      contrato: 'LOTE-1',
      valor_centavos: 123456,
      vencimento: '2025-12-10',
      faturas: ['FAT-L1', 'FAT-L2'],
    });
    expect(primeira.historico?.[0]).toMatchObject({
      tipo: 'criada',
      detalhes: { lote_id: previa.id, linha: 1 },
    });
  });

  it('a second confirmation changes nothing', async () => {
    const response = await h.app.api(`/v1/negativacoes/lotes/${previa.id}/confirmar`, {
      method: 'POST',
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as Lote).situacao).toBe('concluido');
    const todas = await h.app.api('/v1/negativacoes?limite=200');
    expect(((await todas.json()) as { dados: unknown[] }).dados).toHaveLength(3);
    expect(await inclusoes()).toHaveLength(3);
  });

  it('serves the result as CSV: every row, its negativacao and status, and the errors', async () => {
    const response = await h.app.api(`/v1/negativacoes/lotes/${previa.id}/resultado.csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    // Raw bytes: fetch's text() would drop the BOM Excel needs.
    const texto = Buffer.from(await response.arrayBuffer()).toString('utf8');
    expect(texto.startsWith('\uFEFFlinha;situacao;negativacao_id;status;erros\r\n')).toBe(true);
    const ids = await h.app.api(`/v1/negativacoes/lotes/${previa.id}/linhas`);
    const porLinha = ((await ids.json()) as { dados: any[] }).dados;
    const neg = (n: number) => porLinha.find((l) => l.linha === n).negativacao_id as string;
    expect(parse(texto, { delimiter: ';', bom: true })).toEqual([
      ['linha', 'situacao', 'negativacao_id', 'status', 'erros'],
      ['1', 'criada', neg(1), 'inserida', ''],
      ['2', 'invalida', '', '', 'devedor_documento: devedor.documento nao e um CPF ou CNPJ valido'],
      ['3', 'criada', neg(3), 'inserida', ''],
      [
        '4',
        'invalida',
        '',
        '',
        'devedor_nome: devedor_nome e obrigatorio | ' +
          'valor: valor "abc" nao e um valor em reais (use 1234.56 ou 1.234,56) | ' +
          'vencimento: vencimento "31/02/2025" nao e uma data (use dd/mm/aaaa ou aaaa-mm-dd)',
      ],
      [
        '5',
        'criada',
        neg(5),
        'rejeitada',
        'o provedor recusou a inclusao: DADOS CADASTRAIS DO DEVEDOR INCONSISTENTES - INCLUSAO NAO EFETUADA',
      ],
    ]);
  });
});
