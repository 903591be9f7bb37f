import { z } from 'zod';
import type { RelatorioCredito } from '../../src/domain/consulta.js';
import type { Clock } from '../../src/infra/clock.js';
import { startTestApp } from './test-app.js';
import type {
  Acompanhamento,
  FaseAcompanhamento,
  ProviderAdapter,
  Recusa,
} from '../../src/providers/contract.js';

/** What the scripted provider answers to the next polls of one protocolo, in order. */
export type Resposta =
  | { situacao: string; fase: FaseAcompanhamento; motivo?: string; historico?: unknown[] }
  | { recusa: string };

/**
 * A provider without webhooks whose polls are scripted by the test: each transmission gets a
 * protocolo `P-<n>`, and each poll of it answers the next scripted status (the last repeats).
 */
export function polledProvider() {
  let seq = 0;
  const scripts = new Map<string, Resposta[]>();
  const polls: string[] = [];
  /** performance.now() of each poll, in order. */
  const pollTimes: number[] = [];
  const sent: Array<{ tipo: 'inclusao' | 'baixa'; protocolo: string }> = [];
  let nextScript: Resposta[] = [{ situacao: 'OK', fase: 'aceita' }];
  /** Polls a consulta answers `pendente` before its report (Infinity: never answers). */
  let consultaPendencias = 2;
  const consultaPolls = new Map<string, number>();

  const answer = (protocolo: string): Acompanhamento | Recusa => {
    polls.push(protocolo);
    pollTimes.push(performance.now());
    const script = scripts.get(protocolo) ?? [];
    const resposta = script.length > 1 ? script.shift()! : script[0];
    if (!resposta) throw new Error(`no script for ${protocolo}`);
    if ('recusa' in resposta) {
      return {
        tipo: 'recusada',
        codigo: resposta.recusa,
        mensagem: `recusado: ${resposta.recusa}`,
        codigo_provedor: '401',
        mensagem_provedor: null,
        status_http: 424,
        trocas: [],
      };
    }
    return {
      tipo: 'acompanhamento',
      situacao: resposta.situacao,
      fase: resposta.fase,
      motivo: resposta.motivo ?? null,
      historico: resposta.historico ?? [],
      trocas: [],
    };
  };

  const accept = (tipo: 'inclusao' | 'baixa', protocolo: string) => {
    scripts.set(protocolo, [...nextScript]);
    sent.push({ tipo, protocolo });
    return { tipo: 'aceita' as const, referencia: protocolo, trocas: [] };
  };

  const adapter: ProviderAdapter = {
    id: 'acompanhado',
    displayName: 'Provedor acompanhado (teste)',
    capabilities: { consulta: true, negativacao: true, recebimento: false },
    credentialsSchema: z.object({ chave: z.string() }).strict(),
    settingsSchema: z.object({}).strict().prefault({}),
    createClient: () => ({
      testar: async () => ({ ok: true, verificacoes: [] }),
      incluir: async () => accept('inclusao', `P-${++seq}`),
      remover: async (divida) => accept('baixa', divida.referencia_inclusao ?? 'sem-protocolo'),
      acompanhar: async (referencia) => answer(referencia),
      consultar: async () => ({ tipo: 'pendente', referencia: `C-${++seq}`, trocas: [] }),
      acompanharConsulta: async (referencia, pedido) => {
        const vezes = (consultaPolls.get(referencia) ?? 0) + 1;
        consultaPolls.set(referencia, vezes);
        if (vezes <= consultaPendencias) return { tipo: 'pendente', referencia, trocas: [] };
        return {
          tipo: 'concluida',
          relatorio: relatorioVazio(pedido.documento.numero, pedido.produto.codigo),
          original: { protocolo: referencia },
          html: `<html><body><h1>Relatorio ${referencia}</h1></body></html>`,
          trocas: [],
        };
      },
    }),
    produtos: () => [
      {
        codigo: 'P1',
        nome: 'Relatorio de teste',
        tipo_documento: 'cpf',
        opcionais: [],
        parametros: {},
        requer_uf: false,
      },
    ],
    negativacao: () => ({
      naturezas: { TI: 'TITULO' },
      motivos_baixa: { '01': 'PAGAMENTO', '02': 'CORRECAO' },
      valor_minimo_centavos: 1,
      limites: { nome: 70, logradouro: 70, complemento: 30, bairro: 40, cidade: 40, contrato: 20 },
      motivo_pagamento: '01',
      motivo_correcao: '02',
    }),
    acompanhamentoConsulta: () => ({
      intervalos_rapidos_ms: [1000, 2000],
      intervalo_lento_ms: 60_000,
      max_consultas: 6,
    }),
    acompanhamento: () => ({
      limite_por_segundo: 10,
      intervalos_rapidos_ms: [1000, 2000],
      intervalo_lento_ms: 60_000,
      max_consultas: 6,
    }),
  };
  return {
    adapter,
    polls,
    pollTimes,
    sent,
    /** The statuses the next transmission's polls will see. */
    script(respostas: Resposta[]) {
      nextScript = respostas;
    },
    /** How many polls each new consulta answers `pendente` before its report. */
    consultasPendentes(vezes: number) {
      consultaPendencias = vezes;
    },
    consultaPolls,
    /** Replaces what the polls of an existing protocolo will see. */
    rescript(protocolo: string, respostas: Resposta[]) {
      scripts.set(protocolo, respostas);
    },
  };
}

function relatorioVazio(documento: string, produto: string): RelatorioCredito {
  const vazio = { quantidade: 0, valor_centavos: 0, itens: [] };
  return {
    provedor: 'acompanhado',
    produto,
    tipo_documento: 'cpf',
    documento,
    consultado_em: '2026-06-01T12:00:00.000Z',
    identificacao: { nome: 'FULANO DE TAL' },
    score: null,
    pendencias: { pefin: vazio, refin: vazio, protestos: vazio, cheques: vazio },
    consultas: { quantidade: 0, itens: [] },
    avisos: [],
  };
}

/** A test app on `clock` with the scripted provider registered and one integration of it. */
export async function startPolledApp(clock: Clock) {
  const provider = polledProvider();
  const t = await startTestApp({ clock, providers: [provider.adapter] });
  const created = await t.api('/v1/integracoes', {
    method: 'POST',
    json: {
      provedor: 'acompanhado',
      ambiente: 'homologacao',
      descricao: 'provedor sem webhooks',
      credenciais: { chave: 'k' },
    },
  });
  if (created.status !== 201) throw new Error(`integration not created: ${await created.text()}`);
  const { id: integracaoId } = (await created.json()) as { id: string };
  return { t, provider, integracaoId };
}
