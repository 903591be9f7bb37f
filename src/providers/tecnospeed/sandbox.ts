import type { SandboxDefinition } from '../contract.js';

const provider = 'tecnospeed';

export const tecnospeedSandbox: SandboxDefinition = {
  provider,
  description:
    'Simula a API Consulta Negativacao da Tecnospeed: consultas de credito e inclusao/baixa de negativacoes.',
  magicInputs: {},
  routes: async (app) => {
    // Only a health route for now: the wire routes arrive with the provider's own issues.
    app.get('/', async () => ({ provider, status: 'ok' }));
  },
};
