import type { ProviderAdapter } from '../contract.js';
import { tecnospeedCredentialsSchema, tecnospeedSettingsSchema } from './config.js';
import { tecnospeedSandbox } from './sandbox.js';

/** Tecnospeed has no webhooks: results are polled, so there is no inbound capability. */
export const tecnospeed: ProviderAdapter = {
  id: 'tecnospeed',
  displayName: 'Tecnospeed (SCC Check)',
  capabilities: { consulta: true, negativacao: true, recebimento: false },
  credentialsSchema: tecnospeedCredentialsSchema,
  settingsSchema: tecnospeedSettingsSchema,
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
    configuracoes: { url_base: sandboxUrl },
  }),
};
