import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertBaixaDeadline } from '../../src/jobs/alert-baixa-deadline.js';
import type { ClaimedJob } from '../../src/infra/queue/job-queue.js';
import { DEVEDOR_CPF, startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';
import {
  iniciarReceptorWebhooks,
  registrar,
  verificar,
  type ReceptorWebhooks,
} from '../support/webhook-setup.js';

interface Corpo {
  type: string;
  timestamp: string;
  data: Record<string, any>;
}

describe('outbound events from a Serasa negativacao and consulta, end to end', () => {
  let h: SerasaHarness;
  let receptor: ReceptorWebhooks;
  let segredo: string;
  /** Every delivered body, each verified by the reference library first. */
  const recebidos = () => receptor.chamadas.map((c) => verificar(segredo, c) as Corpo);

  beforeAll(async () => {
    h = await startSerasaHarness({ config: { allowPrivateWebhooks: true } });
    receptor = await iniciarReceptorWebhooks();
    ({ segredo } = await registrar(h.app, receptor.url));
  });
  afterAll(async () => {
    await h?.close();
    await receptor?.close();
  });

  it('tells every status change of aguardando → inserida, in order, with the document in full', async () => {
    const created = await h.negativar();
    await h.waitStatus(created.id, 'inserida');

    const mudancas = await waitFor(() => {
      const dela = recebidos().filter(
        (b) => b.type === 'negativacao.status_alterado' && b.data.id === created.id,
      );
      return dela.length >= 3 ? dela : null;
    }, 'three status events delivered');
    expect(mudancas).toHaveLength(3);
    // Delivery order is not guaranteed: the history id (time-ordered) orders them.
    const ordenadas = [...mudancas].sort((a, b) =>
      a.data.historico_id < b.data.historico_id ? -1 : 1,
    );
    expect(ordenadas.map((b) => [b.data.status_anterior, b.data.status, b.data.transicao])).toEqual(
      [
        [null, 'aguardando', 'criada'],
        ['aguardando', 'aguardando_confirmacao_inserir', 'inclusao_transmitida'],
        ['aguardando_confirmacao_inserir', 'inserida', 'inclusao_confirmada'],
      ],
    );
    expect(ordenadas[2].data).toMatchObject({
      integracao_id: h.integracaoId,
      provedor: 'serasa_experian',
      devedor_documento: DEVEDOR_CPF,
      acao: null,
      referencias: { inclusao: expect.any(String) },
    });
    const timestamps = ordenadas.map((b) => b.timestamp);
    expect([...timestamps].sort()).toEqual(timestamps);

    // The same events, pulled: newest first.
    const lista = (await (
      await h.app.api('/v1/eventos?tipo=negativacao.status_alterado&limite=10')
    ).json()) as { dados: Array<{ id: string; dados: { id: string; status: string } }> };
    expect(lista.dados.filter((e) => e.dados.id === created.id).map((e) => e.dados.status)).toEqual(
      ['inserida', 'aguardando_confirmacao_inserir', 'aguardando'],
    );
    const ids = new Set(receptor.chamadas.map((c) => c.cabecalhos['webhook-id']));
    expect(ids.size).toBe(receptor.chamadas.length);
  });

  it('tells a finished consulta and a Sumula 548 deadline at risk', async () => {
    const consulta = await h.app.api('/v1/consultas', {
      method: 'POST',
      json: {
        integracao_id: h.integracaoId,
        documento: DEVEDOR_CPF,
        produto: 'RELATORIO_BASICO_PF_PME',
      },
    });
    expect(consulta.status).toBe(201);
    const { id: consultaId } = (await consulta.json()) as { id: string };
    const concluida = await waitFor(
      () => recebidos().find((b) => b.type === 'consulta.concluida' && b.data.id === consultaId),
      'consulta.concluida delivered',
    );
    expect(concluida.data).toMatchObject({
      situacao: 'concluida',
      documento: DEVEDOR_CPF,
      resumo: expect.objectContaining({ nome: 'CLIENTE TESTE ABCB' }),
    });

    const { id } = await h.negativar();
    await h.waitStatus(id, 'inserida');
    const job = { id: 'job_teste', payload: { negativacaoId: id, prazo: '2026-01-12' } };
    await alertBaixaDeadline(h.app.ctx)({
      job: job as unknown as ClaimedJob,
      signal: new AbortController().signal,
    });
    const risco = await waitFor(
      () => recebidos().find((b) => b.type === 'negativacao.prazo_baixa_em_risco'),
      'negativacao.prazo_baixa_em_risco delivered',
    );
    expect(risco.data).toMatchObject({ id, prazo_baixa: '2026-01-12', status: 'inserida' });
    // One occurrence, one event: the alert (stored with it) is not told again as integracao.alerta.
    const alertas = (await (await h.app.api('/v1/eventos?tipo=integracao.alerta')).json()) as {
      dados: Array<{ dados: { negativacao_id: string | null } }>;
    };
    expect(alertas.dados.filter((e) => e.dados.negativacao_id === id)).toEqual([]);
    const avisos = (await (await h.app.api(`/v1/alertas?negativacao_id=${id}`)).json()) as {
      dados: Array<{ tipo: string }>;
    };
    expect(avisos.dados.map((a) => a.tipo)).toEqual(['prazo_baixa_em_risco']);
  });
});
