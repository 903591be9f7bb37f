import type { ProviderAdapter } from '../contract.js';
import { serasaBureauCredentialsSchema, serasaBureauSettingsSchema } from './config.js';
import { serasaBureauSandbox } from './sandbox.js';

export const serasaBureau: ProviderAdapter = {
  id: 'serasa_bureau',
  displayName: 'Serasa Bureau (B49C host-to-host)',
  capabilities: { consulta: true, negativacao: false, recebimento: false },
  credentialsSchema: serasaBureauCredentialsSchema,
  settingsSchema: serasaBureauSettingsSchema,
  sandbox: serasaBureauSandbox,
  demoIntegration: (sandboxUrl) => ({
    descricao: 'Serasa Bureau B49C (sandbox de demonstracao)',
    ambiente: 'homologacao',
    credenciais: { logon: 'DEMO0001', senha: 'demo1234' },
    configuracoes: { url: sandboxUrl },
  }),
};
