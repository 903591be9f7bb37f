import type {
  PedidoConsulta,
  ProviderClient,
  ProviderConnection,
  Recusa,
  ResultadoConsulta,
  ResultadoTeste,
} from '../contract.js';
import type { TrocaHttp } from '../exchange.js';
import {
  encodeRequestText,
  LayoutError,
  toFlatMap,
  toStructured,
  type DecodedResponse,
} from './b49c/index.js';
import {
  consultaUrl,
  serasaBureauCredentialsSchema,
  serasaBureauSettingsSchema,
} from './config.js';
import { toRelatorio } from './mapper.js';
import { createTlsAgent } from './read-keystore.js';
import { B49cProtocolError, sendConsulta, type B49cConnection } from './send-consulta.js';

/**
 * T999 codes and texts that mean the login, not the query, was refused: the sandbox's 002 and
 * the free-text denials clients look for (research 2.5).
 */
const CREDENCIAIS_RECUSADAS =
  /SENHA|USUARIO|LOGON|CLIENTE CONSULTANTE NAO CADASTRADO|AUTORIZACAO ENCERRADA/;

export function createSerasaBureauClient(connection: ProviderConnection): ProviderClient {
  const credenciais = serasaBureauCredentialsSchema.parse(connection.credenciais);
  const settings = serasaBureauSettingsSchema.parse(connection.configuracoes);
  const customTls =
    credenciais.certificado_cliente !== undefined ||
    credenciais.confianca !== undefined ||
    !settings.verificar_certificado;
  const wire: B49cConnection = {
    url: consultaUrl(connection.ambiente, settings),
    metodo: settings.metodo,
    timeoutMs: settings.timeout_ms,
    maxContinuacoes: settings.max_continuacoes,
    dispatcher: customTls
      ? createTlsAgent({
          certificadoCliente: credenciais.certificado_cliente,
          confianca: credenciais.confianca,
          verificarCertificado: settings.verificar_certificado,
        })
      : undefined,
    logon: credenciais.logon,
    senha: credenciais.senha,
    novaSenha: credenciais.nova_senha,
  };

  return {
    /**
     * Logs in without querying: a header with FUNCAO ENC, which the manual defines as ending a
     * conversation, so no document is consulted. A refused login answers ERR like a query would.
     */
    async testar(): Promise<ResultadoTeste> {
      try {
        const pedido = encodeRequestText({
          ...settings.entrada_padrao,
          B49C_NUM_DOC: '0',
          B49C_FUNCAO: 'ENC',
        });
        const { resposta } = await sendConsulta(wire, pedido);
        const recusada = credentialsRefused(resposta);
        return {
          ok: !recusada,
          verificacoes: [
            {
              nome: 'logon',
              ok: !recusada,
              mensagem: recusada
                ? `a Serasa recusou o logon: ${resposta.trailer?.mensagem ?? resposta.funcao}`
                : `logon aceito em ${wire.url}`,
            },
          ],
        };
      } catch (error) {
        return {
          ok: false,
          verificacoes: [{ nome: 'logon', ok: false, mensagem: (error as Error).message }],
        };
      }
    },

    async consultar(pedido: PedidoConsulta, signal?: AbortSignal): Promise<ResultadoConsulta> {
      const documento = pedido.documento.numero;
      const entrada = {
        ...settings.entrada_padrao,
        ...pedido.produto.parametros,
        B49C_NUM_DOC: documento,
        B49C_TIPO_PESSOA: pedido.documento.tipo === 'cpf' ? 'F' : 'J',
      };
      let texto: string;
      try {
        texto = encodeRequestText(entrada);
      } catch (error) {
        if (!(error instanceof LayoutError)) throw error;
        return recusa('requisicao_invalida', 422, `entrada do layout B49C: ${error.message}`, [], {
          codigo: error.field,
          mensagem: error.message,
        });
      }
      let answer;
      try {
        answer = await sendConsulta(wire, texto, signal);
      } catch (error) {
        if (!(error instanceof B49cProtocolError)) throw error;
        return recusa('resposta_inesperada', 502, error.message, error.trocas);
      }
      const { resposta, trocas } = answer;
      if (resposta.situacao === 'erro') return refusalOf(resposta, trocas);
      const estruturado = toStructured(resposta);
      return {
        tipo: 'concluida',
        relatorio: toRelatorio(estruturado, {
          produto: pedido.produto.codigo,
          documento: pedido.documento,
          consultadoEm: connection.now().toISOString(),
        }),
        original: { partes: answer.partes, estruturado, mapa: toFlatMap(resposta) },
        trocas,
      };
    },
  };
}

function credentialsRefused(resposta: DecodedResponse): boolean {
  return (
    resposta.situacao === 'erro' &&
    resposta.erros.length === 0 &&
    CREDENCIAIS_RECUSADAS.test(resposta.trailer?.mensagem ?? '')
  );
}

function refusalOf(resposta: DecodedResponse, trocas: TrocaHttp[]): Recusa {
  const trailer = resposta.trailer;
  const provedor = { codigo: trailer?.codigo ?? null, mensagem: trailer?.mensagem ?? null };
  if (credentialsRefused(resposta)) {
    return recusa(
      'credenciais_invalidas',
      424,
      `a Serasa recusou o logon da integracao: ${trailer?.mensagem}`,
      trocas,
      provedor,
    );
  }
  if (resposta.erros.length > 0) {
    const pares = resposta.erros.map((e) => `${e.codigo} em ${e.registro}`).join(', ');
    return recusa('requisicao_invalida', 422, `a Serasa recusou a string: ${pares}`, trocas, {
      codigo: resposta.erros[0].codigo,
      mensagem: `${trailer?.mensagem ?? ''} (${pares})`.trim(),
    });
  }
  return recusa(
    'recusada_pelo_provedor',
    502,
    `a Serasa respondeu ${resposta.funcao} ${trailer?.codigo ?? ''} ${trailer?.mensagem ?? ''}`.trim(),
    trocas,
    provedor,
  );
}

function recusa(
  codigo: string,
  status_http: number,
  mensagem: string,
  trocas: TrocaHttp[],
  provedor: { codigo: string | null; mensagem: string | null } = { codigo: null, mensagem: null },
): Recusa {
  return {
    tipo: 'recusada',
    codigo,
    mensagem,
    codigo_provedor: provedor.codigo,
    mensagem_provedor: provedor.mensagem,
    status_http,
    trocas,
  };
}
