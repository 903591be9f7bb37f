import {
  answerControlErrors,
  parseControlBody,
  semCamposExtras,
} from '../../../sandboxes/control-body.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { dispatch, releaseInOrder } from './deliver-webhooks.js';
import { registrosVazios, sandboxConfigSchema, type SandboxState } from './state.js';

const webhookSchema = z.strictObject(
  {
    url: z.url('deve ser uma URL http(s)'),
    autenticacao: z
      .strictObject({
        tipo: z.enum(['nenhuma', 'basic', 'bearer'], 'deve ser nenhuma, basic ou bearer'),
        usuario: z.string().optional(),
        senha: z.string().optional(),
        token: z.string().optional(),
      })
      .default({ tipo: 'nenhuma' }),
    /** The login client_id this URL serves; absent = the default for every client. */
    client_id: z.string().min(1).optional(),
  },
  semCamposExtras,
);

const liberarSchema = z.strictObject(
  { uuids: z.array(z.string('deve ser texto')).optional() },
  semCamposExtras,
);
const reenviarSchema = z.strictObject({ uuid: z.string('obrigatorio').min(1) }, semCamposExtras);

/** What Serasa's support does by e-mail, and what tests need to steer and observe. */
export function controlRoutes(app: FastifyInstance, state: SandboxState): void {
  answerControlErrors(app);

  app.put('/__sandbox/webhook', async (request, reply) => {
    const body = parseControlBody(webhookSchema, request.body, reply);
    if (!body) return reply;
    const { client_id, ...target } = body;
    state.targets.set(client_id ?? '*', target);
    return { registrado: true, url: target.url, client_id: client_id ?? null };
  });

  app.get('/__sandbox/config', async () => state.config);
  app.put('/__sandbox/config', async (request, reply) => {
    const body = parseControlBody(sandboxConfigSchema, request.body, reply);
    if (!body) return reply;
    state.config = {
      ...state.config,
      ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
    };
    return state.config;
  });

  app.get('/__sandbox/registros', async () => ({
    ...state.registros,
    retidos: state.held.map((w) => w.uuid),
  }));
  app.delete('/__sandbox/registros', async () => {
    state.registros = registrosVazios();
    return state.registros;
  });

  app.post('/__sandbox/tokens/revogar', async () => {
    const revogados = state.tokens.size;
    state.tokens.clear();
    return { revogados };
  });

  app.post('/__sandbox/webhooks/liberar', async (request, reply) => {
    const body = parseControlBody(liberarSchema, request.body, reply);
    if (!body) return reply;
    const escolhidos = body.uuids
      ? body.uuids.flatMap((uuid) => state.held.filter((w) => w.uuid === uuid))
      : [...state.held];
    state.held = state.held.filter((w) => !escolhidos.includes(w));
    void releaseInOrder(state, escolhidos);
    return { liberados: escolhidos.map((w) => w.uuid), retidos: state.held.map((w) => w.uuid) };
  });

  app.post('/__sandbox/webhooks/reenviar', async (request, reply) => {
    const body = parseControlBody(reenviarSchema, request.body, reply);
    if (!body) return reply;
    const webhook = state.sent.get(body.uuid);
    if (!webhook) {
      const mensagem = `uuid: nenhum webhook ${body.uuid} foi emitido`;
      return reply.code(404).send({ erro: { codigo: 'nao_encontrado', mensagem, campo: 'uuid' } });
    }
    dispatch(state, { ...webhook, copias: 1 });
    return { reenviado: body.uuid };
  });
}
