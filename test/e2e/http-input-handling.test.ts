import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';
import type { ErroApi } from '../support/test-app.js';

// What a client gets back for input the API cannot take as it is: the empty body many HTTP clients
// send with a JSON Content-Type, a JSON text sent as text/plain, schema refusals (in Portuguese,
// naming what was expected), and values the guard rails, not the schema, must refuse.

const CSV_HEADER =
  'credor;devedor_documento;devedor_nome;devedor_data_nascimento;cep;logradouro;numero;' +
  'complemento;bairro;cidade;uf;contrato;valor;vencimento;natureza;faturas';
const csvLinha = (contrato: string, valor: string) =>
  `62173620000180;00001209523;CLIENTE TESTE ABCB;;01001-000;RUA EXEMPLO;1;;CENTRO;SAO PAULO;SP;${contrato};${valor};10/12/2025;TI;`;

describe('HTTP input handling: empty JSON bodies, content types, Portuguese schema messages', () => {
  let h: SerasaHarness;
  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const erro = async (response: Response) => ((await response.json()) as { erro: ErroApi }).erro;
  const post = (path: string, json: unknown) => h.app.api(path, { method: 'POST', json });
  const jsonSemCorpo = { 'content-type': 'application/json' };

  it('reads an empty body sent as application/json as no body', async () => {
    const teste = await h.app.api(`/v1/integracoes/${h.integracaoId}/testar`, {
      method: 'POST',
      headers: jsonSemCorpo,
    });
    expect(teste.status, await teste.clone().text()).toBe(200);
    const sync = await h.app.api(
      `/v1/integracoes/${h.integracaoId}/produtos/sincronizar?sondar=true`,
      { method: 'POST', headers: jsonSemCorpo },
    );
    expect(sync.status, await sync.clone().text()).toBe(200);

    // A route that needs a body answers as it does when no Content-Type is sent at all.
    const vazio = await h.app.api('/v1/negativacoes', { method: 'POST', headers: jsonSemCorpo });
    const semTipo = await h.app.api('/v1/negativacoes', { method: 'POST' });
    expect(vazio.status).toBe(400);
    expect(semTipo.status).toBe(400);
    const [e1, e2] = [await erro(vazio), await erro(semTipo)];
    expect(e1).toEqual(e2);
    expect(e1).toMatchObject({
      codigo: 'campo_invalido',
      campo: 'corpo',
      mensagem: 'corpo: obrigatorio: deve ser um objeto',
    });
  });

  it('answers 415 to text/plain on JSON routes, keeps CSV on lotes and any type on callbacks', async () => {
    for (const path of ['/v1/negativacoes', '/v1/integracoes', '/v1/pagamentos']) {
      const response = await h.app.api(path, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: '{"a":1}',
      });
      expect(response.status, path).toBe(415);
      expect(await erro(response)).toMatchObject({
        codigo: 'tipo_de_conteudo_invalido',
        mensagem: 'Content-Type nao suportado; use application/json',
      });
    }

    const lotes = `/v1/negativacoes/lotes?integracao_id=${h.integracaoId}`;
    const csv = [CSV_HEADER, csvLinha('CT-415', '100,00')].join('\n');
    const comoTexto = await h.app.api(lotes, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: csv,
    });
    expect(comoTexto.status).toBe(415);
    expect((await erro(comoTexto)).mensagem).toContain('text/csv');
    const comoCsv = await h.app.api(lotes, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(comoCsv.status, await comoCsv.clone().text()).toBe(201);

    const callback = new URL(h.urlRecebimento);
    const recebido = await fetch(`${h.app.url}${callback.pathname}`, {
      method: 'POST',
      headers: {
        'content-type': 'text/plain',
        authorization: `Basic ${Buffer.from('serasa:webhook-senha-789').toString('base64')}`,
      },
      body: '{"uuid":"texto-puro"}',
    });
    expect(recebido.status).not.toBe(415);
    expect(recebido.status).toBeLessThan(300);
  });

  it('words schema refusals in Portuguese, naming the expected type, options or limits', async () => {
    const casos: Array<[string, Promise<Response>, string, string]> = [
      [
        'enum',
        post('/v1/integracoes', {
          provedor: 'serasa_experian',
          ambiente: 'teste',
          credenciais: {},
        }),
        'ambiente',
        'ambiente: valor invalido: use um de homologacao, producao',
      ],
      [
        'missing field',
        post('/v1/negativacoes', { ...novaNegativacao(h.integracaoId), credor: undefined }),
        'credor',
        'credor: obrigatorio: deve ser um texto',
      ],
      [
        'wrong type',
        post('/v1/negativacoes', { ...novaNegativacao(h.integracaoId), contrato: 12 }),
        'contrato',
        'contrato: deve ser um texto, recebido um numero',
      ],
      [
        'datetime without offset',
        post('/v1/pagamentos', { fatura: 'FAT-1', pago_em: '2026-11-23' }),
        'pago_em',
        'pago_em: use data e hora ISO 8601 com fuso, ex.: 2026-11-23T10:00:00-03:00',
      ],
      [
        'minimum in a query',
        h.app.api('/v1/negativacoes?limite=0'),
        'limite',
        'limite: deve ser no minimo 1',
      ],
      [
        'explicit message wins',
        post('/v1/negativacoes', novaNegativacao(h.integracaoId, { valor_centavos: 1000.5 })),
        'valor_centavos',
        'valor_centavos: valor em centavos, inteiro',
      ],
    ];
    for (const [what, pending, campo, mensagem] of casos) {
      const response = await pending;
      expect(response.status, what).toBe(400);
      const e = await erro(response);
      expect(e, what).toMatchObject({ codigo: 'campo_invalido', campo, mensagem });
      expect(JSON.stringify(e), what).not.toMatch(/Invalid|expected|received|Too (small|big)/);
    }

    const lote = await post('/v1/negativacoes/lotes', {
      integracao_id: h.integracaoId,
      linhas: [{ ...novaNegativacao(h.integracaoId), credor: undefined, integracao_id: undefined }],
    });
    expect(lote.status).toBe(201);
    const previa = (await lote.json()) as {
      invalidas_amostra: Array<{ erros: Array<{ campo: string; mensagem: string }> }>;
    };
    expect(previa.invalidas_amostra[0].erros).toEqual([
      expect.objectContaining({ campo: 'credor', mensagem: 'obrigatorio: deve ser um texto' }),
    ]);
  });

  it('refuses zero and negative values with the minimum-value guard rail, in lotes too', async () => {
    for (const valor of [0, -100]) {
      const response = await post(
        '/v1/negativacoes',
        novaNegativacao(h.integracaoId, { valor_centavos: valor }),
      );
      expect(response.status, String(valor)).toBe(422);
      expect(await erro(response)).toMatchObject({
        codigo: 'valor_abaixo_do_minimo',
        campo: 'valor_centavos',
      });
    }

    const linhas = [0, -100].map((valor) => {
      const { integracao_id: _, ...linha } = novaNegativacao(h.integracaoId, {
        valor_centavos: valor,
      });
      return linha;
    });
    const json = await post('/v1/negativacoes/lotes', { integracao_id: h.integracaoId, linhas });
    const csv = await h.app.api(`/v1/negativacoes/lotes?integracao_id=${h.integracaoId}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: [CSV_HEADER, csvLinha('CT-ZERO', '0,00')].join('\n'),
    });
    type Previa = { invalidas_amostra: Array<{ erros: Array<{ campo: string; codigo: string }> }> };
    const erros = async (response: Response) =>
      ((await response.json()) as Previa).invalidas_amostra.map((l) =>
        l.erros.map((e) => `${e.campo}:${e.codigo}`),
      );
    expect(await erros(json)).toEqual([
      ['valor_centavos:valor_abaixo_do_minimo'],
      ['valor_centavos:valor_abaixo_do_minimo'],
    ]);
    expect(await erros(csv)).toEqual([['valor:valor_abaixo_do_minimo']]);
  });

  it('says a well-formed date that does not exist is invalid, not badly formatted', async () => {
    const casos: Array<[Record<string, unknown>, string, string]> = [
      [
        { vencimento: '2026-02-30' },
        'vencimento',
        'vencimento: data invalida: use uma data que exista, no formato aaaa-mm-dd',
      ],
      [
        {
          devedor: {
            ...novaNegativacao(h.integracaoId).devedor,
            data_nascimento: '1980-02-30',
          },
        },
        'devedor.data_nascimento',
        'devedor.data_nascimento: data invalida: use uma data que exista, no formato aaaa-mm-dd',
      ],
      [
        { vencimento: '10/12/2025' },
        'vencimento',
        'vencimento: data invalida: use o formato aaaa-mm-dd, ex.: 2026-11-23',
      ],
    ];
    for (const [change, campo, mensagem] of casos) {
      const response = await post('/v1/negativacoes', novaNegativacao(h.integracaoId, change));
      expect(response.status).toBe(400);
      expect(await erro(response)).toMatchObject({ codigo: 'campo_invalido', campo, mensagem });
    }
  });
});
