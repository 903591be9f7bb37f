import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/wait-for.js';
import {
  novaNegativacao,
  startSerasaHarness,
  type SerasaHarness,
} from '../support/serasa-setup.js';

interface Registros {
  inclusoes: Array<{ transactionId: string; contrato: string }>;
  exclusoes: Array<{ transactionId: string; contrato: string }>;
  entregas: Array<{ uuid: string }>;
}

describe('Serasa webhooks: duplicates, order, unknown uuids, errors', () => {
  let h: SerasaHarness;

  beforeAll(async () => {
    h = await startSerasaHarness({ config: { negativacao: { retentativaBaixaMs: 50 } } });
  });
  afterAll(async () => {
    await h?.close();
  });

  const registros = () => h.control('GET', '/registros') as Promise<Registros>;
  const basic = `Basic ${Buffer.from('serasa:webhook-senha-789').toString('base64')}`;
  const postWebhook = (body: unknown) =>
    fetch(h.urlRecebimento, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: basic },
      body: JSON.stringify(body),
    });

  it('applies each webhook once when Serasa delivers it five times', async () => {
    const { id } = await h.negativar({ contrato: `DUP-${Date.now() % 1e9}` });
    const view = await h.waitStatus(id, 'inserida');
    const uuid = (view.referencias as { inclusao: string }).inclusao;
    await waitFor(
      async () => (await registros()).entregas.filter((e) => e.uuid === uuid).length >= 5,
      'five deliveries of the same webhook',
    );
    const eventos = await waitFor(async () => {
      const response = await h.app.api(
        `/v1/eventos-entrada?integracao_id=${h.integracaoId}&limite=200`,
      );
      const page = (await response.json()) as { dados: Array<{ corpo: string; situacao: string }> };
      const mine = page.dados.filter((e) => e.corpo.includes(uuid));
      return mine.length >= 5 && mine.every((e) => e.situacao !== 'pendente') ? mine : null;
    }, 'five stored, processed events');
    expect(eventos).toHaveLength(5);
    const final = await h.get(id);
    expect(final.status).toBe('inserida');
    expect(final.historico!.filter((e) => e.tipo === 'inclusao_confirmada')).toHaveLength(1);
  });

  it('keeps a webhook with an unknown uuid as sem_correspondencia', async () => {
    const uuid = '9b0f4a55-0000-4000-8000-00000000abcd';
    const response = await postWebhook({
      uuid,
      debtorDocument: '99999999999',
      creditorDocument: '62173620000180',
      contract: 'NAO-EXISTE',
      debtValue: 10.5,
      error: null,
      campoNovo: { qualquer: 'coisa' },
    });
    expect(response.status).toBeLessThan(300);
    const evento = await waitFor(async () => {
      const list = await h.app.api('/v1/eventos-entrada?situacao=sem_correspondencia');
      const page = (await list.json()) as { dados: Array<{ corpo: string }> };
      return page.dados.find((e) => e.corpo.includes(uuid));
    }, 'the unmatched event listed');
    expect(evento.corpo).toContain('campoNovo');
  });

  it('waits for the inclusion confirmation before transmitting a removal asked for earlier', async () => {
    await h.control('PUT', '/config', { reter_webhooks: true });
    try {
      const { id } = await h.negativar();
      const pendente = await h.waitStatus(id, 'aguardando_confirmacao_inserir');
      const del = await h.app.api(`/v1/negativacoes/${id}?motivo=03`, { method: 'DELETE' });
      expect(del.status).toBe(202);
      expect(((await del.json()) as { status: string }).status).toBe(
        'aguardando_confirmacao_inserir',
      );
      // Nothing may be sent to Serasa while the inclusion is unconfirmed.
      expect(
        (await registros()).exclusoes.filter((e) => e.contrato === pendente.contrato),
      ).toHaveLength(0);

      const inclusao = (pendente.referencias as { inclusao: string }).inclusao;
      await h.control('POST', '/webhooks/liberar', { uuids: [inclusao] });
      const removida = await waitFor(async () => {
        const held = (await registros()).exclusoes.find((e) => e.contrato === pendente.contrato);
        if (held) await h.control('POST', '/webhooks/liberar', {});
        const view = await h.get(id);
        return view.status === 'removida' ? view : null;
      }, 'the removal transmitted after the confirmation and confirmed');
      const tipos = removida.historico!.map((e) => e.tipo);
      expect(tipos.indexOf('baixa_solicitada')).toBeLessThan(tipos.indexOf('inclusao_confirmada'));
      expect(tipos.indexOf('inclusao_confirmada')).toBeLessThan(tipos.indexOf('baixa_transmitida'));

      // A late copy of the inclusion webhook must not bring it back.
      await h.control('POST', '/webhooks/reenviar', { uuid: inclusao });
      await waitFor(async () => {
        const list = await h.app.api(
          `/v1/eventos-entrada?integracao_id=${h.integracaoId}&limite=200`,
        );
        const page = (await list.json()) as { dados: Array<{ corpo: string; situacao: string }> };
        const copies = page.dados.filter((e) => e.corpo.includes(inclusao));
        return copies.length >= 2 && copies.every((e) => e.situacao !== 'pendente');
      }, 'the late copy processed');
      expect((await h.get(id)).status).toBe('removida');
    } finally {
      await h.control('PUT', '/config', { reter_webhooks: false });
      await h.control('POST', '/webhooks/liberar', {});
    }
  });

  it('rejects on an inclusion error webhook, keeping the provider message', async () => {
    const { id } = await h.negativar({ contrato: `REJ-${Date.now() % 1e9}` });
    const view = await h.waitStatus(id, 'rejeitada');
    expect(view.erro?.mensagem).toBeTruthy();
    expect(view.historico!.map((e) => e.tipo)).toContain('inclusao_rejeitada');
    // The contract is free again: a corrected inclusion is not a duplicate.
    const again = await h.app.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(h.integracaoId, { contrato: view.contrato }),
    });
    expect(again.status).toBe(202);
  });

  it('returns to inserida with an alert on a removal error, then retries the removal', async () => {
    const { id } = await h.negativar({ contrato: `BXERR-${Date.now() % 1e9}` });
    await h.waitStatus(id, 'inserida');
    const del = await h.app.api(`/v1/negativacoes/${id}`, { method: 'DELETE' });
    expect(del.status).toBe(202);
    const removida = await h.waitStatus(id, 'removida');
    const tipos = removida.historico!.map((e) => e.tipo);
    expect(tipos).toContain('baixa_com_erro');
    const erroEvent = removida.historico!.find((e) => e.tipo === 'baixa_com_erro')!;
    expect(erroEvent.status).toBe('inserida');
    const alertas = await h.app.api(`/v1/alertas?negativacao_id=${id}`);
    const page = (await alertas.json()) as { dados: Array<{ tipo: string }> };
    expect(page.dados.map((a) => a.tipo)).toContain('baixa_com_erro');
    expect(
      (await registros()).exclusoes.filter((e) => e.contrato === removida.contrato),
    ).toHaveLength(2);
  });

  it('maps a creditor outside the PEFIN convenio to a rejection, synchronously', async () => {
    const magic = (await h.control('GET', '')) as { magicInputs: Record<string, string> };
    const credor = Object.entries(magic.magicInputs)
      .map(([key, value]) => `${key} ${value}`)
      .join('\n')
      .match(/(\d{14})[^\n]*NAO PARTICIPANTE|NAO PARTICIPANTE[^\n]*?(\d{14})/i);
    expect(credor, 'the sandbox documents a non-participant creditor').toBeTruthy();
    const { id } = await h.negativar({ credor: credor![1] ?? credor![2] });
    const view = await h.waitStatus(id, 'rejeitada');
    expect(view.erro?.codigo).toBe('credor_nao_participante');
  });

  it('refuses edits with 409 and replaces through substituir as one tracked operation', async () => {
    const { id } = await h.negativar();
    const original = await h.waitStatus(id, 'inserida');
    for (const method of ['PUT', 'PATCH']) {
      const response = await h.app.api(`/v1/negativacoes/${id}`, { method, json: {} });
      expect(response.status).toBe(409);
      expect(((await response.json()) as { erro: { codigo: string } }).erro.codigo).toBe(
        'alteracao_nao_permitida',
      );
    }
    const body = novaNegativacao(h.integracaoId, {
      contrato: original.contrato,
      valor_centavos: 9999,
    });
    const { integracao_id: _ignored, ...semIntegracao } = body;
    const response = await h.app.api(`/v1/negativacoes/${id}/substituir`, {
      method: 'POST',
      json: semIntegracao,
    });
    expect(response.status).toBe(202);
    const { anterior, nova } = (await response.json()) as {
      anterior: { status: string; substituida_por_id: string };
      nova: { id: string; status: string; substitui_id: string };
    };
    expect(anterior.status).toBe('aguardando');
    expect(nova.substitui_id).toBe(id);
    await h.waitStatus(id, 'removida');
    const novaView = await h.waitStatus(nova.id, 'inserida');
    expect(novaView.valor_centavos).toBe(9999);
    const old = await h.get(id);
    expect((old.baixa as { motivo: string }).motivo).toBe('11');
  });

  it('keeps a negativacao pending, with one alert, when Serasa refuses the PEFIN credentials', async () => {
    const created = await h.app.api('/v1/integracoes', {
      method: 'POST',
      json: {
        provedor: 'serasa_experian',
        ambiente: 'homologacao',
        descricao: 'credenciais erradas',
        credenciais: {
          login_consulta: 'a',
          senha_consulta: 'b',
          login_pefin: 'c',
          senha_pefin: 'invalida-1',
        },
        configuracoes: {
          url_consulta: h.sandbox.url,
          url_pefin: h.sandbox.url,
          url_login_pefin: h.sandbox.url,
        },
      },
    });
    const { id: integracaoId } = (await created.json()) as { id: string };
    const response = await h.app.api('/v1/negativacoes', {
      method: 'POST',
      json: novaNegativacao(integracaoId),
    });
    const { id } = (await response.json()) as { id: string };
    await waitFor(async () => {
      const alertas = await h.app.api(`/v1/alertas?negativacao_id=${id}`);
      const page = (await alertas.json()) as { dados: Array<{ tipo: string }> };
      return page.dados.some((a) => a.tipo === 'credenciais_invalidas');
    }, 'the credentials alert');
    const view = await h.get(id);
    expect(view.status).toBe('aguardando');
    expect(view.historico!.map((e) => e.tipo)).toContain('falha_de_transmissao');
  });
});
