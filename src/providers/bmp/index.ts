import type { InboundRequest, ProviderAdapter } from '../contract.js';
import { bmpCredentialsSchema, bmpSettingsSchema } from './config.js';
import { bmpSandbox } from './sandbox.js';

/** BMP names its parameters in Portuguese in one document and English in another. */
const PARAMETER_ALIASES = {
  proposta: ['proposta', 'proposal'],
  situacao: ['situacao', 'status'],
  identificador: ['identificador', 'identifier'],
} as const;

function queryParameter(request: InboundRequest, names: readonly string[]): string | undefined {
  for (const [key, value] of Object.entries(request.query)) {
    if (names.includes(key.toLowerCase())) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

export const bmp: ProviderAdapter = {
  id: 'bmp',
  displayName: 'BMP E-Consignado Trabalhador',
  capabilities: { consulta: false, negativacao: false, recebimento: true },
  credentialsSchema: bmpCredentialsSchema,
  settingsSchema: bmpSettingsSchema,
  inbound: {
    methods: ['GET', 'POST', 'PUT'],
    authSchemes: ['bearer', 'api_key', 'basic', 'nenhuma'],
    read(request) {
      const proposta = queryParameter(request, PARAMETER_ALIASES.proposta);
      if (!proposta)
        return { tipo: 'malformado', mensagem: 'parametro ausente', campo: 'proposta' };
      const situacao = queryParameter(request, PARAMETER_ALIASES.situacao);
      if (!situacao || !/^\d+$/.test(situacao)) {
        return { tipo: 'malformado', mensagem: 'deve ser um numero', campo: 'situacao' };
      }
      return { tipo: 'aceito', referencia: proposta };
    },
  },
  sandbox: bmpSandbox,
  demoIntegration: () => ({
    descricao: 'BMP E-Consignado (homologacao, demonstracao)',
    ambiente: 'homologacao',
    credenciais: { recebimento: { token: 'demo-bmp-callback-token-0123456789' } },
    configuracoes: { recebimento: { autenticacao: 'bearer' } },
  }),
};
