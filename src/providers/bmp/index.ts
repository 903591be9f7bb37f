import type { ProviderAdapter } from '../contract.js';
import { bmpCredentialsSchema, bmpSettingsSchema } from './config.js';
import { propostaOf, readCallback } from './read-callback.js';
import { bmpSandbox } from './sandbox.js';
import { regrasPropostas } from './situacoes.js';

export const bmp: ProviderAdapter = {
  id: 'bmp',
  displayName: 'BMP E-Consignado Trabalhador',
  capabilities: { consulta: false, negativacao: false, recebimento: true },
  credentialsSchema: bmpCredentialsSchema,
  settingsSchema: bmpSettingsSchema,
  inbound: {
    methods: ['GET', 'POST', 'PUT'],
    authSchemes: ['bearer', 'api_key', 'basic', 'jwt', 'hmac', 'nenhuma'],
    read: readCallback,
    referenciaDe: propostaOf,
  },
  propostas: regrasPropostas('e_consignado'),
  sandbox: bmpSandbox,
  demoIntegration: () => ({
    descricao: 'BMP E-Consignado (homologacao, demonstracao)',
    ambiente: 'homologacao',
    credenciais: { recebimento: { token: 'demo-bmp-callback-token-0123456789' } },
    configuracoes: { recebimento: { autenticacao: 'bearer' } },
  }),
};
