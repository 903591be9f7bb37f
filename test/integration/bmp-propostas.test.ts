import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/infra/clock.js';
import type { PropostaLida } from '../support/bmp-setup.js';
import { bmpCaller, createBmpIntegracao, PAGA, PENDENTE } from '../support/bmp-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'bmp-callback-token-0123456789abcdef';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('BMP proposals: callbacks applied to proposals, history, alerts and events', () => {
  const clock = new ManualClock('2026-03-02T12:00:00.000Z');
  let t: TestApp;
  let url: string;
  let integracaoId: string;

  const createIntegracao = () => createBmpIntegracao(t, { token: TOKEN });

  beforeAll(async () => {
    t = await startTestApp({ clock });
    ({ id: integracaoId, url_recebimento: url } = await createIntegracao());
  });
  afterAll(async () => t?.close());

  const { call, settled, send, proposta, eventos, alertas, lastEventId } = bmpCaller(
    () => t,
    () => ({ url, token: TOKEN }),
  );

  it('a GET callback creates the proposal; later statuses by POST and PUT move it forward, one event each', async () => {
    const guid = randomUUID();
    expect(await send({ proposta: guid, situacao: '2', identificador: 'OP-1' })).toBe('aplicada');
    expect(await send({ proposta: guid, situacao: '8' }, { method: 'POST' })).toBe('aplicada');
    expect(await send({ proposta: guid, situacao: '9' }, { method: 'PUT', body: PAGA })).toBe(
      'aplicada',
    );
    const view = await proposta(guid);
    expect(view).toMatchObject({
      integracao_id: integracaoId,
      proposta: guid,
      identificador: 'OP-1',
      situacao: 9,
      situacao_nome: 'Paga',
      descricao_ocorrencia: '09-Crédito ou Débito efetivado',
      fora_de_ordem: 0,
    });
    expect(view.historico.map((h) => [h.metodo, h.situacao, h.nome, h.resultado])).toEqual([
      ['GET', 2, 'Aprovada', 'aplicada'],
      ['POST', 8, 'Liberada', 'aplicada'],
      ['PUT', 9, 'Paga', 'aplicada'],
    ]);
    expect(view.historico[2].corpo).toEqual({
      descricaoOcorrencia: '09-Crédito ou Débito efetivado',
    });
    const stored = await eventos(guid);
    expect(stored.map((e) => e.tipo)).toEqual(Array(3).fill('proposta.situacao_alterada'));
    expect(stored[0].id).toMatch(/^evt_/);
    expect(stored.map((e) => e.dados)).toEqual([
      {
        proposta: guid,
        identificador: 'OP-1',
        situacao: 2,
        nome: 'Aprovada',
        situacao_anterior: null,
        descricaoOcorrencia: null,
        integracao_id: integracaoId,
      },
      expect.objectContaining({ situacao: 8, situacao_anterior: 2 }),
      expect.objectContaining({
        situacao: 9,
        situacao_anterior: 8,
        descricaoOcorrencia: '09-Crédito ou Débito efetivado',
      }),
    ]);
  });

  it('11 Pendente Pagamento stores descricaoOcorrencia and raises an alert carrying it; 9 follows it', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '8', identificador: 'OP-2' });
    expect(await send({ proposta: guid, situacao: '11' }, { body: PENDENTE })).toBe('aplicada');
    expect(await proposta(guid)).toMatchObject({
      situacao: 11,
      situacao_nome: 'Pendente Pagamento',
      descricao_ocorrencia: 'AB-Conta de destistino não localizada ou inválida.',
    });
    const [alerta] = await alertas(guid);
    expect(alerta).toMatchObject({
      tipo: 'proposta_exige_acao',
      integracao_id: integracaoId,
      detalhes: {
        proposta: guid,
        identificador: 'OP-2',
        situacao: 11,
        descricaoOcorrencia: 'AB-Conta de destistino não localizada ou inválida.',
      },
    });
    expect(alerta.mensagem).toContain('AB-Conta de destistino');
    // Bank data fixed, paid: 11 comes before 9 in the lifecycle.
    expect(await send({ proposta: guid, situacao: '9' }, { body: PAGA })).toBe('aplicada');
    expect((await proposta(guid)).situacao).toBe(9);
    expect(await alertas(guid)).toHaveLength(1);
  });

  it('an unknown status is stored as desconhecida and alerted, never refused; the current one stays', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '2' });
    expect(await send({ proposta: guid, situacao: '42' })).toBe('desconhecida');
    const view = await proposta(guid);
    expect(view.situacao).toBe(2);
    expect(view.historico.at(-1)).toMatchObject({ situacao: 42, nome: null });
    expect(await alertas(guid)).toEqual([
      expect.objectContaining({
        tipo: 'proposta_situacao_desconhecida',
        detalhes: expect.objectContaining({ situacao: 42, situacao_atual: 2 }),
      }),
    ]);
    expect(await eventos(guid)).toHaveLength(1);
  });

  it('the same callback delivered three times is applied once and recorded twice as duplicada', async () => {
    const guid = randomUUID();
    const answers = await Promise.all(
      [1, 2, 3].map(() => call({ proposta: guid, situacao: '9' }, { body: PAGA })),
    );
    const events = await Promise.all(answers.map((a) => settled(a.body.id as string)));
    expect(events.every((e) => e.situacao === 'processado')).toBe(true);
    const resultados = events.map((e) => JSON.parse(e.resultado!) as { resultado: string });
    expect(resultados.map((r) => r.resultado).sort()).toEqual([
      'aplicada',
      'duplicada',
      'duplicada',
    ]);
    // Copies arriving together may be processed in any order: whichever comes first applies.
    const view = await proposta(guid);
    expect(view.historico.map((h) => h.resultado).sort()).toEqual([
      'aplicada',
      'duplicada',
      'duplicada',
    ]);
    expect(await eventos(guid)).toHaveLength(1);
  });

  it('9 before 8: the current stays 9, 8 is kept in the history and the proposal flagged', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '9' }, { body: PAGA });
    expect(await send({ proposta: guid, situacao: '8' })).toBe('fora_de_ordem');
    const view = await proposta(guid);
    expect(view).toMatchObject({ situacao: 9, situacao_nome: 'Paga', fora_de_ordem: 1 });
    expect(view.historico.map((h) => [h.situacao, h.resultado])).toEqual([
      [9, 'aplicada'],
      [8, 'fora_de_ordem'],
    ]);
    expect(await alertas(guid)).toEqual([]);
    expect((await eventos(guid)).map((e) => e.dados.situacao)).toEqual([9]);
  });

  it('2 again after 9 is a regression whenever it comes, even as an exact copy: recorded and alerted, the current stays 9', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '2' });
    await send({ proposta: guid, situacao: '9' }, { body: PAGA });
    // The very same GET as the first, within BMP's retry window: still a status the proposal
    // has left behind, which a person must look at.
    expect(await send({ proposta: guid, situacao: '2' })).toBe('regressao');
    expect(await send({ proposta: guid, situacao: '2' }, { body: '{"motivo":"reaberta"}' })).toBe(
      'regressao',
    );
    clock.advance(DAY_MS + 1);
    expect(await send({ proposta: guid, situacao: '2' })).toBe('regressao');
    const view = await proposta(guid);
    expect(view.situacao).toBe(9);
    expect(view.fora_de_ordem).toBe(0);
    const alerts = await alertas(guid);
    expect(alerts.map((a) => a.tipo)).toEqual(Array(3).fill('proposta_regressao'));
    expect(alerts[0].detalhes).toMatchObject({ situacao: 2, situacao_atual: 9 });
    expect((await eventos(guid)).map((e) => e.dados.situacao)).toEqual([2, 9]);
  });

  it('refuses and records a callback without proposta or with a situacao that is not a number', async () => {
    const guid = randomUUID();
    const cases: Array<[Record<string, string>, string]> = [
      [{ situacao: '2' }, 'proposta'],
      [{ proposta: guid, situacao: 'Paga' }, 'situacao'],
      [{ proposta: guid }, 'situacao'],
    ];
    for (const [query, campo] of cases) {
      const { status, body } = await call(query);
      expect(status, campo).toBe(400);
      expect(body.erro).toMatchObject({ codigo: 'malformado', campo });
      const stored = await settled(await lastEventId());
      expect(stored).toMatchObject({ veredito: 'malformado', situacao: 'rejeitado' });
    }
    expect(
      await t.ctx.database.db
        .selectFrom('propostas')
        .select('id')
        .where('proposta', '=', guid)
        .execute(),
    ).toEqual([]);
  });

  it('shows refused callbacks in the history, 404 for an unknown GUID, 409 for a GUID in two integrations', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '2' });
    const refused = await call({ proposta: guid, situacao: '8' }, { token: 'errado' });
    expect(refused.status).toBe(401);
    const refusedId = await lastEventId();
    const view = await proposta(guid);
    expect(
      view.historico.map((h) => [h.veredito, h.situacao ?? null, h.resultado ?? null]),
    ).toEqual([
      ['aceito', 2, 'aplicada'],
      ['nao_autenticado', null, null],
    ]);
    expect(view.historico[1]).toMatchObject({ evento_entrada_id: refusedId, metodo: 'GET' });
    expect((await proposta(view.id)).proposta).toBe(guid);

    const missing = await t.api(`/v1/propostas/${randomUUID()}`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as any).erro.codigo).toBe('nao_encontrado');

    const other = await createIntegracao();
    await send({ proposta: guid, situacao: '6' }, { to: other.url_recebimento });
    const ambiguous = await t.api(`/v1/propostas/${guid}`);
    expect(ambiguous.status).toBe(409);
    expect(((await ambiguous.json()) as any).erro).toMatchObject({
      codigo: 'proposta_ambigua',
      campo: 'integracao_id',
    });
    expect((await proposta(guid, `?integracao_id=${other.id}`)).situacao).toBe(6);
    expect((await proposta(guid, `?integracao_id=${integracaoId}`)).situacao).toBe(2);
  });

  it('lists proposals with filters and cursor pagination', async () => {
    const other = await createIntegracao();
    const to = other.url_recebimento;
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await send({ proposta: a, situacao: '2', identificador: 'LIST-A' }, { to });
    await send({ proposta: b, situacao: '9', identificador: 'LIST-B' }, { to, body: PAGA });
    clock.advance(60_000);
    const later = clock.now().toISOString();
    await send({ proposta: c, situacao: '9', identificador: 'LIST-C' }, { to });
    const list = async (query: string) => {
      const response = await t.api(`/v1/propostas?integracao_id=${other.id}&${query}`);
      expect(response.status, query).toBe(200);
      const page = (await response.json()) as { dados: PropostaLida[]; proximo: string | null };
      return { guids: page.dados.map((p) => p.proposta), proximo: page.proximo };
    };
    expect((await list('')).guids).toEqual([c, b, a]);
    expect((await list('situacao=9')).guids).toEqual([c, b]);
    expect((await list('identificador=LIST-B')).guids).toEqual([b]);
    expect((await list(`atualizada_desde=${later}`)).guids).toEqual([c]);
    expect(
      (await list(`atualizada_ate=${new Date(Date.parse(later) - 1).toISOString()}`)).guids,
    ).toEqual([b, a]);
    // The same form as /v1/negativacoes: a date-time in UTC, any precision.
    expect((await list(`atualizada_desde=${later.replace('.000Z', 'Z')}`)).guids).toEqual([c]);
    const first = await list('limite=2');
    expect(first.guids).toEqual([c, b]);
    const second = await list(`limite=2&apos=${first.proximo}`);
    expect(second).toEqual({ guids: [a], proximo: null });

    const refusals: Array<[string, string]> = [
      ['atualizada_desde=ontem', 'atualizada_desde'],
      ['atualizada_desde=2026-03-02', 'atualizada_desde'],
      ['atualizada_ate=2026-03-02T12:00:00-03:00', 'atualizada_ate'],
      ['atualizada_ate=2026-13-01T00:00:00Z', 'atualizada_ate'],
      [
        'atualizada_desde=2026-03-05T00:00:00Z&atualizada_ate=2026-03-04T00:00:00Z',
        'atualizada_ate',
      ],
      ['situacao=paga', 'situacao'],
    ];
    for (const [query, campo] of refusals) {
      const response = await t.api(`/v1/propostas?${query}`);
      expect(response.status, query).toBe(400);
      expect(((await response.json()) as any).erro, query).toMatchObject({
        codigo: 'campo_invalido',
        campo,
      });
    }
  });

  it('stores exactly one proposta.situacao_alterada event per applied change', async () => {
    const { db } = t.ctx.database;
    const applied = await db
      .selectFrom('proposta_situacoes')
      .select('id')
      .where('resultado', '=', 'aplicada')
      .execute();
    const stored = await db
      .selectFrom('eventos')
      .select('id')
      .where('tipo', '=', 'proposta.situacao_alterada')
      .execute();
    expect(applied.length).toBeGreaterThan(10);
    expect(stored).toHaveLength(applied.length);
  });
});
