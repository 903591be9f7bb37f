import { createBmpSandbox } from '../../../src/providers/bmp/sandbox.js';
import { serasaExperianSandbox } from '../../../src/providers/serasa-experian/sandbox.js';
import { createTecnospeedSandbox } from '../../../src/providers/tecnospeed/sandbox.js';
import type { Cluster } from './cluster.js';
import { startHostEndpoint, type HostEndpoint } from './host-endpoint.js';
import { startObservedSandbox, type ObservedSandbox } from './observed-sandbox.js';

export interface Providers {
  serasa: ObservedSandbox;
  tecnospeed: ObservedSandbox;
  bmp: ObservedSandbox;
  /** The host system's endpoint for credgate's outbound events. */
  receptor: HostEndpoint;
  close(): Promise<void>;
}

export async function startProviders(): Promise<Providers> {
  const serasa = await startObservedSandbox(serasaExperianSandbox);
  const tecnospeed = await startObservedSandbox(createTecnospeedSandbox());
  const bmp = await startObservedSandbox(createBmpSandbox());
  const receptor = await startHostEndpoint();
  return {
    serasa,
    tecnospeed,
    bmp,
    receptor,
    async close() {
      await Promise.all([serasa.close(), tecnospeed.close(), bmp.close(), receptor.close()]);
    },
  };
}

export interface Setup {
  serasaId: string;
  tecnospeedId: string;
  bmpId: string;
  webhookId: string;
  /** `whsec_…`: verifies every outbound message. */
  webhookSecret: string;
}

export interface SetupOptions {
  /** Serasa client timeout, ms (a latency spike longer than this leaves the outcome unknown). */
  serasaTimeoutMs?: number;
  tecnospeedTimeoutMs?: number;
  /** Tecnospeed polls per second this integration allows, per process. */
  tecnospeedLimit?: number;
  /** Waits between BMP's retries of a callback without a 2xx. */
  bmpRetriesMs?: number[];
}

const BMP_TOKEN = 'token-dos-callbacks-bmp-confiabilidade';

async function created(cluster: Cluster, path: string, json: unknown): Promise<any> {
  const answer = await cluster.api('POST', path, json);
  if (answer.status !== 201) {
    throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body;
}

/**
 * One integration per provider, through the API, each sandbox pointed at the balancer's inbound
 * URL, and one outbound endpoint taking every event type.
 */
export async function configureProviders(
  cluster: Cluster,
  providers: Providers,
  options: SetupOptions = {},
): Promise<Setup> {
  const { serasa, tecnospeed, bmp, receptor } = providers;
  const recebimento = { usuario: 'serasa', senha: 'webhook-senha-confiabilidade' };
  const serasaIntegracao = await created(cluster, '/v1/integracoes', {
    provedor: 'serasa_experian',
    ambiente: 'homologacao',
    descricao: 'Serasa (confiabilidade)',
    credenciais: {
      login_consulta: 'cliente-consulta',
      senha_consulta: 'segredo-consulta-123',
      login_pefin: 'cliente-pefin',
      senha_pefin: 'segredo-pefin-456',
      recebimento,
    },
    configuracoes: {
      url_consulta: serasa.url,
      url_pefin: serasa.url,
      url_login_pefin: serasa.url,
      timeout_ms: options.serasaTimeoutMs ?? 5000,
      recebimento: { autenticacao: 'basic' },
    },
  });
  await serasa.control('PUT', '/webhook', {
    url: serasaIntegracao.url_recebimento,
    autenticacao: { tipo: 'basic', ...recebimento },
  });
  // Retries at 0, 60 ms, 300 ms, 0.9 s, 1.8 s, 7.2 s, ... instead of minutes and hours.
  await serasa.control('PUT', '/config', { escala_tempo: 0.001 });

  const tecnospeedIntegracao = await created(cluster, '/v1/integracoes', {
    provedor: 'tecnospeed',
    ambiente: 'homologacao',
    descricao: 'Tecnospeed (confiabilidade)',
    // The sandbox's demo company: registered and active.
    credenciais: {
      cnpj_sh: '11222333000181',
      token_sh: 'token-software-house',
      cnpj_usuario: '11222333000181',
      login: 'demo',
      senha: 'demo-senha',
    },
    configuracoes: {
      url_base: tecnospeed.url,
      timeout_ms: options.tecnospeedTimeoutMs ?? 5000,
      limite_requisicoes_por_segundo: options.tecnospeedLimit ?? 1000,
      acompanhamento: { intervalos_rapidos_ms: [1000] },
    },
  });
  // PROCESSANDO for 1.5 s, then ACEITA; a removal is BAIXADA at once. A separate ENVIADO or
  // BAIXA_ENVIADA phase would be polled on the slow schedule (a minute at least).
  await tecnospeed.control('PUT', '/config', {
    etapas_ms: { processando: 1500, enviado: 0, baixa_enviada: 0 },
  });

  const bmpIntegracao = await created(cluster, '/v1/integracoes', {
    provedor: 'bmp',
    ambiente: 'homologacao',
    descricao: 'BMP (confiabilidade)',
    credenciais: { recebimento: { token: BMP_TOKEN } },
    configuracoes: { recebimento: { autenticacao: 'bearer', metodos: ['POST'] } },
  });
  await bmp.control('PUT', '/destino', {
    url: bmpIntegracao.url_recebimento,
    metodo: 'POST',
    autenticacao: { tipo: 'bearer', token: BMP_TOKEN },
    timeout_ms: 5000,
    espera_retentativas_ms: options.bmpRetriesMs ?? [1000, 3000, 8000],
  });

  const webhook = await created(cluster, '/v1/webhooks', {
    url: receptor.url,
    descricao: 'host (confiabilidade)',
  });
  receptor.trust(webhook.segredo);
  return {
    serasaId: serasaIntegracao.id,
    tecnospeedId: tecnospeedIntegracao.id,
    bmpId: bmpIntegracao.id,
    webhookId: webhook.id,
    webhookSecret: webhook.segredo,
  };
}
