import type {
  DividaParaIncluir,
  DividaParaRemover,
  PedidoConsulta,
  ProdutoConsulta,
  ProviderClient,
  ProviderConnection,
  Recusa,
  ResultadoConsulta,
  ResultadoTeste,
  ResultadoTransmissao,
} from '../contract.js';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import { LoginRefused, SerasaTransport, type Par, type WireRequest } from './client.js';
import {
  resolveHosts,
  serasaExperianCredentialsSchema,
  serasaExperianSettingsSchema,
  type SerasaExperianSettings,
} from './config.js';
import { isObject, str } from './json.js';
import { REPORT_PATHS, reportQuery, toRelatorio } from './mapper.js';
import { INCLUSION_PATH, inclusionBody, removalRequest } from './pefin.js';
import {
  credenciaisInvalidas,
  errorOf,
  isJsonDocument,
  recusaConsulta,
  recusaLocal,
  recusaPefin,
} from './recusas.js';

/**
 * Documents of Serasa's homologation mass (research §2.8, §3.8) used to probe a product: the
 * answer's status tells whether the contract covers the product, whatever the report says.
 */
const PROBE_DOCUMENTS = { cpf: '00001209523', cnpj: '50638274000189' } as const;

export function createSerasaClient(connection: ProviderConnection): ProviderClient {
  // The core hands parsed values; parsing again is idempotent and makes the defaults certain.
  const settings = serasaExperianSettingsSchema.parse(connection.configuracoes);
  const credentials = serasaExperianCredentialsSchema.parse(connection.credenciais);
  const hosts = resolveHosts(connection.ambiente, settings);
  const transport = new SerasaTransport({
    hosts,
    pairs: {
      consulta: { clientId: credentials.login_consulta, secret: credentials.senha_consulta },
      pefin: { clientId: credentials.login_pefin, secret: credentials.senha_pefin },
    },
    timeoutMs: settings.timeout_ms,
    tokenTtlMs: settings.token_ttl_segundos * 1000,
    now: () => connection.now(),
  });

  /** Runs a business call; a refused login becomes the credentials refusal, not an exception. */
  async function withLogin<T>(
    par: Par,
    trocas: TrocaHttp[],
    work: () => Promise<T>,
  ): Promise<T | Recusa> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof LoginRefused)) throw error;
      return credenciaisInvalidas(par, error.status, errorOf(error.body), trocas);
    }
  }

  async function consultar(
    pedido: PedidoConsulta,
    signal?: AbortSignal,
  ): Promise<ResultadoConsulta> {
    const trocas: TrocaHttp[] = [];
    const { tipo, numero } = pedido.documento;
    const request: WireRequest = {
      method: 'GET',
      url: `${hosts.consulta}${REPORT_PATHS[tipo]}?${reportQuery(pedido, settings.uf_padrao).toString()}`,
      headers: reportHeaders(numero, settings),
    };
    return withLogin('consulta', trocas, async () => {
      const response = await transport.call('consulta', request, trocas, signal);
      if (response.status !== 200) return recusaConsulta(response, tipo, trocas);
      if (!isJsonDocument(response.body)) {
        throw new ProviderUnavailableError(
          'a Serasa respondeu HTTP 200 sem um relatorio JSON',
          'resposta_invalida',
          false,
          trocas,
          200,
        );
      }
      return {
        tipo: 'concluida' as const,
        relatorio: toRelatorio(response.body, pedido, connection.now()),
        original: response.body,
        trocas,
      };
    });
  }

  async function transmitir(
    request: WireRequest & { method: 'POST' | 'DELETE' },
    signal?: AbortSignal,
  ): Promise<ResultadoTransmissao> {
    const trocas: TrocaHttp[] = [];
    return withLogin('pefin', trocas, async () => {
      const response = await transport.call('pefin', request, trocas, signal);
      const body = isObject(response.body) ? response.body : {};
      // `aceita` only means received: the verdict comes later in the webhook with this uuid.
      const referencia = str(body.transactionId);
      if (response.status >= 200 && response.status < 300 && referencia) {
        return { tipo: 'aceita' as const, referencia, trocas };
      }
      return recusaPefin(response, request.method, trocas);
    });
  }

  const client: ProviderClient = {
    async testar(): Promise<ResultadoTeste> {
      const verificacoes = [];
      for (const par of ['consulta', 'pefin'] as const) {
        verificacoes.push({ nome: `login_${par}`, ...(await testarPar(transport, par)) });
      }
      return { ok: verificacoes.every((v) => v.ok), verificacoes };
    },

    consultar,

    async sondarProduto(produto: ProdutoConsulta, signal?: AbortSignal) {
      const documento = {
        tipo: produto.tipo_documento,
        numero: PROBE_DOCUMENTS[produto.tipo_documento],
      };
      const uf = produto.requer_uf ? (settings.uf_padrao ?? 'SP') : undefined;
      let result: ResultadoConsulta;
      try {
        result = await consultar({ documento, produto, uf }, signal);
      } catch {
        return 'indeterminado';
      }
      return veredito(result);
    },

    async incluir(divida: DividaParaIncluir, signal?: AbortSignal) {
      return transmitir(
        {
          method: 'POST',
          url: `${hosts.pefin}${INCLUSION_PATH}`,
          body: inclusionBody(divida, settings),
        },
        signal,
      );
    },

    async remover(divida: DividaParaRemover, signal?: AbortSignal) {
      const built = removalRequest(divida, hosts.pefin);
      if (!built.ok) return recusaLocal(built.codigo, built.mensagem);
      return transmitir({ ...built.request, method: 'DELETE' }, signal);
    },
  };
  return client;
}

function reportHeaders(
  documento: string,
  settings: SerasaExperianSettings,
): Record<string, string> {
  return {
    // The consulted document goes only here, never in the URL.
    'x-document-id': documento,
    ...(settings.documento_varejista && { 'x-retailer-document-id': settings.documento_varejista }),
    ...(settings.centro_custo && { 'x-cost-center': settings.centro_custo }),
  };
}

/**
 * A probe's answer: the report, or "document not found", means the product went through;
 * USER-NOT-AUTHORIZED, or features refused as not existing or not authorised, mean it did not.
 * Anything else (another invalid request, credentials, outages) proves nothing either way.
 */
function veredito(result: ResultadoConsulta): 'contratado' | 'nao_contratado' | 'indeterminado' {
  if (result.tipo === 'pendente') return 'indeterminado';
  if (result.tipo === 'concluida' || result.codigo === 'documento_nao_encontrado') {
    return 'contratado';
  }
  if (result.codigo === 'produto_nao_autorizado') return 'nao_contratado';
  if (result.codigo === 'requisicao_invalida' && /feature/i.test(result.mensagem_provedor ?? '')) {
    return 'nao_contratado';
  }
  return 'indeterminado';
}

async function testarPar(
  transport: SerasaTransport,
  par: Par,
): Promise<{ ok: boolean; mensagem: string }> {
  try {
    await transport.testLogin(par, []);
    return { ok: true, mensagem: 'login IAM aceito' };
  } catch (error) {
    if (error instanceof LoginRefused) {
      const { message } = errorOf(error.body);
      return {
        ok: false,
        mensagem: `a Serasa recusou o login (HTTP ${error.status})${message ? `: ${message}` : ''}`,
      };
    }
    if (error instanceof ProviderUnavailableError) return { ok: false, mensagem: error.message };
    throw error;
  }
}
