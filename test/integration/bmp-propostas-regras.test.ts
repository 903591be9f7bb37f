import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bmp } from '../../src/providers/bmp/index.js';
import { bmpCaller, createBmpIntegracao, PAGA, PENDENTE } from '../support/bmp-setup.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const TOKEN = 'bmp-callback-token-regras-0123456789';

// The rules a callback is judged by, beyond the plain lifecycle (bmp-propostas.test.ts): terminal
// statuses, repeats of the current status, the identificador, the proposal id's form, the size of
// the history, and the product's status table.
describe('BMP proposals: terminal statuses, repeats, identificador, GUIDs and products', () => {
  let t: TestApp;
  let url: string;

  beforeAll(async () => {
    t = await startTestApp();
    ({ url_recebimento: url } = await createBmpIntegracao(t, { token: TOKEN }));
  });
  afterAll(async () => t?.close());

  const { call, send, proposta, eventos, alertas } = bmpCaller(
    () => t,
    () => ({ url, token: TOKEN }),
  );

  it('nothing moves a proposal past a terminal status: 4 after 10, 4 after 9 and 9 after 4 are regressions', async () => {
    const cases: Array<[string, string[], string, number]> = [
      // [what, statuses before, status after, current that stays]
      ['4 Cancelada after 10 Cedida', ['2', '9', '10'], '4', 10],
      ['4 Cancelada after 9 Paga (a paid proposal is not cancelled)', ['2', '9'], '4', 9],
      ['9 Paga after 4 Cancelada', ['2', '4'], '9', 4],
      ['2 after 4 Cancelada, never received before', ['8', '4'], '2', 4],
    ];
    for (const [what, before, after, current] of cases) {
      const guid = randomUUID();
      for (const situacao of before) {
        expect(await send({ proposta: guid, situacao }), what).toBe('aplicada');
      }
      expect(await send({ proposta: guid, situacao: after }), what).toBe('regressao');
      const view = await proposta(guid);
      expect(view.situacao, what).toBe(current);
      const alerts = await alertas(guid);
      expect(alerts, what).toEqual([
        expect.objectContaining({
          tipo: 'proposta_regressao',
          detalhes: expect.objectContaining({ situacao: Number(after), situacao_atual: current }),
        }),
      ]);
      expect(alerts[0].mensagem, what).toContain('encerra a proposta');
      expect(
        (await eventos(guid)).map((e) => e.dados.situacao),
        what,
      ).toEqual(before.map(Number));
    }
  });

  it('repeating the current status without a new reason keeps the reason and tells nobody; a new reason is a new occurrence', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '9' }, { body: PAGA });
    // 9 again by GET (no body): nothing new, the reason stays.
    expect(await send({ proposta: guid, situacao: '9' })).toBe('duplicada');
    expect(await send({ proposta: guid, situacao: '9' }, { body: '{"outro":1}' })).toBe(
      'duplicada',
    );
    expect(await proposta(guid)).toMatchObject({
      situacao: 9,
      descricao_ocorrencia: '09-Crédito ou Débito efetivado',
    });
    expect(await eventos(guid)).toHaveLength(1);

    const other = randomUUID();
    await send({ proposta: other, situacao: '11' }, { body: PENDENTE });
    const outroMotivo = '{"descricaoOcorrencia":"AC-Conta encerrada"}';
    expect(await send({ proposta: other, situacao: '11' }, { body: outroMotivo })).toBe('aplicada');
    expect(await send({ proposta: other, situacao: '11' })).toBe('duplicada');
    expect(await send({ proposta: other, situacao: '11' }, { body: outroMotivo })).toBe(
      'duplicada',
    );
    expect((await proposta(other)).descricao_ocorrencia).toBe('AC-Conta encerrada');
    expect(
      (await eventos(other)).map((e) => [e.dados.situacao_anterior, e.dados.situacao]),
    ).toEqual([
      [null, 11],
      [11, 11],
    ]);
    expect((await alertas(other)).map((a) => a.detalhes.descricaoOcorrencia)).toEqual([
      'AB-Conta de destistino não localizada ou inválida.',
      'AC-Conta encerrada',
    ]);
  });

  it('a retry of a late status is judged like the status: recorded as regressao, since it was seen', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '9' }, { body: PAGA });
    expect(await send({ proposta: guid, situacao: '8' })).toBe('fora_de_ordem');
    expect(await send({ proposta: guid, situacao: '8' })).toBe('regressao');
    expect((await proposta(guid)).fora_de_ordem).toBe(1);
  });

  it('keeps the first identificador; a callback naming another is recorded in its entry and alerted', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '2', identificador: 'OP-10' });
    expect(await send({ proposta: guid, situacao: '8', identificador: 'OP-99' })).toBe('aplicada');
    await send({ proposta: guid, situacao: '9' }, { body: PAGA });
    const view = await proposta(guid);
    expect(view).toMatchObject({ identificador: 'OP-10', situacao: 9 });
    expect(view.historico.map((h) => h.identificador)).toEqual(['OP-10', 'OP-99', null]);
    expect(await alertas(guid)).toEqual([
      expect.objectContaining({
        tipo: 'proposta_identificador_divergente',
        detalhes: expect.objectContaining({
          identificador: 'OP-10',
          identificador_recebido: 'OP-99',
          situacao: 8,
        }),
      }),
    ]);
  });

  it('one proposal whatever the case of its GUID: callbacks, refusals and reads', async () => {
    const guid = randomUUID();
    await send({ proposta: guid.toUpperCase(), situacao: '2' });
    expect(await send({ proposta: guid, situacao: '2' })).toBe('duplicada');
    const refused = await call({ proposta: guid.toUpperCase(), situacao: '8' }, { token: 'x' });
    expect(refused.status).toBe(401);
    const view = await proposta(guid.toUpperCase());
    expect(view.proposta).toBe(guid);
    expect(view.historico.map((h) => h.veredito)).toEqual(['aceito', 'aceito', 'nao_autenticado']);
    expect(view.recusados_total).toBe(1);
  });

  it('refuses a proposta longer than 100 characters, naming it', async () => {
    const { status, body } = await call({ proposta: 'p'.repeat(101), situacao: '2' });
    expect(status).toBe(400);
    expect(body.erro).toMatchObject({ codigo: 'malformado', campo: 'proposta' });
  });

  it('shows the latest 100 refused callbacks and counts them all', async () => {
    const guid = randomUUID();
    await send({ proposta: guid, situacao: '2' });
    for (let i = 0; i < 102; i += 1) {
      const { status } = await call({ proposta: guid, situacao: '8' }, { token: `errado-${i}` });
      expect(status).toBe(401);
    }
    await send({ proposta: guid, situacao: '6' });
    const view = await proposta(guid);
    expect(view.recusados_total).toBe(102);
    const refused = view.historico.filter((h) => h.veredito !== 'aceito');
    expect(refused).toHaveLength(100);
    const allRefused = await t.ctx.database.db
      .selectFrom('eventos_entrada')
      .select('id')
      .where('referencia', '=', guid)
      .where('veredito', '<>', 'aceito')
      .orderBy('id')
      .execute();
    expect(refused.map((h) => h.evento_entrada_id)).toEqual(allRefused.slice(2).map((e) => e.id));
    expect(view.historico.filter((h) => h.veredito === 'aceito').map((h) => h.situacao)).toEqual([
      2, 6,
    ]);
  });

  it('judges callbacks by the status table of the product the integration names', async () => {
    const refused = await t.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'bmp',
        ambiente: 'homologacao',
        descricao: 'BMP produto errado',
        credenciais: { recebimento: { token: TOKEN } },
        configuracoes: { recebimento: { autenticacao: 'bearer' }, produto: 'consignado' },
      },
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as any).erro).toMatchObject({
      codigo: 'campo_invalido',
      campo: 'configuracoes.produto',
    });

    const fgts = await createBmpIntegracao(t, { token: TOKEN, configuracoes: { produto: 'fgts' } });
    const spy = vi.spyOn(bmp, 'propostas');
    try {
      const guid = randomUUID();
      expect(await send({ proposta: guid, situacao: '2' }, { to: fgts.url_recebimento })).toBe(
        'aplicada',
      );
      expect(await send({ proposta: guid, situacao: '5' }, { to: fgts.url_recebimento })).toBe(
        'aplicada',
      );
      expect(spy).toHaveBeenCalledWith(expect.objectContaining({ produto: 'fgts' }));
      // Resolved once and remembered: callbacks come by the thousand per second.
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });
});
