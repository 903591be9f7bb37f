import type { SandboxDefinition } from '../contract.js';

const provider = 'serasa_bureau';

export const serasaBureauSandbox: SandboxDefinition = {
  provider,
  description:
    'Simula o acesso host-to-host da Serasa (layout B49C): consultas de credito em registros de texto e suas respostas.',
  magicInputs: {},
  routes: async (app) => {
    // Only a health route for now: the wire routes arrive with the provider's own issues.
    app.get('/', async () => ({ provider, status: 'ok' }));
  },
};
