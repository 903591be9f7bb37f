import type {
  DividaParaIncluir,
  DividaParaRemover,
  PedidoConsulta,
  ProviderConnection,
  ResultadoTransmissao,
} from '../contract.js';
import { ProviderUnavailableError, type TrocaHttp } from '../exchange.js';
import {
  cadastroBody,
  cadastroQuery,
  CADASTRO_PATH,
  estadoDoCadastro,
  type EmpresaParaCadastro,
} from './cadastro.js';
import { regrasNegativacao } from './catalog.js';
import { TecnospeedTransport, type Nivel, type WireResponse } from './client.js';
import { resolveBaseUrl, tecnospeedCredentialsSchema, tecnospeedSettingsSchema } from './config.js';
import {
  consultaBody,
  consultaResultadoPath,
  CONSULTA_PATH,
  relatorioVazio,
  toRelatorio,
} from './mapper.js';
import {
  acompanhamentoDe,
  baixaBody,
  BAIXA_PATH,
  inclusaoBody,
  INCLUSAO_PATH,
  localizacaoQuery,
  registroDoProtocolo,
  registrosLocalizados,
} from './negativacao.js';
import { recusaDe, recusaLocal } from './recusas.js';
import { testarCredenciais } from './testar.js';
import type { ConsultaPendente, ResultadoConsultaAssincrona, TecnospeedClient } from './types.js';
import { isObject, obj, str } from './wire.js';

export function createTecnospeedClient(connection: ProviderConnection): TecnospeedClient {
  // The core hands parsed values; parsing again is idempotent and makes the defaults certain.
  const settings = tecnospeedSettingsSchema.parse(connection.configuracoes);
  const credentials = tecnospeedCredentialsSchema.parse(connection.credenciais);
  const transport = new TecnospeedTransport({
    baseUrl: resolveBaseUrl(connection.ambiente, settings),
    credentials,
    timeoutMs: settings.timeout_ms,
    now: () => connection.now(),
  });
  const post = (
    path: string,
    nivel: Nivel,
    body: unknown,
    trocas: TrocaHttp[],
    signal?: AbortSignal,
  ) => transport.call({ method: 'POST', path, nivel, body }, trocas, signal);
  const get = (path: string, nivel: Nivel, trocas: TrocaHttp[], signal?: AbortSignal) =>
    transport.call({ method: 'GET', path, nivel }, trocas, signal);

  async function consultar(pedido: PedidoConsulta, signal?: AbortSignal) {
    const built = consultaBody(pedido, settings);
    if (!built.ok) return recusaLocal(built.codigo, built.mensagem);
    const trocas: TrocaHttp[] = [];
    const response = await post(CONSULTA_PATH, 'usuario', built.body, trocas, signal);
    if (!ok(response)) return recusaDe(response, 'consulta', trocas);
    const referencia = protocoloDe(response, trocas, 'consulta', true);
    return { tipo: 'pendente', referencia, trocas } satisfies ConsultaPendente;
  }

  async function acompanharConsulta(
    referencia: string,
    pedido: PedidoConsulta,
    signal?: AbortSignal,
  ): Promise<ResultadoConsultaAssincrona> {
    const trocas: TrocaHttp[] = [];
    const path = consultaResultadoPath(referencia);
    const response = await get(path, 'usuario', trocas, signal);
    if (response.status === 202) return { tipo: 'pendente', referencia, trocas };
    if (response.status !== 200) return recusaDe(response, 'resultado da consulta', trocas);
    const consultadoEm = connection.now();
    if (typeof response.body === 'string') {
      // HTML (or any text): shown and exported as Tecnospeed returned it, never rewritten.
      const relatorio = relatorioVazio(pedido, consultadoEm);
      relatorio.avisos.push('relatorio devolvido pela Tecnospeed em HTML, exibido como veio');
      const html = response.body;
      return { tipo: 'concluida', formato: 'html', relatorio, original: html, html, trocas };
    }
    if (!isObject(response.body) && !Array.isArray(response.body)) {
      throw invalida('a Tecnospeed respondeu HTTP 200 sem relatorio', trocas, false);
    }
    return {
      tipo: 'concluida',
      formato: 'json',
      relatorio: toRelatorio(response.body, pedido, consultadoEm),
      original: response.body,
      trocas,
    };
  }

  async function incluir(
    divida: DividaParaIncluir,
    signal?: AbortSignal,
  ): Promise<ResultadoTransmissao> {
    const built = inclusaoBody(divida, settings, connection.now());
    if (!built.ok) return recusaLocal(built.codigo, built.mensagem);
    const trocas: TrocaHttp[] = [];
    const response = await post(INCLUSAO_PATH, 'usuario', built.body, trocas, signal);
    if (!ok(response)) return recusaDe(response, 'inclusao', trocas);
    // Tecnospeed took it but gave no protocolo to follow: it may act on it, so sending again
    // could negativar twice. Ambiguous: the core reconciles (localizar) instead.
    return { tipo: 'aceita', referencia: protocoloDe(response, trocas, 'inclusao', true), trocas };
  }

  async function remover(
    divida: DividaParaRemover,
    signal?: AbortSignal,
  ): Promise<ResultadoTransmissao> {
    const built = baixaBody(divida, settings, regrasNegativacao(settings).motivos_baixa);
    if (!built.ok) return recusaLocal(built.codigo, built.mensagem);
    const trocas: TrocaHttp[] = [];
    const response = await post(BAIXA_PATH, 'usuario', built.body, trocas, signal);
    if (!ok(response)) return recusaDe(response, 'baixa', trocas);
    // The answer to a removal is undocumented. Its progress shows on the inclusion's protocolo
    // (NEGATIVACAO_BAIXA_ENVIADA → BAIXADA), so that is the reference unless it names another.
    const referencia = str(obj(response.body).protocolo) ?? built.body.protocolo;
    return { tipo: 'aceita', referencia, trocas };
  }

  async function acompanhar(protocolo: string, signal?: AbortSignal) {
    const trocas: TrocaHttp[] = [];
    const path = `${INCLUSAO_PATH}?${new URLSearchParams({ protocolo }).toString()}`;
    const response = await get(path, 'usuario', trocas, signal);
    if (response.status !== 200) return recusaDe(response, 'acompanhamento', trocas);
    const registro = registroDoProtocolo(response.body, protocolo);
    if (!registro) throw invalida('a Tecnospeed respondeu HTTP 200 sem a negativacao', trocas);
    return { tipo: 'acompanhamento' as const, ...acompanhamentoDe(registro), trocas };
  }

  async function localizar(alvo: { documento: string; contrato: string }, signal?: AbortSignal) {
    const trocas: TrocaHttp[] = [];
    const path = localizacaoQuery(alvo);
    const response = await get(path, 'usuario', trocas, signal);
    if (response.status !== 200) return recusaDe(response, 'localizacao', trocas);
    const registros = registrosLocalizados(response.body, alvo);
    if (!registros) throw invalida('a Tecnospeed respondeu HTTP 200 sem uma lista', trocas);
    const referencias = [...new Set(registros.map((r) => str(r.protocolo)!))];
    return { tipo: 'localizada' as const, referencias, registros, trocas };
  }

  async function cadastrar(empresa: EmpresaParaCadastro, signal?: AbortSignal) {
    const trocas: TrocaHttp[] = [];
    const body = cadastroBody(empresa);
    const response = await post(CADASTRO_PATH, 'software_house', body, trocas, signal);
    if (!ok(response)) return recusaDe(response, 'cadastro', trocas);
    // Registered now, whatever the (undocumented) answer says; only a status can say more.
    const lido = estadoDoCadastro(response.body);
    const estado = lido === 'nao_cadastrado' ? 'cadastrado' : lido;
    return { tipo: 'cadastro' as const, estado, original: response.body, trocas };
  }

  async function consultarCadastro(cnpj: string, signal?: AbortSignal) {
    const trocas: TrocaHttp[] = [];
    const path = cadastroQuery(cnpj);
    const response = await get(path, 'software_house', trocas, signal);
    // ASSUMPTION: an unknown CNPJ answers 404 (or an empty 200); see estadoDoCadastro.
    if (response.status === 404) {
      return {
        tipo: 'cadastro' as const,
        estado: 'nao_cadastrado' as const,
        original: response.body,
        trocas,
      };
    }
    if (response.status !== 200) return recusaDe(response, 'consulta do cadastro', trocas);
    const estado = estadoDoCadastro(response.body);
    return { tipo: 'cadastro' as const, estado, original: response.body, trocas };
  }

  return {
    testar: () =>
      testarCredenciais({
        consultarCadastro: () => consultarCadastro(credentials.cnpj_usuario),
        acompanhar: (protocolo) => acompanhar(protocolo),
      }),
    consultar,
    acompanharConsulta,
    incluir,
    remover,
    acompanhar,
    localizar,
    cadastrar,
    consultarCadastro,
    situacaoCadastro: (signal?: AbortSignal) => consultarCadastro(credentials.cnpj_usuario, signal),
  };
}

function ok(response: WireResponse): boolean {
  return response.status >= 200 && response.status < 300;
}

/** The protocolo of a 2xx answer to a POST; without one the request may still have been taken. */
function protocoloDe(
  response: WireResponse,
  trocas: TrocaHttp[],
  what: string,
  ambigua: boolean,
): string {
  const protocolo = str(obj(response.body).protocolo);
  if (protocolo) return protocolo;
  throw invalida(
    `a Tecnospeed respondeu HTTP ${response.status} a ${what} sem protocolo`,
    trocas,
    ambigua,
    response.status,
  );
}

function invalida(
  mensagem: string,
  trocas: TrocaHttp[],
  ambigua = false,
  status = 200,
): ProviderUnavailableError {
  return new ProviderUnavailableError(mensagem, 'resposta_invalida', ambigua, trocas, status);
}
