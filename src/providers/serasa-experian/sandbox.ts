import type { SandboxDefinition } from '../contract.js';

const provider = 'serasa_experian';

export const serasaExperianSandbox: SandboxDefinition = {
  provider,
  description:
    'Simula as APIs REST da Serasa Experian: login IAM (token), relatorios de credito e inclusao/baixa de PEFIN.',
  magicInputs: {},
  routes: async (app) => {
    // Only a health route for now: the wire routes arrive with the provider's own issues.
    app.get('/', async () => ({ provider, status: 'ok' }));
  },
};
