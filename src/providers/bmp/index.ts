import type { ProviderAdapter } from '../contract.js';
import { bmpCredentialsSchema, bmpSettingsSchema } from './config.js';
import { propostaOf, readCallback } from './read-callback.js';
import { bmpSandbox } from './sandbox.js';
import { regrasPropostas } from './situacoes.js';

const DEMO_TOKEN = 'demo-bmp-callback-token-0123456789';

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
  demoIntegration: (sandboxUrl) => ({
    descricao: 'BMP E-Consignado (homologacao, demonstracao)',
    ambiente: 'homologacao',
    credenciais: { recebimento: { token: DEMO_TOKEN } },
    configuracoes: { recebimento: { autenticacao: 'bearer' } },
    // What a partner asks BMP's integration team to set up, done here against the sandbox.
    registerInbound: async (inboundUrl) => {
      const response = await fetch(`${sandboxUrl}/__sandbox/destino`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          url: inboundUrl,
          metodo: 'POST',
          autenticacao: { tipo: 'bearer', token: DEMO_TOKEN },
        }),
      });
      if (!response.ok)
        throw new Error(`sandbox refused the callback URL: HTTP ${response.status}`);
    },
  }),
};
