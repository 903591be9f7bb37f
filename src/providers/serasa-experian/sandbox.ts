import type { SandboxDefinition } from '../contract.js';
import { controlRoutes } from './sandbox/control-routes.js';
import { RETRY_OFFSETS_MS } from './sandbox/deliver-webhooks.js';
import { iamRoutes } from './sandbox/iam.js';
import {
  CNPJ_HOMOLOGACAO_RELATORIOS,
  CONTRATO_BAIXA_COM_ERRO,
  CONTRATO_DUPLICADO,
  CONTRATO_REJEITADO,
  COPIAS_DUPLICADO,
  CREDOR_NAO_PARTICIPANTE,
  FEATURES_INVALIDAS,
  LIMITE_EXCEDIDO_CPF,
  MASSA_TESTE,
  NAO_ENCONTRADO_CNPJ,
  NAO_ENCONTRADO_CPF,
  PRODUTO_NAO_CONTRATADO,
  SEGREDO_INVALIDO,
} from './sandbox/magic.js';
import { ERROS_EXCLUSAO, exclusionRoutes } from './sandbox/pefin-exclusion.js';
import { ERROS_INCLUSAO, inclusionRoutes } from './sandbox/pefin-inclusion.js';
import { reportRoutes } from './sandbox/report-routes.js';
import { SandboxState } from './sandbox/state.js';
import { installWireBodyHandling } from './sandbox/wire-http.js';

const minutos = (ms: number) => (ms < 3_600_000 ? `${ms / 60_000} min` : `${ms / 3_600_000} h`);

export const serasaExperianSandbox: SandboxDefinition = {
  provider: 'serasa_experian',
  description:
    'Simula as APIs REST da Serasa Experian no protocolo real: login IAM, relatorios PF/PJ, ' +
    'inclusao, avalista e baixa PEFIN com webhook (uma URL para os seis eventos, com retentativas).',
  magicInputs: {
    [`login com secret comecando com "${SEGREDO_INVALIDO}"`]: '401 Authorization Failed',
    [`X-Document-Id ${NAO_ENCONTRADO_CPF} (CPF) / ${NAO_ENCONTRADO_CNPJ} (CNPJ)`]:
      '404 [ERROR][DOCUMENT_NOT_FOUND] Documento não encontrado na Serasa Experian',
    [`X-Document-Id ${LIMITE_EXCEDIDO_CPF}`]: '429 Too Many Requests',
    'X-Document-Id ausente, com pontuacao ou digito verificador errado':
      '412 [ERROR][INVALID-REQUEST] informe o documento a ser consultado válido',
    [`reportName ${PRODUTO_NAO_CONTRATADO} (lista em produtos_nao_contratados)`]:
      '412 [ERROR][USER-NOT-AUTHORIZED] Transações negadas',
    [`optionalFeatures ${FEATURES_INVALIDAS.join(', ')}`]:
      '412 [ERROR][INVALID-REQUEST] Features solicitadas não existem ou não estão autorizadas',
    'reportName ausente, reportParameters fora de Base64 JSON ou federalUnit invalida':
      '400 Bad Request',
    'documentos da massa de teste (relatorio fixo; unicos negativaveis com massa_teste_estrita)':
      Object.entries(MASSA_TESTE)
        .map(([documento, nome]) => `${documento} ${nome}`)
        .join('; '),
    [`CNPJ ${CNPJ_HOMOLOGACAO_RELATORIOS}`]:
      'relatorio PJ fixo (CNPJ de homologacao de relatorios)',
    'outro CPF/CNPJ valido': 'relatorio gerado a partir do documento (sempre o mesmo)',
    [`credor ${CREDOR_NAO_PARTICIPANTE}`]:
      '400 {"errorMessage":"RNXPIA   999 EMPRESA NAO PARTICIPANTE DO CONVENIO"} (sincrono)',
    [`contractNumber ${CONTRATO_REJEITADO}...`]: `webhook de erro na inclusao (statusCode 400, "${ERROS_INCLUSAO.rejeitada}")`,
    [`contractNumber ${CONTRATO_BAIXA_COM_ERRO}...`]: `inclusao ok; a primeira exclusao recebe webhook de erro ("${ERROS_EXCLUSAO.falhaTransitoria.message}"), as seguintes sucesso`,
    [`contractNumber ${CONTRATO_DUPLICADO}...`]: `cada webhook entregue ${COPIAS_DUPLICADO} vezes`,
    'inclusao repetida de divida ativa (credor+devedor+contrato)': `webhook de erro "${ERROS_INCLUSAO.duplicada}"`,
    'exclusao de divida desconhecida ou ja baixada': `webhook de erro "${ERROS_EXCLUSAO.naoEncontrada.message}" (texto escolhido pelo sandbox)`,
    'retentativas de webhook (desde a 1a tentativa, x escala_tempo)':
      RETRY_OFFSETS_MS.map(minutos).join(', '),
  },
  routes: async (app) => {
    // One state per registration: the demo app and each test server get their own.
    const state = new SandboxState();
    app.addHook('onClose', async () => state.close());
    app.get('/', async () => ({ provider: 'serasa_experian', status: 'ok' }));
    await app.register(async (wire) => {
      installWireBodyHandling(wire);
      iamRoutes(wire, state);
      reportRoutes(wire, state);
      inclusionRoutes(wire, state);
      exclusionRoutes(wire, state);
    });
    await app.register(async (control) => controlRoutes(control, state));
  },
};
