import type { ProviderAdapter } from '../contract.js';
import { produtosDe } from './catalog.js';
import { serasaBureauCredentialsSchema, serasaBureauSettingsSchema } from './config.js';
import { createSerasaBureauClient } from './create-client.js';
import { serasaBureauSandbox } from './sandbox.js';

export const serasaBureau: ProviderAdapter = {
  id: 'serasa_bureau',
  displayName: 'Serasa Bureau (B49C host-to-host)',
  capabilities: { consulta: true, negativacao: false, recebimento: false },
  credentialsSchema: serasaBureauCredentialsSchema,
  settingsSchema: serasaBureauSettingsSchema,
  sandbox: serasaBureauSandbox,
  createClient: createSerasaBureauClient,
  produtos: (configuracoes) => produtosDe(serasaBureauSettingsSchema.parse(configuracoes)),
  demoIntegration: (sandboxUrl) => ({
    descricao: 'Serasa Bureau B49C (sandbox de demonstracao)',
    ambiente: 'homologacao',
    credenciais: { logon: 'DEMO0001', senha: 'demo1234' },
    configuracoes: { url: sandboxUrl },
  }),
};
