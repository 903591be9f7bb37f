import { reais, type Perfil } from './report-profile.js';

/**
 * The `optionalFeatures` object of a report. Blocks whose shape integrators documented
 * (research §2.6) are filled from the profile; any other accepted feature gets a placeholder
 * keyed by its own name, since no source shows what Serasa sends for it.
 */
type Bloco = (documento: string, perfil: Perfil) => Record<string, unknown>;

const socios = (perfil: Perfil) => perfil.empresa?.socios ?? [];

const BLOCOS: Record<string, Bloco> = {
  PARTICIPACAO_SOCIETARIA: () => ({
    partner: { partnershipResponse: [], summary: { count: 0, balance: 0 } },
  }),
  LIMITE_CREDITO: (_documento, perfil) => ({
    scores: {
      scoreResponse: [
        {
          score: reais(Math.max(0, perfil.score - 300) * 120),
          scoreModel: 'HLC1',
          message: 'LIMITE DE CREDITO SUGERIDO EM REAIS',
        },
      ],
    },
  }),
  QSA_COMPLETO: (_documento, perfil) => ({
    partnerCompleteReport: {
      partnersList: socios(perfil).map((socio) => ({
        documentId: socio.documentId,
        name: socio.name,
        sinceDate: socio.sinceDate,
        capitalTotalValue: reais(
          ((perfil.empresa?.capitalSocial ?? 0) * socio.participationPercentage) / 100,
        ),
        restrictionSign: false,
      })),
    },
  }),
  LOCALIZACAO_PJ: (_documento, perfil) => ({
    location: {
      addresses: [{ ...perfil.endereco, country: 'BRA' }],
      phones: [{ regionCode: 55, ...perfil.telefone }],
    },
  }),
  SCORE_FRAUDE_PJ: (_documento, perfil) => ({
    scoresFraud: {
      scoresFraudResponse: [
        {
          score: Math.min(1000, 1000 - perfil.score + 100),
          scoreModel: 'FRPJ',
          recommendationRisk: perfil.score < 300 ? 'ALTO' : 'BAIXO',
          message: '',
        },
      ],
    },
  }),
  SITUACAO_FISCAL: (documento, perfil) => ({
    fiscalSituation: {
      federalRevenue: { documentNumber: documento, status: perfil.situacao },
      sintegra: { status: 'HABILITADO' },
      suframa: { status: 'NAO CADASTRADO' },
    },
  }),
};
BLOCOS.QSA_AVANCADO = BLOCOS.QSA_COMPLETO;

export function optionalFeatures(documento: string, perfil: Perfil, features: string[]) {
  const result: Record<string, unknown> = {};
  for (const feature of features) {
    Object.assign(
      result,
      BLOCOS[feature]?.(documento, perfil) ?? {
        [feature]: { status: 'OK', message: 'bloco simulado pelo sandbox' },
      },
    );
  }
  return result;
}
