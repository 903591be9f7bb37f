/**
 * A credit report in credgate's own shape: every provider's mapper produces it, the HTML/PDF
 * renderer and the stored summary read it. Money is integer centavos; dates are `yyyy-mm-dd`.
 */
export interface RelatorioCredito {
  provedor: string;
  produto: string;
  tipo_documento: 'cpf' | 'cnpj';
  documento: string;
  /** ISO-8601 UTC instant the provider answered. */
  consultado_em: string;
  identificacao: Identificacao;
  score: Score | null;
  pendencias: {
    pefin: BlocoPendencias;
    refin: BlocoPendencias;
    protestos: BlocoPendencias;
    cheques: BlocoPendencias;
    /** Only from providers that report them (Serasa Bureau B363/B364, B365/B366). */
    acoes_judiciais?: BlocoPendencias;
    falencias?: BlocoPendencias;
  };
  /** Companies the person holds shares in (Serasa Bureau B352), when the provider reports it. */
  participacoes?: Participacao[];
  consultas: { quantidade: number; itens: ConsultaAnterior[] };
  /** Provider messages worth showing (e.g. a feature that failed to process). */
  avisos: string[];
}

export interface Identificacao {
  nome: string | null;
  nome_mae?: string | null;
  data_nascimento?: string | null;
  data_fundacao?: string | null;
  situacao_cadastral?: string | null;
  endereco?: string | null;
  telefone?: string | null;
}

export interface Score {
  valor: number;
  modelo: string | null;
  /** As the provider writes it (Serasa: "9,0" percent). */
  taxa_inadimplencia: string | null;
  mensagem?: string | null;
}

export interface BlocoPendencias {
  quantidade: number;
  valor_centavos: number;
  itens: Pendencia[];
}

export interface Pendencia {
  data: string | null;
  natureza: string | null;
  credor: string | null;
  contrato: string | null;
  valor_centavos: number | null;
  cidade?: string | null;
  uf?: string | null;
}

export interface Participacao {
  empresa: string | null;
  /** CNPJ root (8 digits) as the provider sends it. */
  cnpj: string | null;
  /** Percent, e.g. 12.5. */
  percentual: number | null;
  situacao: string | null;
  /** `yyyy-mm`. */
  desde: string | null;
}

export interface ConsultaAnterior {
  data: string | null;
  segmento: string | null;
  quantidade: number | null;
}

/** The few numbers a list of consultas shows; derived from the full report. */
export interface ResumoConsulta {
  nome: string | null;
  score: number | null;
  modelo_score: string | null;
  pefin: { quantidade: number; valor_centavos: number };
  refin: { quantidade: number; valor_centavos: number };
  protestos: { quantidade: number; valor_centavos: number };
  cheques: { quantidade: number; valor_centavos: number };
  consultas: number;
}

export function summarizeRelatorio(relatorio: RelatorioCredito): ResumoConsulta {
  const totals = (bloco: BlocoPendencias) => ({
    quantidade: bloco.quantidade,
    valor_centavos: bloco.valor_centavos,
  });
  return {
    nome: relatorio.identificacao.nome,
    score: relatorio.score?.valor ?? null,
    modelo_score: relatorio.score?.modelo ?? null,
    pefin: totals(relatorio.pendencias.pefin),
    refin: totals(relatorio.pendencias.refin),
    protestos: totals(relatorio.pendencias.protestos),
    cheques: totals(relatorio.pendencias.cheques),
    consultas: relatorio.consultas.quantidade,
  };
}
