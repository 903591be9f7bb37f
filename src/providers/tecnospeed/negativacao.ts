import { normalizeDocument } from '../../domain/documents.js';
import type { DividaParaIncluir, DividaParaRemover, FaseAcompanhamento } from '../contract.js';
import { naturezasDe } from './catalog.js';
import type { TecnospeedSettings } from './config.js';
import { isObject, normalizeText, obj, str, type Json } from './wire.js';

// Negativacao on the wire, both ways (research A.6, A.7; seed 001). The core has already
// validated the debt against the limits of catalog.ts; this only shapes it as Tecnospeed reads it.

export const INCLUSAO_PATH = '/negativacao';
export const BAIXA_PATH = '/negativacao/remover';

type Construido<T> = { ok: true; body: T } | { ok: false; codigo: string; mensagem: string };

/** POST /negativacao. Without the bank and cheque fields, which credgate debts never carry. */
export function inclusaoBody(divida: DividaParaIncluir, settings: TecnospeedSettings, hoje: Date) {
  const natureza = naturezasDe(settings)[divida.natureza];
  if (!natureza) {
    return {
      ok: false,
      codigo: 'natureza_invalida',
      mensagem: `natureza ${divida.natureza} sem especieTitulo na tabela naturezas da integracao`,
    } as const;
  }
  const { endereco } = divida.devedor;
  const vencimento = formatar(divida.vencimento, settings);
  // Undocumented (research A.6): the adapter sends the due date unless told to send today's.
  const emissao =
    settings.data_emissao === 'envio' ? formatar(dataEmSaoPaulo(hoje), settings) : vencimento;
  const body = {
    nome: divida.devedor.nome,
    documento: normalizeDocument(divida.devedor.documento.numero),
    // One field for street and number, like Serasa's addressLine.
    endereco: [endereco.logradouro, endereco.numero].filter(Boolean).join(', '),
    ...(endereco.complemento && { enderecoComplemento: endereco.complemento }),
    bairro: endereco.bairro,
    municipio: endereco.cidade,
    uf: endereco.uf,
    cep: endereco.cep.replace(/\D/g, ''),
    divida: {
      // credgate has one identifier per debt, the contract: it is both "our number" and the
      // document number, which also makes it what a lost answer is reconciled by (localizar).
      nossoNumero: divida.contrato,
      especieTitulo: natureza.especie_titulo,
      numDocumento: divida.contrato,
      dataEmissao: emissao,
      dataVencimento: vencimento,
      // Reais as a number with 2 decimals; from integer centavos that is exact.
      valorTitulo: Math.round(divida.valor_centavos) / 100,
    },
  };
  return { ok: true, body } as const satisfies Construido<typeof body>;
}

/** POST /negativacao/remover: names the inclusion by its protocolo. */
export function baixaBody(
  divida: DividaParaRemover,
  settings: TecnospeedSettings,
  motivos: Record<string, string>,
): Construido<{ protocolo: string; codMotivo: string }> {
  const protocolo = divida.referencia_inclusao?.trim();
  if (!protocolo) {
    return {
      ok: false,
      codigo: 'referencia_ausente',
      mensagem:
        'a baixa na Tecnospeed exige o protocolo da inclusao, e esta negativacao nao tem um ' +
        '(a inclusao nao foi confirmada); reconcilie a inclusao antes de remover',
    };
  }
  const codMotivo = divida.motivo.trim() || settings.motivo_pagamento;
  if (!(codMotivo in motivos)) {
    return {
      ok: false,
      codigo: 'motivo_invalido',
      mensagem: `motivo de baixa ${codMotivo} nao existe na tabela motivos_baixa da integracao`,
    };
  }
  return { ok: true, body: { protocolo, codMotivo } };
}

/** yyyy-mm-dd in the configured wire format. */
function formatar(iso: string, settings: TecnospeedSettings): string {
  if (settings.formato_data === 'aaaa-mm-dd') return iso;
  const [ano, mes, dia] = iso.split('-');
  return `${dia}/${mes}/${ano}`;
}

/** The calendar date in Brasilia time (UTC-3 all year since 2019). */
function dataEmSaoPaulo(instant: Date): string {
  return new Date(instant.getTime() - 3 * 3_600_000).toISOString().slice(0, 10);
}

const FASES: Readonly<Record<string, FaseAcompanhamento>> = {
  PROCESSANDO: 'processando',
  ENVIADO: 'enviada',
  ACEITA: 'aceita',
  AGUARDANDO_CORRECAO: 'aguardando_correcao',
  REJEITADA: 'rejeitada',
  BAIXA_ENVIADA: 'baixa_enviada',
  BAIXADA: 'baixada',
};

/** The seed's situacao table, read case- and prefix-insensitively; anything else is unknown. */
export function faseDe(situacao: string): FaseAcompanhamento {
  const chave = normalizeText(situacao.trim())
    .replace(/[\s-]+/g, '_')
    .replace(/^NEGATIVACAO_/, '');
  return FASES[chave] ?? 'desconhecida';
}

/** A GET /negativacao?protocolo= body; a list (not documented) is searched for the protocolo. */
export function registroDoProtocolo(body: unknown, protocolo: string): Json | null {
  if (Array.isArray(body)) {
    const registros = body.filter(isObject);
    return registros.find((r) => str(r.protocolo) === protocolo) ?? registros[0] ?? null;
  }
  return isObject(body) ? body : null;
}

export function acompanhamentoDe(registro: Json) {
  const situacao = str(registro.situacao) ?? '';
  return {
    situacao,
    fase: faseDe(situacao),
    motivo: str(registro.motivo),
    historico: Array.isArray(registro.historico) ? (registro.historico as unknown[]) : [],
  };
}

/**
 * ASSUMPTION to verify with Tecnospeed: no lookup of a negativacao by debtor and contract is
 * documented; credgate's sandbox offers `GET /negativacao?documento=&nossoNumero=` answering a
 * list of records shaped like the GET by protocolo. The records are filtered again here, so a
 * server ignoring the query (answering every record) cannot make another debt look like ours.
 */
export function localizacaoQuery(alvo: { documento: string; contrato: string }): string {
  const query = new URLSearchParams({
    documento: normalizeDocument(alvo.documento),
    nossoNumero: alvo.contrato,
  });
  return `${INCLUSAO_PATH}?${query.toString()}`;
}

export function registrosLocalizados(
  body: unknown,
  alvo: { documento: string; contrato: string },
): Json[] | null {
  const root = obj(body);
  const lista = Array.isArray(body)
    ? body
    : [root.negativacoes, root.registros, root.dados].find(Array.isArray);
  if (!lista) return null;
  const documento = normalizeDocument(alvo.documento);
  return lista.filter(isObject).filter((registro) => {
    const doc = str(registro.documento);
    const nossoNumero = str(obj(registro.divida).nossoNumero);
    return (
      str(registro.protocolo) !== null &&
      (doc === null || normalizeDocument(doc) === documento) &&
      (nossoNumero === null || nossoNumero === alvo.contrato)
    );
  });
}
