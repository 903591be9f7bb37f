import type { FastifyInstance } from 'fastify';
import type { Ambiente } from '../../contract.js';
import { installCallLog } from './call-log.js';
import { cadastroRoutes } from './cadastro-routes.js';
import { consultaRoutes } from './consulta-routes.js';
import { negativacaoRoutes } from './negativacao-routes.js';
import type { SandboxState } from './state.js';
import { installWireBodyHandling } from './wire-http.js';

/** The environment is part of the path (research A.2): `/v1/…` and `/v1/homologacao/…`. */
export const PREFIXOS: Record<Ambiente, string> = {
  producao: '/v1',
  homologacao: '/v1/homologacao',
};

/** Every API route once per environment, over one shared state. */
export async function wireRoutes(app: FastifyInstance, state: SandboxState): Promise<void> {
  for (const [ambiente, prefix] of Object.entries(PREFIXOS) as Array<[Ambiente, string]>) {
    await app.register(
      async (wire) => {
        installWireBodyHandling(wire);
        installCallLog(wire, state, ambiente);
        cadastroRoutes(wire, state);
        consultaRoutes(wire, state, ambiente);
        negativacaoRoutes(wire, state, ambiente);
      },
      { prefix },
    );
  }
}
