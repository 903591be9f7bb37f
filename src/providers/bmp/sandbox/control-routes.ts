import type { FastifyInstance, FastifyReply } from 'fastify';
import { answerControlErrors, parseControlBody } from '../../../sandboxes/control-body.js';
import { planejarEnvios } from './callback-scenarios.js';
import { destinoSchema, mascararDestino, type Destino } from './destination.js';
import { pedidoPropostaSchema, situacoesDoPedido } from './proposta-request.js';
import { executarProposta, type RegistroProposta } from './run-proposta.js';
import { enviarCarga, pedidoCargaSchema } from './send-load.js';
import type { BmpSandboxState } from './state.js';

/** Where to send, what to send, and what came back: the whole BMP sandbox is control routes. */
export function controlRoutes(app: FastifyInstance, state: BmpSandboxState): void {
  answerControlErrors(app);

  app.put('/__sandbox/destino', async (request, reply) => {
    const destino = parseControlBody(destinoSchema, request.body, reply);
    if (!destino) return reply;
    state.destino = destino;
    return mascararDestino(destino);
  });
  app.get('/__sandbox/destino', async (_request, reply) => {
    if (!state.destino) return semDestino(reply);
    return mascararDestino(state.destino);
  });

  app.post('/__sandbox/propostas', async (request, reply) => {
    const pedido = parseControlBody(pedidoPropostaSchema, request.body, reply);
    if (!pedido) return reply;
    const destino = state.destino;
    if (!destino) return semDestino(reply);
    if (pedido.autenticacao_errada && destino.autenticacao.tipo === 'nenhuma') {
      const mensagem = 'autenticacao_errada: o destino esta configurado sem autenticacao';
      return reply
        .code(400)
        .send({ erro: { codigo: 'campo_invalido', mensagem, campo: 'autenticacao_errada' } });
    }
    const registro = state.registroDe(pedido);
    const execucao = state.acompanhar(
      executarProposta(destino, registro, pedido, {
        clock: state.clock,
        sleep: state.sleep,
        signal: state.signal,
      }),
    );
    if (pedido.aguardar) {
      await execucao;
      return vistaProposta(registro);
    }
    const envios = planejarEnvios(situacoesDoPedido(pedido), pedido);
    return reply.code(202).send({
      proposta: registro.proposta,
      identificador: registro.identificador,
      situacoes: envios.map((envio) => envio.situacao),
    });
  });

  app.post('/__sandbox/carga', async (request, reply) => {
    const pedido = parseControlBody(pedidoCargaSchema, request.body, reply);
    if (!pedido) return reply;
    const destino: Destino | null = state.destino;
    if (!destino) return semDestino(reply);
    const resultado = await state.acompanhar(
      enviarCarga(destino, pedido, { clock: state.clock, signal: state.signal }),
    );
    state.ultimaCarga = resultado;
    return resultado;
  });

  app.get('/__sandbox/registros', async () => ({
    agora: state.clock.now().toISOString(),
    propostas: [...state.propostas.values()].map(vistaProposta),
    carga: state.ultimaCarga,
  }));
  app.delete('/__sandbox/registros', async () => {
    state.propostas.clear();
    state.ultimaCarga = null;
    return { propostas: [], carga: null };
  });

  app.post('/__sandbox/reset', async () => {
    await state.reset();
    return { reset: true };
  });
}

function semDestino(reply: FastifyReply): FastifyReply {
  const mensagem = 'destino nao configurado: PUT /__sandbox/destino {url, metodo, autenticacao}';
  return reply.code(409).send({ erro: { codigo: 'destino_nao_configurado', mensagem } });
}

function vistaProposta(registro: RegistroProposta) {
  return {
    proposta: registro.proposta,
    identificador: registro.identificador,
    em_andamento: registro.em_andamento > 0,
    callbacks: registro.callbacks,
  };
}
