import type { SandboxConfig } from './config.js';
import type { PedidoNegativacao } from './state.js';
import { isObject, Validador } from './validation.js';
import { CODIGOS, type ErroCampo } from './wire-http.js';

const DIA_MS = 86_400_000;
/**
 * A debt older than this (from its due date) is refused: Serasa keeps a record at most five
 * years (CDC art. 43 §1), and SCC's 4 years 11 months rule (research A.6) is the same limit.
 */
const PRESCRICAO_MS = 5 * 365 * DIA_MS;

function validarDivida(
  v: Validador,
  config: SandboxConfig,
  hoje: number,
): PedidoNegativacao['divida'] | null {
  const { limites } = config;
  const nossoNumero = v.texto('nossoNumero', { max: limites.nossoNumero });
  const especieTitulo = v.texto('especieTitulo', { max: limites.especieTitulo });
  if (especieTitulo && config.especies_titulo && !config.especies_titulo.includes(especieTitulo)) {
    const aceitas = config.especies_titulo.join(', ');
    v.erro(
      CODIGOS.especieInvalida,
      `especieTitulo ${especieTitulo} invalida (aceitas: ${aceitas})`,
    );
  }
  const numDocumento = v.texto('numDocumento', { max: limites.numDocumento });
  const emissao = v.data('dataEmissao');
  const vencimento = v.data('dataVencimento');
  const valorTitulo = v.valor('valorTitulo');
  validarDatas(v, emissao?.ms, vencimento?.ms, hoje);
  const bancarios = {
    numAgencia: v.codigo('numAgencia'),
    numConta: v.codigo('numConta'),
    codBanco: v.codigo('codBanco'),
    numCheque: v.codigo('numCheque'),
    codEndosso: v.codigo('codEndosso'),
    codAlinea: v.codigo('codAlinea'),
    codAceite: v.codigo('codAceite'),
  };
  if (!nossoNumero || !especieTitulo || !numDocumento || !emissao || !vencimento) return null;
  if (valorTitulo === null) return null;
  return {
    nossoNumero,
    especieTitulo,
    numDocumento,
    dataEmissao: emissao.texto,
    dataVencimento: vencimento.texto,
    valorTitulo,
    ...bancarios,
  };
}

/** Business rules on the dates (the sandbox's, after Serasa's: only overdue, unprescribed debts). */
function validarDatas(
  v: Validador,
  emissao: number | undefined,
  vencimento: number | undefined,
  hoje: number,
): void {
  if (vencimento === undefined) return;
  if (vencimento >= hoje) {
    const message = 'divida.dataVencimento deve ser anterior a data atual (divida vencida)';
    v.erro(CODIGOS.vencimentoFuturo, message);
  } else if (hoje - vencimento > PRESCRICAO_MS) {
    v.erro(CODIGOS.tituloPrescrito, 'divida.dataVencimento ha mais de 5 anos: titulo prescrito');
  }
  if (emissao !== undefined && emissao > vencimento) {
    const message = 'divida.dataEmissao deve ser igual ou anterior a divida.dataVencimento';
    v.erro(CODIGOS.emissaoPosterior, message);
  }
}

/**
 * The body of research A.6 as a PedidoNegativacao, or one `{message, internalCode}` per problem.
 * `hoje` is the start of the sandbox's current UTC day, ms epoch.
 */
export function validarNegativacao(
  corpo: unknown,
  config: SandboxConfig,
  hoje: number,
): PedidoNegativacao | ErroCampo[] {
  if (!isObject(corpo)) {
    return [{ message: 'O corpo deve ser um objeto JSON', internalCode: CODIGOS.corpoInvalido }];
  }
  const { limites } = config;
  const v = new Validador(corpo);
  const pedido = {
    nome: v.texto('nome', { max: limites.nome }),
    documento: v.documento('documento'),
    endereco: v.texto('endereco', { max: limites.endereco }),
    enderecoComplemento: v.texto('enderecoComplemento', {
      obrigatorio: false,
      max: limites.enderecoComplemento,
    }),
    bairro: v.texto('bairro', { max: limites.bairro }),
    municipio: v.texto('municipio', { max: limites.municipio }),
    uf: v.uf('uf'),
    cep: v.cep('cep'),
  };
  const dividaV = v.objeto('divida');
  const divida = dividaV ? validarDivida(dividaV, config, hoje) : null;
  if (v.erros.length > 0 || !divida) return v.erros;
  return { ...(pedido as Omit<PedidoNegativacao, 'divida'>), divida };
}

export const inicioDoDia = (ms: number) => Math.floor(ms / DIA_MS) * DIA_MS;
