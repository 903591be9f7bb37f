import type { SandboxDefinition } from '../contract.js';

const provider = 'bmp';

export const bmpSandbox: SandboxDefinition = {
  provider,
  description: 'Simula o BMP: envia a credgate os callbacks do E-Consignado.',
  magicInputs: {},
  routes: async (app) => {
    // Only a health route for now: the wire routes arrive with the provider's own issues.
    app.get('/', async () => ({ provider, status: 'ok' }));
  },
};
