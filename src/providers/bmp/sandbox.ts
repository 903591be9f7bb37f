import { systemClock, type Clock } from '../../infra/clock.js';
import type { SandboxDefinition } from '../contract.js';
import { CENARIOS, DESCRICAO_OCORRENCIA, SITUACOES } from './sandbox/callback-scenarios.js';
import { controlRoutes } from './sandbox/control-routes.js';
import { sleepReal, type Sleep } from './sandbox/send-callback.js';
import { BmpSandboxState } from './sandbox/state.js';

const provider = 'bmp';

const magicInputs: Record<string, string> = {
  'PUT /__sandbox/destino':
    '{url, metodo GET|POST|PUT (POST), autenticacao {tipo nenhuma|bearer|api_key|x_api_key|basic|jwt|hmac, token, usuario, senha, algoritmo, chave_privada, validade_s, emissor, audiencia, modo}, nomes portugues|ingles, timeout_ms (10000), espera_retentativas_ms ([1000, 5000, 30000])}: para onde e como o BMP chama',
  'POST /__sandbox/propostas':
    '{cenario | situacoes, proposta?, identificador?, duplicar, fora_de_ordem, regressao, autenticacao_errada, intervalo_ms, aguardar}: uma proposta nova (GUID minusculo) passa pelas situacoes; 202 com o GUID, ou 200 com todas as tentativas quando aguardar',
  cenarios: Object.entries(CENARIOS)
    .map(([nome, situacoes]) => `${nome}: ${situacoes.join(' -> ')}`)
    .join('; '),
  situacoes: Object.entries(SITUACOES)
    .map(([id, nome]) => `${id} ${nome}`)
    .join(', '),
  'corpo (POST/PUT, situacoes 9 e 11)': Object.entries(DESCRICAO_OCORRENCIA)
    .map(([id, texto]) => `${id}: {"descricaoOcorrencia": "${texto}"}`)
    .join('; '),
  retentativas:
    'ate 3 (4 tentativas) quando a resposta nao e 2xx ou nao chega em timeout_ms; o BMP nao publica o espacamento (pesquisa B.7): espera_retentativas_ms e escolha do sandbox',
  duplicar: 'cada callback enviado duas vezes seguidas',
  fora_de_ordem: 'as duas ultimas situacoes trocadas (padrao: 2, 6, 9, 8)',
  regressao: 'a primeira situacao de novo depois da ultima (padrao: ..., 9, 2)',
  autenticacao_errada: 'segredo (ou chave de assinatura) diferente do configurado',
  'POST /__sandbox/carga':
    '{por_segundo, duracao_s, situacoes?, conexoes (64), duplicar_fracao (0)}: callbacks distintos em ritmo constante, uma tentativa cada, a fracao pedida repetida byte a byte; devolve {enviados, duplicados, ok, falhas, por_status, erros, resposta_ms {p50, p90, p99, max}}',
  'GET|DELETE /__sandbox/registros, POST /__sandbox/reset':
    'cada tentativa por proposta (segredos mascarados); reset para as execucoes e esquece o destino',
};

/** The sandbox with an injected clock (timestamps, JWT iat) and sleep (retry and step waits). */
export function createBmpSandbox(
  options: { clock?: Clock; sleep?: Sleep } = {},
): SandboxDefinition {
  return {
    provider,
    description:
      'Simula o BMP enviando callbacks de proposta do E-Consignado: query ' +
      'proposta/situacao/identificador, corpo descricaoOcorrencia em 9 e 11, as seis ' +
      'autenticacoes documentadas e ate 3 retentativas.',
    magicInputs,
    routes: async (app) => {
      // One state per registration: the demo app and each test server get their own.
      const state = new BmpSandboxState(options.clock ?? systemClock, options.sleep ?? sleepReal);
      // Before the server drains: a run waited on by an open request would hold close() up.
      app.addHook('preClose', async () => state.interromper());
      app.get('/', async () => ({ provider, status: 'ok' }));
      await app.register(async (control) => controlRoutes(control, state));
    },
  };
}

export const bmpSandbox: SandboxDefinition = createBmpSandbox();
