import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';

const DAY = 86_400_000;
const isoDay = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10);

type Body = ReturnType<typeof novaNegativacao>;
const withDevedor = (patch: Partial<Body['devedor']>) => (body: Body) => ({
  ...body,
  devedor: { ...body.devedor, ...patch },
});
const withEndereco = (patch: Partial<Body['devedor']['endereco']>) => (body: Body) => ({
  ...body,
  devedor: { ...body.devedor, endereco: { ...body.devedor.endereco, ...patch } },
});

// Each rule of DESIGN.md's guard rails: [what, change, status, codigo, campo].
const CASES: Array<[string, (body: Body) => unknown, number, string, string]> = [
  [
    'creditor CNPJ with a wrong check digit',
    (b) => ({ ...b, credor: '62173620000181' }),
    422,
    'cnpj_invalido',
    'credor',
  ],
  [
    'creditor given as a CPF',
    (b) => ({ ...b, credor: '00001209523' }),
    422,
    'cnpj_invalido',
    'credor',
  ],
  [
    'debtor CPF with a wrong check digit',
    withDevedor({ documento: '000.012.095-24' }),
    422,
    'documento_invalido',
    'devedor.documento',
  ],
  [
    'value under R$ 10,00',
    (b) => ({ ...b, valor_centavos: 999 }),
    422,
    'valor_abaixo_do_minimo',
    'valor_centavos',
  ],
  [
    'value as a float',
    (b) => ({ ...b, valor_centavos: 1000.5 }),
    400,
    'campo_invalido',
    'valor_centavos',
  ],
  [
    'due date in the future',
    (b) => ({ ...b, vencimento: isoDay(3) }),
    422,
    'vencimento_nao_vencido',
    'vencimento',
  ],
  [
    'due date older than five years',
    (b) => ({ ...b, vencimento: isoDay(-5 * 366 - 3) }),
    422,
    'vencimento_prescrito',
    'vencimento',
  ],
  [
    'due date not a date',
    (b) => ({ ...b, vencimento: '10/12/2025' }),
    400,
    'campo_invalido',
    'vencimento',
  ],
  [
    'debtor under 18',
    withDevedor({ data_nascimento: isoDay(-17 * 365) }),
    422,
    'devedor_menor_de_idade',
    'devedor.data_nascimento',
  ],
  [
    'CEP with 7 digits',
    withEndereco({ cep: '0100100' }),
    422,
    'endereco_invalido',
    'devedor.endereco.cep',
  ],
  ['unknown UF', withEndereco({ uf: 'XX' }), 422, 'endereco_invalido', 'devedor.endereco.uf'],
  [
    'missing district',
    withEndereco({ bairro: undefined }),
    400,
    'campo_invalido',
    'devedor.endereco.bairro',
  ],
  ['blank city', withEndereco({ cidade: '   ' }), 400, 'campo_invalido', 'devedor.endereco.cidade'],
  [
    'district over 20 characters',
    withEndereco({ bairro: 'JARDIM DAS FLORES NOVA' }),
    422,
    'campo_muito_longo',
    'devedor.endereco.bairro',
  ],
  [
    'city over 20 characters',
    withEndereco({ cidade: 'SAO JOSE DOS CAMPOS NOVO' }),
    422,
    'campo_muito_longo',
    'devedor.endereco.cidade',
  ],
  [
    'street + number over 70 characters',
    withEndereco({ logradouro: 'R'.repeat(66), numero: '1234' }),
    422,
    'campo_muito_longo',
    'devedor.endereco.logradouro',
  ],
  [
    'complement over 20 characters',
    withEndereco({ complemento: 'BLOCO B APARTAMENTO 1234' }),
    422,
    'campo_muito_longo',
    'devedor.endereco.complemento',
  ],
  [
    'name over 70 characters',
    withDevedor({ nome: 'N'.repeat(71) }),
    422,
    'campo_muito_longo',
    'devedor.nome',
  ],
  [
    'contract over 20 characters',
    (b) => ({ ...b, contrato: 'C'.repeat(21) }),
    422,
    'campo_muito_longo',
    'contrato',
  ],
  [
    'natureza outside the table',
    (b) => ({ ...b, natureza: 'ZZ' }),
    422,
    'natureza_invalida',
    'natureza',
  ],
  [
    'unknown integration',
    (b) => ({ ...b, integracao_id: 'int_nao_existe' }),
    404,
    'nao_encontrado',
    'integracao_id',
  ],
];

describe('negativacao guard rails: each refusal is the exact 4xx naming the field, and nothing is stored', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness({ workers: false });
  });
  afterAll(async () => {
    await h?.close();
  });

  const count = async () => {
    const row = await h.app.ctx.database.db
      .selectFrom('negativacoes')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  };

  it.each(CASES)('%s', async (_what, change, status, codigo, campo) => {
    const before = await count();
    const response = await h.app.api('/v1/negativacoes', {
      method: 'POST',
      json: change(novaNegativacao(h.integracaoId)),
    });
    const body = (await response.json()) as { erro: { codigo: string; campo?: string } };
    expect(response.status, JSON.stringify(body)).toBe(status);
    expect(body.erro.codigo).toBe(codigo);
    if (campo) expect(body.erro.campo).toBe(campo);
    expect(await count()).toBe(before);
  });

  it('accepts the alphanumeric CNPJ Receita Federal issues from July 2026', async () => {
    const response = await h.app.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(h.integracaoId, { credor: '12.ABC.345/01DE-35' }),
    });
    expect(response.status).toBe(202);
    expect(((await response.json()) as { credor: string }).credor).toBe('12ABC34501DE35');
  });

  it('refuses a second active negativacao for the same creditor, debtor and contract with 409', async () => {
    const body = novaNegativacao(h.integracaoId);
    const first = await h.app.api('/v1/negativacoes', { method: 'POST', json: body });
    expect(first.status).toBe(202);
    const before = await count();
    const second = await h.app.api('/v1/negativacoes', {
      method: 'POST',
      json: { ...body, faturas: ['OUTRA'] },
    });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { erro: unknown }).erro).toMatchObject({
      codigo: 'negativacao_duplicada',
      campo: 'contrato',
    });
    expect(await count()).toBe(before);
  });

  it('refuses a disabled integration with 422 naming integracao_id', async () => {
    await h.app.api(`/v1/integracoes/${h.integracaoId}/desativar`, { method: 'POST' });
    try {
      const response = await h.app.api('/v1/negativacoes', {
        method: 'POST',
        json: novaNegativacao(h.integracaoId),
      });
      expect(response.status).toBe(422);
      expect(((await response.json()) as { erro: unknown }).erro).toMatchObject({
        codigo: 'integracao_desativada',
        campo: 'integracao_id',
      });
    } finally {
      await h.app.api(`/v1/integracoes/${h.integracaoId}/ativar`, { method: 'POST' });
    }
  });

  it.each([
    ['neither fatura nor negativacao_id', { pago_em: '2026-11-20T15:00:00Z' }, 400, 'fatura'],
    [
      'both',
      { fatura: 'F', negativacao_id: 'neg_x', pago_em: '2026-11-20T15:00:00Z' },
      400,
      'fatura',
    ],
    [
      'an invoice with no active negativacao',
      { fatura: 'NAO-EXISTE', pago_em: '2026-11-20T15:00:00Z' },
      404,
      'fatura',
    ],
    [
      'a payment time that is not an instant',
      { fatura: 'F', pago_em: '20/11/2026' },
      400,
      'pago_em',
    ],
  ])('refuses a pagamento with %s', async (_what, body, status, campo) => {
    const response = await h.app.api('/v1/pagamentos', { method: 'POST', json: body });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { erro: { campo: string } }).erro.campo).toBe(campo);
  });
});
