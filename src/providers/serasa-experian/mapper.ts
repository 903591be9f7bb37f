import type { BlocoPendencias, Pendencia, RelatorioCredito } from '../../domain/consulta.js';
import { normalizeDocument } from '../../domain/documents.js';
import type { Desfecho, DividaParaIncluir, PedidoConsulta, Recusa } from '../contract.js';
import type { TrocaHttp } from '../exchange.js';

// Serasa's words live here and nowhere else: wire shapes in, credgate's shapes out.

type Json = Record<string, unknown>;
const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.map(obj) : []);
const str = (v: unknown): string | null =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : typeof v === 'number' ? String(v) : null;
const num = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Number(v.replace(',', '.')) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
};
/** Serasa sends reais as decimal numbers; credgate keeps integer centavos. */
const centavos = (v: unknown): number | null => {
  const n = num(v);
  return n === null ? null : Math.round(n * 100);
};

// ---------------------------------------------------------------- credit reports

/**
 * The Serasa error catalogue (research §2.7) as stable credgate codes, with the HTTP status the
 * API answers when the refusal is returned to the caller.
 *
 * | Serasa                           | codigo                     | status |
 * | 404 DOCUMENT_NOT_FOUND           | documento_nao_encontrado   | 404    |
 * | 412 USER-NOT-AUTHORIZED          | produto_nao_autorizado     | 403    |
 * | 412 INVALID-REQUEST / 400        | requisicao_invalida        | 422    |
 * | 401 after one re-login           | credenciais_invalidas      | 424    |
 */
export function recusaConsulta(status: number, body: unknown, trocas: TrocaHttp[]): Recusa | null {
  const { code, message } = errorOf(body);
  const text = `${code ?? ''} ${message ?? ''}`;
  const base = {
    tipo: 'recusada' as const,
    codigo_provedor: code,
    mensagem_provedor: message,
    trocas,
  };
  if (status === 404) {
    return {
      ...base,
      codigo: 'documento_nao_encontrado',
      status_http: 404,
      mensagem:
        'CPF/CNPJ nao encontrado na base da Serasa Experian. A Serasa so cadastra o titular depois que ' +
        'ele movimenta o documento; um CPF que acabou de completar 18 anos ou com poucas movimentacoes ' +
        'pode levar de 4 a 6 meses para ser cadastrado e entao consultado ou negativado.',
    };
  }
  if (status === 412 && /USER-NOT-AUTHORIZED/i.test(text)) {
    return {
      ...base,
      codigo: 'produto_nao_autorizado',
      status_http: 403,
      mensagem: 'produto ou transacao nao autorizados no contrato da Serasa',
    };
  }
  if (status === 412 || status === 400) {
    return {
      ...base,
      codigo: 'requisicao_invalida',
      status_http: 422,
      mensagem: message ?? 'requisicao recusada pela Serasa',
    };
  }
  if (status === 401 || status === 403)
    return credenciaisInvalidas('consulta', trocas, code, message);
  return null;
}

export function credenciaisInvalidas(
  par: string,
  trocas: TrocaHttp[],
  code: string | null = null,
  message: string | null = null,
): Recusa {
  return {
    tipo: 'recusada',
    codigo: 'credenciais_invalidas',
    // 424 Failed Dependency: the request was fine, the integration's credentials are not.
    status_http: 424,
    mensagem: `a Serasa recusou as credenciais ${par} da integracao`,
    codigo_provedor: code,
    mensagem_provedor: message,
    trocas,
  };
}

/** Serasa error bodies come as `[{code, message}]`, `{message}`, `{errorMessage}` or text. */
export function errorOf(body: unknown): { code: string | null; message: string | null } {
  const first = Array.isArray(body) ? obj(body[0]) : obj(body);
  const message =
    str(first.message) ?? str(first.errorMessage) ?? (typeof body === 'string' ? str(body) : null);
  const tagged = /\[ERROR\]\[([A-Z_-]+)\]/.exec(message ?? '');
  return { code: str(first.code) ?? tagged?.[1] ?? null, message };
}

export function reportQuery(pedido: PedidoConsulta, ufPadrao?: string): URLSearchParams {
  const query = new URLSearchParams({ reportName: pedido.produto.codigo });
  if (pedido.produto.opcionais.length > 0)
    query.set('optionalFeatures', pedido.produto.opcionais.join(','));
  const parametros = Object.entries(pedido.produto.parametros);
  if (parametros.length > 0) {
    const json = JSON.stringify({
      reportParameters: parametros.map(([name, value]) => ({ name, value })),
    });
    query.set('reportParameters', Buffer.from(json).toString('base64'));
  }
  const uf = pedido.uf ?? (pedido.produto.requer_uf ? ufPadrao : undefined);
  if (uf) query.set('federalUnit', uf.toUpperCase());
  return query;
}

function bloco(container: unknown, listKey: string): BlocoPendencias {
  const block = obj(container);
  const items = arr(block[listKey]);
  const summary = obj(block.summary);
  const itens: Pendencia[] = items.map((item) => ({
    data: str(item.occurrenceDate) ?? str(item.date),
    natureza: str(item.legalNature) ?? str(item.legalNatureId) ?? str(item.nature),
    credor: str(item.creditorName) ?? str(item.creditor),
    contrato: str(item.contractId) ?? str(item.contract),
    valor_centavos: centavos(item.amount ?? item.value ?? item.balance),
    cidade: str(item.city),
    uf: str(item.federalUnit) ?? str(item.state),
  }));
  return {
    quantidade: num(summary.count) ?? itens.length,
    valor_centavos:
      centavos(summary.balance) ?? itens.reduce((sum, i) => sum + (i.valor_centavos ?? 0), 0),
    itens,
  };
}

/** PF (`reports[].registration`, `negativeData`) and PJ (`identificationReport`, …) into RelatorioCredito. */
export function toRelatorio(
  body: unknown,
  pedido: PedidoConsulta,
  consultadoEm: Date,
): RelatorioCredito {
  const root = obj(body);
  const report = obj(arr(root.reports)[0] ?? root);
  const registration = obj(report.registration);
  const company = { ...obj(report.identificationReport), ...obj(report.companyData) };
  const negative = obj(report.negativeData);
  const address = obj(registration.address ?? company.address);
  const phone = obj(registration.phone);
  const score = obj(report.score);
  const scoreValue = num(score.score);
  const inquiry = obj(obj(report.facts).inquiry ?? report.inquiryCompanyResponse);
  const inquiries = arr(inquiry.inquiryResponse ?? inquiry.results);
  return {
    provedor: 'serasa_experian',
    produto: pedido.produto.codigo,
    tipo_documento: pedido.documento.tipo,
    documento: pedido.documento.numero,
    consultado_em: consultadoEm.toISOString(),
    identificacao: {
      nome: str(registration.consumerName) ?? str(company.companyName) ?? str(company.name),
      nome_mae: str(registration.motherName),
      data_nascimento: str(registration.birthDate),
      data_fundacao: str(company.foundationDate),
      situacao_cadastral: str(registration.statusRegistration) ?? str(company.statusRegistration),
      endereco:
        [address.addressLine, address.district, address.city, address.state, address.zipCode]
          .map(str)
          .filter(Boolean)
          .join(', ') || null,
      telefone: phone.phoneNumber
        ? `(${str(phone.areaCode) ?? ''}) ${str(phone.phoneNumber)}`
        : null,
    },
    score:
      scoreValue === null
        ? null
        : {
            valor: scoreValue,
            modelo: str(score.scoreModel),
            taxa_inadimplencia: str(score.defaultRate),
            mensagem: str(score.message),
          },
    pendencias: {
      pefin: bloco(negative.pefin ?? report.pefinResponse, 'pefinResponse'),
      refin: bloco(negative.refin ?? report.refinResponse, 'refinResponse'),
      protestos: bloco(negative.notary ?? report.notaryResponse, 'notaryResponse'),
      cheques: bloco(negative.check ?? report.checkResponse, 'checkResponse'),
    },
    consultas: {
      quantidade: num(obj(inquiry.summary).count) ?? inquiries.length,
      itens: inquiries.map((i) => ({
        data: str(i.occurrenceDate),
        segmento: str(i.segmentDescription),
        quantidade: num(i.daysQuantity),
      })),
    },
    avisos: [],
  };
}

// ---------------------------------------------------------------- PEFIN

export function inclusionBody(divida: DividaParaIncluir, areaInformante: string) {
  const { endereco } = divida.devedor;
  return {
    value: divida.valor_centavos / 100,
    areaInformante,
    dueDate: divida.vencimento,
    categoryId: divida.natureza,
    debtor: {
      documentNumber: divida.devedor.documento.numero,
      name: divida.devedor.nome,
      address: {
        zipCode: endereco.cep,
        // Serasa keeps the number inside addressLine ("street with number").
        addressLine: [endereco.logradouro, endereco.numero].filter(Boolean).join(', '),
        ...(endereco.complemento && { complement: endereco.complemento }),
        district: endereco.bairro,
        city: endereco.cidade,
        state: endereco.uf,
      },
    },
    creditor: { documentNumber: divida.credor },
    contractNumber: divida.contrato,
    debtType: 'PEFIN',
  };
}

/** A synchronous PEFIN refusal (`{errorMessage: "RNXPIA 999 EMPRESA NAO PARTICIPANTE DO CONVENIO"}`). */
export function recusaPefin(status: number, body: unknown, trocas: TrocaHttp[]): Recusa {
  const { code, message } = errorOf(body);
  const naoParticipante = /NAO PARTICIPANTE DO CONVENIO/i.test(message ?? '');
  return {
    tipo: 'recusada',
    codigo: naoParticipante ? 'credor_nao_participante' : 'recusada_pelo_provedor',
    mensagem: naoParticipante
      ? 'o CNPJ do credor nao participa do convenio PEFIN da Serasa'
      : `a Serasa recusou a requisicao (HTTP ${status}): ${message ?? 'sem mensagem'}`,
    codigo_provedor: code,
    mensagem_provedor: message,
    status_http: 422,
    trocas,
  };
}

// ---------------------------------------------------------------- webhooks

/**
 * One URL receives all six events, so the event is told by shape: exclusion payloads carry
 * `writeOff`/`contractNumber` and nested documents, inclusion ones `contract`/`debtValue`. Serasa
 * asks receivers to rely only on uuid, documents and contract; everything else is optional, and
 * `statusCode` arrives as a number or a string.
 */
export function readWebhook(body: Json): Desfecho | undefined {
  const uuid = str(body.uuid);
  if (!uuid) return undefined;
  const exclusao =
    'writeOff' in body || 'contractNumber' in body || typeof body.creditor === 'object';
  const error = body.error === null || body.error === undefined ? null : obj(body.error);
  const doc = (v: unknown) => {
    const s = str(v);
    return s ? normalizeDocument(s) : undefined;
  };
  const chaves: Record<string, string> = {};
  for (const [from, to] of [
    ['cadusKey', 'cadusKey'],
    ['cadusSerie', 'cadusSerie'],
  ] as const) {
    const value = str(body[from]);
    if (value) chaves[to] = value;
  }
  return {
    referencia: uuid,
    operacao: exclusao ? 'exclusao' : 'guarantor' in body ? 'inclusao_avalista' : 'inclusao',
    sucesso: error === null,
    credor: doc(exclusao ? obj(body.creditor).documentNumber : body.creditorDocument),
    devedor: doc(exclusao ? obj(body.debtor).documentNumber : body.debtorDocument),
    contrato: str(exclusao ? body.contractNumber : body.contract) ?? undefined,
    chaves,
    ...(error && {
      erro: { codigo: str(error.statusCode), mensagem: str(error.message) ?? 'erro sem mensagem' },
    }),
  };
}
