import { z } from 'zod';
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
  const sent: Array<{ tipo: 'inclusao' | 'baixa'; protocolo: string }> = [];
  let nextScript: Resposta[] = [{ situacao: 'OK', fase: 'aceita' }];

  const answer = (protocolo: string): Acompanhamento | Recusa => {
    polls.push(protocolo);
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
    capabilities: { consulta: false, negativacao: true, recebimento: false },
    credentialsSchema: z.object({ chave: z.string() }).strict(),
    settingsSchema: z.object({}).strict().prefault({}),
    createClient: () => ({
      testar: async () => ({ ok: true, verificacoes: [] }),
      incluir: async () => accept('inclusao', `P-${++seq}`),
      remover: async (divida) => accept('baixa', divida.referencia_inclusao ?? 'sem-protocolo'),
      acompanhar: async (referencia) => answer(referencia),
    }),
    negativacao: () => ({
      naturezas: { TI: 'TITULO' },
      motivos_baixa: { '01': 'PAGAMENTO', '02': 'CORRECAO' },
      valor_minimo_centavos: 1,
      limites: { nome: 70, logradouro: 70, complemento: 30, bairro: 40, cidade: 40, contrato: 20 },
      motivo_pagamento: '01',
      motivo_correcao: '02',
    }),
    acompanhamento: () => ({
      intervalos_rapidos_ms: [1000, 2000],
      intervalo_lento_ms: 60_000,
      max_consultas: 6,
    }),
  };
  return {
    adapter,
    polls,
    sent,
    /** The statuses the next transmission's polls will see. */
    script(respostas: Resposta[]) {
      nextScript = respostas;
    },
    /** Replaces what the polls of an existing protocolo will see. */
    rescript(protocolo: string, respostas: Resposta[]) {
      scripts.set(protocolo, respostas);
    },
  };
}
