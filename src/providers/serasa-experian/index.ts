import type { ProviderAdapter } from '../contract.js';
import { readJsonObject } from '../read-json-body.js';
import { produtosDe, regrasNegativacao } from './catalog.js';
import {
  serasaExperianCredentialsSchema,
  serasaExperianSettingsSchema,
  type SerasaExperianSettings,
} from './config.js';
import { createSerasaClient } from './create-client.js';
import { serasaExperianSandbox } from './sandbox.js';
import { readWebhook } from './webhook.js';

// Serasa Experian: credit reports (synchronous GETs) and PEFIN negativacao (POST/DELETE
// answered with a transactionId; the verdict arrives by webhook). The adapter only speaks HTTP
// and translates; the core owns storage, queues and the negativacao lifecycle.

/** The core passes settings it parsed with settingsSchema; this keeps the type in one place. */
const settingsOf = (configuracoes: unknown) => configuracoes as SerasaExperianSettings;

export const serasaExperian: ProviderAdapter = {
  id: 'serasa_experian',
  displayName: 'Serasa Experian',
  capabilities: { consulta: true, negativacao: true, recebimento: true },
  credentialsSchema: serasaExperianCredentialsSchema,
  settingsSchema: serasaExperianSettingsSchema,
  createClient: createSerasaClient,
  produtos: (configuracoes) => produtosDe(settingsOf(configuracoes)),
  negativacao: (configuracoes) => regrasNegativacao(settingsOf(configuracoes)),
  inbound: {
    methods: ['POST'],
    authSchemes: ['nenhuma', 'basic', 'bearer'],
    // One URL for the six webhook events; each carries the transaction's `uuid`. A JSON object
    // without one is still accepted (and stored, matching nothing) so Serasa stops retrying it.
    read(request) {
      const body = readJsonObject(request.body);
      if (!body.ok) return { tipo: 'malformado', mensagem: body.mensagem, campo: 'corpo' };
      const desfecho = readWebhook(body.value);
      return desfecho
        ? { tipo: 'aceito', referencia: desfecho.referencia, desfecho }
        : { tipo: 'aceito' };
    },
  },
  sandbox: serasaExperianSandbox,
  demoIntegration: (sandboxUrl) => ({
    descricao: 'Serasa Experian (sandbox de demonstracao)',
    ambiente: 'homologacao',
    credenciais: {
      login_consulta: 'demo-consulta',
      senha_consulta: 'demo-senha-consulta',
      login_pefin: 'demo-pefin',
      senha_pefin: 'demo-senha-pefin',
    },
    // The sandbox serves IAM, reports and PEFIN at one base URL.
    configuracoes: { url_consulta: sandboxUrl, url_pefin: sandboxUrl, url_login_pefin: sandboxUrl },
    registerInbound: async (inboundUrl) => {
      const response = await fetch(`${sandboxUrl}/__sandbox/webhook`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: inboundUrl }),
      });
      if (!response.ok) throw new Error(`sandbox refused the webhook URL: HTTP ${response.status}`);
    },
  }),
};
