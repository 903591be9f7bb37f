import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROS_EXCLUSAO } from '../../src/providers/serasa-experian/sandbox/pefin-exclusion.js';
import { ERROS_INCLUSAO } from '../../src/providers/serasa-experian/sandbox/pefin-inclusion.js';
import { startSerasaHarness, type SerasaHarness } from '../support/serasa-setup.js';
import { waitFor } from '../support/wait-for.js';

interface Historico {
  tipo: string;
  status: string;
  detalhes: { erro?: unknown };
}

interface Evento {
  dados: { id: string; transicao: string; erro: unknown };
}

describe('Serasa error webhooks: a stable code, the provider code and message kept apart', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness({ config: { negativacao: { retentativaBaixaMs: 50 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const historico = async (id: string) => (await h.get(id)).historico as unknown as Historico[];
  const evento = (id: string, transicao: string) =>
    waitFor(async () => {
      const response = await h.app.api('/v1/eventos?tipo=negativacao.status_alterado&limite=100');
      const page = (await response.json()) as { dados: Evento[] };
      return page.dados.find((e) => e.dados.id === id && e.dados.transicao === transicao);
    }, `the ${transicao} event`);

  it('an inclusion error webhook (REJ contract) rejects with inclusao_recusada', async () => {
    const { id } = await h.negativar({ contrato: `REJ-${Date.now() % 1e9}` });
    const view = await h.waitStatus(id, 'rejeitada');
    const erro = {
      codigo: 'inclusao_recusada',
      mensagem: `o provedor recusou a inclusao: ${ERROS_INCLUSAO.rejeitada}`,
      codigo_provedor: '400',
      mensagem_provedor: ERROS_INCLUSAO.rejeitada,
    };
    expect(view.erro).toEqual(erro);
    const rejeicao = (await historico(id)).find((e) => e.tipo === 'inclusao_rejeitada');
    expect(rejeicao?.detalhes.erro).toEqual(erro);
    expect((await evento(id, 'inclusao_rejeitada')).dados.erro).toEqual(erro);
  });

  it('a removal error webhook (BXERR contract) records baixa_recusada, then the retry removes', async () => {
    const { id } = await h.negativar({ contrato: `BXERR-${Date.now() % 1e9}` });
    await h.waitStatus(id, 'inserida');
    expect((await h.app.api(`/v1/negativacoes/${id}`, { method: 'DELETE' })).status).toBe(202);
    await h.waitStatus(id, 'removida');
    const erro = {
      codigo: 'baixa_recusada',
      mensagem: `o provedor recusou a baixa: ${ERROS_EXCLUSAO.falhaTransitoria.message}`,
      codigo_provedor: '422',
      mensagem_provedor: ERROS_EXCLUSAO.falhaTransitoria.message,
    };
    const falha = (await historico(id)).find((e) => e.tipo === 'baixa_com_erro');
    expect(falha).toMatchObject({ status: 'inserida', detalhes: { erro } });
    expect((await evento(id, 'baixa_com_erro')).dados.erro).toEqual(erro);
    const alertas = await h.app.api(`/v1/alertas?negativacao_id=${id}`);
    const page = (await alertas.json()) as {
      dados: Array<{ tipo: string; mensagem: string; detalhes: { erro: unknown } }>;
    };
    expect(page.dados.find((a) => a.tipo === 'baixa_com_erro')).toMatchObject({
      mensagem: expect.stringContaining(ERROS_EXCLUSAO.falhaTransitoria.message),
      detalhes: { erro },
    });
  });
});
