import type {
  BlocoPendencias,
  ConsultaAnterior,
  Identificacao,
  Pendencia,
  RelatorioCredito,
  Score,
} from '../../domain/consulta.js';
import type { PedidoConsulta } from '../contract.js';
import { arr, centavos, firstStr, isObject, num, obj, str, type Json } from './json.js';

// Credit reports, both ways: credgate's request into Serasa's query string, Serasa's JSON into
// RelatorioCredito. No complete schema exists (research §2.6): PF comes as
// `reports[0].{registration, negativeData, score, facts}`, PJ as base blocks
// (`identificationReport`, `companyData`, `pefinResponse`, `refinResponse`, `score`,
// `inquiryCompanyResponse`) whose nesting is less certain. So every block is looked up in the
// first report and at the top level, a list may come bare or wrapped with a `summary`, and a
// missing block is an empty one.

export const REPORT_PATHS = {
  cpf: '/credit-services/person-information-report/v1/creditreport',
  cnpj: '/credit-services/business-information-report/v1/reports',
} as const;

/**
 * `reportName`, `optionalFeatures` (comma-joined, no spaces: Serasa splits on the comma only),
 * `reportParameters` (Base64 of `{"reportParameters":[{name,value}]}`) and `federalUnit`. The
 * document is not here: it goes in the X-Document-Id header, out of proxy and CDN logs.
 */
export function reportQuery(pedido: PedidoConsulta, ufPadrao?: string): URLSearchParams {
  const { produto } = pedido;
  const query = new URLSearchParams({ reportName: produto.codigo });
  const opcionais = produto.opcionais.map((o) => o.trim()).filter(Boolean);
  if (opcionais.length > 0) query.set('optionalFeatures', opcionais.join(','));
  const parametros = Object.entries(produto.parametros);
  if (parametros.length > 0) {
    const json = JSON.stringify({
      reportParameters: parametros.map(([name, value]) => ({ name, value })),
    });
    query.set('reportParameters', Buffer.from(json, 'utf8').toString('base64'));
  }
  const uf = pedido.uf ?? (produto.requer_uf ? ufPadrao : undefined);
  if (uf) query.set('federalUnit', uf.trim().toUpperCase());
  return query;
}

export function toRelatorio(
  body: unknown,
  pedido: PedidoConsulta,
  consultadoEm: Date,
): RelatorioCredito {
  const report = flatten(body);
  const negative = obj(report.negativeData);
  const facts = obj(report.facts);
  return {
    provedor: 'serasa_experian',
    produto: pedido.produto.codigo,
    tipo_documento: pedido.documento.tipo,
    documento: pedido.documento.numero,
    consultado_em: consultadoEm.toISOString(),
    identificacao:
      pedido.documento.tipo === 'cpf' ? identificacaoPf(report) : identificacaoPj(report),
    score: score(report.score),
    pendencias: {
      pefin: bloco(negative.pefin ?? report.pefinResponse ?? report.pefin, 'pefinResponse'),
      refin: bloco(negative.refin ?? report.refinResponse ?? report.refin, 'refinResponse'),
      protestos: bloco(negative.notary ?? report.notaryResponse ?? report.notary, 'notaryResponse'),
      cheques: bloco(negative.check ?? report.checkResponse ?? report.check, 'checkResponse'),
    },
    consultas: consultas(facts.inquiry ?? report.inquiryCompanyResponse ?? report.inquiry),
    avisos: [],
  };
}

/** The first report's blocks over the top-level ones, so either nesting is found. */
function flatten(body: unknown): Json {
  const root = Array.isArray(body) ? obj(body[0]) : obj(body);
  const first = obj(arr(root.reports)[0]);
  return { ...root, ...first };
}

function identificacaoPf(report: Json): Identificacao {
  const registration = obj(report.registration);
  return {
    nome: firstStr(registration.consumerName, registration.name),
    nome_mae: str(registration.motherName),
    data_nascimento: str(registration.birthDate),
    situacao_cadastral: str(registration.statusRegistration),
    endereco: endereco(registration.address),
    telefone: telefone(registration.phone),
  };
}

function identificacaoPj(report: Json): Identificacao {
  // Identification and company data split the registry fields differently across reports.
  const company = { ...obj(report.companyData), ...obj(report.identificationReport) };
  return {
    nome: firstStr(company.companyName, company.businessName, company.name),
    data_fundacao: firstStr(company.foundationDate, company.openingDate),
    situacao_cadastral: firstStr(company.statusRegistration, company.registrationStatus),
    endereco: endereco(company.address),
    telefone: telefone(company.phone),
  };
}

function endereco(value: unknown): string | null {
  const address = obj(value);
  const parts = [
    address.addressLine,
    address.district,
    address.city,
    address.state,
    address.zipCode,
  ].map(str);
  return parts.filter(Boolean).join(', ') || null;
}

function telefone(value: unknown): string | null {
  const phone = obj(value);
  const number = str(phone.phoneNumber);
  if (!number) return null;
  const area = str(phone.areaCode);
  return area ? `(${area}) ${number}` : number;
}

function score(value: unknown): Score | null {
  // Some answers carry the bare number.
  const block = isObject(value) ? value : { score: value };
  const valor = num(block.score);
  if (valor === null) return null;
  return {
    valor,
    modelo: str(block.scoreModel),
    taxa_inadimplencia: str(block.defaultRate),
    mensagem: str(block.message),
  };
}

/** A list of annotations, bare or as `{<listKey>: [...], summary: {count, balance}}`. */
function bloco(container: unknown, listKey: string): BlocoPendencias {
  const wrapped = obj(container);
  const items = Array.isArray(container)
    ? arr(container)
    : arr(wrapped[listKey] ?? wrapped.items ?? wrapped.results);
  const itens = items.map(pendencia);
  const summary = obj(wrapped.summary);
  return {
    quantidade: num(summary.count) ?? itens.length,
    valor_centavos:
      centavos(summary.balance) ?? itens.reduce((sum, item) => sum + (item.valor_centavos ?? 0), 0),
    itens,
  };
}

/** PEFIN/REFIN items carry a creditor; protests a notary office; bounced cheques a bank. */
function pendencia(item: Json): Pendencia {
  return {
    data: firstStr(item.occurrenceDate, item.date),
    natureza: firstStr(item.legalNature, item.legalNatureId, item.nature),
    credor: firstStr(item.creditorName, item.creditor, item.officeName, item.bankName),
    contrato: firstStr(item.contractId, item.contract, item.checkNumber),
    valor_centavos: centavos(item.amount ?? item.value ?? item.balance),
    cidade: str(item.city),
    uf: firstStr(item.federalUnit, item.state),
  };
}

function consultas(container: unknown): RelatorioCredito['consultas'] {
  const wrapped = obj(container);
  const items = Array.isArray(container)
    ? arr(container)
    : arr(wrapped.inquiryResponse ?? wrapped.inquiryCompanyResponse ?? wrapped.results);
  const itens: ConsultaAnterior[] = items.map((item) => ({
    data: firstStr(item.occurrenceDate, item.date),
    segmento: firstStr(item.segmentDescription, item.companyName),
    quantidade: num(item.daysQuantity ?? item.quantity),
  }));
  return { quantidade: num(obj(wrapped.summary).count) ?? itens.length, itens };
}
