import { systemClock, type Clock } from '../../infra/clock.js';
import type { SandboxDefinition } from '../contract.js';
import { CENARIOS } from './sandbox/cenarios.js';
import { consultaRoutes, SerasaBureauSandboxState } from './sandbox/consulta-routes.js';

const provider = 'serasa_bureau';

const magicInputs: Record<string, string> = {
  'POST|GET /Homologa/consultahttps, /Prod/consultahttps':
    'p = logon(8) + senha(8) + nova senha(8) + B49C(400) + opcoes + T999; POST form-encoded ou GET com p na query',
  usuarios:
    'DEMO0001 / demo1234 e 00186487 / 11003344 (os do seed 002); outro par: FUNCAO ERR e T999 002 USUARIO OU SENHA INVALIDA',
  ...Object.fromEntries(Object.entries(CENARIOS).map(([documento, c]) => [documento, c.descricao])),
  'outro documento': 'identificacao e A900 nada consta',
  continuacao:
    'ate 99 registros por parte; havendo mais, FUNCAO CON, T999 "STRING PARCIAL - HA MAIS REGISTROS A ENVIAR" e ITEMTSDADOS com o proximo registro; o cliente reenvia o cabecalho recebido + T999',
  erros:
    'B901 1031 para registro de opcao desconhecido, 1030 para FUNCAO diferente de INI e CON, 1005 para TIPO PESSOA ou documento invalido (T999 999)',
  'PUT /__sandbox/usuarios': '{logon, senha}: mais um par aceito',
  'GET|DELETE /__sandbox/registros':
    'cada pedido recebido (credenciais mascaradas), para contar consultas INI',
};

/** The host with an injected clock (DATA/HORA CONSUL of the header). */
export function createSerasaBureauSandbox(options: { clock?: Clock } = {}): SandboxDefinition {
  return {
    provider,
    description:
      'Simula o acesso host-to-host da Serasa (string B49C): logon e senha, respostas em ' +
      'registros de 115 bytes, continuacao (FUNCAO CON) e erros B901.',
    magicInputs,
    routes: async (app) => {
      // One state per registration: the demo app and each test server get their own.
      const state = new SerasaBureauSandboxState(options.clock ?? systemClock);
      app.get('/', async () => ({ provider, status: 'ok' }));
      app.get('/__sandbox/registros', async () => ({ registros: state.recebidas }));
      app.put('/__sandbox/usuarios', async (request, reply) => {
        const { logon, senha } = (request.body ?? {}) as { logon?: unknown; senha?: unknown };
        if (
          typeof logon !== 'string' ||
          typeof senha !== 'string' ||
          logon.length > 8 ||
          senha.length > 8
        ) {
          return reply.code(422).send({ erro: 'informe logon e senha, ate 8 caracteres cada' });
        }
        state.usuarios.set(logon.trimEnd(), senha.trimEnd());
        return { logon };
      });
      app.delete('/__sandbox/registros', async () => {
        state.recebidas.length = 0;
        return { apagados: true };
      });
      await app.register(async (scope) => consultaRoutes(scope, state));
    },
  };
}

export const serasaBureauSandbox: SandboxDefinition = createSerasaBureauSandbox();
