/**
 * What the sandbox knows about one document, before it is dressed as a PF or PJ report. The
 * field names of the items are Serasa's (research §2.6), so the body builders copy them as-is.
 */

/** A PEFIN or REFIN annotation. */
export interface Anotacao {
  occurrenceDate: string;
  legalNatureId: string;
  legalNature: string;
  contractId: string;
  creditorName: string;
  /** Reais, two decimals, as Serasa sends money. */
  amount: number;
  city: string;
  federalUnit: string;
  principal: boolean;
}

export interface Protesto {
  occurrenceDate: string;
  amount: number;
  officeNumber: string;
  officeName: string;
  city: string;
  federalUnit: string;
}

export interface Cheque {
  occurrenceDate: string;
  bankId: string;
  bankName: string;
  bankAgencyId: string;
  checkNumber: string;
  alinea: string;
  checkCount: number;
  amount: number;
  city: string;
  federalUnit: string;
}

export interface Consulta {
  occurrenceDate: string;
  segmentDescription: string;
  daysQuantity: number;
}

export interface Socio {
  documentId: string;
  name: string;
  sinceDate: string;
  participationPercentage: number;
}

export interface Endereco {
  addressLine: string;
  district: string;
  zipCode: string;
  city: string;
  state: string;
}

export interface Perfil {
  nome: string;
  /** PF only. */
  nomeMae?: string;
  /** PF: birth date; PJ: foundation date. */
  data: string;
  situacao: string;
  endereco: Endereco;
  telefone: { areaCode: number; phoneNumber: number };
  score: number;
  pefin: Anotacao[];
  refin: Anotacao[];
  protestos: Protesto[];
  cheques: Cheque[];
  consultas: Consulta[];
  /** PJ only. */
  empresa?: { atividade: string; naturezaJuridica: string; capitalSocial: number; socios: Socio[] };
}

export const reais = (value: number) => Math.round(value * 100) / 100;

/** Serasa's `defaultRate`: probability of default in percent, comma decimal ("9,0"). */
export function defaultRate(score: number): string {
  const percent = Math.max(0.5, ((1000 - score) / 1000) * 60);
  return percent.toFixed(1).replace('.', ',');
}

/** `{<kind>Response: [...], summary: {count, balance}}`, the shape of every negative block. */
export function bloco<T extends { amount?: number }>(kind: string, items: T[]) {
  const balance = reais(items.reduce((sum, item) => sum + (item.amount ?? 0), 0));
  return { [`${kind}Response`]: items, summary: { count: items.length, balance } };
}
