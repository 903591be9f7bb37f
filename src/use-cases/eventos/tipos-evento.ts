/** Every host-facing event type, as sent in the body's `type` and filtered by endpoints. */
export const TIPOS_EVENTO = [
  'negativacao.status_alterado',
  'negativacao.prazo_baixa_em_risco',
  'consulta.concluida',
  'proposta.situacao_alterada',
  'integracao.alerta',
] as const;

export type TipoEvento = (typeof TIPOS_EVENTO)[number];

export const NEGATIVACAO_STATUS_ALTERADO = 'negativacao.status_alterado';
export const NEGATIVACAO_PRAZO_BAIXA_EM_RISCO = 'negativacao.prazo_baixa_em_risco';
export const CONSULTA_CONCLUIDA = 'consulta.concluida';
export const PROPOSTA_SITUACAO_ALTERADA = 'proposta.situacao_alterada';
export const INTEGRACAO_ALERTA = 'integracao.alerta';
