import type { SandboxDefinition } from '../contract.js';
import { RETRY_OFFSETS_MS } from './sandbox/deliver-webhooks.js';
import { controlRoutes } from './sandbox/control-routes.js';
import {
  FEATURES_INVALIDAS,
  LIMITE_EXCEDIDO_CPF,
  MASSA_TESTE,
  NAO_ENCONTRADO_CNPJ,
  NAO_ENCONTRADO_CPF,
  PRODUTOS_NAO_CONTRATADOS,
} from './sandbox/report-data.js';
import { SandboxState } from './sandbox/state.js';
import { CREDOR_NAO_PARTICIPANTE, wireRoutes } from './sandbox/wire-routes.js';

export const serasaExperianSandbox: SandboxDefinition = {
  provider: 'serasa_experian',
  description:
    'Simula as APIs REST da Serasa Experian no protocolo real: login IAM, relatorios PF/PJ, ' +
    'inclusao e baixa PEFIN com webhook (uma URL para os seis eventos, com retentativas).',
  magicInputs: {
    [`X-Document-Id ${NAO_ENCONTRADO_CPF} / ${NAO_ENCONTRADO_CNPJ}`]: '404 DOCUMENT_NOT_FOUND',
    [`X-Document-Id ${LIMITE_EXCEDIDO_CPF}`]: '429 Too Many Requests',
    [`reportName ${PRODUTOS_NAO_CONTRATADOS.join(', ')}`]:
      '412 USER-NOT-AUTHORIZED (produto nao contratado)',
    [`optionalFeatures ${FEATURES_INVALIDAS.join(', ')}`]: '412 INVALID-REQUEST (feature invalida)',
    'documentos da massa de teste': Object.entries(MASSA_TESTE)
      .map(([d, n]) => `${d} ${n}`)
      .join('; '),
    'outro documento valido':
      'relatorio gerado a partir do documento (sempre o mesmo para o mesmo documento)',
    [`credor ${CREDOR_NAO_PARTICIPANTE}`]:
      '400 RNXPIA 999 EMPRESA NAO PARTICIPANTE DO CONVENIO (sincrono)',
    'contractNumber REJ...': 'webhook de erro na inclusao',
    'contractNumber BXERR...':
      'inclusao ok; a primeira exclusao recebe webhook de erro, as seguintes sucesso',
    'contractNumber DUP...': 'cada webhook entregue 5 vezes',
    'secret do login comecando com invalida': '401 Authorization Failed',
    'retentativas de webhook (ms apos a 1a, x escala_tempo)': RETRY_OFFSETS_MS.join(', '),
  },
  routes: async (app) => {
    const state = new SandboxState();
    app.addHook('onClose', async () => state.close());
    app.get('/', async () => ({ provider: 'serasa_experian', status: 'ok' }));
    wireRoutes(app, state);
    controlRoutes(app, state);
  },
};
