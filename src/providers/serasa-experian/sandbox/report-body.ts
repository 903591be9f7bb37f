import { optionalFeatures } from './report-features.js';
import { PERFIS_PF } from './report-fixtures-pf.js';
import { PERFIS_PJ } from './report-fixtures-pj.js';
import { perfilGerado } from './report-generator.js';
import { bloco, defaultRate, type Perfil } from './report-profile.js';

export interface PedidoRelatorio {
  documento: string;
  reportName: string;
  features: string[];
  /** From `reportParameters` (`SCORE`), when the client chose a score model. */
  modeloScore?: string;
}

/** The fixed profile of a homologation document, or one generated from the digits. */
export function perfilDe(documento: string): Perfil {
  return PERFIS_PF[documento] ?? PERFIS_PJ[documento] ?? perfilGerado(documento);
}

function score(perfil: Perfil, modelo: string) {
  return { score: perfil.score, scoreModel: modelo, defaultRate: defaultRate(perfil.score) };
}

function consultas(perfil: Perfil) {
  return { inquiryResponse: perfil.consultas, summary: { count: perfil.consultas.length } };
}

/** `GET …/person-information-report/v1/creditreport`, shape of research §2.6. */
export function relatorioPf(pedido: PedidoRelatorio) {
  const perfil = perfilDe(pedido.documento);
  return {
    reports: [
      {
        reportName: pedido.reportName,
        registration: {
          documentNumber: pedido.documento,
          consumerName: perfil.nome,
          motherName: perfil.nomeMae ?? '',
          birthDate: perfil.data,
          statusRegistration: perfil.situacao,
          address: { ...perfil.endereco, country: 'BRA' },
          phone: { regionCode: 55, ...perfil.telefone },
        },
        negativeData: {
          pefin: bloco('pefin', perfil.pefin),
          refin: bloco('refin', perfil.refin),
          notary: bloco('notary', perfil.protestos),
          check: bloco('check', perfil.cheques),
        },
        score: score(perfil, pedido.modeloScore ?? 'HRLD'),
        facts: {
          inquiry: consultas(perfil),
          stolenDocuments: { stolenDocumentsResponse: [], summary: { count: 0, balance: 0 } },
        },
      },
    ],
    optionalFeatures: optionalFeatures(pedido.documento, perfil, pedido.features),
  };
}

/** `GET …/business-information-report/v1/reports`: the PJ base blocks of research §2.6. */
export function relatorioPj(pedido: PedidoRelatorio) {
  const perfil = perfilDe(pedido.documento);
  const empresa = perfil.empresa;
  const socios = empresa?.socios ?? [];
  return {
    reports: [
      {
        reportName: pedido.reportName,
        identificationReport: {
          documentNumber: pedido.documento,
          companyName: perfil.nome,
          statusRegistration: perfil.situacao,
          foundationDate: perfil.data,
          address: { ...perfil.endereco, country: 'BRA' },
          phone: { regionCode: 55, ...perfil.telefone },
        },
        companyData: {
          legalNature: empresa?.naturezaJuridica ?? 'SOCIEDADE EMPRESARIA LIMITADA',
          mainActivity: empresa?.atividade ?? '',
          socialCapital: empresa?.capitalSocial ?? 0,
        },
        partnersList: socios,
        directorsList: socios.map(({ documentId, name, sinceDate }) => ({
          documentId,
          name,
          sinceDate,
          role: 'SOCIO ADMINISTRADOR',
        })),
        pefinResponse: bloco('pefin', perfil.pefin),
        refinResponse: bloco('refin', perfil.refin),
        notaryResponse: bloco('notary', perfil.protestos),
        checkResponse: bloco('check', perfil.cheques),
        score: score(perfil, pedido.modeloScore ?? 'H4PJ'),
        inquiryCompanyResponse: consultas(perfil),
        facts: {
          judgementFilings: { judgementFilingsResponse: [], summary: { count: 0, balance: 0 } },
        },
      },
    ],
    optionalFeatures: optionalFeatures(pedido.documento, perfil, pedido.features),
  };
}
