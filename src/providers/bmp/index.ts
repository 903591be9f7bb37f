import { randomBytes } from 'node:crypto';
import type { ProviderAdapter } from '../contract.js';
import { bmpCredentialsSchema, bmpSettingsSchema } from './config.js';
import { propostaOf, readCallback } from './read-callback.js';
import { bmpSandbox } from './sandbox.js';
import { regrasPropostas, type ProdutoBmp } from './situacoes.js';

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
  // Settings arrive parsed by settingsSchema; `produto` picks the status table.
  propostas: (configuracoes) =>
    regrasPropostas((configuracoes as { produto?: ProdutoBmp }).produto),
  sandbox: bmpSandbox,
  demoIntegration: (sandboxUrl) => {
    // A new secret at every start, given both to the integration and to the sandbox that uses it.
    const token = randomBytes(24).toString('base64url');
    return {
      descricao: 'BMP E-Consignado (homologacao, demonstracao)',
      ambiente: 'homologacao',
      credenciais: { recebimento: { token } },
      configuracoes: { recebimento: { autenticacao: 'bearer' } },
      // What a partner asks BMP's integration team to set up, done here against the sandbox.
      registerInbound: async (inboundUrl) => {
        const response = await fetch(`${sandboxUrl}/__sandbox/destino`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            url: inboundUrl,
            metodo: 'POST',
            autenticacao: { tipo: 'bearer', token },
          }),
        });
        if (!response.ok)
          throw new Error(`sandbox refused the callback URL: HTTP ${response.status}`);
      },
    };
  },
};
