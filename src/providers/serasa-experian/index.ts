import type { ProviderAdapter } from '../contract.js';
import { readJsonObject } from '../read-json-body.js';
import { serasaExperianCredentialsSchema, serasaExperianSettingsSchema } from './config.js';
import { serasaExperianSandbox } from './sandbox.js';

export const serasaExperian: ProviderAdapter = {
  id: 'serasa_experian',
  displayName: 'Serasa Experian',
  capabilities: { consulta: true, negativacao: true, recebimento: true },
  credentialsSchema: serasaExperianCredentialsSchema,
  settingsSchema: serasaExperianSettingsSchema,
  inbound: {
    methods: ['POST'],
    authSchemes: ['nenhuma', 'basic', 'bearer'],
    // One URL receives all six webhook events; each carries the transaction's `uuid`.
    read(request) {
      const body = readJsonObject(request.body);
      if (!body.ok) return { tipo: 'malformado', mensagem: body.mensagem, campo: 'corpo' };
      const uuid = body.value.uuid;
      return { tipo: 'aceito', referencia: typeof uuid === 'string' ? uuid : undefined };
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
    configuracoes: { url_consulta: sandboxUrl, url_pefin: sandboxUrl },
  }),
};
