import type { ProviderAdapter } from '../contract.js';
import { produtosDe, regrasNegativacao } from './catalog.js';
import {
  tecnospeedCredentialsSchema,
  tecnospeedSettingsSchema,
  type TecnospeedSettings,
} from './config.js';
import { empresaSchema } from './cadastro.js';
import { createTecnospeedClient } from './create-client.js';
import { tecnospeedSandbox } from './sandbox.js';

// Tecnospeed "Consulta Negativacao" (SCC Check, a Serasa distributor): credit reports and
// negativacoes, both asynchronous by protocolo. No webhooks: results are polled, so there is no
// inbound capability. The adapter only speaks HTTP and translates; the core owns the rest.

export { createTecnospeedClient } from './create-client.js';
export type { EmpresaParaCadastro, EstadoCadastro } from './cadastro.js';
export type * from './types.js';

/** The core passes settings it parsed with settingsSchema; this keeps the type in one place. */
const settingsOf = (configuracoes: unknown) => configuracoes as TecnospeedSettings;

export const tecnospeed: ProviderAdapter = {
  id: 'tecnospeed',
  displayName: 'Tecnospeed (SCC Check)',
  capabilities: { consulta: true, negativacao: true, recebimento: false },
  credentialsSchema: tecnospeedCredentialsSchema,
  settingsSchema: tecnospeedSettingsSchema,
  createClient: createTecnospeedClient,
  empresaSchema,
  produtos: (configuracoes) => produtosDe(settingsOf(configuracoes)),
  negativacao: (configuracoes) => regrasNegativacao(settingsOf(configuracoes)),
  acompanhamento: (configuracoes) => {
    const settings = settingsOf(configuracoes);
    const { intervalos_rapidos_ms, intervalo_lento_ms, max_tentativas } = settings.acompanhamento;
    return {
      intervalos_rapidos_ms,
      intervalo_lento_ms,
      max_consultas: max_tentativas,
      limite_por_segundo: settings.limite_requisicoes_por_segundo,
    };
  },
  acompanhamentoConsulta: (configuracoes) => {
    const settings = settingsOf(configuracoes);
    const { intervalo_ms, prazo_maximo_ms } = settings.acompanhamento_consulta;
    return {
      intervalos_rapidos_ms: [intervalo_ms],
      intervalo_lento_ms: intervalo_ms,
      max_consultas: Math.ceil(prazo_maximo_ms / intervalo_ms),
      limite_por_segundo: settings.limite_requisicoes_por_segundo,
    };
  },
  sandbox: tecnospeedSandbox,
  demoIntegration: (sandboxUrl) => ({
    descricao: 'Tecnospeed (sandbox de demonstracao)',
    ambiente: 'homologacao',
    credenciais: {
      cnpj_sh: '11222333000181',
      token_sh: 'demo-token-software-house',
      cnpj_usuario: '11222333000181',
      login: 'demo',
      senha: 'demo-senha',
    },
    // The sandbox moves in seconds; the demo looks at slow stages every minute, not every hour.
    configuracoes: { url_base: sandboxUrl, acompanhamento: { intervalo_lento_ms: 60_000 } },
  }),
};
