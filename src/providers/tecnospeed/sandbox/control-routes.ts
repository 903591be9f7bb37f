import {
  answerControlErrors,
  parseControlBody,
  semCamposExtras,
} from '../../../sandboxes/control-body.js';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { ativarCadastro, vistaCadastro } from './cadastro-routes.js';
import { aplicarConfig, sandboxConfigSchema } from './config.js';
import { MASCARA } from './call-log.js';
import { situacaoAtual, vistaNegativacao } from './negativacao-timeline.js';
import type { SandboxState } from './state.js';

const ativarSchema = z.strictObject(
  {
    login: z.string('deve ser texto').min(1, 'obrigatorio').optional(),
    senha: z.string('deve ser texto').min(1, 'obrigatorio').optional(),
  },
  semCamposExtras,
);
const avancarSchema = z.strictObject(
  { ms: z.number('deve ser um numero').int('deve ser um inteiro').min(0, 'deve ser >= 0') },
  semCamposExtras,
);
const configSchema = z.strictObject(sandboxConfigSchema.shape, semCamposExtras);

/** What tests and the demo steer and observe; SCC Check's human steps live here too. */
export function controlRoutes(app: FastifyInstance, state: SandboxState): void {
  answerControlErrors(app);

  app.get('/__sandbox/config', async () => state.config);
  app.put('/__sandbox/config', async (request, reply) => {
    const body = parseControlBody(configSchema, request.body, reply);
    if (!body) return reply;
    state.config = aplicarConfig(state.config, body);
    return state.config;
  });

  app.get('/__sandbox/registros', async () => {
    const agora = state.now();
    return {
      agora: state.agoraIso(),
      chamadas: state.chamadas,
      cadastros: [...state.cadastros.values()].map((c) => ({
        ...vistaCadastro(c),
        login: c.login,
        senha: c.senha === null ? null : MASCARA,
      })),
      consultas: [...state.consultas.values()],
      negativacoes: [...state.negativacoes.values()].map((n) => ({
        ...vistaNegativacao(n, agora),
        ambiente: n.ambiente,
        baixa: n.baixa,
        // The whole schedule, past and future steps alike: when each one happened (or will) is
        // what a client's delay is measured against (bench/polling.ts).
        etapas: n.etapas.map((e) => ({ situacao: e.situacao, em: new Date(e.em).toISOString() })),
      })),
    };
  });
  app.delete('/__sandbox/registros', async () => {
    state.chamadas = [];
    return { chamadas: [] };
  });

  app.post('/__sandbox/reset', async () => {
    state.reset();
    return { reset: true, config: state.config };
  });

  /** The contract SCC Check signs off-line: the answer is what SCC would e-mail the customer. */
  app.post<{ Params: { cnpj: string } }>(
    '/__sandbox/cadastros/:cnpj/ativar',
    async (request, reply) => {
      const body = parseControlBody(ativarSchema, request.body, reply);
      if (!body) return reply;
      const cadastro = state.cadastros.get(request.params.cnpj);
      if (!cadastro) {
        const mensagem = `cnpj: ${request.params.cnpj} nao foi cadastrado (POST /cadastros)`;
        return reply
          .code(404)
          .send({ erro: { codigo: 'nao_encontrado', mensagem, campo: 'cnpj' } });
      }
      const ativo = ativarCadastro(state, cadastro, body);
      return { ...vistaCadastro(ativo), login: ativo.login, senha: ativo.senha };
    },
  );

  /** Moves the sandbox clock forward (for suites that cannot inject a clock). */
  app.post('/__sandbox/relogio/avancar', async (request, reply) => {
    const body = parseControlBody(avancarSchema, request.body, reply);
    if (!body) return reply;
    state.avancar(body.ms);
    const agora = state.now();
    const situacoes = Object.fromEntries(
      [...state.negativacoes.values()].map((n) => [n.protocolo, situacaoAtual(n, agora).situacao]),
    );
    return { agora: state.agoraIso(), situacoes };
  });
}
