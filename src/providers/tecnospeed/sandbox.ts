import { systemClock, type Clock } from '../../infra/clock.js';
import type { SandboxDefinition } from '../contract.js';
import { configPadrao } from './sandbox/config.js';
import { controlRoutes } from './sandbox/control-routes.js';
import {
  CADASTRO_DEMO,
  CREDENCIAL_INVALIDA,
  MOTIVOS,
  PREFIXO_CORRECAO,
  PREFIXO_DESCONHECIDA,
  PREFIXO_PROCESSANDO,
  PREFIXO_REJEITADA,
  SITUACAO_DESCONHECIDA,
} from './sandbox/magic.js';
import { SandboxState } from './sandbox/state.js';
import { wireRoutes } from './sandbox/wire-routes.js';

const provider = 'tecnospeed';
const padrao = configPadrao();
const nossoNumero = (prefixo: string) => `divida.nossoNumero ou divida.numDocumento ${prefixo}...`;

const magicInputs: Record<string, string> = {
  'header cnpjSH/tokenSH/cnpjUsuario/login/password ausente, ou CNPJ invalido':
    '401 {"code":401,"message":"Unauthorized: <header que falhou>"}',
  [`tokenSH, login ou password comecando com "${CREDENCIAL_INVALIDA}"`]: '401',
  'cnpjUsuario nao cadastrado ou AGUARDANDO_CONTRATO (consultas e negativacao)': '401',
  'login/password diferentes dos emitidos na ativacao':
    '401 so com exigir_credenciais_exatas; por padrao qualquer par nao magico e aceito',
  [`cnpjUsuario ${CADASTRO_DEMO.cnpj}`]: `ja ATIVO desde a partida (login "${CADASTRO_DEMO.login}", password "${CADASTRO_DEMO.senha}"): o da integracao de demonstracao`,
  'POST /cadastros': `cria o CNPJ em AGUARDANDO_CONTRATO (resposta escolhida pelo sandbox: {cnpj, razaoSocial, nomeFantasia, situacao, mensagem, dataCadastro, dataAtivacao}); POST /__sandbox/cadastros/:cnpj/ativar simula o contrato e devolve login/senha`,
  'GET /cadastros?cnpj= de CNPJ nao cadastrado':
    '404 {"code":404,"message":"Not Found","errors":[{internalCode 2002}]} (escolha do sandbox)',
  'GET /consultas/assincrona?protocolo=': `202 {"mensagem":"Consulta em processamento"} nas primeiras consultas_202 leituras (padrao ${padrao.consultas_202}), depois 200 com o relatorio em JSON (retorno "JSON", exato) ou text/html`,
  'codConsulta aceitos (produtos_consulta)': Object.entries(padrao.produtos_consulta)
    .map(([codigo, p]) => `${codigo} ${p.nome}${p.exige_uf ? ' (uf obrigatoria)' : ''}`)
    .join('; '),
  'negativacao valida': `NEGATIVACAO_PROCESSANDO, ENVIADO apos etapas_ms.processando (${padrao.etapas_ms.processando} ms), ACEITA apos mais etapas_ms.enviado (${padrao.etapas_ms.enviado} ms), x escala_tempo; um item de historico por etapa`,
  [nossoNumero(PREFIXO_CORRECAO)]:
    `NEGATIVACAO_AGUARDANDO_CORRECAO apos o processamento, motivo "${MOTIVOS.correcao}"`,
  [nossoNumero(PREFIXO_REJEITADA)]:
    `ENVIADO e depois NEGATIVACAO_REJEITADA, motivo "${MOTIVOS.rejeicao}"`,
  [nossoNumero(PREFIXO_DESCONHECIDA)]:
    `situacao ${SITUACAO_DESCONHECIDA} (fora da tabela documentada)`,
  [nossoNumero(PREFIXO_PROCESSANDO)]: 'fica em NEGATIVACAO_PROCESSANDO para sempre',
  'divida.dataVencimento hoje ou no futuro / ha mais de 5 anos / dataEmissao posterior': '422',
  'negativacao ativa repetida (mesmo credor, documento e nossoNumero)':
    '422 internalCode 4006 citando o protocolo existente (recusar_duplicadas)',
  'POST /negativacao/remover': `de ENVIADO, ACEITA ou AGUARDANDO_CORRECAO: NEGATIVACAO_BAIXA_ENVIADA, BAIXADA apos etapas_ms.baixa_enviada (${padrao.etapas_ms.baixa_enviada} ms); codMotivo em motivos_baixa (padrao ${padrao.motivos_baixa.join(', ')}); outro estado ou protocolo desconhecido: 422`,
  'perder_resposta_negativacao: N':
    'os proximos N POST /negativacao sao gravados e a conexao e cortada sem resposta',
  'GET /negativacao?documento=&nossoNumero=&numDocumento=':
    'NAO documentado pela Tecnospeed (escolha do sandbox, a confirmar): lista das negativacoes do credor que casam, para reconciliar uma resposta perdida',
  'internalCode (escolha do sandbox)':
    '1001 corpo, 1002 obrigatorio, 1003 tipo, 1004 tamanho, 1005 documento, 1006 uf, 1007 cep, 1008 data, 1009 valor, 1010 e-mail, 1011 telefone, 2001 CNPJ ja cadastrado, 2002 CNPJ nao cadastrado, 3001 codConsulta, 3002 uf obrigatoria, 3003 documento incompativel com o produto, 3004 protocolo de consulta, 4001 vencimento futuro, 4002 emissao posterior, 4003 prescrito, 4004 especieTitulo, 4005 protocolo de negativacao, 4006 duplicada, 4007 filtro, 5001 codMotivo, 5002 situacao nao permite baixa',
  ambiente:
    'rotas em /v1/... (producao) e /v1/homologacao/... (homologacao); cadastros compartilhados, consultas e negativacoes visiveis so no ambiente que as criou',
};

/**
 * The sandbox with an injected clock: the negativacao schedule is computed from it when read, so
 * tests move a ManualClock instead of sleeping.
 */
export function createTecnospeedSandbox(options: { clock?: Clock } = {}): SandboxDefinition {
  const clock = options.clock ?? systemClock;
  return {
    provider,
    description:
      'Simula a API Consulta Negativacao da Tecnospeed (SCC Check) no protocolo real: headers ' +
      'cnpjSH/tokenSH/cnpjUsuario/login/password, cadastro do CNPJ, consulta assincrona (202 ate ' +
      'o relatorio JSON ou HTML), negativacao por protocolo com situacao e historico, baixa.',
    magicInputs,
    routes: async (app) => {
      // One state per registration: the demo app and each test server get their own.
      const state = new SandboxState(clock);
      app.get('/', async () => ({ provider, status: 'ok' }));
      await wireRoutes(app, state);
      await app.register(async (control) => controlRoutes(control, state));
    },
  };
}

export const tecnospeedSandbox: SandboxDefinition = createTecnospeedSandbox();
