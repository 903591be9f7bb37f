import type { BlocoPendencias, Pendencia, RelatorioCredito } from '../../domain/consulta.js';
import type { DocumentoClassificado } from '../../domain/documents.js';
import type { TypedValue } from './b49c/index.js';
import type { RegistroEstruturado, RespostaEstruturada } from './b49c/index.js';

/** B357/B358 TIPOPEFIN (research §4): 01 PEFIN, 04 REFIN. */
const TIPO_REFIN = '04';

/**
 * The structured B49C answer in credgate's report shape. Counts come from the detail records
 * (what the report lists), falling back to the summary record's total when the detail was not
 * asked for (P006 options off).
 */
type Registros = (registro: string) => readonly RegistroEstruturado[];

export function toRelatorio(
  resposta: RespostaEstruturada,
  meta: { produto: string; documento: DocumentoClassificado; consultadoEm: string },
): RelatorioCredito {
  const all: Registros = (registro) => resposta.registros[registro] ?? [];
  const first = (registro: string) => all(registro)[0]?.campos;
  const detalhes = all('B358');
  const pefin = detalhes.filter((r) => text(r.campos.TIPOPEFIN) !== TIPO_REFIN);
  const refin = [
    ...detalhes.filter((r) => text(r.campos.TIPOPEFIN) === TIPO_REFIN),
    ...all('B389'),
  ];
  const resumo = (tipo: string) =>
    all('B357').find((r) => (text(r.campos.TIPOPEFIN) ?? '01') === tipo)?.campos;
  const consultas = all('B354');
  return {
    provedor: 'serasa_bureau',
    produto: meta.produto,
    tipo_documento: meta.documento.tipo,
    documento: meta.documento.numero,
    consultado_em: meta.consultadoEm,
    identificacao: identificacao(all),
    score: score(first('B280')),
    pendencias: {
      pefin: bloco(pefin.map(pendenciaB358), num(resumo('01')?.QTDETOTAL)),
      refin: bloco(
        refin.map((r) => (r.registro === 'B389' ? pendenciaB389(r) : pendenciaB358(r))),
        num(resumo(TIPO_REFIN)?.QTDETOTAL),
      ),
      protestos: bloco(
        all('B362').map((r) => ({
          data: text(r.campos.DTOCORR),
          natureza: 'PROTESTO',
          credor: text(r.campos.CARTORIO) && `Cartório ${text(r.campos.CARTORIO)}`,
          contrato: null,
          valor_centavos: num(r.campos.VALOR),
          cidade: text(r.campos.CIDADE),
          uf: text(r.campos.UF),
        })),
        num(first('B361')?.QTDETOTAL),
      ),
      cheques: bloco(
        all('B360').map((r) => ({
          data: text(r.campos.DTOCORR),
          natureza: 'CHEQUE SEM FUNDO',
          credor: text(r.campos.BANCO),
          contrato: text(r.campos.NUMCHEQUE),
          valor_centavos: num(r.campos.VALOR),
          cidade: text(r.campos.CIDADE),
          uf: text(r.campos.UF),
        })),
        num(first('B359')?.QTDETOTAL),
      ),
      acoes_judiciais: bloco(
        all('B364').map((r) => ({
          data: text(r.campos.DTOCORR),
          natureza: text(r.campos.NATUREZA),
          credor: null,
          contrato: null,
          valor_centavos: num(r.campos.VALOR),
          cidade: text(r.campos.CIDADE),
        })),
        num(first('B363')?.QTDETOTAL),
      ),
      falencias: bloco(
        all('B366').map((r) => ({
          data: text(r.campos.DTOCORR),
          natureza: text(r.campos.TIPOOCORR),
          credor: text(r.campos.EMPRESA),
          contrato: text(r.campos.CNPJ),
          valor_centavos: null,
        })),
        num(first('B365')?.TOTALOCORR),
      ),
    },
    participacoes: all('B352').map((r) => ({
      empresa: text(r.campos.EMPRESA),
      cnpj: text(r.campos.CNPJ),
      percentual: typeof r.campos.PERCPARTIC === 'number' ? r.campos.PERCPARTIC : null,
      situacao: text(r.campos.SITUACAO),
      desde: text(r.campos.DTINIPARTIC),
    })),
    consultas: {
      quantidade: Math.max(consultas.length, num(first('B353')?.QTDETOTALCRED) ?? 0),
      itens: consultas.map((r) => ({
        data: text(r.campos.DTOCORR),
        segmento: text(r.campos.ORIGEM),
        quantidade: 1,
      })),
    },
    avisos: [...resposta.mensagens.map((m) => m.mensagem || m.resumo), ...resposta.avisos],
  };
}

function identificacao(all: Registros): RelatorioCredito['identificacao'] {
  const [b001, b002, b004, b381] = ['B001', 'B002', 'B004', 'B381'].map(
    (registro) => all(registro)[0]?.campos,
  );
  return {
    nome: text(b001?.GRAFIA) ?? text(b381?.GRAFIA),
    nome_mae: text(b002?.NOMEMAE),
    data_nascimento: text(b002?.DATANASC) ?? text(b001?.DATANASC),
    situacao_cadastral: text(b381?.SITUACAORECEITA) ?? text(b001?.SITUACAO),
    endereco: b004
      ? [text(b004.ENDERECO), text(b004.BAIRRO), joinCidade(b004.CIDADE, b004.UF), text(b004.CEP)]
          .filter(Boolean)
          .join(', ')
      : null,
  };
}

function score(b280: RegistroEstruturado['campos'] | undefined): RelatorioCredito['score'] {
  if (typeof b280?.PONTSCORE !== 'number') return null;
  return {
    valor: b280.PONTSCORE,
    modelo: text(b280.DESCSCORE),
    taxa_inadimplencia: text(b280.TAXASCORE),
    mensagem: text(b280.MSGSCORE),
  };
}

function pendenciaB358(r: RegistroEstruturado): Pendencia {
  return {
    data: text(r.campos.DTOCORR),
    natureza: text(r.campos.MODALIDADE),
    credor: text(r.campos.ORIGEM),
    contrato: text(r.campos.CONTRATO),
    valor_centavos: num(r.campos.VALOR),
    cidade: text(r.campos.FILIAL),
  };
}

function pendenciaB389(r: RegistroEstruturado): Pendencia {
  return {
    data: text(r.campos.DATAOCORR),
    natureza: text(r.campos.MODALIDADE),
    credor: text(r.campos.ORIGEM),
    contrato: null,
    valor_centavos: num(r.campos.VALOR),
    cidade: text(r.campos.FILIAL),
  };
}

function bloco(itens: Pendencia[], totalResumo: number | null): BlocoPendencias {
  return {
    quantidade: Math.max(itens.length, totalResumo ?? 0),
    valor_centavos: itens.reduce((sum, p) => sum + (p.valor_centavos ?? 0), 0),
    itens,
  };
}

function text(value: TypedValue | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = String(value).trim();
  return trimmed === '' ? null : trimmed;
}

function num(value: TypedValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}

function joinCidade(cidade: TypedValue | undefined, uf: TypedValue | undefined): string | null {
  return [text(cidade), text(uf)].filter(Boolean).join('/') || null;
}
