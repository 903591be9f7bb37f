/**
 * Proposal statuses of E-Consignado Trabalhador (seed 003; 5 Pendente from the FGTS table,
 * research B.7). Any other integer can still be sent, to see how a receiver treats an unknown one.
 */
export const SITUACOES: Readonly<Record<number, string>> = {
  2: 'Aprovada',
  4: 'Cancelada',
  5: 'Pendente',
  6: 'Finalizada',
  8: 'Liberada',
  9: 'Paga',
  10: 'Cedida',
  11: 'Pendente Pagamento',
};

/**
 * The body BMP adds to 9 and 11 when the method is POST (and, we assume, PUT), accents and all.
 * Seed 003 prints 11's example as "destistino", a typo of the page; the text here reads "destino".
 */
export const DESCRICAO_OCORRENCIA: Readonly<Record<number, string>> = {
  9: '09-Crédito ou Débito efetivado',
  11: 'AB-Conta de destino não localizada ou inválida.',
};

export const CENARIOS = {
  padrao: [2, 6, 8, 9],
  pendente_pagamento: [2, 6, 8, 11],
} as const satisfies Record<string, readonly number[]>;
export type Cenario = keyof typeof CENARIOS;

export interface Desvios {
  /** Each callback twice in a row, as BMP's retry after an answer it never saw. */
  duplicar: boolean;
  /** The last two swapped (padrao: 2, 6, 9, 8). */
  fora_de_ordem: boolean;
  /** The first status again after the last (padrao: ..., 9, 2). */
  regressao: boolean;
}

export interface Envio {
  situacao: number;
  /** 2 for the repeated copy of `duplicar`. */
  copia: 1 | 2;
}

/** The order in which a run sends its statuses. */
export function planejarEnvios(situacoes: readonly number[], desvios: Desvios): Envio[] {
  const ordem = [...situacoes];
  if (desvios.fora_de_ordem && ordem.length >= 2) {
    const ultimo = ordem.length - 1;
    [ordem[ultimo - 1], ordem[ultimo]] = [ordem[ultimo], ordem[ultimo - 1]];
  }
  if (desvios.regressao && situacoes.length > 0) ordem.push(situacoes[0]);
  return ordem.flatMap((situacao): Envio[] =>
    desvios.duplicar
      ? [
          { situacao, copia: 1 },
          { situacao, copia: 2 },
        ]
      : [{ situacao, copia: 1 }],
  );
}

export function nomeDaSituacao(situacao: number): string | null {
  return SITUACOES[situacao] ?? null;
}
