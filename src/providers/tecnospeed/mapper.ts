import type {
  BlocoPendencias,
  ConsultaAnterior,
  Identificacao,
  Pendencia,
  RelatorioCredito,
  Score,
} from '../../domain/consulta.js';
import type { PedidoConsulta } from '../contract.js';
import { PARAMETRO_COD_CONSULTA } from './catalog.js';
import type { TecnospeedSettings } from './config.js';
import { centavos, data, firstStr, isObject, num, obj, str, type Json } from './wire.js';

// Credit reports, both ways: credgate's request into the body of POST /consultas/assincrona
// (research A.5), Tecnospeed's JSON report into RelatorioCredito. The JSON report's shape is not
// documented anywhere: the mapper reads the blocks a report of Serasa's Crednet family carries
// (identification, score, pefin, refin, protestos, cheques, previous consultas) under the
// spellings that are plausible, fills what is present and leaves the rest empty. The original
// is always kept beside it, so nothing the mapper did not understand is lost.

export const CONSULTA_PATH = '/consultas/assincrona';

export type CorpoConsulta =
  | { ok: true; body: { documento: string; codConsulta: number; uf?: string; retorno?: 'JSON' } }
  | { ok: false; codigo: string; mensagem: string };

export function consultaBody(pedido: PedidoConsulta, settings: TecnospeedSettings): CorpoConsulta {
  const { produto } = pedido;
  const codConsulta = Number(produto.parametros[PARAMETRO_COD_CONSULTA] ?? produto.codigo);
  if (!Number.isInteger(codConsulta) || codConsulta <= 0) {
    return {
      ok: false,
      codigo: 'produto_invalido',
      mensagem: `o produto ${produto.codigo} nao tem codConsulta numerico`,
    };
  }
  const uf = (pedido.uf ?? (produto.requer_uf ? settings.uf_padrao : undefined))
    ?.trim()
    .toUpperCase();
  if (produto.requer_uf && !uf) {
    return {
      ok: false,
      codigo: 'uf_obrigatoria',
      mensagem: `o produto ${produto.codigo} exige uf (informe no pedido ou uf_padrao nas configuracoes)`,
    };
  }
  return {
    ok: true,
    body: {
      documento: pedido.documento.numero,
      codConsulta,
      ...(uf && { uf }),
      // Without `retorno` the report comes as HTML (research A.5).
      ...(settings.retorno === 'JSON' && { retorno: 'JSON' as const }),
    },
  };
}

export function consultaResultadoPath(protocolo: string): string {
  return `${CONSULTA_PATH}?${new URLSearchParams({ protocolo }).toString()}`;
}

/** A report with nothing read into it yet: the base of every mapping, and of an HTML report. */
export function relatorioVazio(pedido: PedidoConsulta, consultadoEm: Date): RelatorioCredito {
  const vazio = (): BlocoPendencias => ({ quantidade: 0, valor_centavos: 0, itens: [] });
  return {
    provedor: 'tecnospeed',
    produto: pedido.produto.codigo,
    tipo_documento: pedido.documento.tipo,
    documento: pedido.documento.numero,
    consultado_em: consultadoEm.toISOString(),
    identificacao: { nome: null },
    score: null,
    pendencias: { pefin: vazio(), refin: vazio(), protestos: vazio(), cheques: vazio() },
    consultas: { quantidade: 0, itens: [] },
    avisos: [],
  };
}

export function toRelatorio(
  body: unknown,
  pedido: PedidoConsulta,
  consultadoEm: Date,
): RelatorioCredito {
  const root = unwrap(body);
  // The blocks may sit at the top level or grouped under `pendencias`.
  const blocos = { ...root, ...obj(root.pendencias) };
  // The provider's own instant when it gives a readable one (the sandbox's `dataConsulta`).
  const informado = Date.parse(str(root.dataConsulta) ?? '');
  const quando = Number.isNaN(informado) ? consultadoEm : new Date(informado);
  return {
    ...relatorioVazio(pedido, quando),
    identificacao: identificacao(root),
    score: score(root.score),
    pendencias: {
      pefin: bloco(blocos.pefin),
      refin: bloco(blocos.refin),
      protestos: bloco(blocos.protestos ?? blocos.protesto),
      cheques: bloco(blocos.cheques ?? blocos.chequesSemFundo ?? blocos.cheque),
    },
    consultas: consultas(root.consultasAnteriores ?? root.consultas ?? root.registroConsultas),
    avisos: avisos(root.avisos ?? root.mensagens),
  };
}

/** The report object, whether bare, first of a list, or wrapped in a `relatorio`/`dados` key. */
function unwrap(body: unknown): Json {
  const root = Array.isArray(body) ? obj(body[0]) : obj(body);
  const inner = [root.relatorio, root.dados, root._dados, root.resultado].find(isObject);
  return inner ? { ...root, ...inner } : root;
}

function identificacao(root: Json): Identificacao {
  const id = {
    ...root,
    ...obj(root.identificacao ?? root.dadosCadastrais ?? root.cadastro),
  };
  return {
    nome: firstStr(id.nome, id.razaoSocial, id.nomeRazaoSocial),
    nome_mae: firstStr(id.nomeMae),
    data_nascimento: data(id.dataNascimento),
    data_fundacao: data(id.dataFundacao),
    situacao_cadastral: firstStr(id.situacaoCadastral, id.situacaoReceita),
    endereco: endereco(id.endereco),
    telefone: firstStr(id.telefone),
  };
}

/** Text as is, or an address object's parts joined in reading order. */
function endereco(value: unknown): string | null {
  if (!isObject(value)) return str(value);
  const partes = [
    [value.logradouro, value.numero].map(str).filter(Boolean).join(', '),
    str(value.complemento),
    str(value.bairro),
    [value.cidade ?? value.municipio, value.uf].map(str).filter(Boolean).join('/'),
    str(value.cep),
  ];
  return partes.filter(Boolean).join(' - ') || null;
}

function score(value: unknown): Score | null {
  if (!isObject(value)) {
    const valor = num(value);
    return valor === null ? null : { valor, modelo: null, taxa_inadimplencia: null };
  }
  const valor = num(value.valor ?? value.pontuacao ?? value.score);
  if (valor === null) return null;
  return {
    valor,
    modelo: firstStr(value.modelo, value.nome),
    taxa_inadimplencia: firstStr(value.taxaInadimplencia, value.probabilidadeInadimplencia),
    mensagem: firstStr(value.mensagem, value.descricao),
  };
}

/** A block as a bare list of items, or `{quantidade, valorTotal, itens}` under some spelling. */
function bloco(value: unknown): BlocoPendencias {
  const wrapped = obj(value);
  const lista = Array.isArray(value)
    ? value
    : [wrapped.itens, wrapped.ocorrencias, wrapped.registros, wrapped.detalhes].find(Array.isArray);
  const itens = (lista ?? []).map((item) => pendencia(obj(item)));
  const soma = itens.reduce((total, item) => total + (item.valor_centavos ?? 0), 0);
  return {
    quantidade: num(wrapped.quantidade ?? wrapped.total ?? wrapped.qtd) ?? itens.length,
    valor_centavos: centavos(wrapped.valorTotal ?? wrapped.valor) ?? soma,
    itens,
  };
}

function pendencia(item: Json): Pendencia {
  return {
    data: data(item.data ?? item.dataOcorrencia ?? item.dataVencimento),
    natureza: firstStr(item.natureza, item.modalidade, item.tipo),
    credor: firstStr(item.credor, item.informante, item.origem, item.cartorio, item.banco),
    contrato: firstStr(item.contrato, item.numeroContrato, item.numDocumento),
    valor_centavos: centavos(item.valor),
    cidade: firstStr(item.cidade, item.municipio),
    uf: firstStr(item.uf),
  };
}

function consultas(value: unknown): { quantidade: number; itens: ConsultaAnterior[] } {
  const wrapped = obj(value);
  const lista = Array.isArray(value)
    ? value
    : [wrapped.itens, wrapped.registros].find(Array.isArray);
  const itens = (lista ?? []).map((raw) => {
    const item = obj(raw);
    return {
      data: data(item.data ?? item.dataConsulta),
      segmento: firstStr(item.segmento, item.consultante, item.empresa, item.nomeEmpresa),
      quantidade: num(item.quantidade),
    };
  });
  return { quantidade: num(wrapped.quantidade ?? wrapped.total) ?? itens.length, itens };
}

function avisos(value: unknown): string[] {
  if (!Array.isArray(value)) return str(value) ? [str(value)!] : [];
  return value
    .map((a) => (isObject(a) ? firstStr(a.mensagem, a.message) : str(a)))
    .filter((a): a is string => a !== null);
}
