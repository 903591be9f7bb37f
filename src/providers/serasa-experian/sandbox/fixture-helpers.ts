import { MASSA_TESTE } from './magic.js';
import type { Anotacao, Cheque, Consulta, Endereco, Perfil, Protesto } from './report-profile.js';

/** Builders for the hand-written reports of the homologation documents. */

const NATUREZA: Record<string, string> = {
  TI: 'SERV DADOS',
  CD: 'CREDIARIO',
  FI: 'FINANCIAMENTO',
  CT: 'CRED CARTAO',
  TP: 'SERV TELEFON',
  DP: 'DUPLICATA',
  EE: 'ENERGIA ELET',
  CP: 'CRED PESSOAL',
  AL: 'ALUGUEL',
};

export function anotacao(
  occurrenceDate: string,
  legalNatureId: string,
  contractId: string,
  creditorName: string,
  amount: number,
  [city, federalUnit] = ['SAO PAULO', 'SP'],
): Anotacao {
  const legalNature = NATUREZA[legalNatureId];
  return {
    occurrenceDate,
    legalNatureId,
    legalNature,
    contractId,
    creditorName,
    amount,
    city,
    federalUnit,
    principal: true,
  };
}

export function protesto(
  occurrenceDate: string,
  amount: number,
  officeNumber: string,
  city: string,
  federalUnit: string,
): Protesto {
  return {
    occurrenceDate,
    amount,
    officeNumber,
    officeName: `${officeNumber}o TABELIONATO DE PROTESTO`,
    city,
    federalUnit,
  };
}

export function cheque(occurrenceDate: string, checkNumber: string, amount: number): Cheque {
  return {
    occurrenceDate,
    bankId: '341',
    bankName: 'BANCO EXEMPLO SA',
    bankAgencyId: '0912',
    checkNumber,
    alinea: '12',
    checkCount: 1,
    amount,
    city: 'RECIFE',
    federalUnit: 'PE',
  };
}

export function consultas(...items: Array<[string, string]>): Consulta[] {
  return items.map(([occurrenceDate, segmentDescription]) => ({
    occurrenceDate,
    segmentDescription,
    daysQuantity: 1,
  }));
}

export const SP: Endereco = {
  addressLine: 'PRACA DA SE, 100',
  district: 'SE',
  zipCode: '01001000',
  city: 'SAO PAULO',
  state: 'SP',
};

export const pf = (cpf: string, extra: Omit<Perfil, 'nome' | 'situacao'>): Perfil => ({
  nome: MASSA_TESTE[cpf],
  situacao: 'REGULAR',
  ...extra,
});
export const pj = (nome: string, extra: Omit<Perfil, 'nome' | 'situacao'>): Perfil => ({
  nome,
  situacao: 'ATIVA',
  ...extra,
});
export const vazio = { pefin: [], refin: [], protestos: [], cheques: [] };
