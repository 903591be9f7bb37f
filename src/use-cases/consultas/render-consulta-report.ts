import type { RelatorioCredito } from '../../domain/consulta.js';
import { renderRelatorioHtml } from '../../reports/render-relatorio-html.js';
import type { ConsultaRow } from './present-consulta.js';

/** The printable HTML of a completed consulta (the PDF is this page printed). */
export function renderConsultaHtml(row: ConsultaRow): string {
  return renderRelatorioHtml(JSON.parse(row.relatorio!) as RelatorioCredito, {
    consultaId: row.id,
    integracao: row.integracao_id,
    geradoEm: row.concluida_em ?? row.criada_em,
  });
}
