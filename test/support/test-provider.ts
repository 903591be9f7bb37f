import type { ProviderAdapter } from '../../src/providers/contract.js';
import {
  receiverCredentialsSchema,
  receiverSettingsSchema,
} from '../../src/inbound/receiver-settings.js';
import { readJsonObject } from '../../src/providers/read-json-body.js';
import { z } from 'zod';

/** A provider that exists only in tests, to drive the inbox pipeline without a real provider's rules. */
export const testProvider: ProviderAdapter = {
  id: 'teste',
  displayName: 'Provedor de teste',
  capabilities: { consulta: false, negativacao: false, recebimento: true },
  credentialsSchema: z
    .object({ chave: z.string().min(1), recebimento: receiverCredentialsSchema })
    .strict(),
  settingsSchema: z
    .object({
      recebimento: receiverSettingsSchema(
        ['bearer', 'basic', 'api_key', 'nenhuma'],
        ['POST', 'GET'],
      ),
    })
    .strict()
    .prefault({}),
  inbound: {
    methods: ['POST', 'GET'],
    authSchemes: ['bearer', 'basic', 'api_key', 'nenhuma'],
    read(request) {
      if (request.method === 'GET') return { tipo: 'aceito' };
      const body = readJsonObject(request.body);
      if (!body.ok) return { tipo: 'malformado', mensagem: body.mensagem, campo: 'corpo' };
      const ref = body.value.ref;
      return { tipo: 'aceito', referencia: typeof ref === 'string' ? ref : undefined };
    },
  },
};
