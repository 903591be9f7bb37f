import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { dispatch } from './deliver-webhooks.js';
import { sandboxConfigSchema, type SandboxState } from './state.js';

const webhookSchema = z.strictObject({
  url: z.url(),
  autenticacao: z
    .strictObject({
      tipo: z.enum(['nenhuma', 'basic', 'bearer']),
      usuario: z.string().optional(),
      senha: z.string().optional(),
      token: z.string().optional(),
    })
    .default({ tipo: 'nenhuma' }),
  /** login_pefin this URL is for; absent = every client. */
  client_id: z.string().optional(),
});

function invalid(reply: FastifyReply, error: z.ZodError) {
  const issue = error.issues[0];
  const campo = issue.path.join('.') || 'corpo';
  return reply
    .code(400)
    .send({ erro: { codigo: 'campo_invalido', mensagem: `${campo}: ${issue.message}`, campo } });
}

/** What Serasa's support does by e-mail and what tests need to observe, under `/__sandbox`. */
export function controlRoutes(app: FastifyInstance, state: SandboxState): void {
  app.put('/__sandbox/webhook', async (request, reply) => {
    const parsed = webhookSchema.safeParse(request.body ?? {});
    if (!parsed.success) return invalid(reply, parsed.error);
    const { client_id, ...target } = parsed.data;
    state.targets.set(client_id ?? '*', target);
    return { registrado: true, url: target.url };
  });

  app.put('/__sandbox/config', async (request, reply) => {
    const parsed = sandboxConfigSchema.safeParse(request.body ?? {});
    if (!parsed.success) return invalid(reply, parsed.error);
    for (const [key, value] of Object.entries(parsed.data)) {
      if (value !== undefined) (state.config as Record<string, unknown>)[key] = value;
    }
    return state.config;
  });

  app.get('/__sandbox/registros', async () => state.registros);
  app.delete('/__sandbox/registros', async () => {
    state.registros = { inclusoes: [], exclusoes: [], entregas: [], logins: 0 };
    return state.registros;
  });

  app.post('/__sandbox/tokens/revogar', async () => {
    const revogados = state.tokens.size;
    state.tokens.clear();
    return { revogados };
  });

  app.post('/__sandbox/webhooks/liberar', async (request) => {
    const { uuids } = (request.body ?? {}) as { uuids?: string[] };
    const chosen = uuids
      ? uuids.flatMap((uuid) => state.held.filter((w) => w.uuid === uuid))
      : [...state.held];
    state.held = state.held.filter((w) => !chosen.includes(w));
    for (const webhook of chosen) dispatch(state, webhook);
    return { liberados: chosen.map((w) => w.uuid), retidos: state.held.length };
  });

  app.post('/__sandbox/webhooks/reenviar', async (request, reply) => {
    const { uuid } = (request.body ?? {}) as { uuid?: string };
    const webhook = uuid ? state.sent.get(uuid) : undefined;
    if (!webhook)
      return reply.code(404).send({
        erro: {
          codigo: 'nao_encontrado',
          mensagem: `webhook ${uuid} nao foi emitido`,
          campo: 'uuid',
        },
      });
    dispatch(state, { ...webhook, copias: 1 });
    return { reenviado: uuid };
  });
}
